/**
 * physical.ts — the physical plan: what the optimizer chooses and the executor runs.
 *
 * Same vocabulary as the logical plan (one noun per layer, as DuckDB carries `filter` from
 * logical to physical), but every choice is made: which index and key range a scan reads,
 * which join algorithm and which side is built, hash or sort. Each node carries the
 * optimizer's row estimate so EXPLAIN can show it next to EXPLAIN ANALYZE's actual counts.
 */
import type { Column } from './columns.js';
import type { Expr } from './expr.js';
import { triggerPlans, type AggregateCall, type ApplyMode, type ConflictPolicy, type JoinKind, type RecursiveRelation, type SortKey, type TriggerAction, type Upsert, type WindowCall } from './logical.js';
import type { IndexDef, RelationDef } from '../storage/relations.js';
import type { Value } from '../common/values.js';

interface PBase {
  readonly schema: readonly Column[];
  /** The optimizer's estimate of the rows this node outputs. */
  readonly estimatedRows: number;
}

/** A bound on a key prefix whose values are expressions (literals, parameters or, in index joins, the outer row's columns). */
export interface PhysicalKeyBound {
  readonly values: readonly Expr[];
  readonly inclusive: boolean;
}

export interface PhysicalKeyRange {
  readonly lower: PhysicalKeyBound | null;
  readonly upper: PhysicalKeyBound | null;
}

/**
 * Reads a relation's rows in primary-key order, optionally within a key range. Output: all
 * stored columns. With a `keyList`, the range is an equality prefix and the scan reads, for
 * each distinct non-null value of the list, the rows whose next key column equals it.
 */
export interface PTableScan extends PBase {
  readonly kind: 'table-scan';
  readonly relation: RelationDef;
  readonly range: PhysicalKeyRange | null;
  readonly reverse: boolean;
  readonly keyList?: readonly Expr[];
}

/** Reads a relation's rows through a secondary index, in index order, within a range over the index columns. */
export interface PIndexScan extends PBase {
  readonly kind: 'index-scan';
  readonly relation: RelationDef;
  readonly index: IndexDef;
  readonly range: PhysicalKeyRange | null;
  readonly reverse: boolean;
  /** As PTableScan's keyList, over the index columns. */
  readonly keyList?: readonly Expr[];
  /** Rows are decoded from the index entries alone: only index and primary-key columns hold values, the others are null (nobody reads them). */
  readonly covering?: boolean;
}

export interface PValues extends PBase {
  readonly kind: 'values';
  readonly rows: readonly (readonly Expr[])[];
}

export interface PFilter extends PBase {
  readonly kind: 'filter';
  readonly input: PhysicalPlan;
  readonly predicate: Expr;
  /**
   * Run-constant key values (parameters and conversions of them) of the key range the input
   * reads. When each is a number (not NaN) or a text at open, that range holds the predicate
   * exactly — key equality is then the predicate's equality — and the filter passes its input
   * on untested; other values (NULL, booleans, bigints, blobs) are tested as usual.
   */
  readonly exactForKeys?: readonly Expr[];
}

/**
 * keyEqualityIsExact says whether a key range pinned to `v` holds an equality with `v`
 * exactly: for a number (not NaN) or a text, key equality is the comparison's equality. The
 * planner asks it of literals, the executor of PFilter.exactForKeys values at each open.
 */
export function keyEqualityIsExact(v: Value): boolean {
  return typeof v === 'string' || (typeof v === 'number' && v === v);
}

/** Computes each output column from the input row (covers both projection and extension). */
export interface PProject extends PBase {
  readonly kind: 'project';
  readonly input: PhysicalPlan;
  readonly outputs: readonly { readonly column: Column; readonly expr: Expr }[];
}

/**
 * Hash join: builds a hash table on `right` keyed by rightKeys, probes it with `left` rows'
 * leftKeys; `residual` is checked on each key match. A NULL key never matches.
 * Output as the logical join of the same kind (left ++ right, left only, or left ++ mark).
 */
export interface PHashJoin extends PBase {
  readonly kind: 'hash-join';
  readonly joinKind: JoinKind;
  readonly left: PhysicalPlan;
  readonly right: PhysicalPlan;
  readonly leftKeys: readonly Expr[];
  readonly rightKeys: readonly Expr[];
  readonly residual: Expr | null;
  readonly mark: Column | null;
}

