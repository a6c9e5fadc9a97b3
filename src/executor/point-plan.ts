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
import { keyEqualityIsExact, type Evaluator, type PFilter, type PhysicalPlan, type PProject, type PTableScan } from '../algebra/index.js';
import type { Row, Value } from '../common/values.js';
import { layoutOf, NO_COLUMNS, NO_ROW, type Layout } from './compile-expr.js';
import type { PlanCompiler } from './compile-plan.js';
import type { Scope } from './operator.js';
import { pointKey } from './operators/table-scan.js';

/** Runs the plan once against the compiler's context (its transaction and parameters as bound): its rows, fresh. */
export type PointRun = () => Row[];

/** A filter on the way up from the get: its predicate, and the run-constant keys that make it exact (PFilter.exactForKeys). */
interface PointFilter {
  readonly predicate: Evaluator;
  readonly exactForKeys: readonly Evaluator[] | null;
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
  const scan: PTableScan = node;
  const keyEvals = key.map((e) => c.expr(e, NO_COLUMNS, scope));
  // The filters nearest the get run first, as the operators would run them.
  const tests: PointFilter[] = filters.reverse().map((f) => ({
    predicate: c.expr(f.predicate, f.input.schema, scope),
    exactForKeys: f.exactForKeys === undefined ? null : f.exactForKeys.map((e) => c.expr(e, NO_COLUMNS, scope)),
  }));
  const shape = project === null ? null : outputShape(project.outputs, layoutOf(project.input.schema), c, scope);
  const ctx = c.ctx;
  const relation = scan.relation;
  // One key array for every run: a get reads the key and keeps nothing of it.
  const values = new Array<Value>(keyEvals.length);
  return () => {
    for (let i = 0; i < keyEvals.length; i++) {
      const v = keyEvals[i](NO_ROW);
      // A key column is never NULL, and NULL bounds would select nothing.
      if (v === null) return [];
      values[i] = v;
    }
    const row = ctx.tx.get(relation, values);
    if (row === undefined) return [];
    for (let i = 0; i < tests.length; i++) if (!passes(tests[i], row)) return [];
    if (shape === null) return [row];
    return [shape.slots !== null ? copySlots(row, shape.slots) : evaluate(row, shape.evals)];
  };
}

/** The projection's outputs: slots of the row when every output is a column, else evaluators. */
function outputShape(outputs: PProject['outputs'], layout: Layout, c: PlanCompiler, scope: Scope): { slots: Int32Array; evals: null } | { slots: null; evals: Evaluator[] } {
  const slots = outputs.map((o) => (o.expr.kind === 'column' ? (layout.get(o.expr.id) ?? -1) : -1));
  if (slots.every((s) => s >= 0)) return { slots: Int32Array.from(slots), evals: null };
  return { slots: null, evals: outputs.map((o) => c.expr(o.expr, layout, scope)) };
}

function passes(test: PointFilter, row: Row): boolean {
  const keys = test.exactForKeys;
  if (keys !== null) {
    let exact = true;
    for (let i = 0; i < keys.length && exact; i++) exact = keyEqualityIsExact(keys[i](NO_ROW));
    if (exact) return true;
  }
  return test.predicate(row) === true;
}

function copySlots(row: Row, slots: Int32Array): Row {
  const out = new Array<Value>(slots.length);
  for (let j = 0; j < slots.length; j++) out[j] = row[slots[j]];
  return out;
}

function evaluate(row: Row, evals: readonly Evaluator[]): Row {
  const out = new Array<Value>(evals.length);
  for (let j = 0; j < evals.length; j++) out[j] = evals[j](row);
  return out;
}
