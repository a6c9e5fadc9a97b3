/**
 * prng.ts — the workload's seeded pseudo-random numbers. The generator must give the same data
 * for the same seed on every machine and Node version, so it never touches Math.random: this is
 * SplitMix32 for seeding and xoshiro128** for the stream, both on 32-bit integer arithmetic.
 */

/** Random is a deterministic stream of numbers derived from one integer seed. */
export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    // SplitMix32 spreads a small seed over the 128-bit state so that seeds 1 and 2 differ everywhere.
    let x = seed >>> 0;
    const next = () => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** uint32 returns the next 32 random bits as an unsigned integer. */
  uint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** float returns a number in [0, 1). */
  float(): number {
    return this.uint32() / 4294967296;
  }

  /** int returns an integer in [lo, hi] (both inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  /** chance is true with probability p. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** pick returns one element of a non-empty array, uniformly. */
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.float() * xs.length)];
  }

  /** fork derives an independent stream, so that adding draws to one part of the generator leaves the others unchanged. */
  fork(salt: number): Random {
    return new Random((this.uint32() ^ Math.imul(salt, 0x9e3779b1)) >>> 0);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** WeightedPicker draws indexes with probability proportional to their weights (binary search over the cumulative sums). */
export class WeightedPicker {
  private readonly cumulative: Float64Array;

  constructor(weights: readonly number[]) {
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    for (let i = 0; i < weights.length; i++) this.cumulative[i] = sum += weights[i];
  }

  pick(r: Random): number {
    const target = r.float() * this.cumulative[this.cumulative.length - 1];
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
