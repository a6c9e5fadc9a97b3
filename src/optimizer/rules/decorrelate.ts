/**
 * decorrelate.ts — turns correlated subqueries (Apply, run once per outer row) into joins,
 * which the rest of the optimizer can order and the executor can hash.
 *
 * A subquery's correlation is its references to columns of the Apply's input. When those
 * references sit only in filter predicates and inner-join conditions, they can be lifted to
 * the top of the subquery (adding to its projections the inner columns they need) and become
 * the join condition:
 *
 *   semi / anti           → semi / anti join (both have EXISTS semantics: unknown is no match)
 *   mark (EXISTS)         → mark join read through is_true (a mark join is three-valued, an
 *                           EXISTS never unknown); LIMIT, DISTINCT and ORDER BY under an
 *                           existence test do not change its answer and are dropped
 *   cross / left (LATERAL) → inner / left join
 *   scalar over an ungrouped aggregate whose correlation is equalities `outer = inner column`
 *                         → left join with the aggregate grouped by those inner columns; an
 *                           outer row without a group gets each aggregate's value on empty
 *                           input (COUNT → 0, not NULL: the "count bug")
 *
 * Anything else (correlation inside computed columns, aggregates, limits, outer joins'
 * null-supplying sides, non-deterministic predicates) stays an Apply. Uncorrelated subqueries
 * go through the same rules with no predicates to lift.
 */
import * as b from '../../algebra/build.js';
import type { Column } from '../../algebra/columns.js';
import { call, col, columnsUsed, conjuncts, isDeterministic, lit, substitute, type Expr } from '../../algebra/expr.js';
import { lookupAggregate, lookupFunction } from '../../algebra/functions/registry.js';
import type { Aggregate, Apply, Filter, Plan } from '../../algebra/logical.js';
import { expressions, transformUp, walk } from '../../algebra/visit.js';
import type { OptimizerContext } from '../context.js';

export function decorrelate(plan: Plan, ctx: OptimizerContext): Plan {
  const tests = transformUp(plan, (p) => (p.kind === 'filter' ? existenceFilter(p) : p));
  return transformUp(tests, (p) => (p.kind === 'apply' ? rewriteApply(p, ctx) : p));
}

/**
 * existenceFilter turns `WHERE [NOT] EXISTS (…)` — a filter on a mark Apply's column — into a
 * semi (anti) Apply, which becomes a semi (anti) join: no mark to compute, and the join needs
 * only one match per row. The mark column stays, as the constant it must be after the filter.
 */
function existenceFilter(f: Filter): Plan {
  const a = f.input;
  if (a.kind !== 'apply' || a.mode !== 'mark') return f;
  const mark = a.column as Column;
  const tests = conjuncts(f.predicate);
  for (let i = 0; i < tests.length; i++) {
    const t = tests[i];
    const negated = t.kind === 'call' && NEGATIONS.has(t.fn) && t.args.length === 1 ? t.args[0] : null;
    const tested = negated ?? t;
    if (tested.kind !== 'column' || tested.id !== mark.id) continue;
    const exists = negated === null;
    const filtered = b.apply(exists ? 'semi' : 'anti', a.input, a.subquery);
    const withMark = b.extend(filtered, [{ column: mark, expr: lit(exists, 'boolean') }]);
    const rest = tests.filter((_, j) => j !== i);
    return rest.length > 0 ? b.filter(withMark, b.and(rest)) : withMark;
  }
  return f;
}

/** Negations of a two-valued argument (a mark Apply's column is never unknown). */
const NEGATIONS = new Set(['sql.not', 'sparql.not']);

/** A subquery with its correlated predicates lifted out: `plan` no longer reads outer columns. */
interface Lifted {
  readonly plan: Plan;
  readonly predicates: readonly Expr[];
}

function rewriteApply(a: Apply, ctx: OptimizerContext): Plan {
  const outer = new Set(a.input.schema.map((c) => c.id));
  switch (a.mode) {
    case 'semi':
    case 'anti': {
      const lifted = lift(a.subquery, outer, true);
      return lifted === null ? a : b.join(a.mode, a.input, lifted.plan, condition(lifted));
    }
    case 'mark': {
      const lifted = lift(a.subquery, outer, true);
      if (lifted === null) return a;
      const mark = ctx.alloc.like(a.column as Column);
      const joined = b.join('mark', a.input, lifted.plan, condition(lifted), mark);
      const exists = b.extend(joined, [{ column: a.column as Column, expr: call('is_true', [col(mark)]) }]);
      return b.project(exists, a.schema);
    }
    case 'cross':
    case 'left': {
      const lifted = lift(a.subquery, outer, false);
      if (lifted === null) return a;
      const joined = b.join(a.mode === 'cross' ? 'inner' : 'left', a.input, lifted.plan, condition(lifted));
      return b.project(joined, a.schema);
    }
    case 'scalar':
      return rewriteScalar(a, outer, ctx) ?? a;
  }
}

