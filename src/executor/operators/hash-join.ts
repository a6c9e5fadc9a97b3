/**
 * hash-join.ts — builds a hash table on the right input keyed by rightKeys (hash-key.ts), then
 * probes it with each left row's leftKeys; `residual` is checked on left ++ right for each
 * key match (join-driver.ts does the join kinds). A NULL key component never matches.
 *
 * The table is built on the first probe, so an empty left input never reads the right one.
 * For mark joins the build also keeps what deciding "unknown" needs (SQL IN semantics): a
 * left row with a NULL key is unknown against any right row whose other key components are
 * equal or NULL and whose residual is not false; a left row without NULLs is unknown against
 * such a right row that has a NULL key component.
 */
import type { Evaluator, PHashJoin } from '../../algebra/index.js';
import type { Row, Value } from '../../common/values.js';
import type { PlanCompiler } from '../compile-plan.js';
import { concatLayout, layoutOf } from '../compile-expr.js';
import { hashKey, intKey, packedKey, tupleKey, type HashKey } from '../hash-key.js';
import { IntKeyTable, PRESIZE_LIMIT } from '../int-key-table.js';
import type { GroupLookup } from '../group-table.js';
import type { Open, Operator, Scope } from '../operator.js';
import type { HashAggregateOperator } from './hash-aggregate.js';
import { JoinOperator, NO_ROWS, ReusedRows, type JoinSource } from './join-driver.js';

/** `emit`: a projection fused into an inner or left join (join-driver.ts), from project.ts; `reuseRows` as JoinOperator's. */
export function compileHashJoin(p: PHashJoin, c: PlanCompiler, scope: Scope, emit: Int32Array | null = null, reuseRows = false): Open {
  if (p.leftKeys.length !== p.rightKeys.length || p.leftKeys.length === 0) {
    throw new Error(`executor: hash-join needs as many left keys as right keys (at least one)`);
  }
  const left = c.compile(p.left, scope);
  const right = c.compile(p.right, scope);
  const leftKeys = p.leftKeys.map((e) => c.expr(e, p.left.schema, scope));
  const rightKeys = p.rightKeys.map((e) => c.expr(e, p.right.schema, scope));
  const residual = p.residual === null ? null : c.expr(p.residual, concatLayout(p.left.schema, p.right.schema), scope);
  const kind = p.joinKind;
  const lw = p.left.schema.length;
  const rw = p.right.schema.length;
  const limits = c.ctx.limits;
  const expected = Math.min(Math.ceil(p.right.estimatedRows), PRESIZE_LIMIT);
  const reused = reuseRows && emit !== null ? new ReusedRows(emit.length) : null;
  const probeSlot = p.leftKeys.length === 1 && p.leftKeys[0].kind === 'column' ? (layoutOf(p.left.schema).get(p.leftKeys[0].id) ?? -1) : -1;
  if (groupKeyed(p) && !c.profiling) return () => new JoinOperator(kind, left(), new GroupSource(right, leftKeys[0], probeSlot), residual, lw, rw, limits, emit, p.estimatedRows, reused);
  return () => new JoinOperator(kind, left(), new HashSource(right, leftKeys, rightKeys, kind === 'mark', expected, probeSlot), residual, lw, rw, limits, emit, p.estimatedRows, reused);
}

/**
 * groupKeyed: the build side is a hash aggregate grouped by the one join key alone (eager
 * aggregation's groups joined on to the rest of the join), not for a mark join: its own group
 * table finds a key's one row (GroupSource).
 */
function groupKeyed(p: PHashJoin): boolean {
  const r = p.right;
  const key = p.rightKeys.length === 1 ? p.rightKeys[0] : null;
  return p.joinKind !== 'mark' && r.kind === 'hash-aggregate' && r.groupBy.length === 1 && key !== null && key.kind === 'column' && key.id === r.groupBy[0].id;
}

/** Evaluates key expressions into `scratch`; false when a component is NULL. */
function evalKeys(evals: readonly Evaluator[], row: Row, scratch: Value[]): boolean {
  for (let i = 0; i < evals.length; i++) {
    const v = evals[i](row);
    if (v === null) return false;
    scratch[i] = v;
  }
  return true;
}

/** The hash key of the values evalKeys left in `scratch`. */
function hashOf(scratch: Value[], n: number): HashKey {
  return n === 1 ? hashKey(scratch[0]) : n <= 4 ? packedKey(scratch, n) : tupleKey(scratch, n);
}

