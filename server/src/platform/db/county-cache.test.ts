import { describe, expect, it, vi } from 'vitest';
import type { Db } from './index';
import { countyCache } from './county-cache';

const dbA = {} as Db;
const dbB = {} as Db;

describe('countyCache', () => {
  it('loads once per database and county while fresh, again after the TTL, when forced and after forget', async () => {
    vi.useFakeTimers();
    try {
      let loads = 0;
      const cache = countyCache(1000, async (_db, county) => `${county}#${++loads}`);
      const [x, y] = await Promise.all([cache.get(dbA, '320582'), cache.get(dbA, '320582')]);
      expect([x, y]).toEqual(['320582#1', '320582#1']);
      expect(await cache.get(dbB, '320582')).toBe('320582#2');
      expect(await cache.get(dbA, '320581')).toBe('320581#3');
      vi.advanceTimersByTime(999);
      expect(await cache.get(dbA, '320582')).toBe('320582#1');
      vi.advanceTimersByTime(2);
      expect(await cache.get(dbA, '320582')).toBe('320582#4');
      expect(await cache.get(dbA, '320582', true)).toBe('320582#5');
      cache.forget(dbA, '320582');
      expect(await cache.get(dbA, '320582')).toBe('320582#6');
      cache.forget(dbA);
      expect(await cache.get(dbA, '320581')).toBe('320581#7');
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not keep a failed load', async () => {
    let calls = 0;
    const cache = countyCache(60_000, async () => {
      if (++calls === 1) throw new Error('数据库暂不可用');
      return 'ok';
    });
    await expect(cache.get(dbA, '320582')).rejects.toThrow('数据库暂不可用');
    expect(await cache.get(dbA, '320582')).toBe('ok');
    expect(calls).toBe(2);
  });
});
