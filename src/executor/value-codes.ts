/**
 * value-codes.ts — a dictionary giving every distinct value a dense code 0, 1, 2, … the first
 * time it is seen, and the value back from its code. The Fixpoint keeps its relations as
 * tuples of codes (recursive-rows.ts, row-set.ts) and joins them by code (fixpoint-join.ts):
 * one dictionary per Fixpoint run, shared by all its relations, so a code means the same
 * value in each of them.
 *
 * Equality is the executor's hashing equality (hash-key.ts: NULLs equal to each other, 1 and
 * 1n, 0 and -0); equal values share one code, and `value` returns the first one coded.
 * Integers (and values that hash as integers: 1n as 1) are coded through a direct-mapped
 * array while they are small and dense enough (ids), else through an IntKeyTable; every other
 * value through a Map on its hash key: a string repeated across rows (RDF terms, symbols) is
 * hashed once per occurrence and never concatenated. An integer never enters the Map, which
 * costs a hundred nanoseconds or more per new key where the arrays cost a few.
 */
import type { Value } from '../common/values.js';
import { hashKey, isInt32Key, type HashKey } from './hash-key.js';
import { IntKeyTable } from './int-key-table.js';
import { int32s, release } from './scratch.js';

/** Integers below this get their code through a direct-mapped array… */
const DIRECT_LIMIT = 1 << 22;
/** …which may always grow this far (256 KB), however few values it then holds. */
const DIRECT_FREE = 1 << 16;

export class ValueCodes {
  /** Code + 1 of each small non-negative integer; 0 for one not coded through the array (from scratch.ts: a run's dictionary grows it to its ids' range, doubling). */
  private direct: Int32Array = int32s(256);
  /** Other integers: their entry in `ints`, and each entry's code. */
  private readonly ints = new IntKeyTable();
  private intCodes: Int32Array = new Int32Array(16);
  private readonly coded = new Map<HashKey, number>();
  private readonly values: Value[] = [];
  /** The code of NULL, or -1 while NULL has none. */
  nullCode = -1;

  get size(): number {
    return this.values.length;
  }

  /** code returns the code of `v`, numbering it if it is new. */
  code(v: Value): number {
    if (typeof v === 'number' && (v | 0) === v) return this.intCode(v, v);
    const k = hashKey(v);
    if (isInt32Key(k)) return this.intCode(k, v);
    let c = this.coded.get(k);
    if (c === undefined) {
      c = this.add(v);
      this.coded.set(k, c);
      if (v === null) this.nullCode = c;
    }
    return c;
  }

  /** find returns the code of `v`, or -1 if it has none (without numbering it). */
  find(v: Value): number {
    if (typeof v === 'number' && (v | 0) === v) return this.findInt(v);
    const k = hashKey(v);
    if (isInt32Key(k)) return this.findInt(k);
    return this.coded.get(k) ?? -1;
  }

  /** value returns the (first) value coded `c`. */
  value(c: number): Value {
    return this.values[c];
  }

  /** intCode codes the value `v` whose hash key is the int32 `k`. */
  private intCode(k: number, v: Value): number {
    if (k >= 0 && (k < this.direct.length || this.widenDirect(k))) {
      const c = this.direct[k];
      if (c !== 0) return c - 1;
      // The table may have coded k before the array reached it.
      const code = this.ints.size === 0 ? -1 : this.tableFind(k);
      const got = code >= 0 ? code : this.add(v);
      this.direct[k] = got + 1;
      return got;
    }
    const before = this.ints.size;
    const e = this.ints.add(k);
    if (e < before) return this.intCodes[e];
    if (e === this.intCodes.length) {
      const grown = int32s(e * 2);
      grown.set(this.intCodes);
      release(this.intCodes);
      this.intCodes = grown;
    }
    return (this.intCodes[e] = this.add(v));
  }

  private findInt(k: number): number {
    if (k >= 0 && k < this.direct.length) {
      const c = this.direct[k];
      if (c !== 0) return c - 1;
    }
    return this.ints.size === 0 ? -1 : this.tableFind(k);
  }

  private tableFind(k: number): number {
    const e = this.ints.get(k);
    return e < 0 ? -1 : this.intCodes[e];
  }

  private add(v: Value): number {
    this.values.push(v);
    return this.values.length - 1;
  }

  /** widenDirect grows the direct-mapped array to cover `v`, unless that would leave it large and mostly empty. */
  private widenDirect(v: number): boolean {
    if (v >= DIRECT_LIMIT || (v >= DIRECT_FREE && v >= 8 * this.values.length + 1024)) return false;
    let n = this.direct.length * 2;
    while (n <= v) n *= 2;
    const grown = int32s(n);
    grown.set(this.direct);
    release(this.direct);
    this.direct = grown;
    return true;
  }

  /**
   * release gives the arrays that code values back to the executor's pool (scratch.ts), once
   * the dictionary codes nothing more: its Fixpoint run is over. Only `value` may be asked
   * after it (a relation handed over as codes is decoded later); the values stay.
   */
  release(): void {
    release(this.direct, this.intCodes);
    this.ints.release();
    this.direct = new Int32Array(0);
    this.intCodes = new Int32Array(16);
  }
}
