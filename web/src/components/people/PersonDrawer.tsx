import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Drawer, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { PersonRow } from '../../api/types';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
import { dash, formatDate } from '../format';
import { POLITICAL_COLORS, useLabels } from '../labels';
import { ErrorState, LoadingBlock } from '../states';
import { useIsMobile } from '../useIsMobile';
import { RevealButton, type Revealed } from './RevealButton';

interface Props {
  personId: PersonRow['id'] | null;
  onClose: () => void;
  onOpenHousehold?: (householdId: NonNullable<PersonRow['householdId']>) => void;
}

/** One person's record (GET /api/persons/{id}), personal data masked unless revealed. */
export function PersonDrawer({ personId, onClose, onOpenHousehold }: Props) {
  const t = useT();
  const labels = useLabels();
  const isMobile = useIsMobile();
  const { can } = useAuth();
  const [revealed, setRevealed] = useState<{ id: string; data: Revealed } | null>(null);
  const open = personId !== null && personId !== undefined;
  const person = useQuery({
    queryKey: ['persons', personId],
    queryFn: () => unwrap(api.GET('/api/persons/{id}', { params: { path: { id: personId as PersonRow['id'] } } })),
    enabled: open,
  });
  const partyOrgs = useQuery({
    queryKey: ['persons', personId, 'party-orgs'],
    queryFn: () => unwrap(api.GET('/api/persons/{id}/party-orgs', { params: { path: { id: personId as PersonRow['id'] } } })),
    enabled: open,
  });
  const shown = revealed && revealed.id === String(personId) ? revealed.data : null;
  const p = person.data;

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={isMobile ? '100%' : 560}
      title={p ? p.name : t('person.detail.title')}
      destroyOnHidden
      data-testid="person-drawer"
    >
      {person.isPending ? <LoadingBlock /> : null}
      {person.isError ? <ErrorState error={person.error} onRetry={() => void person.refetch()} /> : null}
      {p ? (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Descriptions
            size="small"
            bordered
            column={1}
            styles={{ label: { width: isMobile ? 84 : 120 } }}
            items={[
              { key: '0', label: t('person.field.name'), children: <>{p.name}</> },
              { key: '1', label: t('person.field.sex'), children: <>{labels.sex(p.sex)}</> },
              { key: '2', label: t('person.field.birthDate'), children: <>{formatDate(p.birthDate)}（{t('person.ageYears', { age: p.age })}）</> },
              { key: '3', label: t('person.field.idNumber'), children: <Space wrap>
                <span className={shown ? 'xz-mono xz-revealed' : 'xz-mono'}>{shown ? shown.idNumber : p.idNumber}</span>
                {can('person:pii') && !shown ? <RevealButton personId={p.id} onRevealed={(data) => setRevealed({ id: String(p.id), data })} /> : null}
              </Space> },
              { key: '4', label: t('person.field.phone'), children: <span className={shown ? 'xz-mono xz-revealed' : 'xz-mono'}>{dash(shown ? shown.phone : p.phone)}</span> },
              { key: '5', label: t('person.field.political'), children: <Tag color={POLITICAL_COLORS[p.politicalStatus] ?? 'default'}>{labels.political(p.politicalStatus)}</Tag> },
              { key: '6', label: t('person.field.education'), children: <>{labels.education(p.education)}</> },
              { key: '7', label: t('person.field.region'), children: <>{p.regionName}</> },
              { key: '8', label: t('person.field.address'), children: <>{dash(p.address)}</> },
              { key: '9', label: t('person.field.household'), children: <Space wrap>
                <span className="xz-mono">{dash(p.householdCode)}</span>
                {p.relation ? <Typography.Text type="secondary">{labels.relation(p.relation)}</Typography.Text> : null}
                {p.householdId && onOpenHousehold ? (
                  <Button size="small" type="link" onClick={() => onOpenHousehold(p.householdId!)}>
                    {t('person.detail.openHousehold')}
                  </Button>
                ) : null}
              </Space> },
              { key: '10', label: t('person.field.roles'), children: <>{p.roles.length ? p.roles.map((r) => <Tag key={r} color="geekblue">{labels.personRole(r)}</Tag>) : '—'}</> },
              { key: '11', label: t('person.field.partyOrgs'), children: partyOrgs.isPending ? '…' : partyOrgs.data?.items.length ? <>{partyOrgs.data.items.map((o) => <Tag key={String(o.id)} color="red">{o.name}</Tag>)}</> : '—' },
            ]}
          />
          {shown ? <Alert type="warning" showIcon title={t('person.reveal.shownAudited')} /> : null}
        </Space>
      ) : null}
    </Drawer>
  );
}
