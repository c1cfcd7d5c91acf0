import { Col, Row, Typography } from 'antd';
import { useT } from '../app/i18n';

function isRecord(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function pretty(v: unknown): string {
  if (v === null || v === undefined) return '—';
  try {
    return JSON.stringify(v, null, 2);
  } catch {
    return String(v);
  }
}

/** Before/after JSON of an audit record, side by side, with the changed top-level fields listed. */
export function JsonDiff({ before, after }: { before: unknown; after: unknown }) {
  const t = useT();
  const changed: string[] = [];
  if (isRecord(before) && isRecord(after)) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changed.push(key);
    }
  }
  return (
    <div data-testid="audit-diff">
      {changed.length ? (
        <Typography.Paragraph style={{ marginBottom: 8 }}>
          {t('audit.diff.changed')}
          {changed.map((k) => (
            <code key={k} className="xz-chip">
              {k}
            </code>
          ))}
        </Typography.Paragraph>
      ) : null}
      <Row gutter={[12, 12]}>
        <Col xs={24} md={12}>
          <div className="xz-json-title">{t('audit.diff.before')}</div>
          <pre className="xz-json">{pretty(before)}</pre>
        </Col>
        <Col xs={24} md={12}>
          <div className="xz-json-title">{t('audit.diff.after')}</div>
          <pre className="xz-json">{pretty(after)}</pre>
        </Col>
      </Row>
    </div>
  );
}
