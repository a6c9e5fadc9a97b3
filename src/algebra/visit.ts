/**
 * visit.ts — generic traversal of logical plans: children, rebuilding with new children, and
 * the expressions each node holds. Dispatch is a Record over every plan kind, so adding an
 * operator fails to compile until traversal handles it.
 */
import * as b from './build.js';
import type { Expr } from './expr.js';
import { triggerPlans, withTriggerPlans, type FrameBound, type Plan, type PlanKind, type PlanOf } from './logical.js';

type ChildrenOf = { [K in PlanKind]: (p: PlanOf<K>) => Plan[] };

const childrenOf: ChildrenOf = {
  scan: () => [],
  values: () => [],
  'recursive-scan': () => [],
  write: (p) => [p.input, ...triggerPlans(p.triggers)],
  filter: (p) => [p.input],
  extend: (p) => [p.input],
  project: (p) => [p.input],
  distinct: (p) => [p.input],
  aggregate: (p) => [p.input],
  sort: (p) => [p.input],
  limit: (p) => [p.input],
  unnest: (p) => [p.input],
  join: (p) => [p.left, p.right],
  minus: (p) => [p.left, p.right],
  intersect: (p) => [p.left, p.right],
  apply: (p) => [p.input, p.subquery],
  multijoin: (p) => [...p.inputs],
  union: (p) => [...p.inputs],
  fixpoint: (p) => [...p.bindings.flatMap((x) => [x.init, x.step]), p.body],
  window: (p) => [p.input],
};

/** children lists a node's inputs in a fixed order (the order withChildren expects). */
export function children(p: Plan): Plan[] {
  return (childrenOf[p.kind] as (p: Plan) => Plan[])(p);
}

type Rebuild = { [K in PlanKind]: (p: PlanOf<K>, c: Plan[]) => Plan };

const rebuild: Rebuild = {
  scan: (p) => p,
  values: (p) => p,
  'recursive-scan': (p) => p,
  write: (p, [i, ...t]) => b.write(p.action, p.relation, i, p.keyColumns, p.onConflict, p.upsert, withTriggerPlans(p.triggers, t)),
  filter: (p, [i]) => b.filter(i, p.predicate),
  extend: (p, [i]) => b.extend(i, p.definitions),
  project: (p, [i]) => b.project(i, p.schema),
  distinct: (_p, [i]) => b.distinct(i),
  aggregate: (p, [i]) => b.aggregate(i, p.groupBy, p.aggregates),
  sort: (p, [i]) => b.sort(i, p.keys),
  limit: (p, [i]) => b.limit(i, p.offset, p.count),
  unnest: (p, [i]) => b.unnest(i, p.expr, p.element, p.ordinality, p.outer),
  join: (p, [l, r]) => b.join(p.joinKind, l, r, p.condition, p.mark),
  minus: (p, [l, r]) => b.minus(l, r, p.semantics),
  intersect: (p, [l, r]) => b.intersect(l, r, p.semantics),
  apply: (p, [i, s]) => b.apply(p.mode, i, s, p.column),
  multijoin: (p, c) => b.multiJoin(c, p.conditions),
  union: (p, c) => b.union(p.schema, c),
  fixpoint: (p, c) =>
    b.fixpoint(
      p.bindings.map((x, i) => ({ relation: x.relation, init: c[2 * i], step: c[2 * i + 1] })),
      c[c.length - 1],
      p.semantics,
      p.maxDepth,
    ),
  window: (p, [i]) => b.window(i, p.partitionBy, p.orderBy, p.calls),
};

/** withChildren rebuilds a node over new inputs through the smart constructors (so it re-simplifies). */
export function withChildren(p: Plan, c: Plan[]): Plan {
  const old = children(p);
  if (old.length === c.length && old.every((x, i) => x === c[i])) return p;
  return (rebuild[p.kind] as (p: Plan, c: Plan[]) => Plan)(p, c);
}

/** transformUp rewrites a plan bottom-up: `f` sees each node after its children were rewritten. */
export function transformUp(p: Plan, f: (p: Plan) => Plan): Plan {
  const c = children(p).map((x) => transformUp(x, f));
  return f(withChildren(p, c));
}

type ExprsOf = { [K in PlanKind]: (p: PlanOf<K>) => Expr[] };

