import type { ScopeKind } from '../auth/schema';

/** What the database needs to decide visibility: see the security migration (xz_visible). */
export interface Scope {
  kind: ScopeKind;
  /** Lowest common ancestor of everything visible: the indexable first test. */
  root: string;
  /** Visible subtrees (path <@ any of them). */
  subtrees: string[];
  /** lquery patterns for "own region only": the region node and households directly in it. */
  exact: string[];
  /** Region paths whose ancestors stay readable for breadcrumbs. */
  exactRoots: string[];
}

/** A path nobody has: a scope that resolves to nothing sees nothing. */
export const NOWHERE = 'nowhere';

export function lowestCommonAncestor(paths: string[]): string {
  if (paths.length === 0) return NOWHERE;
  const split = paths.map((p) => p.split('.'));
  const first = split[0];
  let n = first.length;
  for (const other of split.slice(1)) {
    let i = 0;
    while (i < n && i < other.length && other[i] === first[i]) i++;
    n = i;
  }
  return n === 0 ? NOWHERE : first.slice(0, n).join('.');
}

/** Removes paths already covered by an ancestor in the list. */
export function minimalCover(paths: string[]): string[] {
  const sorted = [...new Set(paths)].sort((a, b) => a.split('.').length - b.split('.').length);
  const kept: string[] = [];
  for (const p of sorted) if (!kept.some((k) => isWithin(p, k))) kept.push(p);
  return kept;
}

export function isWithin(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(ancestor + '.');
}

/**
 * Resolves a user's scope setting to paths. `regionPaths` are the configured regions (custom) or
 * the home region (own, own_and_below); `selfPath` is the user's own household for 'self'.
 */
export function computeScope(kind: ScopeKind, countyPath: string, regionPaths: string[], selfPath: string | null): Scope {
  switch (kind) {
    case 'all':
      return { kind, root: countyPath, subtrees: [countyPath], exact: [], exactRoots: [] };
    case 'own_and_below':
    case 'custom': {
      const subtrees = minimalCover(regionPaths);
      return { kind, root: lowestCommonAncestor(subtrees), subtrees, exact: [], exactRoots: [] };
    }
    case 'own': {
      const region = regionPaths[0];
      if (!region) return { kind, root: NOWHERE, subtrees: [], exact: [], exactRoots: [] };
      return { kind, root: region, subtrees: [], exact: [region, `${region}.h*`], exactRoots: [region] };
    }
    case 'self':
      return selfPath
        ? { kind, root: selfPath, subtrees: [selfPath], exact: [], exactRoots: [] }
        : { kind, root: NOWHERE, subtrees: [], exact: [], exactRoots: [] };
  }
}

/** The same rule as xz_visible, for checks before touching the database (e.g. a create target). */
export function pathVisible(scope: Scope, path: string): boolean {
  if (!isWithin(path, scope.root)) return false;
  if (scope.subtrees.some((s) => isWithin(path, s))) return true;
  return scope.exactRoots.some((r) => path === r || (path.startsWith(r + '.h') && path.split('.').length === r.split('.').length + 1));
}
