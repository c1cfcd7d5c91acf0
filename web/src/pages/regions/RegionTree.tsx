import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Tree } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { errorMessage } from '../../api/client';
import { regionAncestorsQuery, regionChildrenQuery } from '../../api/regions';
import type { Region, RegionRef } from '../../api/types';
import { notifyError } from '../../components/notify';

interface Props {
  roots: RegionRef[];
  selected: string;
  onSelect: (code: string) => void;
}

/** The region hierarchy, children loaded on demand; follows the selected region (expanding its ancestors). */
export function RegionTree({ roots, selected, onSelect }: Props) {
  const queryClient = useQueryClient();
  const [childrenOf, setChildrenOf] = useState<Record<string, Region[]>>({});
  const [expanded, setExpanded] = useState<string[]>(() => roots.map((r) => r.code));
  const ancestors = useQuery(regionAncestorsQuery(selected));

  const load = useCallback(
    async (code: string) => {
      if (childrenOf[code]) return;
      try {
        const items = await queryClient.fetchQuery(regionChildrenQuery(code));
        setChildrenOf((prev) => ({ ...prev, [code]: items }));
      } catch (e) {
        notifyError(errorMessage(e));
      }
    },
    [childrenOf, queryClient],
  );

  // Load the roots' children once.
  useEffect(() => {
    roots.forEach((r) => void load(r.code));
  }, [roots.map((r) => r.code).join(',')]);

  // Expand the path down to the selected region.
  useEffect(() => {
    if (!ancestors.data) return;
    const rootCodes = new Set(roots.map((r) => r.code));
    // The ancestors inside the tree, then the selected region itself (its children show too).
    const chain = [...ancestors.data.map((a) => a.code).filter((c) => c !== selected), selected];
    const start = chain.findIndex((c) => rootCodes.has(c));
    const inTree = start >= 0 ? chain.slice(start) : [];
    inTree.forEach((c) => void load(c));
    setExpanded((prev) => Array.from(new Set([...prev, ...inTree])));
  }, [ancestors.data, selected]);

  const treeData = useMemo(() => {
    const build = (code: string, name: string, isLeaf: boolean, level: string): DataNode => {
      const kids = childrenOf[code];
      return {
        key: code,
        title: <span data-level={level}>{name}</span>,
        isLeaf: isLeaf || (kids !== undefined && kids.length === 0),
        children: kids?.map((c) => build(c.code, c.name, c.childCount === 0, c.level)),
      };
    };
    return roots.map((r) => build(r.code, r.name, r.level === 'group', r.level));
  }, [roots, childrenOf]);

  return (
    <Tree
      data-testid="region-tree"
      treeData={treeData}
      selectedKeys={[selected]}
      expandedKeys={expanded}
      onExpand={(keys) => setExpanded(keys.map(String))}
      loadData={(node) => load(String(node.key))}
      onSelect={(keys) => {
        if (keys.length) onSelect(String(keys[0]));
      }}
      blockNode
    />
  );
}
