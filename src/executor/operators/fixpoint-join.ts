/**
 * fixpoint-join.ts — compiles a part of a Fixpoint's step (fixpoint-step.ts) into one loop over
 * value codes fused with the deduplication, when it is set semantics and an inner hash or index
 * join under a projection of columns: the shape of every linear recursive rule (`tc(X, Y) :-
 * tc(X, Z), edge(Z, Y)`, SQL's `WITH RECURSIVE … JOIN …`). The loop itself is
 * fixpoint-join-run.ts, its built side fixpoint-built-side.ts.
 *
 * The fused loop differs from HashJoin + Project + dedupe in ways that matter for large
 * closures, where most candidate rows are already known:
 *   - it works on the Fixpoint's value codes (value-codes.ts): the built side's key and
 *     output columns are coded once per built row, a recursive relation's rows are read as
 *     codes, and a candidate is a tuple of codes looked up in the RowSet — no row is built
 *     for a candidate, and a new row is stored as codes (recursive-rows.ts builds the array
 *     only if something reads it as a row);
 *   - the built side is kept across iterations when it reads no relation of this Fixpoint
 *     (the edge table of a closure is hashed once, not once per iteration);
 *   - when the built side is a full read of one of this Fixpoint's relations (non-linear
 *     rules, T ⋈ ΔT), its table is kept too and extended with that relation's new rows
 *     before each iteration, instead of re-hashing everything derived so far.
 * An inner index join (index-join.ts) in a step is fused too, adaptively: an index probe costs
 * about as much as reading and hashing SCAN_ROWS_PER_PROBE (fixpoint-join-run.ts) stored rows, so while the step
 * runs through its index lookups (fused over codes: fixpoint-lookups.ts), each iteration also reads that many rows of the looked-up
 * relation per row driving the step (the delta it reads) into a hash table; once the whole
 * relation is read, the step probes the table instead (hashing only the rows under the
 * lookup's leading keys when those are fixed for the run: fixedKeys). Where the store counts
 * the relation's rows, nothing is read until the lookups made are worth all of them (a read
 * stopped short by the Fixpoint's end is wasted). A closure over a small hierarchy
 * (thousands of rows, a thousand probes) so hashes its edges once, while a selective walk of
 * a large relation keeps its few lookups and reads at most a bounded multiple of their cost.
 * An init runs once, so past the same number of lookups it hashes its driving rows instead and
 * streams the relation past them (fixpoint-streamed.ts), within the same budget of rows read.
 * Join semantics are hash-join.ts's: a NULL key component matches nothing, the residual
 * must be exactly true. Any other step part — and every part under bag semantics or EXPLAIN
 * ANALYZE (whose per-operator figures need the operators) — runs through the operators.
 */
import type { Evaluator, Expr, PHashJoin, PhysicalPlan, PIndexJoin, PRecursiveScan, PTableScan } from '../../algebra/index.js';
import { columnsUsed, isDeterministic, physicalChildren } from '../../algebra/index.js';
import type { Row } from '../../common/values.js';
import type { PlanCompiler } from '../compile-plan.js';
import { concatLayout, layoutOf } from '../compile-expr.js';
import type { Limits, Open, RecursiveState, Scope } from '../operator.js';
import { JoinRun } from './fixpoint-join-run.js';
import { storedLookups, type StoredLookups } from './fixpoint-lookups.js';
import type { StepRun } from './fixpoint-step.js';
import { RecursiveRows } from '../recursive-rows.js';
import { recursiveState } from './recursive-scan.js';

/** Where a side of a fused join reads its rows. */
export type Side =
  /** A relation of this Fixpoint read as codes; `slots` are its key columns. */
  | { readonly kind: 'codes'; readonly state: RecursiveState; readonly delta: boolean; readonly keySlots: Int32Array }
  /** Any plan read through its operators; keys are expressions over its rows. */
  | { readonly kind: 'rows'; readonly open: Open; readonly keys: readonly Evaluator[] }
  /**
   * An index join's looked-up relation (`open` scans it whole, `keys` read the looked-up
   * columns), read into the built side a slice at a time; until it is all read, the part runs
   * as `viaIndex` (its index lookups), each iteration reading SCAN_ROWS_PER_PROBE rows per
   * row of the relations of this Fixpoint that drive it (`drivers`).
   */
  | {
      readonly kind: 'stored';
      readonly open: Open;
      readonly keys: readonly Evaluator[];
      readonly viaIndex: Open;
      /** The same lookups fused over codes (fixpoint-lookups.ts), which the part runs instead of viaIndex where the transaction can probe. */
      readonly lookups: StoredLookups;
      readonly drivers: readonly Driver[];
      /** The leading keys fixed for the whole run, if any (fixedKeys): only rows under them are hashed. */
      readonly fixed: FixedKeys | null;
    };