function condition(l: Lifted): Expr | null {
  return l.predicates.length === 0 ? null : b.and(l.predicates);
}

/**
 * rewriteScalar handles `(SELECT f(agg…) FROM … WHERE inner = outer …)`: an ungrouped
 * aggregate (under at most a LIMIT 1 and computed columns) yields exactly one row per outer
 * row, so grouping it by the correlated inner columns and left-joining gives the same value.
 * An uncorrelated subquery of at most one row becomes a left join on no condition.
 */
function rewriteScalar(a: Apply, outer: ReadonlySet<number>, ctx: OptimizerContext): Plan | null {
  const value = a.subquery.schema[0];
  let top = a.subquery;
  const singleRow = top.kind === 'limit' && top.offset === null && isLiteralOne(top.count);
  if (top.kind === 'limit' && singleRow) top = top.input;
  // Computed columns and projections above the aggregate, outermost first.
  const above: Plan[] = [];
  while (top.kind === 'project' || top.kind === 'extend') {
    above.push(top);
    top = top.input;
  }
  if (!mentions(a.subquery, outer)) {
    if (!singleRow && top.kind !== 'aggregate') return null;
    if (top.kind === 'aggregate' && top.groupBy.length > 0 && !singleRow) return null;
    return scalarJoin(a, b.join('left', a.input, a.subquery, null), value);
  }
  if (top.kind !== 'aggregate' || top.groupBy.length > 0) return null;
  const agg: Aggregate = top;
  if (above.some((p) => expressions(p).some((e) => usesAny(e, outer)))) return null;
  if (agg.aggregates.some((c) => c.args.some((e) => usesAny(e, outer)) || (c.filter !== null && usesAny(c.filter, outer)))) return null;
  const lifted = lift(agg.input, outer, false);
  if (lifted === null) return null;
  // Every lifted predicate must be `outer expression = inner column`.
  const keys: Column[] = [];
  for (const p of lifted.predicates) {
    const inner = innerKey(p, outer, lifted.plan.schema);
    if (inner === null) return null;
    if (!keys.some((k) => k.id === inner.id)) keys.push(inner);
  }
  const grouped = b.aggregate(lifted.plan, keys, agg.aggregates);
  const joined = b.join('left', a.input, grouped, b.and(lifted.predicates));
  // Outer rows with no group: each aggregate's value over no rows, keyed on a group column
  // (never null in a matched row: it equalled an outer value).
  const marker = col(keys[0]);
  const fixes = agg.aggregates.map((c) => {
    const def = lookupAggregate(c.fn);
    const fixed = ctx.alloc.like(c.column);
    return { from: c.column, column: fixed, expr: call('if_null', [marker, lit(def.final(def.init()), c.column.type), col(c.column)]) };
  });
  let plan: Plan = b.extend(joined, fixes.map((f) => ({ column: f.column, expr: f.expr })));
  // Re-run the computed columns above the aggregate over the fixed values.
  const renamed = new Map(fixes.map((f) => [f.from.id, col(f.column)]));
  for (let i = above.length - 1; i >= 0; i--) {
    const p = above[i];
    if (p.kind === 'extend') {
      plan = b.extend(
        plan,
        p.definitions.map((d) => ({ column: d.column, expr: substitute(d.expr, renamed) })),
      );
    }
  }
  const result = renamed.get(value.id);
  return scalarJoin(a, plan, null, result ?? col(value));
}

/** scalarJoin names the subquery's value as the Apply's column and keeps the Apply's schema. */
function scalarJoin(a: Apply, joined: Plan, value: Column | null, expr: Expr = col(value as Column)): Plan {
  const withValue = b.extend(joined, [{ column: a.column as Column, expr }]);
  return b.project(withValue, a.schema);
}

function isLiteralOne(e: Expr | null): boolean {
  return e !== null && e.kind === 'literal' && (e.value === 1 || e.value === 1n);
}

/** innerKey returns the inner column of `outer expr = inner column` (either way round), else null. */
function innerKey(p: Expr, outer: ReadonlySet<number>, innerSchema: readonly Column[]): Column | null {
  if (p.kind !== 'call' || p.args.length !== 2 || !lookupFunction(p.fn).equality) return null;
  for (const [x, y] of [p.args, [p.args[1], p.args[0]]] as const) {
    if (y.kind !== 'column' || outer.has(y.id)) continue;
    const used = columnsUsed(x);
    if (used.size === 0 || ![...used].every((id) => outer.has(id)) || !isDeterministic(x)) continue;
    const inner = innerSchema.find((c) => c.id === y.id);
    if (inner !== undefined) return inner;
  }
  return null;
}

