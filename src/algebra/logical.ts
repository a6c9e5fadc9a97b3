/**
 * logical.ts — the logical plan language every front end lowers to.
 *
 * Bag-semantics relational algebra plus the extras five data models need (DESIGN.md):
 * joins of every kind (inner, left, semi, anti, mark), MultiJoin (a whole conjunctive join as
 * a hypergraph for the join orderer), Unnest for arrays, Apply for correlated subqueries and
 * Fixpoint for recursion. Every node is frozen and carries its output schema; build nodes
 * with the smart constructors in build.ts, which check their inputs and simplify as they go.
 */
import type { Column } from './columns.js';
import type { Expr } from './expr.js';
import type { RelationDef } from '../storage/relations.js';

export type JoinKind = 'inner' | 'left' | 'semi' | 'anti' | 'mark';
export type ApplyMode = 'cross' | 'left' | 'semi' | 'anti' | 'scalar' | 'mark';

interface Base {
  /** The columns this operator outputs, in order. */
  readonly schema: readonly Column[];
}

/** Scan reads every row of a stored relation; one output column per stored column. */
export interface Scan extends Base {
  readonly kind: 'scan';
  readonly relation: RelationDef;
}

/** Values is an inline table (SQL VALUES, SPARQL VALUES, Datalog facts in a query). */
export interface Values extends Base {
  readonly kind: 'values';
  readonly rows: readonly (readonly Expr[])[];
}

/** Filter keeps the rows for which `predicate` is exactly true (unknown and false both drop). */
export interface Filter extends Base {
  readonly kind: 'filter';
  readonly input: Plan;
  readonly predicate: Expr;
}

/** Extend appends computed columns. */
export interface Extend extends Base {
  readonly kind: 'extend';
  readonly input: Plan;
  readonly definitions: readonly { readonly column: Column; readonly expr: Expr }[];
}

/** Project keeps a subset of the input's columns, in the given order (duplicates are not removed). */
export interface Project extends Base {
  readonly kind: 'project';
  readonly input: Plan;
}

/**
 * Join combines two inputs. inner/left output left ++ right; semi/anti output the left side;
 * mark outputs the left side plus `mark`, a boolean column: true if a match exists, false if
 * none, null if no match but the condition was unknown for some pair (SQL's IN with NULLs).
 */
export interface Join extends Base {
  readonly kind: 'join';
  readonly joinKind: JoinKind;
  readonly left: Plan;
  readonly right: Plan;
  readonly condition: Expr | null;
  readonly mark: Column | null;
}

/** MultiJoin is an inner join of n inputs under a set of predicates: the join orderer's input. */
export interface MultiJoin extends Base {
  readonly kind: 'multijoin';
  readonly inputs: readonly Plan[];
  readonly conditions: readonly Expr[];
}

/** Union concatenates inputs (bag union); inputs map positionally onto the output columns. */
export interface Union extends Base {
  readonly kind: 'union';
  readonly inputs: readonly Plan[];
}

/** Minus removes right rows from left rows, positionally (SQL EXCEPT: set; EXCEPT ALL: bag). NULLs compare equal. */
export interface Minus extends Base {
  readonly kind: 'minus';
  readonly left: Plan;
  readonly right: Plan;
  readonly semantics: 'set' | 'bag';
}

/** Intersect keeps left rows that also occur in right, positionally (set or bag). NULLs compare equal. */
export interface Intersect extends Base {
  readonly kind: 'intersect';
  readonly left: Plan;
  readonly right: Plan;
  readonly semantics: 'set' | 'bag';
}

/** Distinct removes duplicate rows (NULLs compare equal). */
export interface Distinct extends Base {
  readonly kind: 'distinct';
  readonly input: Plan;
}

export interface AggregateCall {
  readonly column: Column;
  readonly fn: string;
  readonly args: readonly Expr[];
  readonly distinct: boolean;
  readonly filter: Expr | null;
}

/** Aggregate groups by input columns and computes aggregates; output = groupBy ++ aggregate columns. No groupBy → exactly one row. */
export interface Aggregate extends Base {
  readonly kind: 'aggregate';
  readonly input: Plan;
  readonly groupBy: readonly Column[];
  readonly aggregates: readonly AggregateCall[];
}

export interface SortKey {
  readonly expr: Expr;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
  /** Ordering id from the registry ('sql', later 'sparql', 'cypher', 'mongo'). */
  readonly ordering: string;
}

