/**
 * group-table.ts — a hash aggregate's groups, found by their grouping values with the
 * executor's hashing equality (hash-key.ts), kept in the order first seen.
 *
 * A key with an int form (intKey: one int32, or two to four small non-negative integers —
 * ids, the usual grouping columns) is numbered by an IntKeyTable and its group kept in an
 * array by that number; any other key goes through a Map on its hash key. No key of one kind
 * equals a key of the other, so the two never hold the same group. Grouping 10,000 rows into
 * 4,000 groups by a Map cost about 400 ns a group on this project's machine (its buckets
 * rehashed as it grows, and collected); the table reads and writes typed arrays.
 */
import type { Row, Value } from '../common/values.js';
import { hashKey, intKey, isInt32Key, packedKey, tupleKey, type HashKey } from './hash-key.js';
import { IntKeyTable, PRESIZE_LIMIT } from './int-key-table.js';

/**
 * What a hash join built on an aggregate reads of its groups by their one grouping value
 * (hash-join.ts GroupSource): a GroupTable of the group rows, or a CountTable (count-table.ts),
 * whose found row is rewritten by the next find.
 */
export interface GroupLookup {
  find(v: Value): Row | undefined;
  release(): void;
}

export class GroupTable<G> {
  private readonly ints: IntKeyTable;
  private readonly byInt: G[];
  private readonly byKey = new Map<HashKey, G>();
  /** Every group, in the order first seen. */
  readonly all: G[] = [];

  /** `expected` groups are made room for; `make` makes the group of the first row holding a key. */
  constructor(
    expected: number,
    private readonly make: (row: Row) => G,
  ) {
    const n = Math.max(1, Math.min(Math.ceil(expected), PRESIZE_LIMIT));
    this.ints = new IntKeyTable(n);
    // At the size expected: grown from empty it was garbage of three times its size per run.
    this.byInt = new Array<G>(n);
  }

  /** one returns the group of `row`, grouped by one value, `v`. */
  one(v: Value, row: Row): G {
    const k = hashKey(v);
    return isInt32Key(k) ? this.numbered(k | 0, row) : this.keyed(k, row);
  }

  /** tuple returns the group of `row`, grouped by the first `n` values of `values` (two or more). */
  tuple(values: readonly Value[], n: number, row: Row): G {
    const k = intKey(values, n);
    if (k !== undefined) return this.numbered(k, row);
    return this.keyed(n <= 4 ? packedKey(values, n) : tupleKey(values, n), row);
  }

  /**
   * find returns the group of grouping value `v` (one grouping column), or undefined: the group
   * `one` would have put a row holding `v` in. NULL finds the NULL group.
   */
  find(v: Value): G | undefined {
    const k = hashKey(v);
    if (isInt32Key(k)) {
      const e = this.ints.get(k | 0);
      return e < 0 ? undefined : this.byInt[e];
    }
    return this.byKey.get(k);
  }

  /** release gives the int table's memory back (IntKeyTable.release): the table finds no group after. */
  release(): void {
    this.ints.release();
  }

  private numbered(k: number, row: Row): G {
    const e = this.ints.add(k);
    let g = this.byInt[e];
    if (g === undefined) {
      g = this.make(row);
      this.byInt[e] = g;
      this.all.push(g);
    }
    return g;
  }

  private keyed(k: HashKey, row: Row): G {
    let g = this.byKey.get(k);
    if (g === undefined) {
      g = this.make(row);
      this.byKey.set(k, g);
      this.all.push(g);
    }
    return g;
  }
}
