import { useQuery } from '@tanstack/react-query';
import { Descriptions, Drawer, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { HouseholdRow, PersonRow } from '../../api/types';
import { useT } from '../../app/i18n';
import { dash } from '../format';
import { ErrorState, LoadingBlock } from '../states';
import { useIsMobile } from '../useIsMobile';
import { PersonDrawer } from './PersonDrawer';
import { PersonTable } from './PersonTable';

interface Props {
  householdId: HouseholdRow['id'] | null;
  onClose: () => void;
}

/** A household (GET /api/households/{id}) with its members; a member opens the person drawer. */
export function HouseholdDrawer({ householdId, onClose }: Props) {
  const t = useT();
  const isMobile = useIsMobile();
  const [personId, setPersonId] = useState<PersonRow['id'] | null>(null);
  const open = householdId !== null && householdId !== undefined;
  const household = useQuery({
    queryKey: ['households', householdId],
    queryFn: () => unwrap(api.GET('/api/households/{id}', { params: { path: { id: householdId as HouseholdRow['id'] } } })),
    enabled: open,
  });
  const h = household.data;

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={isMobile ? '100%' : 880}
      title={h ? (h.headName ? t('household.detail.titleOf', { head: h.headName }) : h.code) : t('household.detail.title')}
      destroyOnHidden
      data-testid="household-drawer"
    >
      {household.isPending ? <LoadingBlock /> : null}
      {household.isError ? <ErrorState error={household.error} onRetry={() => void household.refetch()} /> : null}
      {h ? (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Descriptions
            size="small"
            bordered
            column={isMobile ? 1 : 2}
            items={[
              { key: 'code', label: t('household.field.code'), children: <span className="xz-mono">{h.code}</span> },
              { key: 'head', label: t('household.field.head'), children: dash(h.headName) },
              { key: 'address', label: t('household.field.address'), children: h.address, span: isMobile ? 1 : 2 },
              { key: 'region', label: t('household.field.region'), children: h.regionName },
              { key: 'size', label: t('household.field.size'), children: t('household.sizeOf', { size: h.size }) },
              {
                key: 'liaison',
                label: t('household.field.liaison'),
                span: isMobile ? 1 : 2,
                children: h.isLiaison ? (
                  <Tag color="red">{t('household.isLiaison')}</Tag>
                ) : (
                  dash(h.liaison ? t('household.liaisonOf', { head: dash(h.liaison.headName) }) : null)
                ),
              },
            ]}
          />
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('household.members', { count: h.members.length })}
          </Typography.Title>
          <PersonTable
            testId="household-members"
            rows={h.members}
            pagination={false}
            hide={['region', 'household']}
            onOpen={(p) => setPersonId(p.id)}
            emptyText={t('household.noMembers')}
          />
        </Space>
      ) : null}
      <PersonDrawer personId={personId} onClose={() => setPersonId(null)} />
    </Drawer>
  );
}