export interface Sort extends Base {
  readonly kind: 'sort';
  readonly input: Plan;
  readonly keys: readonly SortKey[];
}

/** Limit skips `offset` rows then keeps `count` (null: all). Both may be parameters. */
export interface Limit extends Base {
  readonly kind: 'limit';
  readonly input: Plan;
  readonly offset: Expr | null;
  readonly count: Expr | null;
}

/** Unnest emits one row per element of a list-valued expression (UNWIND, $unwind, json_each). */
export interface Unnest extends Base {
  readonly kind: 'unnest';
  readonly input: Plan;
  readonly expr: Expr;
  readonly element: Column;
  readonly ordinality: Column | null;
  /** Keep input rows whose list is empty or null, with a null element. */
  readonly outer: boolean;
}

/**
 * Apply runs `subquery` once per input row with the input's columns in scope (correlation).
 * cross/left: input ++ subquery columns; semi/anti: input; scalar: input ++ [column] holding the
 * subquery's single value (null if no row; error if more than one); mark: input ++ [column] (exists).
 */
export interface Apply extends Base {
  readonly kind: 'apply';
  readonly mode: ApplyMode;
  readonly input: Plan;
  readonly subquery: Plan;
  readonly column: Column | null;
}

/** A recursive relation's identity inside a Fixpoint. */
export interface RecursiveRelation {
  readonly id: number;
  readonly name: string;
  readonly columns: readonly Column[];
}

/** RecursiveScan reads a recursive relation: all rows so far, or only the last iteration's new rows. */
export interface RecursiveScan extends Base {
  readonly kind: 'recursive-scan';
  readonly relation: RecursiveRelation;
  readonly delta: boolean;
}

export interface FixpointBinding {
  readonly relation: RecursiveRelation;
  /** The non-recursive part: evaluated once. */
  readonly init: Plan;
  /** The recursive part: evaluated each iteration; reads the bindings through RecursiveScan. */
  readonly step: Plan;
}

/**
 * Fixpoint evaluates mutually recursive relations to their least fixpoint, then evaluates
 * `body`, which reads them (recursive CTEs, Datalog strata, property paths, variable-length
 * patterns). `set` semantics discards rows already derived (semi-naive); `bag` keeps them
 * (SQL UNION ALL recursion, bounded by maxDepth or a LIMIT).
 */
export interface Fixpoint extends Base {
  readonly kind: 'fixpoint';
  readonly bindings: readonly FixpointBinding[];
  readonly body: Plan;
  readonly semantics: 'set' | 'bag';
  readonly maxDepth: number | null;
}

/** Where a window frame starts or ends, counted in rows, in ORDER BY values or in peer groups (WindowFrame.units). */
export interface FrameBound {
  readonly type: 'unbounded-preceding' | 'preceding' | 'current-row' | 'following' | 'unbounded-following';
  /** For preceding/following: a non-negative constant (literal or parameter), evaluated once per execution. */
  readonly offset: Expr | null;
}

/**
 * The rows a window call sees for each row of its partition. `range` offsets need exactly one
 * order key; `exclude` removes the current row, its peer group, or its peers but not itself.
 */
export interface WindowFrame {
  readonly units: 'rows' | 'range' | 'groups';
  readonly start: FrameBound;
  readonly end: FrameBound;
  readonly exclude: 'no-others' | 'current-row' | 'group' | 'ties';
}

/**
 * One window function call: `fn` is a window function id (registry defineWindowFunction) or an
 * aggregate id, which is then evaluated over each row's frame (and `filter`, aggregates only).
 */
export interface WindowCall {
  readonly column: Column;
  readonly fn: string;
  readonly args: readonly Expr[];
  readonly filter: Expr | null;
  readonly frame: WindowFrame;
}

/**
 * Window computes, for every input row, functions of the rows of its partition (rows with
 * equal `partitionBy` values, compared by their ordering; direction does not matter) in
 * `orderBy` order; rows equal on every order key are peers. Output = input ++ one column per
 * call, one row per input row (in no promised order). Which function a call means — SQL's
 * RANK, an aggregate over a frame — is its id, never the node.
 */
export interface Window extends Base {
  readonly kind: 'window';
  readonly input: Plan;
  readonly partitionBy: readonly SortKey[];
  readonly orderBy: readonly SortKey[];
  readonly calls: readonly WindowCall[];
}