/** Leading lookup keys that are the same for a whole Fixpoint run: the plan giving them, and the keys over its rows. */
export interface FixedKeys {
  readonly open: Open;
  readonly keys: readonly Evaluator[];
}

/** A read of a relation of this Fixpoint inside a part: its delta, or all of it. */
export interface Driver {
  readonly state: RecursiveState;
  readonly delta: boolean;
}

/** What a fused join part needs, compiled once. */
export interface JoinPart {
  readonly target: RecursiveState;
  readonly left: Side;
  /** A chained left side's join (drivingSide): run into `left`'s relation before each run of this part. */
  readonly feed: JoinPart | null;
  /**
   * Whether the chained left side reads no relation of this Fixpoint: its rows are then the same
   * every iteration (stored relations and enclosing Fixpoints' relations hold still while this
   * one runs), so it is run once per Fixpoint run, not once per iteration.
   */
  readonly feedInvariant: boolean;
  readonly right: Side;
  readonly residual: Evaluator | null;
  /** Output positions taken from the left row, and the left column each reads. */
  readonly fromLeft: Int32Array;
  readonly leftSlots: Int32Array;
  /** Output positions taken from the right row, and the right column each reads. */
  readonly fromRight: Int32Array;
  readonly rightSlots: Int32Array;
  readonly leftWidth: number;
  readonly rightWidth: number;
  /** How the built side behaves across iterations: rebuilt, kept, or kept and extended with a relation's new rows. */
  readonly keep: 'rebuild' | 'keep' | 'extend';
  /** Whether the part runs once per Fixpoint run (an init), not once per iteration. */
  readonly once: boolean;
  readonly limits: Limits;
}

/** compileJoinPart compiles `Project(columns)(join)` or a bare join, for an inner HashJoin or IndexJoin; null for any other shape. */
export function compileJoinPart(p: PhysicalPlan, c: PlanCompiler, scope: Scope, own: ReadonlyMap<number, RecursiveState>, target: RecursiveState, once: boolean): (() => StepRun) | null {
  const part = joinPart(p, c, scope, own, target, once);
  return part === null ? null : () => new JoinRun(part);
}

/** joinPart is compileJoinPart's part, compiled once; null for a shape that does not fuse. */
function joinPart(p: PhysicalPlan, c: PlanCompiler, scope: Scope, own: ReadonlyMap<number, RecursiveState>, target: RecursiveState, once: boolean): JoinPart | null {
  let join: PhysicalPlan;
  let emit: number[];
  if (p.kind === 'project') {
    const layout = layoutOf(p.input.schema);
    emit = p.outputs.map((o) => (o.expr.kind === 'column' ? (layout.get(o.expr.id) ?? -1) : -1));
    if (!emit.every((s) => s >= 0)) return null;
    join = p.input;
  } else {
    join = p;
    emit = p.schema.map((_, i) => i);
  }
  const sides = join.kind === 'hash-join' ? hashSides(join, c, scope, own, once) : join.kind === 'index-join' ? indexSides(join, p, c, scope, own, once) : null;
  if (sides === null) return null;
  const { left, right, rightSchema } = sides;
  const lw = sides.leftSchema.length;
  const fromLeft = emit.flatMap((s, k) => (s < lw ? [k] : []));
  const fromRight = emit.flatMap((s, k) => (s >= lw ? [k] : []));
  return {
    target,
    left,
    feed: sides.feed,
    feedInvariant: sides.feedInvariant,
    right,
    residual: sides.residual === null ? null : c.expr(sides.residual, concatLayout(sides.leftSchema, rightSchema), scope),
    fromLeft: Int32Array.from(fromLeft),
    leftSlots: Int32Array.from(fromLeft, (k) => emit[k]),
    fromRight: Int32Array.from(fromRight),
    rightSlots: Int32Array.from(fromRight, (k) => emit[k] - lw),
    leftWidth: lw,
    rightWidth: rightSchema.length,
    keep: right.kind === 'codes' && !right.delta && own.has(right.state.relation.id) ? 'extend' : sides.rightReadsOwn ? 'rebuild' : 'keep',
    once,
    limits: c.ctx.limits,
  };
}

