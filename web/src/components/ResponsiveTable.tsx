import { Card, Collapse, Flex, Pagination, Table, type TableProps } from 'antd';
import type { ColumnType } from 'antd/es/table';
import type { Key, ReactNode } from 'react';
import { useT } from '../app/i18n';
import { EmptyState } from './states';
import { useIsMobile } from './useIsMobile';

export interface ResponsiveTableProps<T> extends TableProps<T> {
  testId?: string;
  /** Phone layout: render each row as a card. Without it, the table scrolls horizontally. */
  cardTitle?: (row: T) => ReactNode;
  /** Columns (by key) left out of the phone cards, e.g. the one used as card title. */
  cardHide?: string[];
  onCardClick?: (row: T) => void;
  emptyText?: ReactNode;
}

function cellValue<T>(col: ColumnType<T>, row: T, index: number): ReactNode {
  const dataIndex = col.dataIndex as string | string[] | undefined;
  let value: unknown = undefined;
  if (Array.isArray(dataIndex)) {
    value = dataIndex.reduce<unknown>((acc, k) => (acc && typeof acc === 'object' ? (acc as Record<string, unknown>)[k] : undefined), row);
  } else if (dataIndex !== undefined) {
    value = (row as Record<string, unknown>)[dataIndex];
  }
  if (col.render) return col.render(value, row, index) as ReactNode;
  return value === null || value === undefined || value === '' ? '—' : (value as ReactNode);
}

/**
 * A dense antd Table on desktop; on phones a list of cards (when `cardTitle` is given) or the same
 * table scrolling sideways.
 */
export function ResponsiveTable<T extends object>(props: ResponsiveTableProps<T>) {
  const { testId, cardTitle, cardHide = [], onCardClick, emptyText, ...tableProps } = props;
  const isMobile = useIsMobile();
  const t = useT();
  const empty = <EmptyState description={emptyText} />;

  if (isMobile && cardTitle) {
    const rows = (tableProps.dataSource ?? []) as T[];
    const columns = (tableProps.columns ?? []) as ColumnType<T>[];
    const rowKey = tableProps.rowKey;
    const keyOf = (row: T, i: number): Key =>
      typeof rowKey === 'function' ? rowKey(row, i) : typeof rowKey === 'string' ? ((row as Record<string, Key>)[rowKey] ?? i) : i;
    const pagination = tableProps.pagination;
    const loading = typeof tableProps.loading === 'object' ? tableProps.loading.spinning : tableProps.loading;
    return (
      <div data-testid={testId} className="xz-card-list">
        {loading && rows.length === 0 ? <Card loading size="small" /> : null}
        {!loading && rows.length === 0 ? empty : null}
        <Flex vertical gap={8} style={{ opacity: loading ? 0.6 : 1 }}>
          {rows.map((row, i) => (
            <Card
              key={keyOf(row, i)}
              size="small"
              title={cardTitle(row)}
              hoverable={!!onCardClick}
              onClick={onCardClick ? () => onCardClick(row) : undefined}
              data-testid={testId ? `${testId}-card` : undefined}
            >
              <dl className="xz-card-fields">
                {columns
                  .filter((c) => !cardHide.includes(String(c.key ?? c.dataIndex)))
                  .map((c, ci) => (
                    <div key={String(c.key ?? c.dataIndex ?? ci)} className="xz-card-field">
                      <dt>{c.title as ReactNode}</dt>
                      <dd>{cellValue(c, row, i)}</dd>
                    </div>
                  ))}
              </dl>
              {tableProps.expandable?.expandedRowRender && (tableProps.expandable.rowExpandable?.(row) ?? true) ? (
                <Collapse
                  size="small"
                  ghost
                  items={[{ key: 'more', label: t('common.more'), children: tableProps.expandable.expandedRowRender(row, i, 0, true) }]}
                />
              ) : null}
            </Card>
          ))}
        </Flex>
        {pagination && rows.length > 0 ? (
          <Flex justify="center" style={{ marginTop: 12 }}>
            <Pagination
              size="small"
              simple
              current={pagination.current}
              pageSize={pagination.pageSize}
              total={pagination.total}
              onChange={(page, size) => pagination.onChange?.(page, size)}
              showTotal={pagination.showTotal ?? ((total) => t('common.total', { total }))}
            />
          </Flex>
        ) : null}
      </div>
    );
  }

  return (
    <div data-testid={testId}>
      <Table<T> size="small" scroll={{ x: 'max-content' }} locale={{ emptyText: empty }} {...tableProps} />
    </div>
  );
}