/**
 * Write changes a stored relation with the rows of its input and outputs the rows it wrote
 * (for RETURNING and row counts). Every model's writes go through it.
 *   insert: each input row is a full row of the relation, in column order.
 *   delete: each input row holds the key of a row to delete at `keyColumns` (positions in the input).
 *   update: each input row holds the old key at `keyColumns` and the new full row in the
 *           input's last relation.columns.length positions.
 * `onConflict`: 'error' raises ConstraintError, 'ignore' skips the row (an update leaves it
 * as it was), 'replace' first deletes the other rows it collides with on the primary key or
 * any unique index (SQLite's REPLACE), 'fail' raises but keeps the rows written before
 * (SQLite's OR FAIL), 'rollback' raises and ends the whole transaction (OR ROLLBACK).
 * Output schema = the input's schema; the optimizer never moves anything across a Write.
 */
/** What a Write does with a row that breaks a constraint (Write.onConflict). */
export type ConflictPolicy = 'error' | 'ignore' | 'replace' | 'fail' | 'rollback';

export interface Write extends Base {
  readonly kind: 'write';
  readonly action: 'insert' | 'update' | 'delete';
  readonly relation: RelationDef;
  readonly input: Plan;
  readonly keyColumns: readonly number[];
  readonly onConflict: ConflictPolicy;
  /** Insert only: what to do when a row collides with an existing one (SQL's ON CONFLICT clauses, in order). */
  readonly upsert: readonly Upsert[];
  /** Row triggers run for each row the Write changes (SQL's CREATE TRIGGER … FOR EACH ROW). */
  readonly triggers: readonly TriggerAction<Plan>[];
}

/**
 * TriggerAction is a row trigger of a Write. For each row the Write inserts, updates or
 * deletes, the Write binds the row's stored values to `old` and its new values to `new`
 * (outer columns of the plans below, as an Apply binds its input row; either list may be
 * empty), then runs `when` (the action fires when it yields a row; null: always) and each
 * plan of `body` to its end — before the row is written (`timing` 'before') or after. Writes
 * in the body are part of the statement. A body that evaluates `sql.raise('IGNORE')` ends the
 * work on that row: a 'before' action's row is then not written. `P` is the plan language
 * (logical or physical).
 */
export interface TriggerAction<P> {
  readonly name: string;
  readonly timing: 'before' | 'after';
  readonly old: readonly Column[];
  readonly new: readonly Column[];
  readonly when: P | null;
  readonly body: readonly P[];
}

/** triggerPlans lists the plans of trigger actions in a fixed order (withTriggerPlans reads it back). */
export function triggerPlans<P>(actions: readonly TriggerAction<P>[]): P[] {
  return actions.flatMap((t) => (t.when === null ? [...t.body] : [t.when, ...t.body]));
}

/** withTriggerPlans rebuilds trigger actions over new plans, in triggerPlans' order. */
export function withTriggerPlans<P, Q>(actions: readonly TriggerAction<P>[], plans: readonly Q[]): TriggerAction<Q>[] {
  let i = 0;
  return actions.map((t) => {
    const when = t.when === null ? null : plans[i++];
    const body = t.body.map(() => plans[i++]);
    return { ...t, when, body };
  });
}

/**
 * Upsert is one `ON CONFLICT [(target)] DO NOTHING | DO UPDATE SET … WHERE …` of an insert.
 * When the row to insert collides with a stored row on `target` (positions of the primary key
 * or of a unique index's columns; null: on any of them), the stored row is left alone
 * (`set` null) or replaced by `set`, evaluated over the stored row (as the `existing`
 * columns) followed by the row that was to be inserted (the Write input's columns); `where`
 * (over the same) must hold for the update to happen. Any other collision is an error.
 */
export interface Upsert {
  readonly target: readonly number[] | null;
  readonly existing: readonly Column[];
  readonly set: readonly Expr[] | null;
  readonly where: Expr | null;
}

export type Plan =
  | Write
  | Scan
  | Values
  | Filter
  | Extend
  | Project
  | Join
  | MultiJoin
  | Union
  | Minus
  | Intersect
  | Distinct
  | Aggregate
  | Sort
  | Limit
  | Unnest
  | Apply
  | RecursiveScan
  | Fixpoint
  | Window;

export type PlanKind = Plan['kind'];
export type PlanOf<K extends PlanKind> = Extract<Plan, { kind: K }>;
