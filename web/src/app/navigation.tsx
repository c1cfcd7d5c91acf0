import {
  AuditOutlined,
  BankOutlined,
  ClusterOutlined,
  CrownOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  FlagOutlined,
  GlobalOutlined,
  HomeOutlined,
  IdcardOutlined,
  KeyOutlined,
  RiseOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import { CAPABILITIES, type CapabilityGroup } from './capabilities';

export interface NavLeaf {
  path: string;
  /** Dictionary key of the label. */
  label: string;
  icon?: ReactNode;
  permission?: string;
  /** Capability code from DOMAIN.md shown next to the label (L1 …). */
  code?: string;
}

export interface NavGroup {
  key: string;
  label: string;
  icon: ReactNode;
  children: NavLeaf[];
}

export type NavEntry = NavLeaf | NavGroup;

export function isGroup(e: NavEntry): e is NavGroup {
  return 'children' in e;
}

const capabilityLeaves = (group: CapabilityGroup): NavLeaf[] =>
  CAPABILITIES.filter((c) => c.group === group).map((c) => ({ path: c.path, label: `cap.${c.id}.name`, permission: c.permission, code: c.id }));

/** The side menu: every capability area of DOMAIN.md, grouped as the article shapes them. */
export const NAVIGATION: NavEntry[] = [
  { path: '/', label: 'nav.dashboard', icon: <DashboardOutlined /> },
  {
    key: 'base',
    label: 'nav.group.base',
    icon: <DatabaseOutlined />,
    children: [
      { path: '/regions', label: 'nav.regions', icon: <GlobalOutlined />, permission: 'region:read', code: 'G1' },
      { path: '/people', label: 'nav.people', icon: <UserOutlined />, permission: 'person:read' },
      { path: '/households', label: 'nav.households', icon: <HomeOutlined />, permission: 'household:read' },
      { path: '/party-orgs', label: 'nav.partyOrgs', icon: <FlagOutlined />, permission: 'party_org:read', code: 'G1' },
      { path: '/organizations', label: 'nav.organizations', icon: <BankOutlined />, permission: 'organization:read' },
    ],
  },
  { key: 'core', label: 'nav.group.core', icon: <CrownOutlined />, children: [...capabilityLeaves('core'), { path: '/cadres/me', label: 'nav.cadreMe', icon: <IdcardOutlined />, permission: 'cadre:self' }] },
  { key: 'wing1', label: 'nav.group.wing1', icon: <RiseOutlined />, children: capabilityLeaves('wing1') },
  { key: 'wing2', label: 'nav.group.wing2', icon: <ClusterOutlined />, children: capabilityLeaves('wing2') },
  {
    key: 'admin',
    label: 'nav.group.admin',
    icon: <SettingOutlined />,
    children: [
      { path: '/admin/users', label: 'nav.adminUsers', icon: <TeamOutlined />, permission: 'admin:users' },
      { path: '/admin/roles', label: 'nav.adminRoles', icon: <SafetyCertificateOutlined />, permission: 'admin:roles' },
      { path: '/admin/tokens', label: 'nav.adminTokens', icon: <KeyOutlined />, permission: 'admin:tokens' },
      { path: '/admin/audit', label: 'nav.adminAudit', icon: <AuditOutlined />, permission: 'audit:read' },
    ],
  },
];

/** The menu entry that owns a URL path (longest matching prefix). */
export function findLeaf(pathname: string): { leaf: NavLeaf; group?: NavGroup } | undefined {
  let best: { leaf: NavLeaf; group?: NavGroup } | undefined;
  const consider = (leaf: NavLeaf, group?: NavGroup) => {
    const match = leaf.path === '/' ? pathname === '/' : pathname === leaf.path || pathname.startsWith(`${leaf.path}/`);
    if (match && (!best || leaf.path.length > best.leaf.path.length)) best = { leaf, group };
  };
  for (const entry of NAVIGATION) {
    if (isGroup(entry)) entry.children.forEach((leaf) => consider(leaf, entry));
    else consider(entry);
  }
  return best;
}
