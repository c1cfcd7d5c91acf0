import type { Me } from '../api/types';
import { useI18n, type TKey, type TVars } from './i18n';

type T = (key: TKey, vars?: TVars) => string;
type TD = (key: string, fallback: string) => string;

/**
 * The user's data scope in words: `text` for the header tag ("塘桥镇", "全部区域"),
 * `detail` for tooltips ("本区域及以下").
 */
export function scopeText(user: Pick<Me, 'scope' | 'homeRegion'> | null, t: T, td: TD): { text: string; detail: string } {
  if (!user) return { text: '', detail: '' };
  const { kind, regions } = user.scope;
  const home = user.homeRegion?.name ?? '';
  let text: string;
  switch (kind) {
    case 'all':
      text = t('scope.text.all');
      break;
    case 'custom':
      if (regions.length === 0) text = t('scope.text.none');
      else if (regions.length <= 2) text = regions.map((r) => r.name).join('、');
      else text = t('scope.text.customMany', { first: regions[0].name, count: regions.length });
      break;
    case 'own':
      text = t('scope.text.own', { region: home });
      break;
    case 'own_and_below':
      text = home;
      break;
    case 'self':
      text = t('scope.text.self');
      break;
    default:
      text = String(kind);
  }
  const names = regions.map((r) => r.name).join('、');
  const detail = `${td(`enum.scopeKind.${kind}`, kind)}${kind === 'custom' && names ? `：${names}` : kind === 'own' || kind === 'own_and_below' ? `：${home}` : ''}`;
  return { text, detail };
}

export function useScopeText(user: Me | null): { text: string; detail: string } {
  const { t, td } = useI18n();
  return scopeText(user, t, td);
}
