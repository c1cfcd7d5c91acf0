/**
 * Seeded pseudo-random numbers for the demo-data generator.
 *
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): 128-bit state, passes PractRand,
 * and is fast in JavaScript because it only uses 32-bit integer operations. The generator must
 * be reproducible across machines and Node versions, so Math.random is never used.
 */

/** A uniform source in [0, 1); the geometry code accepts any such function. */
export type RandomSource = () => number;

/** 32-bit FNV-1a hash of a string: used to derive independent streams from labels (e.g. a village code). */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** splitmix32 step: spreads a small seed over the whole state so seeds 1 and 2 give unrelated streams. */
function splitmix32(state: number): [next: number, output: number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [next, z >>> 0];
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | null = null;

  constructor(seed: number | string) {
    let s = typeof seed === 'string' ? hashString(seed) : seed >>> 0;
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [next, out] = splitmix32(s);
      s = next;
      words.push(out);
    }
    [this.a, this.b, this.c, this.d] = words as [number, number, number, number];
    // Discard the first outputs: sfc32 mixes poorly during its first few steps.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** An independent child stream, stable for a given (parent seed, label) pair regardless of how much the parent was used. */
  static derive(seed: number, label: string): Rng {
    return new Rng((Math.imul(seed >>> 0, 0x9e3779b1) ^ hashString(label)) >>> 0);
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). An arrow property so it can be passed around as a RandomSource. */
  readonly next: RandomSource = () => this.nextUint32() / 4294967296;

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    if (max < min) throw new RangeError(`int(${min}, ${max}): empty range`);
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Uniform float in [min, max). */
  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick(): empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** One item with probability proportional to its weight. For repeated draws from a fixed table use weightedPicker(). */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    let total = 0;
    for (const w of weights) total += w;
    if (!(total > 0)) throw new RangeError('weighted(): weights must sum to a positive number');
    let r = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      r -= weights[i] as number;
      if (r < 0) return items[i] as T;
    }
    return items[items.length - 1] as T;
  }

  /** Approximately normal (Box–Muller), for ages and sizes. */
  normal(mean = 0, sd = 1): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return mean + sd * z;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = radius * Math.sin(2 * Math.PI * v);
    return mean + sd * radius * Math.cos(2 * Math.PI * v);
  }

  /** Integer part plus one more with probability equal to the fraction: keeps expected totals exact. */
  stochasticRound(x: number): number {
    const whole = Math.floor(x);
    return whole + (this.next() < x - whole ? 1 : 0);
  }

  /** Fisher–Yates, in place; returns the same array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }

  /** k distinct items chosen with probability proportional to weight (sequential draws without replacement). */
  sampleWeighted<T>(items: readonly T[], weights: readonly number[], k: number): T[] {
    const pool = items.map((item, i) => ({ item, weight: weights[i] as number })).filter((e) => e.weight > 0);
    const chosen: T[] = [];
    let total = pool.reduce((sum, e) => sum + e.weight, 0);
    while (chosen.length < k && pool.length > 0) {
      let r = this.next() * total;
      let index = pool.length - 1;
      for (let i = 0; i < pool.length; i++) {
        r -= (pool[i] as { weight: number }).weight;
        if (r < 0) {
          index = i;
          break;
        }
      }
      const [taken] = pool.splice(index, 1) as [{ item: T; weight: number }];
      total -= taken.weight;
      chosen.push(taken.item);
    }
    return chosen;
  }
}

/** A picker over a fixed weighted table: cumulative sums + binary search, for the hot loops (names, ages). */
export function weightedPicker<T>(items: readonly T[], weights: readonly number[]): (rng: Rng) => T {
  if (items.length === 0 || items.length !== weights.length) throw new RangeError('weightedPicker(): items and weights must be non-empty and of equal length');
  const cumulative = new Float64Array(items.length);
  let total = 0;
  for (let i = 0; i < items.length; i++) {
    total += weights[i] as number;
    cumulative[i] = total;
  }
  if (!(total > 0)) throw new RangeError('weightedPicker(): weights must sum to a positive number');
  return (rng: Rng) => {
    const r = rng.next() * total;
    let lo = 0;
    let hi = items.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cumulative[mid] as number) > r) hi = mid;
      else lo = mid + 1;
    }
    return items[lo] as T;
  };
}
