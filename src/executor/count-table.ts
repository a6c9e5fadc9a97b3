/**
 * count-table.ts — the groups of a hash aggregate grouped by one value whose aggregates depend
 * on the row count alone (COUNT(*): AggregateDef.ofRowCount), as counts instead of group rows.
 *
 * A value with an int form (group-table.ts's: an int32, or a key hashKey makes an int32) is
 * numbered by an IntKeyTable and counted in a typed array by that number; any other value (a
 * text, a fraction, NULL) in a Map on its hash key. No row is made per group while rows are
 * counted: SQL Q4 counts 10,000 persons into 4,249 cities, and a group row per city (written at
 * each of its persons, scattered in the heap) cost more than the counting (a group's row was a
 * cache miss per person). Rows are made only as they are read: all of them in order of first
 * appearance (`rows`), or one at a time into a reused row (`find`, for a hash join built on the
 * aggregate: hash-join.ts GroupSource copies what it reads of a row before it asks again).
 */
import type { Row, Value } from '../common/values.js';
import { hashKey, isInt32Key, type HashKey } from './hash-key.js';
import { IntKeyTable, PRESIZE_LIMIT } from './int-key-table.js';
import { float64s, release } from './scratch.js';

/** makeRow writes the row of a group — its grouping value and `count` rows — into `into` (or a new row) and returns it. */
export type CountRow = (value: Value, count: number, into: Row | null) => Row;

export class CountTable {
  private readonly ints: IntKeyTable;
  /** Per int entry: its count, and the grouping value first seen (a number, or a value whose hash key is that int). */
  private counts: Float64Array;
  private readonly values: Value[];
  /** How many int entries there are (values[0..entries) are set). */
  private entries = 0;
  /** Other values: their entry in `otherValues` / `otherCounts`, by hash key. */
  private readonly others = new Map<HashKey, number>();
  private readonly otherValues: Value[] = [];
  private readonly otherCounts: number[] = [];
  /** Per other value, how many int entries were first seen before it (the order of first appearance across both). */
  private readonly otherAfter: number[] = [];
  /** find's row, rewritten at each call. */
  private found: Row | null = null;

  constructor(
    expected: number,
    private readonly makeRow: CountRow,
  ) {
    const n = Math.max(16, Math.min(Math.ceil(expected), PRESIZE_LIMIT));
    this.ints = new IntKeyTable(n);
    this.counts = float64s(n);
    // Made at the size expected, not grown by push from empty: grown to SQL Q4's 4,249 cities it
    // was garbage of three times its size per run.
    this.values = new Array<Value>(n);
  }

  /** count counts rows[from..to), each in the group of its value at `slot`. */
  count(rows: readonly Row[], slot: number, from: number, to: number): void {
    const ints = this.ints;
    let counts = this.counts;
    for (let i = from; i < to; i++) {
      const v = rows[i][slot];
      if (typeof v === 'number' && (v | 0) === v) {
        const e = ints.add(v | 0);
        if (e === this.entries) counts = this.added(e, v);
        counts[e]++;
      } else this.countOther(v);
    }
  }

  /** rows makes every group's row, in order of first appearance. */
  rows(): Row[] {
    const out: Row[] = [];
    const values = this.values;
    const after = this.otherAfter;
    let o = 0;
    for (let e = 0; e < this.entries; e++) {
      for (; o < after.length && after[o] === e; o++) out.push(this.makeRow(this.otherValues[o], this.otherCounts[o], null));
      out.push(this.makeRow(values[e], this.counts[e], null));
    }
    for (; o < after.length; o++) out.push(this.makeRow(this.otherValues[o], this.otherCounts[o], null));
    return out;
  }

  /**
   * find returns the row of the group of grouping value `v` (NULL finds the NULL group), or
   * undefined: the group `count` put a row holding `v` in. The row is rewritten by the next call.
   */
  find(v: Value): Row | undefined {
    const k = hashKey(v);
    if (isInt32Key(k)) {
      const e = this.ints.get(k | 0);
      return e < 0 ? undefined : (this.found = this.makeRow(this.values[e], this.counts[e], this.found));
    }
    const o = this.others.get(k);
    return o === undefined ? undefined : (this.found = this.makeRow(this.otherValues[o], this.otherCounts[o], this.found));
  }

  /** release gives the table's memory back (scratch.ts): it finds no group after. */
  release(): void {
    this.ints.release();
    release(this.counts);
    this.counts = new Float64Array(0);
  }

  /** added records int entry `e`, first seen holding `v`, and returns the counts (grown when full). */
  private added(e: number, v: Value): Float64Array {
    this.values[e] = v;
    this.entries++;
    let counts = this.counts;
    if (e >= counts.length) {
      const grown = float64s(counts.length * 4);
      grown.set(counts);
      release(counts);
      this.counts = counts = grown;
    }
    return counts;
  }

  /** countOther counts one row of a value that is no int32 (its hash key may still be one: a bigint's). Keys as GroupTable.one's. */
  private countOther(v: Value): void {
    const k = hashKey(v);
    if (isInt32Key(k)) {
      const e = this.ints.add(k | 0);
      const counts = e === this.entries ? this.added(e, v) : this.counts;
      counts[e]++;
      return;
    }
    const o = this.others.get(k);
    if (o !== undefined) {
      this.otherCounts[o]++;
      return;
    }
    this.others.set(k, this.otherValues.length);
    this.otherValues.push(v);
    this.otherCounts.push(1);
    this.otherAfter.push(this.entries);
  }
}