const exprsOf: ExprsOf = {
  write: () => [],
  scan: () => [],
  'recursive-scan': () => [],
  project: () => [],
  distinct: () => [],
  minus: () => [],
  intersect: () => [],
  union: () => [],
  multijoin: (p) => [...p.conditions],
  apply: () => [],
  fixpoint: () => [],
  values: (p) => p.rows.flat(),
  filter: (p) => [p.predicate],
  extend: (p) => p.definitions.map((d) => d.expr),
  aggregate: (p) => p.aggregates.flatMap((a) => (a.filter ? [...a.args, a.filter] : [...a.args])),
  sort: (p) => p.keys.map((k) => k.expr),
  limit: (p) => [p.offset, p.count].filter((e): e is Expr => e !== null),
  unnest: (p) => [p.expr],
  join: (p) => (p.condition ? [p.condition] : []),
  window: (p) => windowExpressions(p),
};

/** windowExpressions lists a Window's keys, then per call its arguments, filter and frame offsets. */
function windowExpressions(p: PlanOf<'window'>): Expr[] {
  const out = [...p.partitionBy.map((k) => k.expr), ...p.orderBy.map((k) => k.expr)];
  for (const c of p.calls) {
    out.push(...c.args);
    if (c.filter) out.push(c.filter);
    for (const bound of [c.frame.start, c.frame.end]) if (bound.offset) out.push(bound.offset);
  }
  return out;
}

/** expressions lists the expressions a node evaluates itself (not those of its inputs). */
export function expressions(p: Plan): Expr[] {
  return (exprsOf[p.kind] as (p: Plan) => Expr[])(p);
}

/** walk calls `f` on every node, parents before children. */
export function walk(p: Plan, f: (p: Plan) => void): void {
  f(p);
  for (const c of children(p)) walk(c, f);
}

type MapExprs = { [K in PlanKind]: (p: PlanOf<K>, f: (e: Expr) => Expr) => Plan };

const mapExprsOf: MapExprs = {
  write: (p) => p,
  scan: (p) => p,
  'recursive-scan': (p) => p,
  project: (p) => p,
  distinct: (p) => p,
  minus: (p) => p,
  intersect: (p) => p,
  union: (p) => p,
  apply: (p) => p,
  fixpoint: (p) => p,
  multijoin: (p, f) => b.multiJoin(p.inputs, p.conditions.map(f)),
  values: (p, f) => b.values(p.schema, p.rows.map((r) => r.map(f))),
  filter: (p, f) => b.filter(p.input, f(p.predicate)),
  extend: (p, f) => b.extend(p.input, p.definitions.map((d) => ({ column: d.column, expr: f(d.expr) }))),
  aggregate: (p, f) =>
    b.aggregate(
      p.input,
      p.groupBy,
      p.aggregates.map((a) => ({ ...a, args: a.args.map(f), filter: a.filter ? f(a.filter) : null })),
    ),
  sort: (p, f) => b.sort(p.input, p.keys.map((k) => ({ ...k, expr: f(k.expr) }))),
  limit: (p, f) => b.limit(p.input, p.offset ? f(p.offset) : null, p.count ? f(p.count) : null),
  unnest: (p, f) => b.unnest(p.input, f(p.expr), p.element, p.ordinality, p.outer),
  join: (p, f) => b.join(p.joinKind, p.left, p.right, p.condition ? f(p.condition) : null, p.mark),
  window: (p, f) => {
    const bound = (x: FrameBound): FrameBound => (x.offset ? { ...x, offset: f(x.offset) } : x);
    return b.window(
      p.input,
      p.partitionBy.map((k) => ({ ...k, expr: f(k.expr) })),
      p.orderBy.map((k) => ({ ...k, expr: f(k.expr) })),
      p.calls.map((c) => ({
        ...c,
        args: c.args.map(f),
        filter: c.filter ? f(c.filter) : null,
        frame: { ...c.frame, start: bound(c.frame.start), end: bound(c.frame.end) },
      })),
    );
  },
};

/** mapExpressions rebuilds a node with each of its own expressions rewritten by `f`. */
export function mapExpressions(p: Plan, f: (e: Expr) => Expr): Plan {
  const before = expressions(p);
  if (before.length === 0) return p;
  let changed = false;
  const memo = new Map<Expr, Expr>();
  const g = (e: Expr): Expr => {
    let r = memo.get(e);
    if (!r) {
      r = f(e);
      memo.set(e, r);
      if (r !== e) changed = true;
    }
    return r;
  };
  before.forEach(g);
  if (!changed) return p;
  return (mapExprsOf[p.kind] as (p: Plan, f: (e: Expr) => Expr) => Plan)(p, g);
}

/** mentionsParam says whether a node of `p` (trigger plans included: they are a Write's children) evaluates a parameter whose key passes `test`. */
export function mentionsParam(p: Plan, test: (key: number | string) => boolean): boolean {
  const inExpr = (e: Expr): boolean => (e.kind === 'param' ? test(e.key) : e.kind === 'call' && e.args.some(inExpr));
  let found = false;
  walk(p, (node) => {
    found ||= expressions(node).some(inExpr);
  });
  return found;
}