/** The two sides of a join to fuse, as compileJoinPart needs them. */
interface FusedSides {
  readonly left: Side;
  /** The fused join that fills a chained left side each run (drivingSide), or null. */
  readonly feed: JoinPart | null;
  /** Whether that chained left side reads no relation of this Fixpoint (JoinPart.feedInvariant). */
  readonly feedInvariant: boolean;
  readonly right: Side;
  readonly leftSchema: PhysicalPlan['schema'];
  readonly rightSchema: PhysicalPlan['schema'];
  readonly residual: PHashJoin['residual'];
  /** Whether the built side reads a relation of this Fixpoint (it is then rebuilt every iteration). */
  readonly rightReadsOwn: boolean;
}

function hashSides(join: PHashJoin, c: PlanCompiler, scope: Scope, own: ReadonlyMap<number, RecursiveState>, once: boolean): FusedSides | null {
  if (join.joinKind !== 'inner' || join.leftKeys.length !== join.rightKeys.length || join.leftKeys.length === 0) return null;
  return {
    ...drivingSide(join.left, join.leftKeys, c, scope, own, once),
    right: side(join.right, join.rightKeys, c, scope, own),
    leftSchema: join.left.schema,
    rightSchema: join.right.schema,
    residual: join.residual,
    rightReadsOwn: readsAny(join.right, own),
  };
}

/**
 * indexSides fuses an inner index join (`part` is it, or the projection over it): the looked-up
 * relation becomes a built side read by a table scan, keyed on the columns the lookup binds.
 */
function indexSides(join: PIndexJoin, part: PhysicalPlan, c: PlanCompiler, scope: Scope, own: ReadonlyMap<number, RecursiveState>, once: boolean): FusedSides | null {
  if (join.joinKind !== 'inner' || join.keys.length === 0) return null;
  const positions = lookedUpColumns(join);
  if (positions === null) return null;
  const scan: PTableScan = { kind: 'table-scan', relation: join.relation, range: null, reverse: false, schema: join.inner, estimatedRows: 0 };
  const driving = drivingSide(join.left, join.keys, c, scope, own, once);
  const drivers: Driver[] = [];
  // A chained left side is filled before the part runs: its rows are the lookups it makes.
  if (driving.feed !== null && driving.left.kind === 'codes') drivers.push({ state: driving.left.state, delta: false });
  else collectDrivers(join.left, scope, drivers);
  return {
    ...driving,
    right: {
      kind: 'stored',
      open: c.compile(scan, scope),
      keys: positions.map((at) => (r: Row) => r[at]),
      viaIndex: c.compile(part, scope),
      lookups: storedLookups(join, c.ctx, positions),
      drivers,
      fixed: fixedKeys(join, c, scope, own),
    },
    leftSchema: join.left.schema,
    rightSchema: join.inner,
    residual: join.residual,
    rightReadsOwn: false,
  };
}

/**
 * fixedKeys: the leading keys of an index join that are the same for the whole Fixpoint run —
 * its left side is a cross product (an inner NestedLoopJoin without condition) of the rows
 * driving the step with a plan that reads no relation of this Fixpoint (a SPARQL path's
 * constant predicate, as a term id looked up once), and those keys are computed from that
 * plan's columns alone. The built side then hashes only the stored rows under them (one
 * predicate's triples, not the whole triple table); the table is still read whole, which costs
 * far less per row than hashing (or than reading the range through the index: entries decoded).
 */
function fixedKeys(join: PIndexJoin, c: PlanCompiler, scope: Scope, own: ReadonlyMap<number, RecursiveState>): FixedKeys | null {
  const cross = join.left;
  if (cross.kind !== 'nested-loop-join' || cross.joinKind !== 'inner' || cross.condition !== null) return null;
  const fixed = [cross.left, cross.right].find((p) => !readsAny(p, own));
  if (fixed === undefined) return null;
  const available = new Set(fixed.schema.map((column) => column.id));
  const isFixed = (e: Expr) => isDeterministic(e) && [...columnsUsed(e)].every((id) => available.has(id));
  let n = 0;
  while (n < join.keys.length && isFixed(join.keys[n])) n++;
  if (n === 0) return null;
  return { open: c.compile(fixed, scope), keys: join.keys.slice(0, n).map((e) => c.expr(e, fixed.schema, scope)) };
}

