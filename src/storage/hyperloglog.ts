/**
 * hyperloglog.ts — distinct-count estimation for the optimizer's statistics (stats.ts).
 *
 * HyperLogLog (Flajolet et al. 2007) with 2^12 one-byte registers by default (4 KiB, ~1.6%
 * standard error) over a 32-bit hash, with linear counting for small cardinalities. Deletions cannot be
 * subtracted from a sketch; stats.ts resets it when a relation becomes empty.
 */
import type { Value } from '../common/values.js';
import { encodeKey } from './keys.js';

export class HyperLogLog {
  private readonly registers: Uint8Array;

  /** @param p 2^p registers: 12 (the default) gives ~1.6% standard error in 4 KiB; 8, ~6.5% in 256 bytes. */
  constructor(private readonly p = 12) {
    this.registers = new Uint8Array(1 << p);
  }

  /** add records one 32-bit hash. */
  add(hash: number): void {
    const p = this.p;
    const i = hash >>> (32 - p);
    const rank = Math.clz32((hash << p) | (1 << (p - 1))) + 1;
    if (rank > this.registers[i]) this.registers[i] = rank;
  }

  /** estimate returns the estimated number of distinct hashes added. */
  estimate(): number {
    let sum = 0;
    let zeros = 0;
    const r = this.registers;
    const m = r.length;
    for (let i = 0; i < m; i++) {
      sum += 1 / (1 << r[i]);
      if (r[i] === 0) zeros++;
    }
    let e = ((0.7213 / (1 + 1.079 / m)) * m * m) / sum;
    if (e <= 2.5 * m && zeros > 0) e = m * Math.log(m / zeros);
    return Math.round(e);
  }

  clear(): void {
    this.registers.fill(0);
  }
}

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hashBytes(b: Uint8Array, seed: number): number {
  let h = seed;
  for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 0x5bd1e995);
  return fmix32(h ^ b.length);
}

/** hashValue hashes a Value to 32 bits; values equal as keys (0 and -0) hash alike. */
export function hashValue(v: Value): number {
  switch (typeof v) {
    case 'number':
      if ((v | 0) === v) return fmix32(v ^ 0x9e3779b9);
      if (v !== v) return 0x7ff80000;
      F64[0] = v;
      return fmix32(U32[0] ^ fmix32(U32[1] ^ 0x1b873593));
    case 'string': {
      let h = 0x811c9dc5;
      for (let i = 0; i < v.length; i++) h = Math.imul(h ^ v.charCodeAt(i), 0x5bd1e995);
      return fmix32(h ^ v.length);
    }
    case 'boolean':
      return v ? 0x2545f491 : 0x68e31da4;
    case 'bigint':
      return hashBytes(encodeKey([v]), 0xcc9e2d51);
    default:
      if (v === null) return 0;
      if (v instanceof Uint8Array) return hashBytes(v, 0xe6546b64);
      return hashBytes(encodeKey([v]), 0x85ebca6b);
  }
}
