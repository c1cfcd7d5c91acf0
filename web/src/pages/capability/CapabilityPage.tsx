import { ToolOutlined } from '@ant-design/icons';
import { Card, Flex, Result, Tag, Typography } from 'antd';
import type { Capability } from '../../app/capabilities';
import { useI18n } from '../../app/i18n';
import { PageContainer } from '../../components/PageContainer';

/** A capability of DOMAIN.md that has no working page yet: says so, shows what it will do, no sample data. */
export default function CapabilityPage({ capability }: { capability: Capability }) {
  const { t, td } = useI18n();
  const name = td(`cap.${capability.id}.name`, capability.id);
  const desc = td(`cap.${capability.id}.desc`, '');
  const group = t(`nav.group.${capability.group}` as 'nav.group.core');
  return (
    <PageContainer
      testId="capability-page"
      title={
        <Flex align="center" gap={8} wrap>
          <Tag color="red" className="xz-mono">
            {capability.id}
          </Tag>
          <span>{name}</span>
        </Flex>
      }
      subTitle={group}
    >
      <Card size="small">
        <Result
          icon={<ToolOutlined style={{ color: '#bfbfbf' }} />}
          title={t('capability.building')}
          subTitle={t('capability.buildingNote')}
          data-testid="capability-building"
        />
        <div className="xz-cap-desc">
          <Typography.Title level={5}>{t('capability.whatItDoes')}</Typography.Title>
          <Typography.Paragraph data-testid="capability-desc">{desc}</Typography.Paragraph>
        </div>
      </Card>
    </PageContainer>
  );
}