/** lookedUpColumns: the stored row's column each key of an index join is looked up in (index columns, then primary-key columns); null when one is the hidden row id. */
function lookedUpColumns(join: PIndexJoin): number[] | null {
  const pk = join.relation.primaryKey;
  if (pk === null && join.index === null) return null;
  const cols = join.index === null ? (pk ?? []) : [...join.index.columns, ...(pk ?? [])];
  if (join.keys.length > cols.length) return null;
  return cols.slice(0, join.keys.length);
}

/** collectDrivers lists the reads of recursive relations in scope (this Fixpoint's or an enclosing one's) in `p`. */
function collectDrivers(p: PhysicalPlan, scope: Scope, into: Driver[]): void {
  if (p.kind === 'recursive-scan') {
    const state = scope.recursive.get(p.relation.id);
    if (state !== undefined) into.push({ state, delta: p.delta });
    return;
  }
  // A nested Fixpoint's relations are not in scope here.
  if (p.kind === 'fixpoint') return;
  for (const child of physicalChildren(p)) collectDrivers(child, scope, into);
}

/**
 * drivingSide is the left side of a fused join: as `side`, or — when it is itself a join of the
 * fused shape (a chain of joins, as a rule body of several atoms lowers to) — a relation of
 * codes that its own fused join (`feed`) fills before each run of the part (a bag: the
 * target's set dedupes what the chain derives).
 */
function drivingSide(
  p: PhysicalPlan,
  keys: PHashJoin['leftKeys'],
  c: PlanCompiler,
  scope: Scope,
  own: ReadonlyMap<number, RecursiveState>,
  once: boolean,
): { left: Side; feed: JoinPart | null; feedInvariant: boolean } {
  const layout = layoutOf(p.schema);
  const slots = keys.map((k) => (k.kind === 'column' ? (layout.get(k.id) ?? -1) : -1));
  if (!isCodedScan(p, scope) && slots.every((s) => s >= 0)) {
    const joined: RecursiveState = { relation: { id: -1, name: 'joined', columns: p.schema }, rows: new RecursiveRows(p.schema.length, null) };
    const feed = joinPart(p, c, scope, own, joined, once);
    // Only a chain driven by codes (a relation of a Fixpoint, or another such chain): one
    // driven by stored rows gains nothing over the operators, and codes every value it meets.
    if (feed !== null && feed.left.kind === 'codes') {
      return { left: { kind: 'codes', state: joined, delta: false, keySlots: Int32Array.from(slots) }, feed, feedInvariant: !readsAny(p, own) };
    }
  }
  return { left: side(p, keys, c, scope, own), feed: null, feedInvariant: false };
}

/**
 * side reads a relation of a set Fixpoint in scope — this one's, or an enclosing one's, which
 * shares its dictionary (fixpoint.ts) — as codes when the join keys are its columns, anything
 * else through operators.
 */
function side(p: PhysicalPlan, keys: PHashJoin['leftKeys'], c: PlanCompiler, scope: Scope, own: ReadonlyMap<number, RecursiveState>): Side {
  if (isCodedScan(p, scope)) {
    const layout = layoutOf(p.schema);
    const slots = keys.map((k) => (k.kind === 'column' ? (layout.get(k.id) ?? -1) : -1));
    if (slots.every((s) => s >= 0)) return { kind: 'codes', state: recursiveState(p, scope), delta: p.delta, keySlots: Int32Array.from(slots) };
  }
  return { kind: 'rows', open: c.compile(p, scope), keys: keys.map((e) => c.expr(e, p.schema, scope)) };
}

function isOwnScan(p: PhysicalPlan, own: ReadonlyMap<number, RecursiveState>): p is PRecursiveScan {
  return p.kind === 'recursive-scan' && own.has(p.relation.id);
}

/** isCodedScan: whether `p` reads a relation of a set Fixpoint in scope (held as codes in the dictionary this one shares). */
function isCodedScan(p: PhysicalPlan, scope: Scope): p is PRecursiveScan {
  return p.kind === 'recursive-scan' && scope.recursive.get(p.relation.id)?.rows.dictionary != null;
}

/** readsAny: whether `p` reads (fully or the delta of) a relation of `own`. */
function readsAny(p: PhysicalPlan, own: ReadonlyMap<number, RecursiveState>): boolean {
  return isOwnScan(p, own) || physicalChildren(p).some((child) => readsAny(child, own));
}
