/** Every permission a route can declare, with the name the admin screen shows. */
export const PERMISSIONS = {
  'region:read': '查看区域',
  'region:write': '维护区域与边界',
  'person:read': '查看人员与户',
  'person:write': '维护人员与户',
  'person:pii': '查看完整身份证号与手机号（留痕）',
  'household:read': '查看户',
  'party_org:read': '查看党组织',
  'party_org:write': '维护党组织',
  'organization:read': '查看企业与机关',
  'organization:write': '维护企业与机关',
  'admin:users': '管理用户与数据范围',
  'admin:roles': '管理角色权限',
  'admin:tokens': '管理 API 令牌',
  'audit:read': '查看审计日志',
} as const;

export type Permission = keyof typeof PERMISSIONS;

const READ_ALL: Permission[] = ['region:read', 'person:read', 'household:read', 'party_org:read', 'organization:read'];

export interface BuiltinRole {
  code: string;
  name: string;
  permissions: Permission[];
}

/** The roles of DOMAIN.md's user table; an admin can change their permissions later. */
export const BUILTIN_ROLES: BuiltinRole[] = [
  { code: 'county_admin', name: '县级管理员（组织部）', permissions: Object.keys(PERMISSIONS) as Permission[] },
  { code: 'town_officer', name: '镇（街道）干部', permissions: [...READ_ALL, 'person:write', 'person:pii', 'party_org:write', 'organization:write', 'admin:users', 'audit:read'] },
  { code: 'village_secretary', name: '村（社区）书记', permissions: [...READ_ALL, 'person:write', 'person:pii'] },
  { code: 'village_cadre', name: '村（社区）干部', permissions: [...READ_ALL, 'person:write'] },
  { code: 'grid_worker', name: '网格长 / 网格员', permissions: ['region:read', 'person:read', 'household:read'] },
  { code: 'dispatcher', name: '指挥中心调度员', permissions: ['region:read', 'person:read', 'household:read', 'organization:read'] },
  { code: 'party_member', name: '党员', permissions: ['region:read', 'party_org:read'] },
  { code: 'resident', name: '村民', permissions: ['region:read', 'person:read', 'household:read'] },
  { code: 'enterprise', name: '企业 / 机关联络人', permissions: ['region:read', 'organization:read'] },
  { code: 'machine', name: '外部系统（API）', permissions: ['region:read'] },
];
