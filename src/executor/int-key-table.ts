/**
 * int-key-table.ts — a hash table from 32-bit integer keys to dense entry numbers 0, 1, 2, …
 * (open addressing with linear probing over one Int32Array of key, entry pairs).
 *
 * Hash joins on id columns probe millions of times; a JavaScript Map spends most of that
 * following its chained buckets through memory, where this table reads two adjacent typed
 * array slots (measured about four times faster on a triangle count's 1.5M probes into 85k
 * keys). The caller keeps whatever each entry stands for in an array indexed by the number.
 */

import { int32s, release } from './scratch.js';

const EMPTY = 0;

/**
 * The most keys a table is sized for before it has them (it grows past them), for callers that
 * size it from an estimate (hash joins, aggregates, DISTINCT): a side of thousands of rows is
 * not rehashed ten times over (5% of a join of three 6,731-row relations), while an estimate far
 * too high costs at most a 256 KiB table.
 */
export const PRESIZE_LIMIT = 1 << 14;

/**
 * The table grows once more than this fraction of its slots hold keys, and is sized so that
 * the keys expected fill at most this fraction. Linear probing stays short at 0.7 (about 1.6
 * slots read for a key present, 6 for one absent, most in one cache line), and a table half
 * the size of one kept below 0.5 leaves the caches to the rows: a hash aggregate of 10,000
 * persons into 4,249 cities and the hash join of those groups read one slot per row at random.
 */
const MAX_LOAD = 0.7;

/**
 * A table whose slots array is shorter than this (4,096 slots, 32 KB) grows fourfold, a larger
 * one twofold. An estimate of a small input is often several times off (SQL Q3's DISTINCT: 152
 * rows expected, 409 seen), and each growth rehashes every key: fourfold is one growth where
 * doubling took two, for at most 128 KB of (pooled, scratch.ts) slots.
 */
const SMALL_LENGTH = 8192;

export class IntKeyTable {
  /**
   * Slot s is the pair slots[2s] (its key) and slots[2s + 1] (entry number + 1; EMPTY for a free
   * slot): one typed array, not one for keys and one for entries. A typed array past 64 bytes
   * is allocated outside the JavaScript heap, which costs more than filling it (measured: the
   * tables a small query's distinct and hash join make were 9% of SQL Q3), and a probe reads
   * one cache line instead of two.
   */
  private slots: Int32Array;
  private shift: number;
  private count = 0;
  /** The most keys held before the table grows (MAX_LOAD of its slots). */
  private limit: number;

  constructor(expected = 16) {
    let bits = 4;
    while ((1 << bits) * MAX_LOAD < expected) bits++;
    this.slots = int32s(2 << bits);
    this.shift = 32 - bits;
    this.limit = Math.floor((1 << bits) * MAX_LOAD);
  }

  /**
   * release gives the table's memory back to the executor's pool (scratch.ts): the owner calls
   * it once done with the table (an operator's close). The table is then empty (and small).
   */
  release(): void {
    release(this.slots);
    this.slots = new Int32Array(4);
    this.shift = 31;
    this.limit = 1;
    this.count = 0;
  }

  get size(): number {
    return this.count;
  }

  /** get returns the entry number of key `k` (an int32), or -1. */
  get(k: number): number {
    return this.slots[this.slotOf(k) + 1] - 1;
  }

  /** add returns the entry number of key `k`, numbering it next if it is new. */
  add(k: number): number {
    const at = this.slotOf(k);
    const slots = this.slots;
    const e = slots[at + 1];
    if (e !== EMPTY) return e - 1;
    slots[at] = k;
    slots[at + 1] = ++this.count;
    if (this.count > this.limit) this.grow();
    return this.count - 1;
  }

  /** slotOf finds the position (2s) of the slot holding `k`, or of the free slot where it would go. */
  private slotOf(k: number): number {
    const slots = this.slots;
    const mask = slots.length - 2;
    let at = (Math.imul(k, 0x9e3779b1) >>> this.shift) << 1;
    while (slots[at + 1] !== EMPTY && slots[at] !== k) at = (at + 2) & mask;
    return at;
  }

  private grow(): void {
    const old = this.slots;
    const by = old.length < SMALL_LENGTH ? 2 : 1;
    const slots = int32s(old.length << by);
    const mask = slots.length - 2;
    const shift = this.shift - by;
    for (let s = 0; s < old.length; s += 2) {
      const e = old[s + 1];
      if (e === EMPTY) continue;
      const k = old[s];
      let at = (Math.imul(k, 0x9e3779b1) >>> shift) << 1;
      while (slots[at + 1] !== EMPTY) at = (at + 2) & mask;
      slots[at] = k;
      slots[at + 1] = e;
    }
    this.slots = slots;
    this.shift = shift;
    this.limit = Math.floor((slots.length >> 1) * MAX_LOAD);
    release(old);
  }
}
