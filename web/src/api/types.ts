// Names for the shapes the web app uses, derived from the generated `paths` so that they follow the server.
import type { paths } from './schema';

type JsonOf<R> = R extends { content: { 'application/json': infer J } } ? J : never;
type Success<Op> = Op extends { responses: infer R } ? JsonOf<R[Extract<keyof R, 200 | 201>]> : never;
type Body<Op> = Op extends { requestBody?: infer B } ? JsonOf<NonNullable<B>> : never;

export type GetResult<P extends keyof paths> = paths[P] extends { get: infer Op } ? Success<Op> : never;
export type PostResult<P extends keyof paths> = paths[P] extends { post: infer Op } ? Success<Op> : never;
export type PostBody<P extends keyof paths> = paths[P] extends { post: infer Op } ? Body<Op> : never;
export type PatchBody<P extends keyof paths> = paths[P] extends { patch: infer Op } ? Body<Op> : never;

export type Me = GetResult<'/api/auth/me'>;
export type ScopeKind = Me['scope']['kind'];
export type RegionRef = Me['homeRegion'];
export type Region = GetResult<'/api/regions/{code}'>;
export type RegionLevel = Region['level'];
export type RegionGeoJson = GetResult<'/api/regions/{code}/geojson'>;
export type PersonRow = GetResult<'/api/persons'>['items'][number];
export type PersonDetail = GetResult<'/api/persons/{id}'>;
export type PoliticalStatus = PersonRow['politicalStatus'];
export type HouseholdRow = GetResult<'/api/households'>['items'][number];
export type HouseholdDetail = GetResult<'/api/households/{id}'>;
export type PartyOrgRow = GetResult<'/api/party-orgs'>['items'][number];
export type OrganizationRow = GetResult<'/api/organizations'>['items'][number];
export type OrganizationKind = OrganizationRow['kind'];
export type OrganizationInput = PostBody<'/api/organizations'>;
export type AdminUserRow = GetResult<'/api/admin/users'>['items'][number];
export type AdminUserInput = PostBody<'/api/admin/users'>;
export type AdminUserPatch = PatchBody<'/api/admin/users/{id}'>;
export type RoleRow = GetResult<'/api/admin/roles'>['items'][number];
export type PermissionRow = GetResult<'/api/admin/permissions'>['items'][number];
export type TokenRow = GetResult<'/api/admin/tokens'>['items'][number];
export type AuditRow = GetResult<'/api/audit'>['items'][number];
export type AuditVerifyResult = PostResult<'/api/audit/verify'>;
export type Health = GetResult<'/api/health'>;

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
