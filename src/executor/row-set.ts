/**
 * row-set.ts — a set of fixed-width rows for operators that deduplicate millions of rows
 * (the Fixpoint's set semantics: every derived row is looked up once).
 *
 * A JavaScript Set keyed by one string or packed double per row (hash-key.ts) costs a string
 * build or a heap-allocated number per row, and its table stops fitting in any cache past a
 * few million entries. Here a row is the tuple of its values' dense codes (value-codes.ts; a
 * dictionary of its own, or one shared with other sets whose codes must agree), and the set
 * of tuples has two representations:
 *   - bits: one bit per possible tuple (side^width bits, side = a power of two above every
 *     code the dictionary has handed out), while that is small (FREE_BITS) or the set holds at
 *     least one row per BITS_PER_ROW bits. A transitive closure over 2,000 nodes is a 512 KB
 *     bitmap that stays in cache however many pairs it holds; a lookup is a shift-or and a
 *     load. When a code outgrows `side`, the bitmap is rebuilt wider.
 *   - hash: open addressing with linear probing over an Int32Array of codes, for a set with
 *     few rows for its codes' bitmap. It moves to the bitmap when it grows dense enough (at its
 *     table's doubling). A magic set or a closure of a few hundred rows over a dictionary of
 *     a few thousand codes so stays a table of a few KB, not a 512 KB bitmap allocated, zeroed
 *     and scanned again at every widening, every run.
 */
import type { Value } from '../common/values.js';
import { int32s, release } from './scratch.js';
import { ValueCodes } from './value-codes.js';

/** A bitmap may use at most this many bits… */
const MAX_BITS = 2 ** 28;
/** …and at most this many bits per row held, once past FREE_BITS (8 KB, always allowed). */
const BITS_PER_ROW = 64;
const FREE_BITS = 2 ** 16;
const INITIAL_CAPACITY = 1024;

export class RowSet {
  private count = 0;
  private readonly scratch: Int32Array;

  // bits mode: bit i set for the tuple whose codes in base `side` spell i.
  private bits: Int32Array | null;
  private shift = 0;

  // hash mode.
  private table: Int32Array = new Int32Array(0);
  private hashes: Int32Array = new Int32Array(0);
  private mask = 0;

  constructor(
    private readonly width: number,
    readonly codes: ValueCodes = new ValueCodes(),
  ) {
    this.scratch = new Int32Array(width);
    // Start with 16 codes per column, or fewer for wide rows (at most 2^16 bits).
    this.shift = width === 0 ? 0 : Math.min(4, Math.floor(16 / width));
    this.bits = int32s(Math.max(1, 2 ** (this.shift * width) / 32));
  }

  /**
   * release gives the set's arrays back to the executor's pool (scratch.ts) once nothing more
   * is looked up in it (its Fixpoint run is over); the set is then empty and unusable.
   */
  release(): void {
    release(this.bits, this.hashes, this.table);
    this.bits = null;
    this.hashes = new Int32Array(0);
    this.table = new Int32Array(0);
    this.mask = 0;
    this.count = 0;
  }

  get size(): number {
    return this.count;
  }

  /** add inserts the first `width` values of `row`; true when the row was not in the set. */
  add(row: readonly Value[]): boolean {
    const scratch = this.scratch;
    const codes = this.codes;
    for (let i = 0; i < this.width; i++) scratch[i] = codes.code(row[i]);
    return this.addCodes(scratch);
  }

  /**
   * addCodes inserts the tuple whose values have the codes `codes` (from `this.codes`); true when
   * it was not in the set. A caller that meets the same values in many tuples (a join's
   * built side, a probe row's columns) codes each value once and adds tuples of codes.
   */
  addCodes(codes: Int32Array): boolean {
    if (this.bits !== null) {
      let max = 0;
      for (let i = 0; i < this.width; i++) max |= codes[i];
      if (max >>> this.shift !== 0) this.widen(max);
      if (this.bits !== null) return this.addBit(codes);
    }
    return this.addHashed(codes);
  }

  /** addPair is addCodes for a set of width 2 (the binary relations recursion mostly derives), without a tuple array. */
  addPair(a: number, b: number): boolean {
    if (this.bits !== null && (a | b) >>> this.shift === 0) return this.setBit((a << this.shift) | b);
    const pair = this.scratch;
    pair[0] = a;
    pair[1] = b;
    return this.addCodes(pair);
  }

  private addBit(codes: Int32Array): boolean {
    const shift = this.shift;
    let i = 0;
    for (let j = 0; j < this.width; j++) i = (i << shift) | codes[j];
    return this.setBit(i);
  }

  /** setBit sets bit `i` of the bitmap; true when it was clear. */
  private setBit(i: number): boolean {
    const bits = this.bits as Int32Array;
    const word = i >>> 5;
    const bit = 1 << (i & 31);
    const old = bits[word];
    if ((old & bit) !== 0) return false;
    bits[word] = old | bit;
    this.count++;
    return true;
  }

