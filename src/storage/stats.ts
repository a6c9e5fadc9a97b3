/**
 * stats.ts — per-relation statistics for the optimizer (relations.ts: RelationStats).
 *
 * Kept by the store outside transactions: a committing transaction's row deltas (rows added
 * and removed, per relation) are applied after its commit succeeds, so rolled-back or aborted
 * work never counts. rowCount is exact (under serializable and snapshot isolation; under
 * read-committed two transactions deleting the same row both count it). Per column: nulls
 * (exact, same caveat), distinct (HyperLogLog; deletions are not subtracted, so it can only
 * overestimate until the relation empties), min and max (widened by inserts, not narrowed by
 * deletes; reset when the relation empties).
 */
import type { Row, Value } from '../common/values.js';
import { compareValues } from './compare.js';
import { hashValue, HyperLogLog } from './hyperloglog.js';
import type { ColumnStats, RelationStats } from './relations.js';

/**
 * Most distinct values a column may hold and still keep exact counts per value: enough for a
 * column of categories (the workload's 140 organisations, where the HyperLogLog's 1/distinct
 * guessed 61 rows for a value held by 1,142), few enough that a snapshot copies little.
 */
const FREQUENT = 256;

class ColumnSketch {
  nulls = 0;
  min: Value | undefined = undefined;
  max: Value | undefined = undefined;
  hll: HyperLogLog | null = null;
  /** Rows per value while there are at most FREQUENT distinct primitive values; null once there were more. */
  counts: Map<Value, number> | null = new Map();

  /** add records a value; `hash` is hashValue(v) (computed once per row value by RelationSketch). */
  add(v: Value, hash: number): void {
    if (v === null) {
      this.nulls++;
      return;
    }
    const counts = this.counts;
    if (counts !== null) {
      if (typeof v === 'object') this.counts = null;
      else {
        counts.set(v, (counts.get(v) ?? 0) + 1);
        if (counts.size > FREQUENT) this.counts = null;
      }
    }
    (this.hll ??= new HyperLogLog()).add(hash);
    const min = this.min;
    const max = this.max;
    // Numbers against numbers (every id column of a load) compare without the general order.
    if (typeof v === 'number' && typeof min === 'number' && typeof max === 'number' && v === v && min === min && max === max) {
      if (v < min) this.min = v;
      else if (v > max) this.max = v;
      return;
    }
    if (min === undefined || compareValues(v, min) < 0) this.min = v;
    if (max === undefined || compareValues(v, max) > 0) this.max = v;
  }

  remove(v: Value): void {
    if (v === null) this.nulls--;
    else if (this.counts !== null && typeof v !== 'object') {
      const n = (this.counts.get(v) ?? 0) - 1;
      if (n > 0) this.counts.set(v, n);
      else this.counts.delete(v);
    }
  }

  snapshot(rowCount: number): ColumnStats {
    const nonNull = rowCount - this.nulls;
    let distinct = this.hll === null ? 0 : this.hll.estimate();
    if (distinct > nonNull) distinct = nonNull;
    if (distinct < 1 && nonNull > 0) distinct = 1;
    const stats: ColumnStats = { distinct, nulls: this.nulls, min: this.min, max: this.max };
    return this.counts === null || this.counts.size === 0 ? stats : { ...stats, frequent: new Map(this.counts) };
  }
}

/** Registers of a sketch per counted value (2^8: 256 bytes, ~6.5% standard error): there may be FREQUENT of them per column. */
const PER_VALUE_PRECISION = 8;

/**
 * For one column while it counts its values: per value, a sketch of each column's values among
 * the rows holding it (the column's own slot unused). RDF's predicate column is the case in
 * point: `?x ex:knows ?y` holds 85,000 rows with 10,000 distinct subjects, where the quads as a
 * whole have 60,000 — a join on the subject estimated from the whole relation's figure is six
 * times too small (the per-predicate counts of characteristic sets, Neumann & Moerkotte).
 */
type ValueSketches = Map<Value, HyperLogLog[]>;

