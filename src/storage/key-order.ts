/**
 * key-order.ts — the order of rows by a tuple of their columns, as the keys of those columns
 * would sort, without building or comparing the keys: for a bulk insert, whose index entries
 * must reach the write buffer as one sorted run.
 *
 * Only for columns holding non-negative integers below 2^32 (ids, counters, the quads' term
 * ids): there the key encoding (keys.ts) orders as the numbers do, and a stable LSD radix sort
 * over 11-bit digits orders the rows in a few linear passes over typed arrays. Sorting the
 * encoded keys instead compared strings spread over the heap: on a load of 591k quads, its
 * 2.4M keys took some 3 s of CPU to sort, a quarter of the load.
 */
import type { Row } from '../common/values.js';

// 11-bit digits: the counts (8 KB) stay in the L1 cache, where 16-bit ones (256 KB) missed on
// every row; ids below 2^22 take two passes either way.
const DIGIT = 11;
const BUCKETS = 1 << DIGIT;
const LOW = BUCKETS - 1;

/** A column's values as 32-bit integers, and the largest (keyOrder's input; null: some value is not such an integer). */
export type KeyColumn = { values: Uint32Array; max: number } | null;

/**
 * keyOrder returns the positions of `rows` in ascending order of the columns `columns` (the
 * first column most significant; equal tuples keep their order), or null when some value of
 * those columns is not an integer in [0, 2^32) — the caller then sorts the keys themselves.
 * `read` keeps the columns read from the rows, for orders of the same rows by other tuples of
 * the same columns (a bulk insert orders its rows once per index), and `orders` the orders
 * made, by the columns that decide them: a column whose values are all 0 decides nothing (a
 * load's graph column: the quads' GSPO order is their SPOG order), so two tuples that differ
 * only in such columns share one order.
 */
export function keyOrder(rows: readonly Row[], columns: readonly number[], read: Map<number, KeyColumn> = new Map(), orders?: Map<string, Uint32Array>): Uint32Array | null {
  const n = rows.length;
  const values: Uint32Array[] = [];
  const highest: number[] = [];
  const deciding: number[] = [];
  for (const c of distinctColumns(columns)) {
    let column = read.get(c);
    if (column === undefined) read.set(c, (column = readColumn(rows, c)));
    if (column === null) return null;
    if (column.max === 0) continue;
    values.push(column.values);
    highest.push(column.max);
    deciding.push(c);
  }
  const name = deciding.join(',');
  const made = orders?.get(name);
  if (made !== undefined) return made;
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let next = new Uint32Array(n);
  const counts = new Int32Array(BUCKETS + 1);
  // Least significant first: the last column's digits low to high, then the column before.
  for (let c = values.length - 1; c >= 0; c--) {
    const col = values[c];
    for (let shift = 0; shift < 32 && highest[c] >>> shift !== 0; shift += DIGIT) {
      counts.fill(0);
      for (let i = 0; i < n; i++) counts[((col[i] >>> shift) & LOW) + 1]++;
      for (let d = 1; d <= BUCKETS; d++) counts[d] += counts[d - 1];
      for (let i = 0; i < n; i++) {
        const r = order[i];
        next[counts[(col[r] >>> shift) & LOW]++] = r;
      }
      const t = order;
      order = next;
      next = t;
    }
  }
  orders?.set(name, order);
  return order;
}

/** readColumn reads column `c` of the rows as 32-bit integers (null when one is not such an integer). */
function readColumn(rows: readonly Row[], c: number): KeyColumn {
  const n = rows.length;
  const col = new Uint32Array(n);
  let max = 0;
  for (let i = 0; i < n; i++) {
    const v = rows[i][c];
    if (typeof v !== 'number' || !(v >= 0 && v <= 0xffffffff) || Math.floor(v) !== v) return null;
    col[i] = v;
    if (v > max) max = v;
  }
  return { values: col, max };
}

/**
 * distinctColumns drops a column that appears earlier in the tuple: where every column before
 * it is equal, it is equal too (an index entry's key repeats the primary-key columns the
 * index already holds).
 */
function distinctColumns(columns: readonly number[]): number[] {
  const out: number[] = [];
  for (const c of columns) if (!out.includes(c)) out.push(c);
  return out;
}
