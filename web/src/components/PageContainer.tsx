import { Flex, Typography } from 'antd';
import type { ReactNode } from 'react';

interface Props {
  title: ReactNode;
  subTitle?: ReactNode;
  extra?: ReactNode;
  /** Shown above the title (e.g. breadcrumbs). */
  top?: ReactNode;
  children: ReactNode;
  testId?: string;
}

/** The frame of every workbench page: a compact title bar and the content below. */
export function PageContainer({ title, subTitle, extra, top, children, testId }: Props) {
  return (
    <div className="xz-page" data-testid={testId}>
      {top}
      <Flex className="xz-page-head" align="center" justify="space-between" wrap gap={8}>
        <div style={{ minWidth: 0 }}>
          <Typography.Title level={4} className="xz-page-title">
            {title}
          </Typography.Title>
          {subTitle ? <div className="xz-page-subtitle">{subTitle}</div> : null}
        </div>
        {extra ? (
          <Flex gap={8} wrap className="xz-page-extra">
            {extra}
          </Flex>
        ) : null}
      </Flex>
      {children}
    </div>
  );
}