/**
 * Index nested-loop join: for each `left` row, evaluates `keys` on it and looks the values up
 * as a prefix of the primary key (index null) or of a secondary index of `relation`.
 * `inner` names the relation's columns in the output (like a scan's schema).
 */
export interface PIndexJoin extends PBase {
  readonly kind: 'index-join';
  readonly joinKind: JoinKind;
  readonly left: PhysicalPlan;
  readonly relation: RelationDef;
  readonly index: IndexDef | null;
  readonly keys: readonly Expr[];
  readonly inner: readonly Column[];
  readonly residual: Expr | null;
  readonly mark: Column | null;
  /** As PIndexScan's: looked-up rows hold only the index and primary-key columns. */
  readonly covering?: boolean;
  /**
   * Positions, among the top-level conjuncts of `residual`, of the equalities of a key with its
   * looked-up column that the lookup itself decides whenever the key's value is a number or a
   * text (keyEqualityIsExact: equal keys are then equal values): the executor tests them only
   * for other key values. Readers that ignore it test the whole residual, which is as correct.
   */
  readonly keyEqualities?: readonly number[];
}

/**
 * Multiway inner join of `inputs` on join variables (a worst-case-optimal join for cyclic
 * queries: triangles, cycles of relations). Each variable is a set of columns, at most one per
 * input and from at least two inputs, that must all be equal (hash-key equality, as a hash
 * join's keys; a NULL never joins). Variables are bound one at a time in the given order by
 * intersecting the inputs that hold them, so no binary intermediate result is ever built.
 * Output: the inputs' columns, in input order. Other conditions sit in a Filter above it.
 */
export interface PMultiwayJoin extends PBase {
  readonly kind: 'multiway-join';
  readonly inputs: readonly PhysicalPlan[];
  readonly variables: readonly (readonly Column[])[];
}

/** Nested-loop join: `right` is materialized once, every pair is tested against `condition`. */
export interface PNestedLoopJoin extends PBase {
  readonly kind: 'nested-loop-join';
  readonly joinKind: JoinKind;
  readonly left: PhysicalPlan;
  readonly right: PhysicalPlan;
  readonly condition: Expr | null;
  readonly mark: Column | null;
}

export interface PHashAggregate extends PBase {
  readonly kind: 'hash-aggregate';
  readonly input: PhysicalPlan;
  readonly groupBy: readonly Column[];
  readonly aggregates: readonly AggregateCall[];
}

export interface PSort extends PBase {
  readonly kind: 'sort';
  readonly input: PhysicalPlan;
  readonly keys: readonly SortKey[];
}

/** Keeps the first offset+count rows by `keys` with a bounded heap, then skips `offset`. */
export interface PTopK extends PBase {
  readonly kind: 'top-k';
  readonly input: PhysicalPlan;
  readonly keys: readonly SortKey[];
  readonly offset: Expr | null;
  readonly count: Expr;
}

export interface PLimit extends PBase {
  readonly kind: 'limit';
  readonly input: PhysicalPlan;
  readonly offset: Expr | null;
  readonly count: Expr | null;
}

export interface PDistinct extends PBase {
  readonly kind: 'distinct';
  readonly input: PhysicalPlan;
}

export interface PUnion extends PBase {
  readonly kind: 'union';
  readonly inputs: readonly PhysicalPlan[];
}

export interface PMinus extends PBase {
  readonly kind: 'minus';
  readonly left: PhysicalPlan;
  readonly right: PhysicalPlan;
  readonly semantics: 'set' | 'bag';
}

export interface PIntersect extends PBase {
  readonly kind: 'intersect';
  readonly left: PhysicalPlan;
  readonly right: PhysicalPlan;
  readonly semantics: 'set' | 'bag';
}

export interface PUnnest extends PBase {
  readonly kind: 'unnest';
  readonly input: PhysicalPlan;
  readonly expr: Expr;
  readonly element: Column;
  readonly ordinality: Column | null;
  readonly outer: boolean;
}

/** Runs `subquery` per input row with the input row's columns bound as outer columns. */
export interface PApply extends PBase {
  readonly kind: 'apply';
  readonly mode: ApplyMode;
  readonly input: PhysicalPlan;
  readonly subquery: PhysicalPlan;
  readonly column: Column | null;
}

