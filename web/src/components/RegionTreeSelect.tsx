import { useQueries, useQueryClient } from '@tanstack/react-query';
import { TreeSelect } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { regionChildrenQuery, regionQuery } from '../api/regions';
import type { Region, RegionRef } from '../api/types';
import { useAuth } from '../app/auth';
import { useT } from '../app/i18n';
import { notifyError } from './notify';
import { errorMessage } from '../api/client';

interface Node {
  id: string;
  pId?: string;
  value: string;
  title: string;
  isLeaf: boolean;
}

const LEVEL_DEPTH: Record<string, number> = { county: 0, town: 1, village: 2, natural_village: 3, group: 4 };

type BaseProps = {
  placeholder?: string;
  /** Deepest level offered (e.g. 'village'); deeper levels are not loaded. */
  maxLevel?: Region['level'];
  /** Labels for values that may not be loaded yet (e.g. a saved selection deep in the tree). */
  known?: { code: string; name: string }[];
  /** Tree roots; by default the user's data-scope roots. */
  roots?: RegionRef[];
  allowClear?: boolean;
  disabled?: boolean;
  style?: React.CSSProperties;
  testId?: string;
};

type SingleProps = BaseProps & { multiple?: false; value?: string; onChange?: (value: string | undefined) => void };
type MultiProps = BaseProps & { multiple: true; value?: string[]; onChange?: (value: string[]) => void };

/** A region picker that loads the hierarchy lazily from GET /api/regions/{code}/children. */
export function RegionTreeSelect(props: SingleProps | MultiProps) {
  const { placeholder, maxLevel, known = [], allowClear, disabled, style, testId } = props;
  const t = useT();
  const auth = useAuth();
  const queryClient = useQueryClient();
  const roots = props.roots ?? auth.scopeRoots;
  const [loaded, setLoaded] = useState<Node[]>([]);
  const maxDepth = maxLevel ? LEVEL_DEPTH[maxLevel] : 4;

  // A value set from outside (URL, saved record) may lie deep in a branch not loaded yet: fetch its name.
  const values = props.multiple ? (props.value ?? []) : props.value ? [props.value] : [];
  const present = new Set([...roots.map((r) => r.code), ...loaded.map((n) => n.id), ...known.map((k) => k.code)]);
  const missing = values.filter((v) => !present.has(v));
  const resolved = useQueries({ queries: missing.map((code) => ({ ...regionQuery(code), retry: false })) });
  const resolvedKnown = resolved.flatMap((q) => (q.data ? [{ code: q.data.code, name: q.data.name }] : []));
  const allKnown = useMemo(() => [...known, ...resolvedKnown], [JSON.stringify(known), JSON.stringify(resolvedKnown)]);

  const treeData = useMemo(() => {
    const rootNodes: Node[] = roots.map((r) => ({
      id: r.code,
      value: r.code,
      title: r.name,
      isLeaf: (LEVEL_DEPTH[r.level] ?? 0) >= maxDepth,
    }));
    const seen = new Set([...rootNodes, ...loaded].map((n) => n.id));
    // Saved values not yet in the loaded tree appear as top-level entries until their branch loads.
    const extras: Node[] = allKnown.filter((k) => !seen.has(k.code)).map((k) => ({ id: k.code, value: k.code, title: k.name, isLeaf: true }));
    return [...rootNodes, ...loaded.filter((n) => !rootNodes.some((r) => r.id === n.id)), ...extras];
  }, [roots, loaded, allKnown, maxDepth]);

  const loadData = useCallback(
    async (node: { id?: string | number; value?: unknown }) => {
      const code = String(node.value ?? node.id);
      try {
        const children = await queryClient.fetchQuery(regionChildrenQuery(code));
        setLoaded((prev) => {
          const existing = new Set(prev.map((n) => n.id));
          const add = children
            .filter((c) => !existing.has(c.code))
            .map<Node>((c) => ({
              id: c.code,
              pId: code,
              value: c.code,
              title: c.name,
              isLeaf: c.childCount === 0 || (LEVEL_DEPTH[c.level] ?? 4) >= maxDepth,
            }));
          return [...prev, ...add];
        });
      } catch (e) {
        notifyError(errorMessage(e));
      }
    },
    [queryClient, maxDepth],
  );

  const common = {
    treeDataSimpleMode: true,
    treeData,
    loadData,
    placeholder: placeholder ?? t('region.picker.placeholder'),
    allowClear,
    disabled,
    showSearch: true,
    treeNodeFilterProp: 'title',
    popupMatchSelectWidth: false,
    style: { minWidth: 180, ...style },
    'data-testid': testId,
  };

  if (props.multiple) {
    return (
      <TreeSelect
        {...common}
        multiple
        maxTagCount="responsive"
        value={props.value}
        onChange={(v: string[]) => props.onChange?.(v ?? [])}
      />
    );
  }
  return <TreeSelect {...common} value={props.value} onChange={(v: string | undefined) => props.onChange?.(v)} />;
}