/** RelationSketch is the running statistics of one relation. */
export class RelationSketch {
  rowCount = 0;
  private columns: ColumnSketch[];
  /** ValueSketches per column; null for a column past FREQUENT values (or holding objects). */
  private together: (ValueSketches | null)[];
  /** The hashes of the row being added, by column (scratch). */
  private readonly hashes: number[];
  /**
   * The last snapshot, until the next change: the optimizer asks for a relation's statistics
   * at every scan it plans, and each distinct estimate is a pass over 4 KiB of registers.
   */
  private cached: RelationStats | null = null;

  constructor(columnCount: number) {
    this.columns = Array.from({ length: columnCount }, () => new ColumnSketch());
    this.together = this.columns.map(() => new Map());
    this.hashes = new Array<number>(columnCount).fill(0);
  }

  add(row: Row): void {
    this.cached = null;
    this.rowCount++;
    const cols = this.columns;
    const hashes = this.hashes;
    for (let i = 0; i < cols.length; i++) {
      const v = row[i] ?? null;
      const h = v === null ? -1 : hashValue(v);
      hashes[i] = h;
      cols[i].add(v, h);
    }
    const together = this.together;
    for (let i = 0; i < cols.length; i++) {
      const t = together[i];
      if (t === null) continue;
      const v = row[i] ?? null;
      if (cols[i].counts === null) together[i] = null;
      else if (v !== null) {
        let sketches = t.get(v);
        if (sketches === undefined) t.set(v, (sketches = cols.map(() => new HyperLogLog(PER_VALUE_PRECISION))));
        for (let j = 0; j < cols.length; j++) if (j !== i && hashes[j] !== -1) sketches[j].add(hashes[j]);
      }
    }
  }

  remove(row: Row): void {
    this.cached = null;
    this.rowCount--;
    if (this.rowCount <= 0) {
      this.rowCount = 0;
      this.columns = this.columns.map(() => new ColumnSketch());
      this.together = this.columns.map(() => new Map());
      return;
    }
    const cols = this.columns;
    for (let i = 0; i < cols.length; i++) cols[i].remove(row[i] ?? null);
  }

  /** snapshot is shared by every caller until the next change, so it is frozen. */
  snapshot(): RelationStats {
    if (this.cached === null) {
      const columns = Object.freeze(this.columns.map((c) => Object.freeze(c.snapshot(this.rowCount)))) as ColumnStats[];
      const counted = this.together.some((t, i) => t !== null && columns[i].frequent !== undefined);
      this.cached = Object.freeze(counted ? { rowCount: this.rowCount, columns, distinctAmong: distinctAmong(this.together, columns) } : { rowCount: this.rowCount, columns });
    }
    return this.cached;
  }
}

/**
 * distinctAmong answers RelationStats.distinctAmong from the columns' value sketches, estimating
 * a value's figures when first asked (a snapshot is taken on every run of a cached plan; most
 * never ask), each at most that value's row count. The sketches stay live: a figure is as of
 * its first ask, which is no later than the snapshot's next change.
 */
function distinctAmong(together: readonly (ValueSketches | null)[], columns: readonly ColumnStats[]): NonNullable<RelationStats['distinctAmong']> {
  const known = columns.map(() => new Map<Value, readonly number[] | undefined>());
  return (column, value) => {
    const memo = known[column];
    if (memo === undefined) return undefined;
    if (memo.has(value)) return memo.get(value);
    const s = together[column]?.get(value);
    const rows = columns[column].frequent?.get(value);
    const figures = s === undefined || rows === undefined ? undefined : Object.freeze(s.map((h) => Math.max(1, Math.min(rows, h.estimate()))));
    memo.set(value, figures);
    return figures;
  };
}

/**
 * The row changes of one transaction, in order, for the statistics (+1 added, -1 removed), as
 * runs of one relation and sign: a bulk insert's rows are one run, its array taken as it is
 * (pushed row by row into three growing arrays, a load's 591k rows were copied at every growth).
 */
export class StatsDelta {
  private readonly runs: DeltaRun[] = [];
  private count = 0;
  /** Net rows added per relation so far (what the transaction's own statements plan with). */
  private readonly net = new Map<number, number>();

  push(relation: number, sign: 1 | -1, row: Row): void {
    const runs = this.runs;
    const last = runs.length === 0 ? undefined : runs[runs.length - 1];
    if (last !== undefined && last.relation === relation && last.sign === sign && !last.given) last.rows.push(row);
    else runs.push({ relation, sign, rows: [row], given: false });
    this.count++;
    this.net.set(relation, (this.net.get(relation) ?? 0) + sign);
  }