export interface PRecursiveScan extends PBase {
  readonly kind: 'recursive-scan';
  readonly relation: RecursiveRelation;
  readonly delta: boolean;
}

export interface PFixpointBinding {
  readonly relation: RecursiveRelation;
  readonly init: PhysicalPlan;
  readonly step: PhysicalPlan;
}

/** Semi-naive evaluation of mutually recursive relations, then `body`. */
export interface PFixpoint extends PBase {
  readonly kind: 'fixpoint';
  readonly bindings: readonly PFixpointBinding[];
  readonly body: PhysicalPlan;
  readonly semantics: 'set' | 'bag';
  readonly maxDepth: number | null;
}

/**
 * Applies the input's rows to a stored relation through StoreTransaction.insert/update/delete,
 * with the semantics of the logical Write (logical.ts): outputs the rows it wrote. Rows skipped
 * by onConflict 'ignore' are not output. A constraint error aborts the statement (the engine
 * rolls the statement back to its savepoint); under 'fail' or 'rollback' it is raised as a
 * RaiseError of that action, which the engine handles as RAISE(FAIL) or RAISE(ROLLBACK).
 */
export interface PWrite extends PBase {
  readonly kind: 'write';
  readonly action: 'insert' | 'update' | 'delete';
  readonly relation: RelationDef;
  readonly input: PhysicalPlan;
  readonly keyColumns: readonly number[];
  readonly onConflict: ConflictPolicy;
  /** As the logical Write's (absent: none). */
  readonly upsert?: readonly Upsert[];
  /** As the logical Write's, over physical plans (absent: none). */
  readonly triggers?: readonly TriggerAction<PhysicalPlan>[];
}

/**
 * Sorts its input once by partition then order keys and computes every call per partition
 * (frames slide incrementally where the aggregate allows). Output: input ++ call columns.
 */
export interface PWindow extends PBase {
  readonly kind: 'window';
  readonly input: PhysicalPlan;
  readonly partitionBy: readonly SortKey[];
  readonly orderBy: readonly SortKey[];
  readonly calls: readonly WindowCall[];
}

export type PhysicalPlan =
  | PWrite
  | PTableScan
  | PIndexScan
  | PValues
  | PFilter
  | PProject
  | PHashJoin
  | PIndexJoin
  | PNestedLoopJoin
  | PMultiwayJoin
  | PHashAggregate
  | PSort
  | PTopK
  | PLimit
  | PDistinct
  | PUnion
  | PMinus
  | PIntersect
  | PUnnest
  | PApply
  | PRecursiveScan
  | PFixpoint
  | PWindow;

export type PhysicalKind = PhysicalPlan['kind'];
export type PhysicalOf<K extends PhysicalKind> = Extract<PhysicalPlan, { kind: K }>;

type PChildren = { [K in PhysicalKind]: (p: PhysicalOf<K>) => PhysicalPlan[] };

const physicalChildrenOf: PChildren = {
  write: (p) => [p.input, ...triggerPlans(p.triggers ?? [])],
  'table-scan': () => [],
  'index-scan': () => [],
  values: () => [],
  'recursive-scan': () => [],
  filter: (p) => [p.input],
  project: (p) => [p.input],
  'hash-aggregate': (p) => [p.input],
  sort: (p) => [p.input],
  'top-k': (p) => [p.input],
  limit: (p) => [p.input],
  distinct: (p) => [p.input],
  unnest: (p) => [p.input],
  'index-join': (p) => [p.left],
  'hash-join': (p) => [p.left, p.right],
  'nested-loop-join': (p) => [p.left, p.right],
  'multiway-join': (p) => [...p.inputs],
  minus: (p) => [p.left, p.right],
  intersect: (p) => [p.left, p.right],
  apply: (p) => [p.input, p.subquery],
  union: (p) => [...p.inputs],
  fixpoint: (p) => [...p.bindings.flatMap((b) => [b.init, b.step]), p.body],
  window: (p) => [p.input],
};

/** physicalChildren lists a physical node's inputs. */
export function physicalChildren(p: PhysicalPlan): PhysicalPlan[] {
  return (physicalChildrenOf[p.kind] as (p: PhysicalPlan) => PhysicalPlan[])(p);
}
