/**
 * key-numbering.ts — numbers distinct key tuples 0, 1, 2, … in the order first added, with
 * the executor's hashing equality (hash-key.ts): an IntKeyTable while every key has an int
 * form (intKey: id columns, the usual join keys), a Map on hash keys from the first key that
 * has none. Callers keep what each key stands for in arrays indexed by its number.
 */
import type { Value } from '../common/values.js';
import { intKey, rowKeyFn, type HashKey } from './hash-key.js';
import { IntKeyTable } from './int-key-table.js';

export class KeyNumbering {
  private ints: IntKeyTable | null = new IntKeyTable();
  private map: Map<HashKey, number> | null = null;
  /** Each number's key tuple, while the int table is in use (to move them into the map). */
  private tuples: Value[][] = [];
  private readonly keyOf: (values: readonly Value[]) => HashKey;

  constructor(private readonly width: number) {
    this.keyOf = rowKeyFn(width);
  }

  get size(): number {
    return this.ints !== null ? this.ints.size : (this.map as Map<HashKey, number>).size;
  }

  /** add returns the number of the tuple of the first `width` values of `key`, numbering it if new. */
  add(key: readonly Value[]): number {
    if (this.ints !== null) {
      const k = intKey(key, this.width);
      if (k !== undefined) {
        const ints = this.ints;
        const before = ints.size;
        const e = ints.add(k);
        if (e === before) this.tuples.push(key.slice(0, this.width));
        return e;
      }
      this.toMap();
    }
    const map = this.map as Map<HashKey, number>;
    const k = this.keyOf(key);
    let e = map.get(k);
    if (e === undefined) {
      e = map.size;
      map.set(k, e);
    }
    return e;
  }

  /** get returns the number of the tuple of the first `width` values of `key`, or -1. */
  get(key: readonly Value[]): number {
    if (this.ints !== null) {
      const k = intKey(key, this.width);
      // A tuple without an int form equals none of the int-keyed ones.
      return k === undefined ? -1 : this.ints.get(k);
    }
    return (this.map as Map<HashKey, number>).get(this.keyOf(key)) ?? -1;
  }

  private toMap(): void {
    const map = new Map<HashKey, number>();
    this.tuples.forEach((t, e) => map.set(this.keyOf(t), e));
    this.map = map;
    this.ints = null;
    this.tuples = [];
  }
}
