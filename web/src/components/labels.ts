import { useMemo } from 'react';
import { useI18n } from '../app/i18n';

/** Labels for the server's enum values; unknown values are shown as they come. */
export function useLabels() {
  const { td } = useI18n();
  return useMemo(() => ({
    level: (v: string | null | undefined) => (v ? td(`enum.level.${v}`, v) : '—'),
    regionKind: (v: string | null | undefined) => (v ? td(`enum.regionKind.${v}`, v) : '—'),
    sex: (v: string | null | undefined) => (v ? td(`enum.sex.${v}`, v) : '—'),
    political: (v: string | null | undefined) => (v ? td(`enum.political.${v}`, v) : '—'),
    orgKind: (v: string | null | undefined) => (v ? td(`enum.orgKind.${v}`, v) : '—'),
    partyOrgKind: (v: string | null | undefined) => (v ? td(`enum.partyOrgKind.${v}`, v) : '—'),
    scopeKind: (v: string | null | undefined) => (v ? td(`enum.scopeKind.${v}`, v) : '—'),
    personRole: (v: string | null | undefined) => (v ? td(`enum.personRole.${v}`, v) : '—'),
    education: (v: string | null | undefined) => (v ? td(`enum.education.${v}`, v) : '—'),
    relation: (v: string | null | undefined) => (v ? td(`enum.relation.${v}`, v) : '—'),
  }), [td]);
}

export const POLITICAL_STATUSES = ['party_member', 'probationary_member', 'league_member', 'masses'] as const;
export const ORG_KINDS = ['enterprise', 'agency', 'soe', 'financial'] as const;
export const SCOPE_KINDS = ['all', 'custom', 'own', 'own_and_below', 'self'] as const;
/** Party organization kinds (G1): 党委 / 党总支 / 党支部 / 网格党小组. */
export const PARTY_ORG_KINDS = ['committee', 'general_branch', 'branch', 'grid_group'] as const;
/** Roles a person can hold in the governance chain (filter of the people list). */
export const PERSON_ROLES = ['village_secretary', 'village_cadre', 'grid_leader', 'grid_worker', 'volunteer', 'resident'] as const;

export const POLITICAL_COLORS: Record<string, string> = {
  party_member: 'red',
  probationary_member: 'volcano',
  league_member: 'blue',
  masses: 'default',
};
