/**
 * fixpoint-chains.ts — rows chained per key, the table both hashed sides of a fused Fixpoint
 * join build (fixpoint-built-side.ts: a step's looked-up or joined relation;
 * fixpoint-streamed.ts: an init's driving rows): each row as the codes of the `width` columns
 * it contributes to the output (one flat Int32Array), chained per distinct key (a tuple of
 * codes, numbered by a KeyNumbering, or by a direct array for a key of one column) in the order
 * added — no per-key allocation, so hashing a relation of unique keys costs no more than one of
 * few.
 */
import type { Value } from '../../common/values.js';
import { KeyNumbering } from '../key-numbering.js';
import { int32s, release } from '../scratch.js';

export class KeyChains {
  /** Keys of several columns: their numbers. */
  private readonly numbering: KeyNumbering | null;
  // The arrays come from the executor's pool (scratch.ts) and go back to it on release.
  /** Keys of one column: key number + 1 by the key's code (codes are dense), 0 for none. */
  private direct: Int32Array = int32s(64);
  /** Per key number: its first and last row + 1 (0: none). */
  private first: Int32Array = int32s(64);
  private last: Int32Array = int32s(64);
  private keys = 0;
  /** Per row: the next row of its key + 1 (0: none). */
  next: Int32Array = int32s(64);
  /** Per row: the codes of its `width` output columns. */
  out: Int32Array;
  /** Rows added so far. */
  count = 0;
  /** The key of the row being added (its codes), or looked up. */
  protected readonly key: Value[];

  constructor(
    keyColumns: number,
    protected readonly width: number,
  ) {
    this.numbering = keyColumns === 1 ? null : new KeyNumbering(keyColumns);
    this.key = new Array<Value>(keyColumns).fill(null);
    this.out = int32s(64 * Math.max(1, width));
  }

  /** release gives the chains' arrays back to the executor's pool once nothing reads them (the owner's run is over); the chains are then empty. */
  release(): void {
    release(this.direct, this.first, this.last, this.next, this.out);
    this.direct = this.first = this.last = this.next = this.out = new Int32Array(0);
    this.keys = this.count = 0;
  }

  /** firstRow returns the first row of key number `e` + 1, or 0. */
  firstRow(e: number): number {
    return this.first[e];
  }

  /** entryOf returns the number of the key whose codes are the first values of `key`, or -1. */
  entryOf(key: readonly Value[]): number {
    return this.numbering === null ? this.entryOfCode(key[0] as number) : this.numbering.get(key);
  }

  /** entryOfCode returns the number of the one-column key coded `c`, or -1. */
  entryOfCode(c: number): number {
    return c < this.direct.length ? this.direct[c] - 1 : -1;
  }

  /** reserve makes room for `rows` rows (and as many keys) without growing. */
  protected reserve(rows: number): void {
    if (rows <= this.next.length) return;
    this.next = grown(this.next, rows);
    this.out = grown(this.out, rows * this.width);
    this.first = grown(this.first, rows);
    this.last = grown(this.last, rows);
  }

  /** reserveCodes makes room for one-column keys coded below `codes` without growing (no-op for keys of several columns). */
  protected reserveCodes(codes: number): void {
    if (this.numbering === null && codes > this.direct.length) this.direct = grown(this.direct, codes);
  }

  /** append adds a row of the key in `this.key` at the end of its chain and returns the row's number. */
  protected append(): number {
    const e = this.numbering === null ? this.directEntry(this.key[0] as number) : this.numbering.add(this.key);
    if (e === this.keys) {
      if (e === this.first.length) {
        this.first = grown(this.first, e + 1);
        this.last = grown(this.last, e + 1);
      }
      this.keys++;
    }
    const j = this.count++;
    if (j === this.next.length) {
      this.next = grown(this.next, j + 1);
      this.out = grown(this.out, (j + 1) * this.width);
    }
    this.next[j] = 0;
    if (this.last[e] === 0) this.first[e] = j + 1;
    else this.next[this.last[e] - 1] = j + 1;
    this.last[e] = j + 1;
    return j;
  }

  /** directEntry numbers the one-column key coded `c`. */
  private directEntry(c: number): number {
    if (c >= this.direct.length) this.direct = grown(this.direct, c + 1);
    if (this.direct[c] === 0) this.direct[c] = this.keys + 1;
    return this.direct[c] - 1;
  }
}

/** grown returns `a` copied into an array at least twice as long and at least `n` long (from the pool; `a` goes back to it). */
export function grown(a: Int32Array, n: number): Int32Array {
  let size = Math.max(64, a.length * 2);
  while (size < n) size *= 2;
  const b = int32s(size);
  b.set(a);
  release(a);
  return b;
}