/**
 * lift returns `p` with its references to `outer` lifted out as predicates, or null when some
 * reference cannot move. `existence`: only whether `p` has rows matters (EXISTS, IN, semi/anti),
 * so LIMIT n ≥ 1, DISTINCT and ORDER BY may be dropped.
 */
function lift(p: Plan, outer: ReadonlySet<number>, existence: boolean): Lifted | null {
  if (!mentions(p, outer)) return { plan: p, predicates: [] };
  switch (p.kind) {
    case 'filter': {
      const inner = lift(p.input, outer, existence);
      if (inner === null) return null;
      const [correlated, local] = split(conjuncts(p.predicate), outer);
      if (correlated.some((e) => !isDeterministic(e))) return null;
      const plan = local.length > 0 ? b.filter(inner.plan, b.and(local)) : inner.plan;
      return { plan, predicates: [...correlated, ...inner.predicates] };
    }
    case 'project': {
      const inner = lift(p.input, outer, existence);
      if (inner === null) return null;
      return { plan: keepColumnsFor(inner, p.schema), predicates: inner.predicates };
    }
    case 'extend': {
      if (p.definitions.some((d) => usesAny(d.expr, outer))) return null;
      const inner = lift(p.input, outer, existence);
      return inner === null ? null : { plan: b.extend(inner.plan, p.definitions), predicates: inner.predicates };
    }
    case 'join': {
      if (p.joinKind === 'inner') {
        const l = lift(p.left, outer, false);
        const r = lift(p.right, outer, false);
        if (l === null || r === null) return null;
        const [correlated, local] = split(p.condition === null ? [] : conjuncts(p.condition), outer);
        if (correlated.some((e) => !isDeterministic(e))) return null;
        const plan = b.join('inner', l.plan, r.plan, local.length > 0 ? b.and(local) : null);
        return { plan, predicates: [...correlated, ...l.predicates, ...r.predicates] };
      }
      // Outer, semi, anti and mark joins: a filter on the preserved (left) side commutes with the join.
      if (mentions(p.right, outer) || (p.condition !== null && usesAny(p.condition, outer))) return null;
      const l = lift(p.left, outer, false);
      if (l === null) return null;
      return { plan: b.join(p.joinKind, l.plan, p.right, p.condition, p.mark), predicates: l.predicates };
    }
    case 'multijoin': {
      const inputs: Plan[] = [];
      const predicates: Expr[] = [];
      for (const input of p.inputs) {
        const l = lift(input, outer, false);
        if (l === null) return null;
        inputs.push(l.plan);
        predicates.push(...l.predicates);
      }
      const [correlated, local] = split(p.conditions, outer);
      if (correlated.some((e) => !isDeterministic(e))) return null;
      return { plan: b.multiJoin(inputs, local), predicates: [...correlated, ...predicates] };
    }
    case 'limit':
      if (!existence || p.offset !== null || !isPositiveLiteral(p.count)) return null;
      return lift(p.input, outer, existence);
    case 'distinct':
    case 'sort':
      return existence ? lift(p.input, outer, existence) : null;
    default:
      return null;
  }
}

/** keepColumnsFor re-applies a projection, widened by the inner columns the lifted predicates read. */
function keepColumnsFor(inner: Lifted, schema: readonly Column[]): Plan {
  const kept = new Set(schema.map((c) => c.id));
  const needed = new Set<number>();
  for (const e of inner.predicates) for (const id of columnsUsed(e)) if (!kept.has(id)) needed.add(id);
  const extra = inner.plan.schema.filter((c) => needed.has(c.id));
  return b.project(inner.plan, [...schema, ...extra]);
}

function isPositiveLiteral(e: Expr | null): boolean {
  if (e === null) return true;
  return e.kind === 'literal' && (typeof e.value === 'number' || typeof e.value === 'bigint') && e.value >= 1;
}

function split(es: readonly Expr[], outer: ReadonlySet<number>): [Expr[], Expr[]] {
  const correlated: Expr[] = [];
  const local: Expr[] = [];
  for (const e of es) (usesAny(e, outer) ? correlated : local).push(e);
  return [correlated, local];
}

function usesAny(e: Expr, ids: ReadonlySet<number>): boolean {
  for (const id of columnsUsed(e)) if (ids.has(id)) return true;
  return false;
}

/** mentions says whether any expression anywhere in `p` reads a column of `ids`. */
function mentions(p: Plan, ids: ReadonlySet<number>): boolean {
  let found = false;
  walk(p, (n) => {
    if (!found && expressions(n).some((e) => usesAny(e, ids))) found = true;
  });
  return found;
}