  /**
   * widen makes room for code `max`, and for every code the dictionary has handed out: a wider
   * bitmap if it stays small enough, else the hash table. A shared dictionary's codes are
   * mostly met sooner or later (a Fixpoint's built side codes a whole relation), and widening
   * one bit at a time rebuilt the bitmap once per doubling — six times in a 1,000-node walk.
   */
  private widen(max: number): void {
    const w = this.width;
    const shift = this.shiftFor(max);
    const total = 2 ** (shift * w);
    const old = this.bits as Int32Array;
    const oldShift = this.shift;
    const fits = this.bitsFit(total);
    const tuple = new Int32Array(w);
    const oldMask = (1 << oldShift) - 1;
    if (fits) {
      this.bits = int32s(Math.max(1, total / 32));
      this.shift = shift;
      this.count = 0;
    } else {
      this.bits = null;
      this.count = 0;
      this.hashes = int32s(INITIAL_CAPACITY);
      this.table = int32s(INITIAL_CAPACITY * w);
      this.mask = INITIAL_CAPACITY - 1;
    }
    // Re-insert every tuple of the old bitmap.
    for (let word = 0; word < old.length; word++) {
      let bitsLeft = old[word];
      while (bitsLeft !== 0) {
        const low = bitsLeft & -bitsLeft;
        const index = word * 32 + (31 - Math.clz32(low));
        bitsLeft ^= low;
        let rest = index;
        for (let j = w - 1; j >= 0; j--) {
          tuple[j] = rest & oldMask;
          rest >>>= oldShift;
        }
        if (fits) this.addBit(tuple);
        else this.addHashed(tuple);
      }
    }
    release(old);
  }

  private addHashed(scratch: Int32Array): boolean {
    const w = this.width;
    let h = 0x2545f491;
    for (let i = 0; i < w; i++) {
      h = Math.imul(h ^ scratch[i], 0x9e3779b1);
      h ^= h >>> 15;
    }
    h = Math.imul(h ^ (h >>> 13), 0x85ebca6b) | 1;
    const hashes = this.hashes;
    const table = this.table;
    const mask = this.mask;
    let slot = h & mask;
    for (;;) {
      const stored = hashes[slot];
      if (stored === 0) break;
      if (stored === h && sameCodes(table, slot * w, scratch, w)) return false;
      slot = (slot + 1) & mask;
    }
    hashes[slot] = h;
    const at = slot * w;
    for (let i = 0; i < w; i++) table[at + i] = scratch[i];
    if (++this.count * 2 > mask) this.grow();
    return true;
  }

  /** shiftFor is the bits per column that cover code `max` and every code the dictionary has handed out. */
  private shiftFor(max: number): number {
    let shift = this.shift;
    const cover = Math.max(max, this.codes.size - 1);
    while (cover >>> shift !== 0) shift++;
    return shift;
  }

  /** bitsFit: whether a bitmap of `total` bits is worth keeping for the rows held. */
  private bitsFit(total: number): boolean {
    return total <= MAX_BITS && (total <= FREE_BITS || total <= this.count * BITS_PER_ROW);
  }

  /**
   * grow doubles the hash table, or — once the rows held are dense enough for a bitmap over
   * every code handed out (bitsFit) — moves them into one.
   */
  private grow(): void {
    const w = this.width;
    const shift = this.shiftFor(0);
    const total = 2 ** (shift * w);
    if (this.bitsFit(total)) {
      this.toBits(shift, total);
      return;
    }
    const oldHashes = this.hashes;
    const oldTable = this.table;
    const capacity = oldHashes.length * 2;
    const hashes = int32s(capacity);
    const table = int32s(capacity * w);
    const mask = capacity - 1;
    for (let s = 0; s < oldHashes.length; s++) {
      const h = oldHashes[s];
      if (h === 0) continue;
      let slot = h & mask;
      while (hashes[slot] !== 0) slot = (slot + 1) & mask;
      hashes[slot] = h;
      for (let i = 0; i < w; i++) table[slot * w + i] = oldTable[s * w + i];
    }
    release(oldHashes, oldTable);
    this.hashes = hashes;
    this.table = table;
    this.mask = mask;
  }

  /** toBits moves the rows of the hash table into a bitmap of `total` bits, `shift` per column. */
  private toBits(shift: number, total: number): void {
    const w = this.width;
    const hashes = this.hashes;
    const table = this.table;
    const tuple = new Int32Array(w);
    this.bits = int32s(Math.max(1, total / 32));
    this.shift = shift;
    this.count = 0;
    this.hashes = new Int32Array(0);
    this.table = new Int32Array(0);
    this.mask = 0;
    for (let s = 0; s < hashes.length; s++) {
      if (hashes[s] === 0) continue;
      for (let i = 0; i < w; i++) tuple[i] = table[s * w + i];
      this.addBit(tuple);
    }
    release(hashes, table);
  }

  /** How the set holds its rows now: 'bits' or 'hash' (for tests and EXPLAIN-style diagnostics). */
  get representation(): 'bits' | 'hash' {
    return this.bits === null ? 'hash' : 'bits';
  }
}

function sameCodes(table: Int32Array, at: number, scratch: Int32Array, w: number): boolean {
  for (let i = 0; i < w; i++) if (table[at + i] !== scratch[i]) return false;
  return true;
}
