/**
 * query.ts — SPARQL query forms and solution modifiers (§18.2.4–5) to the algebra.
 *
 * In the spec's order: pattern → GROUP BY (group keys as Extend, aggregates in one Aggregate)
 * → HAVING → SELECT expressions (Extend, each seeing the previous ones) → ORDER BY (the
 * 'sparql' ordering of terms; unbound first) → projection → DISTINCT/REDUCED → OFFSET/LIMIT.
 * ASK is the pattern limited to one row; CONSTRUCT returns the template's variables per
 * solution (results.ts instantiates the template); DESCRIBE joins the described resources with
 * the quads they are the subject of.
 */
import * as b from '../algebra/build.js';
import type { Column } from '../algebra/columns.js';
import { call, col, lit, type Expr } from '../algebra/expr.js';
import type { Plan, SortKey } from '../algebra/logical.js';
import type * as ast from '../../grammar/sparql/ast.js';
import { isHidden, type SparqlContext, type Solutions } from './context.js';
import { AggregateCollector, ebv, envOf, exprVars, Host, lowerExpr, term, type ExprEnv } from './expressions.js';
import type { RelationDef } from '../algebra/statement.js';
import { decode, decodeVars, termScan } from './dictionary.js';
import { DEFAULT_GRAPH_ID, G, O, P, S } from './layout.js';
import { joinSolutions, lowerGroupPattern, lowerValues, unit } from './patterns.js';

/** A lowered query: the plan and its output variables, in order. */
export interface LoweredQuery {
  plan: Plan;
  names: string[];
}

function hasAggregate(x: unknown): boolean {
  if (!x || typeof x !== 'object') return false;
  if ((x as { kind?: string }).kind === 'aggregate') return true;
  if ((x as { kind?: string }).kind === 'exists') return false;
  for (const [k, v] of Object.entries(x)) if (k !== 'span' && (Array.isArray(v) ? v.some(hasAggregate) : hasAggregate(v))) return true;
  return false;
}

/** The variables SELECT * projects: those in scope, in order of appearance. */
function visibleVars(sol: Solutions): string[] {
  return [...sol.vars.keys()].filter((n) => !isHidden(n));
}

/** lowerSelectCore applies a SELECT's modifiers; returns the projected solutions and names. */
export function lowerSelectCore(
  q: ast.SelectCore | ast.ConstructQuery | ast.AskQuery | ast.DescribeQuery,
  ctx: SparqlContext,
  projectAll: boolean,
  /** a hidden variable carried through grouping and projection (the graph of a sub-SELECT inside GRAPH ?g) */
  carried: string | null = null,
): { sol: Solutions; names: string[] } {
  let sol = q.where ? lowerGroupPattern(q.where, ctx) : unit();
  if (q.values) sol = joinSolutions(ctx, sol, lowerValues(q.values, ctx));
  const items: ast.SelectItem[] = q.kind === 'select' ? q.items : [];
  const star = q.kind !== 'select' || q.star;

  const grouped = q.groupBy.length > 0 || q.having.length > 0 || items.some((i) => hasAggregate(i.expression)) || q.orderBy.some((o) => hasAggregate(o.expression));
  let orderColumns = new Map<ast.OrderCondition, Column>();
  if (grouped) ({ sol, orderColumns } = group(q, sol, ctx, items, carried));
  else sol = selectExpressions(sol, items, ctx, null);

  if (q.orderBy.length) {
    // Sorting reads terms; the output variables are decoded before it too (joins above a
    // Sort would not keep its order).
    sol = decodeVars(ctx, sol, [...exprVars(q.orderBy.map((o) => o.expression)), ...outputNames(q, sol, projectAll)]);
    const host = new Host();
    const env = envOf(ctx, sol, host, null);
    const keys: SortKey[] = q.orderBy.map((o) => ({
      expr: orderColumns.has(o) ? col(orderColumns.get(o) as Column) : term(lowerExpr(o.expression, env)),
      descending: o.descending, nullsFirst: !o.descending, ordering: 'sparql' }));
    sol = { ...sol, plan: b.sort(host.wrap(sol.plan), keys) };
  }

  const names = outputNames(q, sol, projectAll);
  sol = projectVars(sol, carried && sol.vars.has(carried) ? [...names, carried] : names, ctx);
  if (q.kind === 'select' && q.modifier) sol = { ...sol, plan: b.distinct(sol.plan) };
  if (q.limit !== null || q.offset !== null) sol = { ...sol, plan: b.limit(sol.plan, q.offset ? lit(q.offset) : null, q.limit !== null ? lit(q.limit) : null) };
  return { sol, names };
}

function outputNames(q: ast.SelectCore | ast.ConstructQuery | ast.AskQuery | ast.DescribeQuery, sol: Solutions, projectAll: boolean): string[] {
  if (q.kind !== 'select' || q.star) return projectAll ? [...sol.vars.keys()] : visibleVars(sol);
  return q.items.map((i) => i.variable.value);
}

