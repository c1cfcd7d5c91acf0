import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

/**
 * List filters kept in the URL query, so a filtered list can be linked and survives reload.
 * Values are strings; empty values are removed from the URL.
 */
export function useUrlState<K extends string>(
  keys: readonly K[],
  defaults: Partial<Record<K, string>> = {},
): [Record<K, string | undefined>, (patch: Partial<Record<K, string | number | undefined | null>>) => void] {
  const [params, setParams] = useSearchParams();
  const keyList = keys.join(',');
  const state = useMemo(() => {
    const out = {} as Record<K, string | undefined>;
    for (const key of keyList.split(',') as K[]) out[key] = params.get(key) ?? defaults[key];
    return out;
  }, [params, keyList, JSON.stringify(defaults)]);
  const update = useCallback(
    (patch: Partial<Record<K, string | number | undefined | null>>) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [key, value] of Object.entries(patch) as [K, string | number | undefined | null][]) {
            if (value === undefined || value === null || value === '') next.delete(key);
            else next.set(key, String(value));
          }
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  return [state, update];
}
