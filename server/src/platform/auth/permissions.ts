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
  'workorder:read': '查看工单',
  'workorder:report': '上报、登记工单',
  'workorder:handle': '承办工单（签收、处置、退单、上交、申请延期）',
  'workorder:dispatch': '调度工单（派单、转派、合并、挂起、审批延期、督办、作废）',
  'workorder:callback': '回访工单（查看回访电话，留痕）',
  'workorder:stats': '查看三率排名与指挥大屏',
  'workorder:configure': '配置工单类别、承办单位与规则',
  'points:read': '查看积分（账户、积分明细、排行榜、红黑榜）',
  'points:propose': '申报积分（附佐证）',
  'points:approve': '审核积分（审核、驳回、公示、冲正、处理异议、发布红黑榜）',
  'points:assess': '上级评定（干部积分、堡垒指数上级评定、年功分计入）',
  'points:configure': '配置积分方案、细则与结账',
  'points:object': '对公示中的积分提出异议',
  'points:rate': '党员评议本支部（堡垒指数）',
  'points:store': '管理积分超市（商品、库存、兑换核销、月报）',
  'points:redeem': '兑换积分（村民为本户下单；超市工作人员代农户兑换）',
  'cadre:read': '查看村干部队伍（名册、五年计划、种子库、特岗书记、招录、荣誉）',
  'cadre:write': '维护村干部队伍（登记、导入、岗位、种子库、选拔、招录、荣誉）',
  'cadre:pay': '查看与维护村干部薪酬（四岗十五级、调级、工资表）',
  'cadre:self': '查看本人干部档案（培训、考核、积分、薪酬）',
  'training:read': '查看培训、讲坛、组织力体检与交办事项',
  'training:write': '组织培训、讲坛、体检、直播擂台，交办督办事项',
  'training:participate': '讲坛选题：提出与投票',
  'evaluation:read': '查看双评测评与结果',
  'evaluation:manage': '组织双评（开启、发放投票码、关闭计票）',
  'evaluation:score': '双评上评打分（镇党委）',
  'fault:read': '查看容错纠错案例',
  'fault:write': '容错纠错：免责审查、处理决定与纠错整改',
} as const;

export type Permission = keyof typeof PERMISSIONS;

const READ_ALL: Permission[] = ['region:read', 'person:read', 'household:read', 'party_org:read', 'organization:read'];

/** The leader-team module: towns run their villages' part; secretaries and cadres see their own record. */
const CADRE_TOWN: Permission[] = ['cadre:read', 'cadre:write', 'cadre:pay', 'training:read', 'training:write', 'evaluation:read', 'evaluation:manage', 'evaluation:score', 'fault:read', 'fault:write'];
const CADRE_SELF: Permission[] = ['cadre:self', 'training:read', 'training:participate'];

export interface BuiltinRole {
  code: string;
  name: string;
  permissions: Permission[];
}

/** The roles of DOMAIN.md's user table; an admin can change their permissions later. */
export const BUILTIN_ROLES: BuiltinRole[] = [
  { code: 'county_admin', name: '县级管理员（组织部）', permissions: Object.keys(PERMISSIONS) as Permission[] },
  { code: 'town_officer', name: '镇（街道）干部', permissions: [...READ_ALL, 'person:write', 'person:pii', 'party_org:write', 'organization:write', 'admin:users', 'audit:read', 'workorder:read', 'workorder:report', 'workorder:handle', 'workorder:dispatch', 'workorder:callback', 'workorder:stats', 'points:read', 'points:propose', 'points:approve', 'points:assess', 'points:object', 'points:store', ...CADRE_TOWN, 'points:redeem'] },
  { code: 'village_secretary', name: '村（社区）书记', permissions: [...READ_ALL, 'person:write', 'person:pii', 'workorder:read', 'workorder:report', 'workorder:handle', 'workorder:stats', 'points:read', 'points:propose', 'points:approve', 'points:object', 'points:store', ...CADRE_SELF, 'points:redeem'] },
  { code: 'village_cadre', name: '村（社区）干部', permissions: [...READ_ALL, 'person:write', 'workorder:read', 'workorder:report', 'workorder:handle', 'points:read', 'points:propose', 'points:object', 'points:store', ...CADRE_SELF, 'points:redeem'] },
  { code: 'grid_worker', name: '网格长 / 网格员', permissions: ['region:read', 'person:read', 'household:read', 'workorder:read', 'workorder:report', 'workorder:handle', 'points:read', 'points:propose', 'points:object'] },
  { code: 'dispatcher', name: '指挥中心调度员', permissions: ['region:read', 'person:read', 'household:read', 'organization:read', 'workorder:read', 'workorder:report', 'workorder:dispatch', 'workorder:callback', 'workorder:stats', 'workorder:configure'] },
  { code: 'department_staff', name: '职能部门承办人', permissions: ['region:read', 'workorder:read', 'workorder:report', 'workorder:handle'] },
  { code: 'party_member', name: '党员', permissions: ['region:read', 'party_org:read', 'points:read', 'points:object', 'points:rate'] },
  { code: 'resident', name: '村民', permissions: ['region:read', 'person:read', 'household:read', 'workorder:read', 'workorder:report', 'points:read', 'points:object', 'points:redeem'] },
  { code: 'enterprise', name: '企业 / 机关联络人', permissions: ['region:read', 'organization:read'] },
  { code: 'machine', name: '外部系统（API）', permissions: ['region:read', 'workorder:read', 'workorder:report'] },
];
