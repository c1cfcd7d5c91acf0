import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { Region } from './types';

// Shared query definitions for the region hierarchy (used by pickers, the explorer and the dashboard).
export const regionQuery = (code: string) =>
  queryOptions({
    queryKey: ['regions', code],
    queryFn: () => unwrap(api.GET('/api/regions/{code}', { params: { path: { code } } })) as Promise<Region>,
    staleTime: 5 * 60_000,
  });

export const regionChildrenQuery = (code: string) =>
  queryOptions({
    queryKey: ['regions', code, 'children'],
    queryFn: async () => (await unwrap(api.GET('/api/regions/{code}/children', { params: { path: { code } } }))).items as Region[],
    staleTime: 5 * 60_000,
  });

export const regionAncestorsQuery = (code: string) =>
  queryOptions({
    queryKey: ['regions', code, 'ancestors'],
    queryFn: async () => (await unwrap(api.GET('/api/regions/{code}/ancestors', { params: { path: { code } } }))).items as Region[],
    staleTime: 5 * 60_000,
  });

export const regionGeoQuery = (code: string) =>
  queryOptions({
    queryKey: ['regions', code, 'geojson'],
    queryFn: () => unwrap(api.GET('/api/regions/{code}/geojson', { params: { path: { code } } })),
    staleTime: 10 * 60_000,
  });
