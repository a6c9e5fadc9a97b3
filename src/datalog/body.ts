/**
 * body.ts — lowers one rule body (a conjunction in normal form) to a plan whose columns bind
 * the body's variables.
 *
 *   positive atoms  → the inputs of one MultiJoin: the shared join orderer picks the order
 *                     from statistics, not the order written. A constant argument or a
 *                     repeated variable becomes an `eq` condition of that MultiJoin.
 *   comparisons     → `X = expr` with X unbound extends the rows with X; any other comparison
 *                     (once its variables are bound) filters them.
 *   negated atoms   → anti joins on the variables the atom shares with the body.
 *   body aggregates → `N = count : { … }`: a scalar Apply of an Aggregate over the inner body,
 *                     correlated on the variables it shares with the enclosing clause.
 * Which stored or recursive relation an atom reads (and whether the delta or the full one) is
 * the caller's choice, made through `leaf`.
 */
import type { Column, ColumnAllocator } from '../algebra/columns.js';
import { call, col, lit, type Expr } from '../algebra/expr.js';
import type { Plan } from '../algebra/logical.js';
import * as b from '../algebra/build.js';
import type * as ast from '../../grammar/datalog/ast.js';
import { aggregateBody, isFresh, termVariables, type NLiteral } from './normalize.js';
import { COMPARISON, constantValue, lowerTerm } from './terms.js';

/** A leaf: the plan reading an atom's relation and the column each argument stands for. */
export interface Leaf {
  readonly plan: Plan;
  readonly args: readonly Column[];
}

/**
 * Leaves supplies the plan for an atom. `position` counts the positive atoms of the body in
 * written order (the caller uses it to pick which recursive atom reads the delta); negated
 * atoms and atoms inside aggregates get position -1.
 */
export type Leaves = (atom: ast.Atom, position: number) => Leaf;

export interface LoweredBody {
  readonly plan: Plan;
  readonly vars: ReadonlyMap<string, Column>;
}

export const AGGREGATES: Record<ast.AggregateFn, string> = {
  count: 'sql.count',
  sum: 'sql.sum',
  min: 'sql.min',
  max: 'sql.max',
  avg: 'sql.avg',
};

/**
 * lowerBody lowers a conjunction. `outer` holds variables bound outside it (the enclosing
 * clause of a body aggregate): they are read as correlated columns.
 */
export function lowerBody(body: readonly NLiteral[], leaves: Leaves, alloc: ColumnAllocator, outer: ReadonlyMap<string, Column> = new Map()): LoweredBody {
  const vars = new Map<string, Column>();
  const inputs: Plan[] = [];
  const conditions: Expr[] = [];
  const correlated: Expr[] = [];
  const pending: { column: Column; term: ast.Term }[] = [];
  let position = 0;
  for (const l of body) {
    if (l.kind !== 'atom' || l.negated) continue;
    const leaf = leaves(l.atom, position++);
    inputs.push(leaf.plan);
    l.atom.args.forEach((t, i) => {
      const c = leaf.args[i];
      const constant = constantValue(t);
      if (constant !== undefined) conditions.push(call('eq', [col(c), lit(constant)]));
      else if (t.kind === 'Variable') {
        const known = vars.get(t.name);
        if (known) conditions.push(call('eq', [col(c), col(known)]));
        else if (outer.has(t.name)) {
          vars.set(t.name, c);
          correlated.push(call('eq', [col(c), col(outer.get(t.name) as Column)]));
        } else vars.set(t.name, c);
      } else pending.push({ column: c, term: t });
    });
  }
  let plan: Plan = inputs.length === 0 ? b.values([], [[]]) : b.multiJoin(inputs, conditions);
  if (correlated.length) plan = b.filter(plan, b.and(correlated));
  const scope = (): Map<string, Column> => new Map([...outer, ...vars]);
  const isBound = (name: string) => vars.has(name) || outer.has(name);

  // Comparisons and computed atom arguments, each as soon as its variables are bound.
  let rest: (NLiteral | { kind: 'pending'; column: Column; term: ast.Term })[] = [
    ...body.filter((l) => l.kind === 'cmp'),
    ...pending.map((p) => ({ kind: 'pending' as const, ...p })),
  ];
  while (rest.length) {
    const later: typeof rest = [];
    let progress = false;
    for (const item of rest) {
      if (item.kind === 'pending') {
        if (termVariables(item.term).every(isBound)) {
          plan = b.filter(plan, call('eq', [col(item.column), lowerTerm(item.term, scope())]));
          progress = true;
        } else later.push(item);
        continue;
      }
      if (item.kind !== 'cmp') continue;
      const { left, right, op } = item.cmp;
      const assigned = op === '=' ? assignment(left, right, isBound) : null;
      if (assigned) {
        const [v, e] = assigned;
        const column = alloc.column(v.name, 'any');
        if (e.kind === 'Aggregate' && e.body) plan = aggregateApply(plan, e, column, leaves, alloc, scope());
        else plan = b.extend(plan, [{ column, expr: lowerTerm(e, scope()) }]);
        vars.set(v.name, column);
        progress = true;
      } else if ([...termVariables(left), ...termVariables(right)].every(isBound) && left.kind !== 'Aggregate' && right.kind !== 'Aggregate') {
        plan = b.filter(plan, call(COMPARISON[op], [lowerTerm(left, scope()), lowerTerm(right, scope())]));
        progress = true;
      } else later.push(item);
    }
    if (!progress) {
      // The safety check has reported unbound variables already; this reports the first left.
      const first = later[0];
      if (first.kind === 'pending') lowerTerm(first.term, scope());
      else if (first.kind === 'cmp') {
        lowerTerm(first.cmp.left, scope());
        lowerTerm(first.cmp.right, scope());
      }
      throw new Error('datalog: comparison left unlowered');
    }
    rest = later;
  }

  for (const l of body) {
    if (l.kind !== 'atom' || !l.negated) continue;
    plan = antiJoin(plan, l.atom, leaves, scope());
  }
  return { plan, vars };
}

