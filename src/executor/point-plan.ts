/**
 * point-plan.ts — a plan that reads one row by its full primary key (a TableScan pinned to one
 * key, under filters and a projection) compiled to one function, for a plan run many times
 * (CompiledPlan, prepared statements): each run then allocates its answer and nothing else —
 * no operator objects, no batches.
 *
 * Why a second form of the same operators: a point lookup's time is mostly the memory it
 * touches, and what it allocates is memory it touches. Measured (CPU time, 100k-row table,
 * the same 1000 keys looked up again and again): each byte allocated per lookup cost about a
 * nanosecond — fresh lines of the young generation push the rows and hash entries the next
 * lookups need out of the caches — and the operator tree allocated twice what the answer
 * needs. The operators stay the one definition of what the plan means: this form covers only
 * the shapes it can express exactly, and every other plan, and every profiled (EXPLAIN
 * ANALYZE) run, goes through them.
 */
import { exprEquals, keyEqualityIsExact, type Evaluator, type Expr, type PFilter, type PhysicalPlan } from '../algebra/index.js';
import type { Row, Value } from '../common/values.js';
import { layoutOf, NO_COLUMNS, NO_ROW } from './compile-expr.js';
import type { PlanCompiler } from './compile-plan.js';
import type { Scope } from './operator.js';
import { keysExact } from './operators/filter.js';
import { projectionSlots } from './operators/project.js';
import { pointKey } from './operators/table-scan.js';
import type { StoreTransaction } from '../storage/relations.js';
import { blankRow, rowOfSlots } from './row-sites.js';

/** Runs the plan once against the compiler's context (its transaction and parameters as bound): its rows, fresh. */
export type PointRun = () => Row[];

/**
 * A filter on the way up from the get: its predicate, and the run-constant keys that make it
 * exact (PFilter.exactForKeys) — as positions in the get's key when each is one of the key's
 * expressions (a SQL key equality: the value the get was made with is tested, not evaluated
 * again), else as evaluators.
 */
interface PointFilter {
  readonly predicate: Evaluator;
  readonly exactForKeys: readonly Evaluator[] | null;
  readonly exactAt: Int32Array | null;
}

/**
 * compilePointPlan compiles `plan` to a PointRun when it is Project? over Filter* over a
 * TableScan of one full primary key; otherwise null.
 */
export function compilePointPlan(plan: PhysicalPlan, c: PlanCompiler, scope: Scope): PointRun | null {
  const project = plan.kind === 'project' ? plan : null;
  const filters: PFilter[] = [];
  let node = project === null ? plan : project.input;
  while (node.kind === 'filter') {
    filters.push(node);
    node = node.input;
  }
  if (node.kind !== 'table-scan' || node.keyList !== undefined) return null;
  const key = pointKey(node.range, node.relation);
  if (key === null) return null;
  const keyEvals = key.map((e) => c.expr(e, NO_COLUMNS, scope));
  // The filters nearest the get run first, as the operators would run them.
  const tests: PointFilter[] = filters.reverse().map((f) => {
    const exactAt = f.exactForKeys === undefined ? null : keyPositions(f.exactForKeys, key);
    return {
      predicate: c.expr(f.predicate, f.input.schema, scope),
      exactForKeys: f.exactForKeys === undefined || exactAt !== null ? null : f.exactForKeys.map((e) => c.expr(e, NO_COLUMNS, scope)),
      exactAt,
    };
  });
  let slots: Int32Array | null = null;
  let evals: Evaluator[] | null = null;
  if (project !== null) {
    const layout = layoutOf(project.input.schema);
    slots = projectionSlots(project.outputs, layout);
    if (slots === null) evals = project.outputs.map((o) => c.expr(o.expr, layout, scope));
  }
  const ctx = c.ctx;
  const relation = node.relation;
  // One key array for every run: a get reads the key and keeps nothing of it.
  const values = new Array<Value>(keyEvals.length);
  // The relation's getter in the transaction of the last run (StoreTransaction.getter: the
  // relation resolved once per transaction, not on every get). Prepared lookups outside a
  // transaction share one read-only transaction until the next commit (Store.readLatest).
  let getterTx: StoreTransaction | null = null;
  let get: Getter = NO_GETTER;
  const one = oneKeyRun(keyEvals, tests, slots);
  if (one !== null) {
    // The common shape (SQL's `… WHERE id = ?`): one key value, at most the filter exact for
    // it, a projection of slots: the same steps without the loops over lists of one.
    const [key0, test0, slotList] = one;
    return () => {
      const tx = ctx.tx;
      if (tx !== getterTx) {
        get = tx.getter !== undefined ? tx.getter(relation) : (key) => tx.get(relation, key as Value[]);
        getterTx = tx;
      }
      const k = key0(NO_ROW);
      if (k === null) return [];
      values[0] = k;
      const row = get(values);
      if (row === undefined) return [];
      if (test0 !== null && !keyEqualityIsExact(k) && test0(row) !== true) return [];
      return [rowOfSlots(row, slotList)];
    };
  }
  return () => {
    const tx = ctx.tx;
    if (tx !== getterTx) {
      get = tx.getter !== undefined ? tx.getter(relation) : (key) => tx.get(relation, key as Value[]);
      getterTx = tx;
    }
    for (let i = 0; i < keyEvals.length; i++) {
      const v = keyEvals[i](NO_ROW);
      // A key column is never NULL: no row.
      if (v === null) return [];
      values[i] = v;
    }
    const row = get(values);
    if (row === undefined) return [];
    for (let i = 0; i < tests.length; i++) if (!passes(tests[i], row, values)) return [];
    if (slots !== null) return [rowOfSlots(row, slots)];
    return [evals !== null ? evaluate(row, evals) : row];
  };
}

type Getter = (key: readonly Value[]) => Row | undefined;
const NO_GETTER: Getter = () => undefined;

function passes(test: PointFilter, row: Row, key: readonly Value[]): boolean {
  const at = test.exactAt;
  if (at !== null) {
    let exact = true;
    for (let i = 0; i < at.length; i++) if (!keyEqualityIsExact(key[at[i]])) exact = false;
    if (exact) return true;
  } else if (test.exactForKeys !== null && keysExact(test.exactForKeys)) return true;
  return test.predicate(row) === true;
}

/**
 * oneKeyRun: the key's one evaluator, the predicate of its one filter (null: none) when that
 * filter is exact for the key itself, and the projection's slots — or null for other shapes.
 */
function oneKeyRun(keyEvals: readonly Evaluator[], tests: readonly PointFilter[], slots: Int32Array | null): [Evaluator, Evaluator | null, Int32Array] | null {
  if (keyEvals.length !== 1 || slots === null || tests.length > 1) return null;
  if (tests.length === 0) return [keyEvals[0], null, slots];
  const at = tests[0].exactAt;
  return at !== null && at.length === 1 && at[0] === 0 ? [keyEvals[0], tests[0].predicate, slots] : null;
}

/** keyPositions: where each of `exprs` is in `key` (the same expression), or null when one is not. */
function keyPositions(exprs: readonly Expr[], key: readonly Expr[]): Int32Array | null {
  const at = new Int32Array(exprs.length);
  for (let i = 0; i < exprs.length; i++) {
    const j = key.findIndex((k) => exprEquals(k, exprs[i]));
    if (j < 0) return null;
    at[i] = j;
  }
  return at;
}

function evaluate(row: Row, evals: readonly Evaluator[]): Row {
  const out = blankRow(evals.length);
  for (let j = 0; j < evals.length; j++) out[j] = evals[j](row);
  return out;
}
