import { Space, Tag, Tooltip, Typography } from 'antd';
import type { TablePaginationConfig } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import type { PersonRow } from '../../api/types';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
import { dash } from '../format';
import { POLITICAL_COLORS, useLabels } from '../labels';
import { ResponsiveTable } from '../ResponsiveTable';
import { RevealButton, type Revealed } from './RevealButton';

interface Props {
  rows: PersonRow[];
  loading?: boolean;
  pagination?: TablePaginationConfig | false;
  onOpen?: (person: PersonRow) => void;
  testId?: string;
  /** Hide columns that are redundant in context (e.g. region inside a household). */
  hide?: ('region' | 'household' | 'relation' | 'roles')[];
  emptyText?: string;
}

/** People with masked personal data; holders of person:pii can reveal (audited). */
export function PersonTable({ rows, loading, pagination, onOpen, testId = 'people-table', hide = [], emptyText }: Props) {
  const t = useT();
  const labels = useLabels();
  const { can } = useAuth();
  const canReveal = can('person:pii');
  const [revealed, setRevealed] = useState<Record<string, Revealed>>({});

  const columns = useMemo(() => {
    const cols: ColumnsType<PersonRow> = [
      {
        title: t('person.field.name'),
        dataIndex: 'name',
        key: 'name',
        fixed: 'left',
        render: (name: string, row) =>
          onOpen ? (
            <Typography.Link onClick={() => onOpen(row)} data-testid="person-open">
              {name}
            </Typography.Link>
          ) : (
            name
          ),
      },
      { title: t('person.field.sex'), dataIndex: 'sex', key: 'sex', width: 56, render: (v: string) => labels.sex(v) },
      { title: t('person.field.age'), dataIndex: 'age', key: 'age', width: 56, align: 'right' },
      {
        title: t('person.field.idNumber'),
        dataIndex: 'idNumber',
        key: 'idNumber',
        render: (v: string, row) => {
          const r = revealed[String(row.id)];
          return (
            <Tooltip title={r ? t('person.reveal.shownAudited') : undefined}>
              <span className={r ? 'xz-mono xz-revealed' : 'xz-mono'} data-testid="person-id-number">
                {r ? r.idNumber : v}
              </span>
            </Tooltip>
          );
        },
      },
      {
        title: t('person.field.phone'),
        dataIndex: 'phone',
        key: 'phone',
        render: (v: string | null, row) => {
          const r = revealed[String(row.id)];
          return <span className={r ? 'xz-mono xz-revealed' : 'xz-mono'}>{dash(r ? r.phone : v)}</span>;
        },
      },
      {
        title: t('person.field.political'),
        dataIndex: 'politicalStatus',
        key: 'politicalStatus',
        render: (v: string) => <Tag color={POLITICAL_COLORS[v] ?? 'default'}>{labels.political(v)}</Tag>,
      },
    ];
    if (!hide.includes('relation')) cols.push({ title: t('person.field.relation'), dataIndex: 'relation', key: 'relation', render: (v: string | null) => labels.relation(v) });
    if (!hide.includes('region'))
      cols.push({
        title: t('person.field.region'),
        dataIndex: 'regionName',
        key: 'regionName',
        render: (v: string, row) => (
          <Tooltip title={<span className="xz-mono">{row.regionCode}</span>}>
            <span>{v}</span>
          </Tooltip>
        ),
      });
    if (!hide.includes('household')) cols.push({ title: t('person.field.household'), dataIndex: 'householdCode', key: 'householdCode', render: (v: string | null) => <span className="xz-mono">{dash(v)}</span> });
    if (!hide.includes('roles'))
      cols.push({
        title: t('person.field.roles'),
        dataIndex: 'roles',
        key: 'roles',
        render: (roles: string[]) =>
          roles?.length ? (
            <Space size={[0, 4]} wrap>
              {roles.map((r) => (
                <Tag key={r} color="geekblue">
                  {labels.personRole(r)}
                </Tag>
              ))}
            </Space>
          ) : (
            '—'
          ),
      });
    if (onOpen || canReveal)
      cols.push({
        title: t('common.actions'),
        key: 'actions',
        fixed: 'right',
        render: (_: unknown, row) => (
          <Space size={0} onClick={(e) => e.stopPropagation()}>
            {onOpen ? (
              <Typography.Link onClick={() => onOpen(row)} style={{ padding: '0 7px' }}>
                {t('common.detail')}
              </Typography.Link>
            ) : null}
            {canReveal && !revealed[String(row.id)] ? (
              <RevealButton personId={row.id} onRevealed={(r) => setRevealed((prev) => ({ ...prev, [String(row.id)]: r }))} />
            ) : null}
          </Space>
        ),
      });
    return cols;
  }, [t, labels, revealed, canReveal, onOpen, hide]);

  return (
    <ResponsiveTable<PersonRow>
      testId={testId}
      rowKey="id"
      dataSource={rows}
      columns={columns}
      loading={loading}
      pagination={pagination}
      emptyText={emptyText}
      cardTitle={(row) => (
        <Space>
          <span>{row.name}</span>
          <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 12 }}>
            {labels.sex(row.sex)} · {t('person.ageYears', { age: row.age })}
          </Typography.Text>
        </Space>
      )}
      cardHide={['name', 'sex', 'age']}
    />
  );
}