/** assignment recognizes `X = e` / `e = X` with X unbound and e computable (or a body aggregate). */
function assignment(left: ast.Term, right: ast.Term, isBound: (name: string) => boolean): [ast.Variable, ast.Term] | null {
  for (const [v, e] of [
    [left, right],
    [right, left],
  ] as const) {
    if (v.kind !== 'Variable' || isBound(v.name)) continue;
    if (e.kind === 'Aggregate') {
      if (e.body) return [v, e];
      continue;
    }
    if (termVariables(e).every(isBound)) return [v, e];
  }
  return null;
}

function antiJoin(plan: Plan, atom: ast.Atom, leaves: Leaves, vars: ReadonlyMap<string, Column>): Plan {
  const leaf = leaves(atom, -1);
  const local: Expr[] = [];
  const join: Expr[] = [];
  const seen = new Map<string, Column>();
  atom.args.forEach((t, i) => {
    const c = leaf.args[i];
    const constant = constantValue(t);
    if (constant !== undefined) local.push(call('eq', [col(c), lit(constant)]));
    else if (t.kind === 'Variable' && isFresh(t.name)) {
      // `_` in a negated atom: any value.
    } else if (t.kind === 'Variable' && !vars.has(t.name)) {
      const first = seen.get(t.name);
      if (first) local.push(call('eq', [col(c), col(first)]));
      else seen.set(t.name, c);
    } else join.push(call('eq', [col(c), lowerTerm(t, vars)]));
  });
  const right = local.length ? b.filter(leaf.plan, b.and(local)) : leaf.plan;
  return b.join('anti', plan, right, join.length ? b.and(join) : null);
}

/** aggregateApply computes a body aggregate per row of `plan` (a scalar subquery) into `column`. */
function aggregateApply(plan: Plan, agg: ast.Aggregate, column: Column, leaves: Leaves, alloc: ColumnAllocator, vars: ReadonlyMap<string, Column>): Plan {
  const inner = lowerBody(aggregateBody(agg), (a) => leaves(a, -1), alloc, vars);
  const value = alloc.column(agg.fn, 'any');
  let input = inner.plan;
  const args: Expr[] = [];
  if (agg.arg) {
    const scope = new Map([...vars, ...inner.vars]);
    const arg = alloc.column(`${agg.fn}_arg`, 'any');
    input = b.extend(input, [{ column: arg, expr: lowerTerm(agg.arg, scope) }]);
    args.push(col(arg));
  }
  const fn = agg.fn === 'count' && !agg.arg ? 'sql.count_star' : AGGREGATES[agg.fn];
  const sub = b.aggregate(input, [], [{ column: value, fn, args, distinct: false, filter: null }]);
  const applied = b.apply('scalar', plan, sub, column);
  // min/max/avg/sum over nothing have no value: the clause does not hold (count is 0).
  return fn === 'sql.count_star' || fn === 'sql.count' ? applied : b.filter(applied, call('sql.is_not_null', [col(column)]));
}
