import { EyeOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Button, Popconfirm } from 'antd';
import { api, unwrap } from '../../api/client';
import type { PersonRow } from '../../api/types';
import { useT } from '../../app/i18n';

export interface Revealed {
  idNumber: string;
  phone: string | null;
}

/** "查看" full ID number and phone (permission person:pii). The server records every reveal in the audit log. */
export function RevealButton({ personId, onRevealed, size = 'small' }: { personId: PersonRow['id']; onRevealed: (r: Revealed) => void; size?: 'small' | 'middle' }) {
  const t = useT();
  const reveal = useMutation({
    mutationFn: () => unwrap(api.POST('/api/persons/{id}/reveal', { params: { path: { id: personId } } })),
    onSuccess: (data) => onRevealed({ idNumber: data.idNumber, phone: data.phone ?? null }),
  });
  return (
    <Popconfirm
      title={t('person.reveal.confirmTitle')}
      description={t('person.reveal.audited')}
      okText={t('person.reveal.ok')}
      cancelText={t('common.cancel')}
      onConfirm={() => reveal.mutateAsync().catch(() => undefined)}
    >
      <Button type="link" size={size} icon={<EyeOutlined />} loading={reveal.isPending} data-testid="person-reveal">
        {t('person.reveal.button')}
      </Button>
    </Popconfirm>
  );
}