/** projectVars keeps the named variables' columns (an unknown name is an always-unbound column). */
export function projectVars(sol: Solutions, names: readonly string[], ctx: SparqlContext): Solutions {
  const defs: { column: Column; expr: Expr }[] = [];
  const vars = new Map<string, Column>();
  const maybe = new Set<string>();
  const cols = names.map((n) => {
    let c = sol.vars.get(n);
    if (!c || [...vars.values()].includes(c)) {
      const fresh = ctx.alloc.column(n, 'any');
      defs.push({ column: fresh, expr: c ? col(c) : lit(null) });
      if (!c) maybe.add(n);
      c = fresh;
    }
    if (sol.maybe.has(n)) maybe.add(n);
    vars.set(n, c);
    return c;
  });
  const ids = new Set(names.filter((n) => sol.ids.has(n) && sol.vars.has(n)));
  return { plan: b.project(b.extend(sol.plan, defs), cols), vars, maybe, ids };
}

function selectExpressions(sol: Solutions, items: readonly ast.SelectItem[], ctx: SparqlContext, aggregates: AggregateCollector | null): Solutions {
  const solution = sol.vars;
  for (const item of items) {
    if (!item.expression) continue;
    sol = decodeVars(ctx, sol, exprVars([item.expression]));
    const host = new Host();
    const env = { ...envOf(ctx, sol, host, aggregates), solution };
    const expr = term(lowerExpr(item.expression, env));
    const column = ctx.alloc.column(item.variable.value, 'any');
    const vars = new Map(sol.vars);
    vars.set(item.variable.value, column);
    const maybe = new Set(sol.maybe);
    maybe.add(item.variable.value);
    sol = { plan: b.extend(host.wrap(sol.plan), [{ column, expr }]), vars, maybe, ids: sol.ids };
  }
  return sol;
}

/** group lowers GROUP BY, the aggregates of SELECT/HAVING/ORDER BY, HAVING and the SELECT expressions. */
function group(
  q: ast.SolutionModifiers,
  input: Solutions,
  ctx: SparqlContext,
  items: readonly ast.SelectItem[],
  carried: string | null,
): { sol: Solutions; orderColumns: Map<ast.OrderCondition, Column> } {
  // What reads values before grouping: key expressions, aggregate arguments (COUNT(?v) counts
  // ids as well), HAVING and SELECT expressions. A bare key variable otherwise stays an id
  // (grouping on ids is grouping on terms) and is decoded after grouping, once per group.
  input = decodeVars(ctx, input, exprVars([
    ...q.groupBy.filter((g) => !(g.expression.kind === 'variable' && !g.variable)).map((g) => g.expression),
    ...q.having, ...items.map((i) => i.expression), ...q.orderBy.filter((o) => hasAggregate(o.expression)).map((o) => o.expression),
  ], true));
  // Group keys: a bare variable groups on its column; an expression on an Extend column.
  const keyDefs: { column: Column; expr: Expr }[] = [];
  const keys: Column[] = [];
  const after = new Map<string, Column>();
  const inEnv = envOf(ctx, input, null);
  for (const g of q.groupBy) {
    if (g.expression.kind === 'variable' && !g.variable) {
      const name = g.expression.variable.value;
      let c = input.vars.get(name);
      if (!c) {
        c = ctx.alloc.column(name, 'any');
        keyDefs.push({ column: c, expr: lit(null) });
      }
      keys.push(c);
      after.set(name, c);
      continue;
    }
    const column = ctx.alloc.column(g.variable?.value ?? 'key', 'any');
    keyDefs.push({ column, expr: term(lowerExpr(g.expression, inEnv)) });
    keys.push(column);
    if (g.variable) after.set(g.variable.value, column);
  }
  const carriedColumn = carried ? input.vars.get(carried) : undefined;
  if (carried && carriedColumn) {
    keys.push(carriedColumn);
    after.set(carried, carriedColumn);
  }
  const pre: Solutions = { ...input, plan: b.extend(input.plan, keyDefs) };
  const collector = new AggregateCollector(ctx, input);
  // Lower the post-group expressions first (collecting aggregates), then build the Aggregate under them.
  const keyIds = new Set([...after.keys()].filter((n) => input.ids.has(n) && input.vars.get(n) === after.get(n)));
  const grouped: Solutions = { plan: b.values([], [[]]), vars: after, maybe: new Set([...after.keys()]), ids: keyIds };
  const havingExprs = q.having.map((h) => ({ h }));
  const placeholder = { ...grouped };
  // SELECT expressions may read earlier ones: lower them in order against a growing variable map.
  const defs: { name: string; column: Column; expr: Expr; host: Host }[] = [];
  const vars = new Map(after);
  for (const item of items) {
    if (!item.expression) continue;
    const host = new Host();
    const env = envOf(ctx, { ...placeholder, vars }, host, collector);
    const expr = term(lowerExpr(item.expression, env));
    const column = ctx.alloc.column(item.variable.value, 'any');
    defs.push({ name: item.variable.value, column, expr, host });
    vars.set(item.variable.value, column);
  }
  const havingHost = new Host();
  const havingPreds = havingExprs.map(({ h }) => ebv(lowerExpr(h, envOf(ctx, { ...placeholder, vars: after }, havingHost, collector))));
  // ORDER BY aggregates: lowered later against the same collector, so pre-register them here.
  const orderEnv: ExprEnv = envOf(ctx, { ...placeholder, vars }, null, collector);
  const orderExprs = q.orderBy.filter((o) => hasAggregate(o.expression)).map((o) => ({ o, expr: term(lowerExpr(o.expression, orderEnv)) }));

  let plan: Plan = b.aggregate(pre.plan, keys, collector.calls);
  plan = b.filter(havingHost.wrap(plan), b.and(havingPreds));
  for (const d of defs) plan = b.extend(d.host.wrap(plan), [{ column: d.column, expr: d.expr }]);
  // ORDER BY expressions with aggregates sort on precomputed columns.
  const outVars = new Map(vars);
  const orderDefs = orderExprs.map(({ o, expr }) => ({ o, column: ctx.alloc.column('order', 'any'), expr }));
  plan = b.extend(plan, orderDefs.map((d) => ({ column: d.column, expr: d.expr })));
  const orderColumns = new Map(orderDefs.map((d) => [d.o, d.column]));
  return { sol: { plan, vars: outVars, maybe: new Set([...outVars.keys()]), ids: keyIds }, orderColumns };
}