  /** pushAdded records rows added to `relation` (a bulk insert's: one run, `rows` kept as given and never changed). */
  pushAdded(relation: number, rows: readonly Row[]): void {
    const n = rows.length;
    if (n === 0) return;
    this.runs.push({ relation, sign: 1, rows: rows as Row[], given: true });
    this.count += n;
    this.net.set(relation, (this.net.get(relation) ?? 0) + n);
  }

  get length(): number {
    return this.count;
  }

  /** netRows is the rows this delta adds to `relation` (negative when it removes more). */
  netRows(relation: number): number {
    return this.net.get(relation) ?? 0;
  }

  /** truncate keeps the first `n` changes. */
  truncate(n: number): void {
    const runs = this.runs;
    while (this.count > n) {
      const last = runs[runs.length - 1];
      const drop = Math.min(last.rows.length, this.count - n);
      this.net.set(last.relation, (this.net.get(last.relation) ?? 0) - last.sign * drop);
      this.count -= drop;
      if (drop === last.rows.length) runs.pop();
      else if (last.given) runs[runs.length - 1] = { ...last, rows: last.rows.slice(0, last.rows.length - drop), given: false };
      else last.rows.length -= drop;
    }
  }

  /** forEachRun visits the runs of changes in order. */
  forEachRun(visit: (relation: number, sign: 1 | -1, rows: readonly Row[]) => void): void {
    for (const r of this.runs) visit(r.relation, r.sign, r.rows);
  }
}

/** Changes of one relation and sign in a row; `given`: the array a bulk insert handed over (never pushed to). */
interface DeltaRun {
  readonly relation: number;
  readonly sign: 1 | -1;
  readonly rows: Row[];
  readonly given: boolean;
}

/**
 * withDelta is a relation's committed statistics seen from a transaction that added `net`
 * rows to it: the row count moves by `net`; the per-column figures stay the committed ones
 * (the estimator clamps distinct counts to the rows). A statement late in a long transaction —
 * a load's tenth batch looking its terms up in a dictionary the load itself filled — is then
 * planned for the rows it will read, not for the empty relation the transaction began with.
 */
export function withDelta(stats: RelationStats, net: number): RelationStats {
  if (net === 0) return stats;
  return { ...stats, rowCount: Math.max(0, stats.rowCount + net) };
}

/**
 * StatsRegistry holds every relation's sketch. A relation that existed when the store was
 * opened is "pending" until first asked for: its sketch is then built by one scan (the
 * caller's `build`), and deltas committed before that are already in what the scan sees.
 */
export class StatsRegistry {
  private sketches = new Map<number, RelationSketch>();
  private pending = new Set<number>();
  /** Counts the changes to any relation's figures (Store.statisticsVersion). */
  version = 0;

  markPending(relation: number): void {
    this.version++;
    this.pending.add(relation);
  }

  /** created starts an empty sketch for a relation created by a committed transaction. */
  created(relation: number, columnCount: number): void {
    this.version++;
    this.pending.delete(relation);
    this.sketches.set(relation, new RelationSketch(columnCount));
  }

  dropped(relation: number): void {
    this.version++;
    this.pending.delete(relation);
    this.sketches.delete(relation);
  }

  apply(delta: StatsDelta): void {
    if (delta.length > 0) this.version++;
    delta.forEachRun((relation, sign, rows) => {
      const sketch = this.sketches.get(relation);
      if (sketch === undefined) return;
      if (sign > 0) for (let i = 0; i < rows.length; i++) sketch.add(rows[i]);
      else for (let i = 0; i < rows.length; i++) sketch.remove(rows[i]);
    });
  }

  /** get returns the statistics, building a pending relation's sketch with `build` first. */
  get(relation: number, build: (relation: number) => RelationSketch | undefined): RelationStats {
    if (this.pending.has(relation)) {
      this.version++;
      this.pending.delete(relation);
      const s = build(relation);
      if (s !== undefined) this.sketches.set(relation, s);
    }
    return this.sketches.get(relation)?.snapshot() ?? { rowCount: 0, columns: [] };
  }
}
