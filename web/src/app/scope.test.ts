import { describe, expect, it } from 'vitest';
import { translate, translateDynamic } from './i18n';
import { scopeText } from './scope';

const t = (k: Parameters<typeof translate>[0], v?: Record<string, string | number>) => translate(k, v, 'zh-CN');
const td = (k: string, f: string) => translateDynamic(k, f, 'zh-CN');
const town = { code: '320582101', name: '塘桥镇', level: 'town', path: 'c320582.t101' };
const user = (kind: 'all' | 'custom' | 'own' | 'own_and_below' | 'self', regions = [town]) => ({ scope: { kind, regions }, homeRegion: town });

describe('scopeText', () => {
  it('names the data scope as the header shows it', () => {
    expect(scopeText(user('own_and_below'), t, td).text).toBe('塘桥镇');
    expect(scopeText(user('all'), t, td).text).toBe('全部区域');
    expect(scopeText(user('self'), t, td).text).toBe('仅本人');
    expect(scopeText(user('own'), t, td).text).toBe('塘桥镇（仅本级）');
    const many = [1, 2, 3].map((i) => ({ ...town, code: `x${i}`, name: `村${i}` }));
    expect(scopeText(user('custom', many), t, td).text).toBe('村1等 3 个区域');
    expect(scopeText(user('custom', []), t, td).text).toBe('未设置');
  });

  it('explains the kind in the detail', () => {
    expect(scopeText(user('own_and_below'), t, td).detail).toBe('本区域及以下：塘桥镇');
    expect(scopeText(null, t, td)).toEqual({ text: '', detail: '' });
  });
});
