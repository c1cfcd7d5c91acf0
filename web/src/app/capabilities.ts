// The capability areas of DOMAIN.md (L1–L11, W1–W5, G1–G12). Names and descriptions live in the
// dictionaries under `cap.<id>.name` / `cap.<id>.desc`; `built` marks the ones with a working page.

export type CapabilityGroup = 'core' | 'wing1' | 'wing2';

export interface Capability {
  id: string;
  group: CapabilityGroup;
  path: string;
  /** Permission needed to see the menu item, once the server declares one (UI only hides). */
  permission?: string;
}

export const CAPABILITIES: Capability[] = [
  { id: 'L1', group: 'core', path: '/cadres/registry', permission: 'cadre:read' },
  { id: 'L2', group: 'core', path: '/cadres/action-plan', permission: 'cadre:read' },
  { id: 'L3', group: 'core', path: '/cadres/seed-pool', permission: 'cadre:read' },
  { id: 'L4', group: 'core', path: '/cadres/special-posts', permission: 'cadre:read' },
  { id: 'L5', group: 'core', path: '/cadres/training', permission: 'training:read' },
  { id: 'L6', group: 'core', path: '/cadres/secretary-forum', permission: 'training:read' },
  { id: 'L7', group: 'core', path: '/cadres/pay-scale', permission: 'cadre:pay' },
  { id: 'L8', group: 'core', path: '/cadres/dual-evaluation', permission: 'evaluation:read' },
  { id: 'L9', group: 'core', path: '/cadres/fault-tolerance', permission: 'fault:read' },
  { id: 'L10', group: 'core', path: '/cadres/points', permission: 'points:read' },
  { id: 'L11', group: 'core', path: '/cadres/honors', permission: 'cadre:read' },
  { id: 'W1', group: 'wing1', path: '/joint/dev-communities' },
  { id: 'W2', group: 'wing1', path: '/joint/village-enterprise' },
  { id: 'W3', group: 'wing1', path: '/joint/finance-commissioners' },
  { id: 'W4', group: 'wing1', path: '/joint/livelihood-projects' },
  { id: 'W5', group: 'wing1', path: '/joint/cases' },
  // G1 (the five-level chain) is the region explorer and the party organizations under 基础数据.
  { id: 'G2', group: 'wing2', path: '/governance/indices', permission: 'points:read' },
  { id: 'G3', group: 'wing2', path: '/governance/action-branches' },
  { id: 'G4', group: 'wing2', path: '/governance/deployment' },
  { id: 'G5', group: 'wing2', path: '/governance/service-projects' },
  { id: 'G6', group: 'wing2', path: '/governance/work-orders', permission: 'workorder:read' },
  { id: 'G7', group: 'wing2', path: '/governance/grids' },
  { id: 'G8', group: 'wing2', path: '/governance/stations' },
  { id: 'G9', group: 'wing2', path: '/governance/deliberation' },
  { id: 'G10', group: 'wing2', path: '/governance/four-governances', permission: 'points:read' },
  { id: 'G11', group: 'wing2', path: '/governance/services' },
  { id: 'G12', group: 'wing2', path: '/governance/cockpit' },
];

export function capabilityByPath(path: string): Capability | undefined {
  return CAPABILITIES.find((c) => c.path === path);
}
