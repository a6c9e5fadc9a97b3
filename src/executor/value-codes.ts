/**
 * value-codes.ts — a dictionary giving every distinct value a dense code 0, 1, 2, … the first
 * time it is seen, and the value back from its code. The Fixpoint keeps its relations as
 * tuples of codes (recursive-rows.ts, row-set.ts) and joins them by code (fixpoint-join.ts):
 * one dictionary per Fixpoint run, shared by all its relations, so a code means the same
 * value in each of them.
 *
 * Equality is the executor's hashing equality (hash-key.ts: NULLs equal to each other, 1 and
 * 1n, 0 and -0); equal values share one code, and `value` returns the first one coded.
 * Small non-negative integers (ids) are coded through a direct-mapped array kept about as
 * dense as the codes, every other value through a Map on its hash key: a string repeated
 * across rows (RDF terms, symbols) is hashed once per occurrence and never concatenated.
 */
import type { Value } from '../common/values.js';
import { hashKey, type HashKey } from './hash-key.js';

/** Integers below this get their code through a direct-mapped array. */
const DIRECT_LIMIT = 1 << 22;

export class ValueCodes {
  /** Code + 1 of each small integer; 0 for one not coded through the array yet. */
  private direct = new Int32Array(256);
  private readonly coded = new Map<HashKey, number>();
  private readonly values: Value[] = [];
  /** The code of NULL, or -1 while NULL has none. */
  nullCode = -1;

  get size(): number {
    return this.values.length;
  }

  /** code returns the code of `v`, numbering it if it is new. */
  code(v: Value): number {
    if (typeof v === 'number' && v >= 0 && v < DIRECT_LIMIT && (v | 0) === v && (v < this.direct.length || this.widenDirect(v))) {
      const c = this.direct[v];
      if (c !== 0) return c - 1;
      // First time through the array: the value may have been coded through the map before
      // the array reached it.
      const code = this.mapCode(v);
      this.direct[v] = code + 1;
      return code;
    }
    return this.mapCode(v);
  }

  /** find returns the code of `v`, or -1 if it has none (without numbering it). */
  find(v: Value): number {
    if (typeof v === 'number' && v >= 0 && v < this.direct.length && (v | 0) === v) {
      const c = this.direct[v];
      if (c !== 0) return c - 1;
    }
    return this.coded.get(hashKey(v)) ?? -1;
  }

  /** value returns the (first) value coded `c`. */
  value(c: number): Value {
    return this.values[c];
  }

  private mapCode(v: Value): number {
    const k = hashKey(v);
    let c = this.coded.get(k);
    if (c === undefined) {
      c = this.values.length;
      this.values.push(v);
      this.coded.set(k, c);
      if (v === null) this.nullCode = c;
    }
    return c;
  }

  /** widenDirect grows the direct-mapped array to cover `v`, unless that would leave it mostly empty. */
  private widenDirect(v: number): boolean {
    if (v >= 8 * this.values.length + 1024) return false;
    let n = this.direct.length * 2;
    while (n <= v) n *= 2;
    const grown = new Int32Array(n);
    grown.set(this.direct);
    this.direct = grown;
    return true;
  }
}