/**
 * GroupSource is the built side when it is a hash aggregate grouped by the join key alone
 * (groupKeyed): the aggregate's group table (HashAggregateOperator.groupTable) finds a key's one
 * row, so the groups are not hashed a second time into a table of the join's (SQL Q4 counts
 * 10,000 persons into 4,249 cities, then joins the cities). A NULL key matches nothing, though
 * the aggregate has a NULL group; other keys find groups by the hashing equality HashSource's
 * tables use (hash-key.ts), so the two answer alike.
 */
class GroupSource implements JoinSource {
  /** The aggregate's groups; the row a find returns may be rewritten by the next (a CountTable's): the join copies what it reads first. */
  private groups: GroupLookup | null = null;
  private op: HashAggregateOperator | null = null;
  /** What candidates returns for a key found (join-driver reads it before the next call). */
  private readonly single: Row[] = [[]];

  constructor(
    private readonly openRight: Open,
    private readonly leftKey: Evaluator,
    /** The left row's position of the key when it is a column (-1: evaluated). */
    private readonly probeSlot: number,
  ) {}

  candidates(left: Row): readonly Row[] {
    let groups = this.groups;
    if (groups === null) {
      // Built on the first probe, as HashSource is: an empty left input never reads the right one.
      const op = this.openRight() as HashAggregateOperator;
      this.op = op;
      groups = this.groups = op.groupTable();
    }
    const v = this.probeSlot >= 0 ? left[this.probeSlot] : this.leftKey(left);
    if (v === null) return NO_ROWS;
    const row = groups.find(v);
    if (row === undefined) return NO_ROWS;
    this.single[0] = row;
    return this.single;
  }

  /** Never asked: a group-keyed join is no mark join (groupKeyed). */
  unknownWithoutMatch(): boolean {
    return false;
  }

  close(): void {
    this.op?.close();
    this.op = null;
    this.groups = null;
  }
}

/**
 * HashSource is the built side. While every build key is a small integer tuple (intKey: id
 * columns, the usual join keys) the table is an IntKeyTable numbering the distinct keys:
 * firsts[n] is the first row of key n and buckets[n] all its rows once it has a second (most
 * build sides are keyed on a unique column — a join up to a primary key — and then no bucket
 * array is made, and a probe reads the row without going through one). A probe whose key has
 * no int form cannot equal any of them. The first build key without one moves the table into
 * a Map on hash keys.
 */
class HashSource implements JoinSource {
  private built = false;
  private ints: IntKeyTable | null = null;
  private firsts: Row[] = [];
  private buckets: (Row[] | undefined)[] = [];
  /** What candidates returns for a key with one row (join-driver reads it before the next call). */
  private readonly single: Row[] = [[]];
  private table: Map<HashKey, Row[]> | null = null;
  /** Mark joins only: every right row, and those with a NULL key component. */
  private all: Row[] = [];
  private nullKeyed: Row[] = [];
  private readonly scratch: Value[];
  private rightOp: Operator | null = null;

  constructor(
    private readonly openRight: Open,
    private readonly leftKeys: readonly Evaluator[],
    private readonly rightKeys: readonly Evaluator[],
    private readonly forMark: boolean,
    /** The build rows the plan expects (at most PRESIZE_LIMIT). */
    private readonly expected: number,
    /** The left row's position of a probe keyed by one column (-1: keys are evaluated): the usual id join reads it without an evaluator call. */
    private readonly probeSlot: number,
  ) {
    this.scratch = new Array<Value>(leftKeys.length).fill(null);
  }

  candidates(left: Row): readonly Row[] {
    if (!this.built) this.build();
    if (this.probeSlot >= 0 && this.ints !== null) {
      const v = left[this.probeSlot];
      if (typeof v === 'number' && (v | 0) === v) return this.entryRows(this.ints.get(v));
    }
    const scratch = this.scratch;
    const n = scratch.length;
    if (!evalKeys(this.leftKeys, left, scratch)) return NO_ROWS;
    if (this.ints !== null) {
      const k = intKey(scratch, n);
      if (k === undefined) return NO_ROWS;
      return this.entryRows(this.ints.get(k));
    }
    return (this.table as Map<HashKey, Row[]>).get(hashOf(scratch, n)) ?? NO_ROWS;
  }

