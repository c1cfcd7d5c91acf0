import { SearchOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { AutoComplete, Breadcrumb, Card, Collapse, Input } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { regionAncestorsQuery, regionQuery } from '../../api/regions';
import type { HouseholdRow } from '../../api/types';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
import { useLabels } from '../../components/labels';
import { PageContainer } from '../../components/PageContainer';
import { HouseholdDrawer } from '../../components/people/HouseholdDrawer';
import { ErrorState, LoadingBlock } from '../../components/states';
import { useIsMobile } from '../../components/useIsMobile';
import { groupHouseholdsQuery } from './queries';
import { RegionFacts } from './RegionFacts';
import { RegionMap } from './RegionMap';
import { RegionTree } from './RegionTree';
import './regions.css';

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = window.setTimeout(() => setV(value), ms);
    return () => window.clearTimeout(id);
  }, [value, ms]);
  return v;
}

function RegionSearch({ onPick, block }: { onPick: (code: string) => void; block?: boolean }) {
  const t = useT();
  const labels = useLabels();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 250);
  const search = useQuery({
    queryKey: ['regions', 'search', q],
    queryFn: () => unwrap(api.GET('/api/regions/search', { params: { query: { q } } })),
    enabled: q.length > 0,
  });
  const options = (search.data?.items ?? []).map((r) => ({
    value: r.code,
    label: (
      <div className="xz-search-option">
        <span>{r.name}</span>
        <span className="xz-search-meta">
          {labels.level(r.level)} · {r.code}
        </span>
      </div>
    ),
  }));
  return (
    <AutoComplete
      value={text}
      options={options}
      onSearch={setText}
      onChange={setText}
      onSelect={(code: string) => {
        setText('');
        onPick(code);
      }}
      style={{ width: block ? '100%' : 260 }}
      popupMatchSelectWidth={320}
      notFoundContent={q && search.isSuccess ? t('common.noMatch') : undefined}
    >
      <Input prefix={<SearchOutlined />} placeholder={t('region.search.placeholder')} allowClear data-testid="region-search" />
    </AutoComplete>
  );
}

export default function RegionExplorerPage() {
  const t = useT();
  const params = useParams();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const { user, scopeRoots } = useAuth();
  const queryClient = useQueryClient();
  const code = params.code ?? user!.homeRegion.code;
  const region = useQuery(regionQuery(code));
  const ancestors = useQuery(regionAncestorsQuery(code));
  const [household, setHousehold] = useState<HouseholdRow['id'] | null>(null);

  const go = (next: string) => navigate(`/regions/${next}`);

  const crumbs = useMemo(() => {
    const chain = (ancestors.data ?? []).filter((a) => a.code !== code);
    return [
      ...chain.map((a) => ({ key: a.code, title: <a onClick={() => go(a.code)}>{a.name}</a> })),
      { key: code, title: <span>{region.data?.name ?? code}</span> },
    ];
  }, [ancestors.data, region.data, code]);

  const openHouseholdByCode = async (householdCode: string) => {
    const list = await queryClient.fetchQuery(groupHouseholdsQuery(code)).catch(() => null);
    const row = list?.items.find((h) => h.code === householdCode);
    if (row) setHousehold(row.id);
  };

  const tree = <RegionTree roots={scopeRoots} selected={code} onSelect={go} />;
  const mapHeight = isMobile ? 340 : 'calc(100vh - 236px)';

  return (
    <PageContainer
      testId="region-explorer"
      title={t('region.explorer.title')}
      subTitle={t('region.explorer.subtitle')}
      extra={<RegionSearch onPick={go} block={isMobile} />}
      top={<Breadcrumb className="xz-crumbs" items={crumbs} data-testid="region-breadcrumb" />}
    >
      <div className="xz-explorer">
        <div className="xz-explorer-tree">
          {isMobile ? (
            <Collapse size="small" items={[{ key: 'tree', label: t('region.tree.title'), children: tree }]} />
          ) : (
            <Card size="small" title={t('region.tree.title')} className="xz-tree-card">
              {tree}
            </Card>
          )}
        </div>
        <div className="xz-explorer-map">
          <Card size="small" styles={{ body: { padding: 0, position: 'relative' } }}>
            {region.isPending ? <LoadingBlock height={360} /> : null}
            {region.isError ? <ErrorState error={region.error} onRetry={() => void region.refetch()} /> : null}
            {region.data ? (
              <RegionMap region={region.data} height={mapHeight} onSelectRegion={go} onSelectHousehold={(c) => void openHouseholdByCode(c)} />
            ) : null}
          </Card>
        </div>
        <div className="xz-explorer-facts">
          {region.data ? <RegionFacts region={region.data} onSelectRegion={go} onOpenHousehold={(row) => setHousehold(row.id)} /> : null}
        </div>
      </div>
      <HouseholdDrawer householdId={household} onClose={() => setHousehold(null)} />
    </PageContainer>
  );
}
