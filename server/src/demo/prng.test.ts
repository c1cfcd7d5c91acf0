import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hashString, Rng, weightedPicker } from './prng';

describe('Rng', () => {
  it('is deterministic per seed', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const seqA = Array.from({ length: 20 }, () => a.nextUint32());
    expect(Array.from({ length: 20 }, () => b.nextUint32())).toEqual(seqA);
    expect(Array.from({ length: 20 }, () => c.nextUint32())).not.toEqual(seqA);
    expect(new Rng('village').next()).toBe(new Rng('village').next());
  });

  it('derives independent, reproducible streams by label', () => {
    expect(Rng.derive(1, 'a').next()).toBe(Rng.derive(1, 'a').next());
    expect(Rng.derive(1, 'a').next()).not.toBe(Rng.derive(1, 'b').next());
    expect(Rng.derive(1, 'a').next()).not.toBe(Rng.derive(2, 'a').next());
  });

  it('keeps int() inside its inclusive bounds and next() in [0, 1)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 0, max: 1000 }), (seed, min, span) => {
        const rng = new Rng(seed);
        for (let i = 0; i < 20; i++) {
          const n = rng.int(min, min + span);
          expect(n).toBeGreaterThanOrEqual(min);
          expect(n).toBeLessThanOrEqual(min + span);
          const x = rng.next();
          expect(x >= 0 && x < 1).toBe(true);
        }
      }),
    );
  });

  it('is roughly uniform', () => {
    const rng = new Rng(7);
    const buckets = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) buckets[Math.floor(rng.next() * 10)]++;
    for (const count of buckets) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it('normal() has the requested mean and spread', () => {
    const rng = new Rng(3);
    const xs = Array.from({ length: 20_000 }, () => rng.normal(50, 10));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    expect(mean).toBeCloseTo(50, 0);
    expect(Math.abs(sd - 10)).toBeLessThan(0.3);
  });

  it('shuffle() permutes, stochasticRound() keeps the expectation', () => {
    const rng = new Rng(5);
    const items = Array.from({ length: 50 }, (_, i) => i);
    expect([...rng.shuffle([...items])].sort((a, b) => a - b)).toEqual(items);
    let total = 0;
    for (let i = 0; i < 10_000; i++) total += rng.stochasticRound(0.3);
    expect(Math.abs(total - 3000)).toBeLessThan(200);
  });

  it('sampleWeighted() returns distinct items and never zero-weight ones', () => {
    const rng = new Rng(9);
    const sample = rng.sampleWeighted(['a', 'b', 'c', 'd'], [1, 0, 5, 2], 3);
    expect(new Set(sample).size).toBe(3);
    expect(sample).not.toContain('b');
    expect(rng.sampleWeighted(['a'], [1], 5)).toEqual(['a']);
  });

  it('weighted() and weightedPicker() follow the weights', () => {
    const rng = new Rng(11);
    const pick = weightedPicker(['x', 'y'], [1, 3]);
    let y = 0;
    let y2 = 0;
    for (let i = 0; i < 20_000; i++) {
      if (pick(rng) === 'y') y++;
      if (rng.weighted(['x', 'y'], [1, 3]) === 'y') y2++;
    }
    expect(Math.abs(y / 20_000 - 0.75)).toBeLessThan(0.02);
    expect(Math.abs(y2 / 20_000 - 0.75)).toBeLessThan(0.02);
  });

  it('hashString() is stable', () => {
    expect(hashString('')).toBe(0x811c9dc5);
    expect(hashString('320582')).toBe(hashString('320582'));
  });
});