  /** sieve is JoinSource.sieve: SQL Q3's NOT IN probes 465 rows into a table of 14 ids in one loop. */
  sieve(batch: readonly Row[], keep: boolean, out: Row[]): number {
    if (!this.built) this.build();
    const ints = this.ints;
    const slot = this.probeSlot;
    let n = 0;
    for (let i = 0; i < batch.length; i++) {
      const l = batch[i];
      let found: boolean;
      const v = slot >= 0 ? l[slot] : null;
      // The usual id key: its int is looked up in the table itself (what candidates does, without its row arrays).
      if (ints !== null && typeof v === 'number' && (v | 0) === v) found = ints.get(v) >= 0;
      else found = this.candidates(l).length > 0;
      if (found === keep) out[n++] = l;
    }
    return n;
  }

  /** entryRows: the rows of IntKeyTable entry `e` (none for -1). */
  private entryRows(e: number): readonly Row[] {
    if (e < 0) return NO_ROWS;
    const bucket = this.buckets[e];
    if (bucket !== undefined) return bucket;
    this.single[0] = this.firsts[e];
    return this.single;
  }

  unknownWithoutMatch(left: Row, join: JoinOperator): boolean {
    // The common case, NOT IN over a column without NULLs: a left key without NULLs can be
    // unknown only against a right row with a NULL key component, and there is none.
    if (this.nullKeyed.length === 0 && evalKeys(this.leftKeys, left, this.scratch)) return false;
    const lv = this.leftKeys.map((e) => e(left));
    const pool = lv.includes(null) ? this.all : this.nullKeyed;
    for (const r of pool) {
      if (this.compatible(lv, r) && join.conditionNotFalse(left, r)) return true;
    }
    return false;
  }

  close(): void {
    this.rightOp?.close();
    this.rightOp = null;
    this.built = false;
    this.ints?.release();
    this.ints = null;
    this.firsts = [];
    this.buckets = [];
    this.table = null;
    this.all = [];
    this.nullKeyed = [];
  }

  /** compatible: every key component pair is equal or involves a NULL. */
  private compatible(lv: readonly Value[], r: Row): boolean {
    for (let i = 0; i < lv.length; i++) {
      const a = lv[i];
      const b = this.rightKeys[i](r);
      if (a !== null && b !== null && hashKey(a) !== hashKey(b)) return false;
    }
    return true;
  }

  private build(): void {
    const keys = this.rightKeys;
    const n = keys.length;
    const scratch = new Array<Value>(n).fill(null);
    let ints: IntKeyTable | null = new IntKeyTable(this.expected);
    const firsts: Row[] = [];
    const buckets: (Row[] | undefined)[] = [];
    let table: Map<HashKey, Row[]> | null = null;
    const op = this.openRight();
    this.rightOp = op;
    for (let b = op.next(); b !== null; b = op.next()) {
      for (let i = 0; i < b.length; i++) {
        const r = b[i];
        const keyed = evalKeys(keys, r, scratch);
        if (this.forMark) {
          this.all.push(r);
          if (!keyed) this.nullKeyed.push(r);
        }
        if (!keyed) continue;
        if (ints !== null) {
          const k = intKey(scratch, n);
          if (k !== undefined) {
            const e = ints.add(k);
            if (e === firsts.length) firsts.push(r);
            else {
              const bucket = buckets[e];
              if (bucket === undefined) buckets[e] = [firsts[e], r];
              else bucket.push(r);
            }
            continue;
          }
          table = this.toMap(firsts, buckets);
          ints.release();
          ints = null;
        }
        const k = hashOf(scratch, n);
        const bucket = (table as Map<HashKey, Row[]>).get(k);
        if (bucket === undefined) (table as Map<HashKey, Row[]>).set(k, [r]);
        else bucket.push(r);
      }
    }
    op.close();
    this.rightOp = null;
    this.ints = ints;
    this.firsts = ints !== null ? firsts : [];
    this.buckets = ints !== null ? buckets : [];
    this.table = table;
    this.built = true;
  }

  /** toMap rehashes the keys numbered so far (the rows of key n: firsts[n], or buckets[n] once it has two) by hash key. */
  private toMap(firsts: readonly Row[], buckets: readonly (Row[] | undefined)[]): Map<HashKey, Row[]> {
    const table = new Map<HashKey, Row[]>();
    const scratch = new Array<Value>(this.rightKeys.length).fill(null);
    for (let e = 0; e < firsts.length; e++) {
      evalKeys(this.rightKeys, firsts[e], scratch);
      table.set(hashOf(scratch, scratch.length), buckets[e] ?? [firsts[e]]);
    }
    return table;
  }
}