let graphVars = 0;

/**
 * lowerSubSelect lowers a sub-SELECT to solutions over its projected variables. Inside
 * GRAPH ?g it is evaluated per graph (§18.5 Graph): the graph travels as a hidden variable,
 * grouped on and projected, and is bound to ?g afterwards (joined with a projected ?g, if any).
 */
export function lowerSubSelect(q: ast.SelectCore, ctx: SparqlContext): Solutions {
  if (ctx.graph.kind !== 'variable') return lowerSelectCore(q, { ...ctx, outer: null }, false).sol;
  const name = ctx.graph.name;
  const hidden = `?graph${++graphVars}`;
  let sol = lowerSelectCore(q, { ...ctx, outer: null, graph: { kind: 'variable', name: hidden } }, false, hidden).sol;
  if (sol.vars.has(name) && sol.ids.has(name) !== sol.ids.has(hidden)) sol = decodeVars(ctx, sol, [name, hidden]);
  const g = sol.vars.get(hidden);
  if (!g) return sol;
  const vars = new Map(sol.vars);
  vars.delete(hidden);
  const own = sol.vars.get(name);
  let plan = sol.plan;
  if (own) plan = b.filter(plan, call('sparql.compatible', [col(own), col(g)]));
  vars.set(name, g);
  const maybe = new Set(sol.maybe);
  maybe.delete(name);
  const ids = new Set(sol.ids);
  ids.delete(hidden);
  if (sol.ids.has(hidden)) ids.add(name);
  else ids.delete(name);
  return { plan, vars, maybe, ids };
}

/** lowerDescribe: the quads whose subject is a described resource. */
export function lowerDescribe(q: ast.DescribeQuery, ctx: SparqlContext): LoweredQuery {
  const cols = ['s', 'p', 'o'].map((n) => ctx.alloc.column(n, 'text'));
  const resource = ctx.alloc.column('resource', 'text');
  const parts: Plan[] = [];
  const sol = decodeVars(ctx, lowerSelectCore(q, ctx, false).sol);
  const targets: ast.VarOrIri[] = q.star ? [...sol.vars.keys()].filter((n) => !isHidden(n)).map((n) => ({ termType: 'Variable', value: n }) as ast.Variable) : q.terms;
  for (const t of targets) {
    if (t.termType === 'NamedNode') parts.push(b.values([ctx.alloc.like(resource)], [[lit(`<${t.value}`)]]));
    else if (sol.vars.has(t.value)) {
      const c = sol.vars.get(t.value) as Column;
      parts.push(b.filter(b.project(sol.plan, [c]), call('sparql.bound', [col(c)])));
    }
  }
  if (!ctx.quads || parts.length === 0) return { plan: b.empty(cols), names: ['subject', 'predicate', 'object'] };
  const resources = b.distinct(b.union([resource], parts));
  const q4 = ['s', 'p', 'o', 'g'].map((n) => ctx.alloc.column(n, 'integer'));
  const quads = b.filter(b.scan(ctx.quads, q4), call('eq', [col(q4[G]), lit(DEFAULT_GRAPH_ID)]));
  const terms = ctx.terms as RelationDef;
  const subject = termScan(terms, ctx.alloc);
  let plan = b.multiJoin([resources, subject.plan, quads], [call('eq', [col(resource), col(subject.term)]), call('eq', [col(subject.id), col(q4[S])])]);
  const p = decode(plan, q4[P], terms, ctx.alloc, false);
  const o = decode(p.plan, q4[O], terms, ctx.alloc, false);
  plan = b.project(o.plan, [subject.term, p.term, o.term]);
  return { plan, names: ['subject', 'predicate', 'object'] };
}

