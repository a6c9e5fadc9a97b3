/**
 * query.ts — lowering SQL queries (SELECT, VALUES, compound queries, WITH) to logical plans.
 *
 * The shape follows SQL's logical order of evaluation: FROM (joins) → WHERE → GROUP BY and
 * aggregates → HAVING → window functions (window.ts) → select list → DISTINCT → ORDER BY → LIMIT. Recursive common table
 * expressions become a Fixpoint whose step reads the previous iteration's rows (SQL's
 * working table) and whose body reads the whole result.
 */
import * as b from '../algebra/build.js';
import type { Column } from '../algebra/columns.js';
import { call, col, exprEquals, lit, type Expr } from '../algebra/expr.js';
import { commonType } from '../algebra/functions/sql.js';
import type { AggregateCall, Plan, SortKey } from '../algebra/logical.js';
import { NameError, PolyglotError, TypeMismatchError, UnsupportedError } from '../common/errors.js';
import { didYouMean } from '../common/suggest.js';
import type * as ast from '../../grammar/sql/ast.js';
import { parseSql } from '../../grammar/sql/index.js';
import { SubqueryHost, type CteBinding, type CteScope, type SqlContext } from './context.js';
import { AggregateCollector, containsAggregate, lowerExpr, truth, type ExprEnv } from './expressions.js';
import { at, idKey, key, objectKey } from './names.js';
import { Scope, type ScopeEntry } from './scope.js';
import { padded, tableEntries } from './generated.js';
import { WindowCollector } from './window.js';
import { lowerLateral, lowerTableFunction } from './table-functions.js';
import { distinctRows } from './distinct.js';
import type { Collation } from '../algebra/functions/sql-collate.js';
import { collated, collationName, collationOf, orderingFor } from './collation.js';

export interface LoweredQuery {
  plan: Plan;
  /** Result column names, one per plan column. */
  names: string[];
  /** Whether the query reads columns of an enclosing query. */
  correlated: boolean;
  /** Each result column's collating sequence, where known (DISTINCT and UNION compare by it). */
  collations?: readonly (Collation | null)[];
}

/** lowerQuery lowers a whole query (WITH … body ORDER BY … LIMIT …). */
export function lowerQuery(q: ast.Query, ctx: SqlContext, outer: Scope | null, ctes: CteScope): LoweredQuery {
  const recursive: { binding: CteBinding; columns: Column[] }[] = [];
  if (q.with) ctes = declareCtes(q.with, ctx, ctes, recursive);

  // Recursive CTEs: lower their parts while references read the delta, then the body reads the full relation.
  const fixpoints: { binding: CteBinding; init: Plan; step: Plan; all: boolean }[] = [];
  for (const r of recursive) fixpoints.push(lowerRecursive(r.binding, ctx, outer));

  let result: LoweredQuery;
  if (q.body.kind === 'Select') result = lowerSelect(q.body, ctx, outer, ctes, q.orderBy);
  else {
    result = lowerBody(q.body, ctx, outer, ctes);
    if (q.orderBy.length) result = { ...result, plan: orderByOutput(result, q.orderBy) };
  }
  let plan = applyLimit(result.plan, q, ctx);
  if (fixpoints.length) {
    const semantics = fixpoints.every((f) => f.all) ? 'bag' : 'set';
    plan = b.fixpoint(
      fixpoints.map((f) => ({ relation: (f.binding.recursive as { relation: NonNullable<CteBinding['recursive']>['relation'] }).relation, init: f.init, step: f.step })),
      plan,
      semantics,
    );
  }
  return { ...result, plan };
}

function declareCtes(w: ast.WithClause, ctx: SqlContext, outerCtes: CteScope, recursive: { binding: CteBinding; columns: Column[] }[]): CteScope {
  const scope = new Map(outerCtes);
  for (const cte of w.ctes) {
    const name = idKey(cte.name);
    const binding: CteBinding = { cte, recursive: null, outer: new Map(scope) };
    if (w.recursive && referencesTable(cte.query, name)) {
      if (cte.query.body.kind !== 'SetOperation' || cte.query.body.op !== 'UNION') {
        throw new UnsupportedError(`recursive common table expression ${cte.name.name} must be a UNION [ALL] of an initial and a recursive part`, at(cte.span));
      }
      const probe = lowerBody(cte.query.body.left, ctx, null, binding.outer as CteScope);
      const names = cte.columns.length ? cte.columns.map((c) => c.name) : probe.names;
      if (names.length !== probe.plan.schema.length) throw new TypeMismatchError(`table ${cte.name.name} has ${probe.plan.schema.length} values for ${names.length} columns`, at(cte.span));
      const columns = names.map((n, i) => ctx.alloc.column(n, probe.plan.schema[i].type === 'null' ? 'any' : probe.plan.schema[i].type));
      binding.recursive = { relation: b.recursiveRelation(ctx.alloc.column(cte.name.name, 'any').id, cte.name.name, columns), delta: true };
      recursive.push({ binding, columns });
    }
    scope.set(name, binding);
    // A recursive CTE sees itself; the binding object is shared, so later references see the same relation.
    if (binding.recursive) (binding.outer as Map<string, CteBinding>).set(name, binding);
  }
  return scope;
}

function lowerRecursive(binding: CteBinding, ctx: SqlContext, outer: Scope | null): { binding: CteBinding; init: Plan; step: Plan; all: boolean } {
  const body = binding.cte.query.body as ast.SetOperation;
  const rec = binding.recursive as NonNullable<CteBinding['recursive']>;
  rec.delta = true;
  const init = lowerBody(body.left, ctx, outer, binding.outer as CteScope);
  const step = lowerBody(body.right, ctx, outer, binding.outer as CteScope);
  const width = rec.relation.columns.length;
  for (const part of [init, step]) {
    if (part.plan.schema.length !== width) throw new TypeMismatchError(`SELECTs to the left and right of UNION do not have the same number of result columns`, at(body.span));
  }
  rec.delta = false;
  return { binding, init: init.plan, step: step.plan, all: body.all };
}

function referencesTable(q: ast.Query | ast.QueryBody, name: string): boolean {
  let found = false;
  const visit = (node: unknown): void => {
    if (found || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    const n = node as { kind?: string; name?: ast.ObjectName };
    if (n.kind === 'TableName' && n.name && objectKey(n.name) === name) {
      found = true;
      return;
    }
    for (const [k, v] of Object.entries(node)) if (k !== 'span') visit(v);
  };
  visit(q);
  return found;
}

/** lowerBody lowers a query body without ORDER BY/LIMIT. */
function lowerBody(body: ast.QueryBody, ctx: SqlContext, outer: Scope | null, ctes: CteScope): LoweredQuery {
  switch (body.kind) {
    case 'Select':
      return lowerSelect(body, ctx, outer, ctes, []);
    case 'Query':
      return lowerQuery(body, ctx, outer, ctes);
    case 'Values':
      return lowerValues(body, ctx, outer, ctes);
    case 'SetOperation': {
      const l = lowerBody(body.left, ctx, outer, ctes);
      const r = lowerBody(body.right, ctx, outer, ctes);
      if (l.plan.schema.length !== r.plan.schema.length) {
        throw new TypeMismatchError(`SELECTs to the left and right of ${body.op} do not have the same number of result columns`, at(body.span));
      }
      const correlated = l.correlated || r.correlated;
      let plan: Plan;
      switch (body.op) {
        case 'UNION': {
          const columns = l.plan.schema.map((c, i) => ctx.alloc.column(l.names[i], commonType([c.type, r.plan.schema[i].type])));
          plan = b.union(columns, [l.plan, r.plan]);
          // As SQLite, the left operand's collations decide which rows are duplicates.
          if (!body.all) plan = distinctRows(plan, l.collations, ctx).plan;
          break;
        }
        case 'INTERSECT':
          plan = b.intersect(l.plan, r.plan, body.all ? 'bag' : 'set');
          break;
        case 'EXCEPT':
          plan = b.minus(l.plan, r.plan, body.all ? 'bag' : 'set');
          break;
      }
      return { plan, names: l.names, correlated, collations: l.collations };
    }
  }
}

function lowerValues(v: ast.Values, ctx: SqlContext, outer: Scope | null, ctes: CteScope): LoweredQuery {
  const width = v.rows[0].length;
  const scope = new Scope([], outer);
  const env = exprEnv(ctx, scope, null, null, ctes);
  const rows = v.rows.map((r) => {
    if (r.length !== width) throw new TypeMismatchError('all VALUES must have the same number of terms', at(r[0]?.span ?? v.span));
    return r.map((e) => lowerExpr(e, env));
  });
  const names = Array.from({ length: width }, (_, i) => `column${i + 1}`);
  const columns = names.map((n, i) => ctx.alloc.column(n, commonType(rows.map((r) => r[i].type))));
  return { plan: b.values(columns, rows), names, correlated: scope.correlated };
}

export function exprEnv(ctx: SqlContext, scope: Scope, host: SubqueryHost | null, aggregates: AggregateCollector | null, ctes: CteScope): ExprEnv {
  return {
    ctx,
    scope,
    host,
    aggregates,
    lowerSubquery: (query, outerScope) => {
      const r = lowerQuery(query, ctx, outerScope, ctes);
      return { plan: r.plan, correlated: r.correlated };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// SELECT

interface Item {
  name: string;
  /** The expression as lowered in the input scope (for DISTINCT/ORDER BY matching). */
  expr: Expr;
  ast: ast.Expr | null;
  /** The name was given with AS (ORDER BY may refer to it). */
  aliased: boolean;
}

function lowerSelect(sel: ast.Select, ctx: SqlContext, outer: Scope | null, ctes: CteScope, orderBy: ast.OrderItem[]): LoweredQuery {
  const windows = new WindowCollector(sel.windows);
  const from = sel.from ? lowerFrom(sel.from, ctx, outer, ctes) : { plan: b.values([], [[]]) as Plan, entries: [] as ScopeEntry[] };
  const scope = new Scope(from.entries, outer);
  let plan = from.plan;
  let correlated = from.correlated ?? false;

  if (sel.where) {
    if (containsAggregate(sel.where)) throw new TypeMismatchError('misuse of aggregate function in WHERE', at(sel.where.span));
    const host = new SubqueryHost();
    const pred = truth(lowerExpr(sel.where, { ...exprEnv(ctx, scope, host, null, ctes), aliases: selectAliases(sel) }));
    plan = b.filter(host.wrap(plan), pred);
  }

  const aggregating =
    sel.groupBy.length > 0 ||
    sel.having !== null ||
    sel.columns.some((c) => c.kind === 'SelectExpr' && containsAggregate(c.expr)) ||
    orderBy.some((o) => containsAggregate(o.expr));

  const post = new SubqueryHost();
  let items: Item[];
  let orderExprs: (Expr | number)[];
  let having: Expr | null = null;

  if (aggregating) {
    // GROUP BY terms: expressions, select-list positions (GROUP BY 1) or select-list aliases.
    const groupHost = new SubqueryHost();
    const groupEnv = exprEnv(ctx, scope, groupHost, null, ctes);
    // A collated term groups by its normalized value (collation.ts); the column itself is then a bare column.
    const groupExprs = sel.groupBy.map((g) => {
      const term = resolveSelectReference(g, sel, scope);
      if (containsAggregate(term)) throw new TypeMismatchError('aggregate functions are not allowed in the GROUP BY clause', at(g.span));
      return collated(lowerExpr(term, groupEnv), collationOf(term, scope));
    });
    const groupColumns: Column[] = [];
    const definitions: { column: Column; expr: Expr }[] = [];
    const groupOf: { expr: Expr; column: Column }[] = [];
    for (const g of groupExprs) {
      let column: Column;
      if (g.kind === 'column') column = { id: g.id, name: g.name, type: g.type };
      else {
        column = ctx.alloc.column('group', g.type);
        definitions.push({ column, expr: g });
      }
      if (!groupColumns.some((c) => c.id === column.id)) groupColumns.push(column);
      groupOf.push({ expr: g, column });
    }
    const input = b.extend(groupHost.wrap(plan), definitions);
    const collector = new AggregateCollector(scope);
    const havingEnv = exprEnv(ctx, scope, post, collector, ctes);
    const env: ExprEnv = { ...havingEnv, windows: windows.lower };
    const rawItems = selectItems(sel, scope, env);
    const rawOrder = orderBy.map((o) => orderTarget(o, rawItems, env));
    const rawHaving = sel.having ? truth(lowerExpr(sel.having, { ...havingEnv, aliases: selectAliases(sel) })) : null;
    // Columns read outside aggregates must be grouping columns; other input columns are SQLite's "bare columns".
    const inputIds = new Set(input.schema.map((c) => c.id));
    const bare = new Map<number, AggregateCall>();
    const bareCall = bareColumnCall(collector.calls);
    const rewrite = (e: Expr): Expr => {
      const g = groupOf.find((x) => exprEquals(x.expr, e));
      if (g) return col(g.column);
      if (e.kind === 'column') {
        if (groupColumns.some((c) => c.id === e.id) || !inputIds.has(e.id)) return e;
        let a = bare.get(e.id);
        if (!a) {
          a = { column: ctx.alloc.column(e.name, e.type), ...bareCall(e) };
          bare.set(e.id, a);
        }
        return col(a.column);
      }
      if (e.kind === 'call') return call(e.fn, e.args.map(rewrite));
      return e;
    };
    items = rawItems.map((i) => ({ ...i, expr: rewrite(i.expr) }));
    orderExprs = rawOrder.map((o) => (typeof o === 'number' ? o : rewrite(o)));
    having = rawHaving ? rewrite(rawHaving) : null;
    windows.rewrite(rewrite);
    plan = b.aggregate(input, groupColumns, [...collector.calls, ...bare.values()]);
  } else {
    const env: ExprEnv = { ...exprEnv(ctx, scope, post, null, ctes), windows: windows.lower };
    items = selectItems(sel, scope, env);
    orderExprs = orderBy.map((o) => orderTarget(o, items, env));
  }
  correlated ||= scope.correlated;
  plan = post.wrap(plan);
  if (having) plan = b.filter(plan, having);
  // Window functions see the grouped, filtered rows and are computed before DISTINCT and ORDER BY.
  plan = windows.apply(plan);

  // A select item that is a plain column of the plan is passed through as that column (no copy per
  // row); computed items, repeated columns and outer references get a column of their own.
  const available = new Set(plan.schema.map((c) => c.id));
  const reused = new Set<number>();
  const outputs = items.map((i) => {
    const e = i.expr;
    if (e.kind === 'column' && available.has(e.id) && !reused.has(e.id)) {
      reused.add(e.id);
      return { id: e.id, name: e.name, type: e.type } as Column;
    }
    return ctx.alloc.column(i.name, i.expr.type);
  });
  const names = items.map((i) => i.name);
  const keyOf = (o: Expr | number, i: number): Expr => (typeof o === 'number' ? col(outputs[o]) : matchOutput(o, items, outputs) ?? orderColumns[i]);
  const orderColumns: Expr[] = [];
  const hidden: { column: Column; expr: Expr }[] = [];
  orderExprs.forEach((o) => {
    if (typeof o !== 'number' && !matchOutput(o, items, outputs)) {
      if (sel.distinct) throw new TypeMismatchError('for SELECT DISTINCT, ORDER BY expressions must appear in the select list', undefined);
      // A column of the input is sorted on as itself (an index that delivers it in order can then serve the ORDER BY).
      if (o.kind === 'column' && available.has(o.id)) {
        orderColumns.push(o);
        return;
      }
      const c = ctx.alloc.column('order', o.type);
      hidden.push({ column: c, expr: o });
      orderColumns.push(col(c));
    } else orderColumns.push(lit(null));
  });
  const computed = items.map((i, k) => ({ column: outputs[k], expr: i.expr })).filter((d) => !(d.expr.kind === 'column' && d.expr.id === d.column.id));
  plan = b.extend(plan, [...computed, ...hidden]);
  const collations = items.map((i) => (i.ast ? collationOf(i.ast, scope) : i.expr.kind === 'column' ? (scope.entries.find((e) => e.column.id === (i.expr as { id: number }).id)?.collation ?? null) : null));
  // ORDER BY 2 orders by the second result column's collation.
  const orderCollation = (o: ast.OrderItem, i: number) => {
    const target = orderExprs[i];
    return typeof target === 'number' && o.expr.kind !== 'Collate' ? collations[target] : collationOf(o.expr, scope);
  };
  const keys: SortKey[] = orderBy.map((o, i) => sortKey(o, keyOf(orderExprs[i], i), orderingFor(orderCollation(o, i))));
  if (sel.distinct) {
    const d = distinctRows(b.project(plan, outputs), collations, ctx);
    plan = b.sort(d.plan, keys.map((k) => ({ ...k, expr: d.rename(k.expr) })));
  } else {
    plan = b.sort(plan, keys);
    plan = b.project(plan, outputs);
  }
  return { plan, names, correlated, collations };
}

/**
 * bareColumnCall says how a bare column of an aggregate query is aggregated: as in SQLite, from
 * the row where the query's min() or max() (the last one, when there are several) found its
 * value, under the same FILTER; from some row of the group when there is none.
 */
function bareColumnCall(calls: readonly AggregateCall[]): (e: Expr) => Omit<AggregateCall, 'column'> {
  const extreme = calls.findLast((a) => (a.fn === 'sql.min' || a.fn === 'sql.max') && a.args.length === 1);
  if (extreme === undefined) return (e) => ({ fn: 'sql.any_value', args: [e], distinct: false, filter: null });
  const fn = extreme.fn === 'sql.min' ? 'sql.at_min' : 'sql.at_max';
  return (e) => ({ fn, args: [e, extreme.args[0]], distinct: false, filter: extreme.filter });
}

export function sortKey(o: ast.OrderItem, expr: Expr, ordering = 'sql'): SortKey {
  const descending = o.direction === 'DESC';
  // SQLite and PostgreSQL differ on default NULL placement; SQLite's: NULLs are the smallest values.
  const nullsFirst = o.nulls ? o.nulls === 'FIRST' : !descending;
  return { expr, descending, nullsFirst, ordering };
}

function matchOutput(e: Expr, items: Item[], outputs: Column[]): Expr | undefined {
  const k = items.findIndex((i) => exprEquals(i.expr, e));
  return k >= 0 ? col(outputs[k]) : undefined;
}

/** orderTarget resolves an ORDER BY term: a result position, a result alias, or an expression over the input. */
function orderTarget(o: ast.OrderItem, items: Item[], env: ExprEnv): Expr | number {
  const e = o.expr.kind === 'Collate' ? o.expr.operand : o.expr;
  if (e.kind === 'Literal' && e.type === 'integer') {
    const k = Number(e.value);
    if (k < 1 || k > items.length) throw new PolyglotError('INVALID_ARGUMENT', `ORDER BY term out of range - should be between 1 and ${items.length}`, at(e.span));
    return k - 1;
  }
  if (e.kind === 'ColumnRef' && !e.table) {
    const k = items.findIndex((i) => i.aliased && key(i.name) === idKey(e.column));
    if (k >= 0) return k;
  }
  return lowerExpr(e, env);
}

/** selectAliases maps each AS name of the select list to its expression (SQLite reads them in WHERE and HAVING). */
function selectAliases(sel: ast.Select): Map<string, ast.Expr> {
  const out = new Map<string, ast.Expr>();
  for (const c of sel.columns) if (c.kind === 'SelectExpr' && c.alias && !out.has(idKey(c.alias))) out.set(idKey(c.alias), c.expr);
  return out;
}

/** resolveSelectReference maps GROUP BY 1 / GROUP BY alias to the select item's expression. */
function resolveSelectReference(g: ast.Expr, sel: ast.Select, scope: Scope): ast.Expr {
  const exprItems = sel.columns.filter((c): c is ast.SelectExpr => c.kind === 'SelectExpr');
  if (g.kind === 'Literal' && g.type === 'integer') {
    const k = Number(g.value);
    const item = sel.columns[k - 1];
    if (!item || item.kind !== 'SelectExpr') throw new PolyglotError('INVALID_ARGUMENT', `GROUP BY term out of range - should be between 1 and ${sel.columns.length}`, at(g.span));
    return item.expr;
  }
  if (g.kind === 'ColumnRef' && !g.table && !scope.entries.some((e) => key(e.name) === idKey(g.column))) {
    const item = exprItems.find((c) => c.alias && idKey(c.alias) === idKey(g.column));
    if (item) return item.expr;
  }
  return g;
}

function selectItems(sel: ast.Select, scope: Scope, env: ExprEnv): Item[] {
  const items: Item[] = [];
  for (const c of sel.columns) {
    if (c.kind === 'SelectStar') {
      const entries = scope.star(c.table);
      if (entries.length === 0 && !c.table) throw new NameError('UNKNOWN_NAME', 'no tables specified', at(c.span));
      for (const e of entries) items.push({ name: e.name, expr: col(e.column), ast: null, aliased: false });
      continue;
    }
    const expr = lowerExpr(c.expr, env);
    items.push({ name: c.alias ? c.alias.name : itemName(c.expr, env.ctx.text), expr, ast: c.expr, aliased: c.alias !== null });
  }
  return items;
}

function itemName(e: ast.Expr, text: string): string {
  if (e.kind === 'ColumnRef') return e.column.name;
  return text.slice(e.span.start.offset, e.span.end.offset);
}

/** orderByOutput sorts a compound query's result by result positions or names. */
function orderByOutput(q: LoweredQuery, orderBy: ast.OrderItem[]): Plan {
  const keys = orderBy.map((o) => {
    const e = o.expr.kind === 'Collate' ? o.expr.operand : o.expr;
    let k = -1;
    if (e.kind === 'Literal' && e.type === 'integer') k = Number(e.value) - 1;
    else if (e.kind === 'ColumnRef') k = q.names.findIndex((n) => key(n) === idKey(e.column));
    if (k < 0 || k >= q.plan.schema.length) {
      throw new PolyglotError('INVALID_ARGUMENT', `ORDER BY term does not match any column in the result set`, at(e.span));
    }
    return sortKey(o, col(q.plan.schema[k]), orderingFor(o.expr.kind === 'Collate' ? collationName(o.expr.collation) : (q.collations?.[k] ?? null)));
  });
  return b.sort(q.plan, keys);
}

function applyLimit(plan: Plan, q: ast.Query, ctx: SqlContext): Plan {
  if (!q.limit && !q.offset) return plan;
  const env = exprEnv(ctx, new Scope([], null), null, null, new Map());
  // An integer literal stays one (the optimizer reads it); anything else is made an integer as SQLite does, or refused.
  const integer = (e: ast.Expr) => {
    const x = lowerExpr(e, env);
    return x.kind === 'literal' && (typeof x.value === 'bigint' || Number.isInteger(x.value)) ? x : call('sql.must_be_integer', [x]);
  };
  const limitExpr = q.limit ? integer(q.limit) : null;
  const offsetExpr = q.offset ? integer(q.offset) : null;
  // SQLite: a negative LIMIT means no limit.
  const count = limitExpr && limitExpr.kind === 'literal' && typeof limitExpr.value === 'number' && limitExpr.value < 0 ? null : limitExpr;
  return b.limit(plan, offsetExpr, count);
}

// ---------------------------------------------------------------------------------------------
// FROM

export interface FromResult {
  plan: Plan;
  entries: ScopeEntry[];
  correlated?: boolean;
}

export function lowerFrom(ref: ast.TableRef, ctx: SqlContext, outer: Scope | null, ctes: CteScope): FromResult {
  switch (ref.kind) {
    case 'TableName':
      return lowerTableName(ref, ctx, outer, ctes);
    case 'SubqueryRef': {
      const q = lowerQuery(ref.query, ctx, outer, ctes);
      return derived(q, ref.alias ? idKey(ref.alias) : null, ref.columnAliases, ref.span);
    }
    case 'TableFunction':
      return lowerTableFunction(ref, ctx, new Scope([], outer), b.values([], [[]]), ctes);
    case 'Join':
      return lowerJoin(ref, ctx, outer, ctes);
  }
}

function derived(q: LoweredQuery, alias: string | null, columnAliases: ast.Identifier[], span: ast.Span): FromResult {
  if (columnAliases.length && columnAliases.length !== q.names.length) {
    throw new TypeMismatchError(`table ${alias ?? '(subquery)'} has ${q.names.length} columns but ${columnAliases.length} column names were given`, at(span));
  }
  const names = columnAliases.length ? columnAliases.map((c) => c.name) : q.names;
  return {
    plan: q.plan,
    entries: q.plan.schema.map((c, i) => ({ table: alias, name: names[i], column: c, star: true })),
    correlated: q.correlated,
  };
}

function lowerTableName(ref: ast.TableName, ctx: SqlContext, outer: Scope | null, ctes: CteScope): FromResult {
  const name = objectKey(ref.name);
  const alias = ref.alias ? idKey(ref.alias) : name;
  const cte = ctes.get(name);
  if (cte) {
    if (cte.recursive) {
      const rel = cte.recursive.relation;
      const columns = rel.columns.map((c) => ctx.alloc.like(c));
      const plan = b.recursiveScan(rel, cte.recursive.delta, columns);
      return { plan, entries: columns.map((c) => ({ table: alias, name: c.name, column: c, star: true })) };
    }
    const q = lowerQuery(cte.cte.query, ctx, outer, cte.outer as CteScope);
    return derived(q, alias, cte.cte.columns, ref.span);
  }
  const rel = ctx.catalog.relation(name);
  if (!rel) {
    const known = ctx.catalog.relations().map((r) => r.name);
    throw new NameError('UNKNOWN_NAME', `no such table: ${ref.name.name.name}${didYouMean(name, known)}`, at(ref.span));
  }
  if (rel.kind === 'view') {
    if (rel.options?.datalog) throw new UnsupportedError(`${rel.name} is a Datalog view; query it with db.datalog`, at(ref.span));
    const text = String(rel.options?.query ?? '');
    const [statement] = parseSql(text);
    const q = lowerQuery(statement as ast.Query, { ...ctx, text }, outer, new Map());
    const aliases = ((rel.options?.columns as string[] | undefined) ?? []).map((n) => ({ kind: 'Identifier', name: n, quoted: true, span: ref.span }) as ast.Identifier);
    return derived(q, alias, aliases, ref.span);
  }
  const columns = rel.columns.map((c) => ctx.alloc.column(c.name, c.type));
  return { plan: b.scan(rel, columns), entries: tableEntries(rel, alias, columns, ctx) };
}

function lowerJoin(ref: ast.JoinRef, ctx: SqlContext, outer: Scope | null, ctes: CteScope): FromResult {
  if (ref.natural && (ref.on || ref.using)) throw new TypeMismatchError('a NATURAL join may not have an ON or USING clause', at(ref.span));
  const left = lowerFrom(ref.left, ctx, outer, ctes);
  const onCondition = (entries: ScopeEntry[]) => (ref.on ? truth(lowerExpr(ref.on, exprEnv(ctx, new Scope(entries, outer), null, null, ctes))) : null);
  const lateral = lowerLateral(ref, left, ctx, outer, ctes, onCondition);
  if (lateral) return lateral;
  const right = lowerFrom(ref.right, ctx, outer, ctes);
  const correlated = Boolean(left.correlated || right.correlated);
  let rightEntries = right.entries;
  const conditions: Expr[] = [];
  const usingPairs: [ScopeEntry, ScopeEntry][] = [];

  const usingNames: ast.Identifier[] | null = ref.natural
    ? commonNames(left.entries, right.entries).map((n) => ({ kind: 'Identifier', name: n, quoted: false, span: ref.span }) as ast.Identifier)
    : ref.using;
  if (usingNames) {
    for (const id of usingNames) {
      const l = uniqueEntry(left.entries, id, 'left');
      const r = uniqueEntry(right.entries, id, 'right');
      conditions.push(call('sql.eq', [col(l.column), col(r.column)]));
      const shown: ScopeEntry = { ...r, star: false, merged: true };
      usingPairs.push([l, shown]);
      rightEntries = rightEntries.map((e) => (e === r ? shown : e));
    }
  }
  const entries = [...left.entries, ...rightEntries];
  const on = onCondition(entries);
  if (on) conditions.push(on);
  const condition = conditions.length ? b.and(conditions) : null;
  switch (ref.joinType) {
    case 'INNER':
    case 'CROSS':
    case 'COMMA':
      return { plan: b.join('inner', left.plan, right.plan, condition), entries, correlated };
    // A null-padded row's generated columns are null, not their expressions' values: no substitution there.
    case 'LEFT':
      return { plan: b.join('left', left.plan, right.plan, condition), entries: [...left.entries, ...padded(rightEntries)], correlated };
    case 'RIGHT':
      return coalesceUsing({ plan: b.join('left', right.plan, left.plan, condition), entries: [...padded(left.entries), ...rightEntries], correlated }, usingPairs, ctx);
    case 'FULL': {
      const matched = b.join('left', left.plan, right.plan, condition);
      const padding = left.plan.schema.map((c) => ({ column: ctx.alloc.like(c), expr: lit(null) as Expr }));
      const unmatched = b.project(
        b.extend(b.join('anti', right.plan, left.plan, condition), padding),
        [...padding.map((p) => p.column), ...right.plan.schema],
      );
      const out = [...left.plan.schema, ...right.plan.schema].map((c) => ctx.alloc.like(c));
      const remap = new Map([...left.plan.schema, ...right.plan.schema].map((c, i) => [c.id, out[i]]));
      const full = {
        plan: b.union(out, [matched, unmatched]),
        entries: padded(entries).map((e) => ({ ...e, column: remap.get(e.column.id) ?? e.column })),
        correlated,
      };
      const pairs = usingPairs.map(([l, r]) => [full.entries[entries.indexOf(l)], full.entries[entries.indexOf(r)]] as [ScopeEntry, ScopeEntry]);
      return coalesceUsing(full, pairs, ctx);
    }
  }
}

/**
 * coalesceUsing gives a RIGHT or FULL join's USING columns their SQL meaning: the unqualified name
 * is COALESCE(left, right) (the row may come from either side), while `left.c` and `right.c` still
 * reach each side's own column.
 */
function coalesceUsing(joined: FromResult, pairs: [ScopeEntry, ScopeEntry][], ctx: SqlContext): FromResult {
  if (pairs.length === 0) return joined;
  const merged = pairs.map(([l, r]) => ({ column: ctx.alloc.like(l.column), expr: call('sql.coalesce', [col(l.column), col(r.column)]) as Expr }));
  const entries: ScopeEntry[] = [];
  for (const e of joined.entries) {
    const i = pairs.findIndex(([l]) => l === e);
    if (i < 0) {
      entries.push(e);
      continue;
    }
    entries.push({ table: null, name: e.name, column: merged[i].column, star: e.star, collation: e.collation });
    entries.push({ ...e, star: false, merged: true });
  }
  return { plan: b.extend(joined.plan, merged), entries, correlated: joined.correlated };
}

function commonNames(left: ScopeEntry[], right: ScopeEntry[]): string[] {
  const r = new Set(right.filter((e) => e.star).map((e) => key(e.name)));
  const seen = new Set<string>();
  const out: string[] = [];
  for (const e of left) {
    const k = key(e.name);
    if (e.star && r.has(k) && !seen.has(k)) {
      seen.add(k);
      out.push(e.name);
    }
  }
  return out;
}

function uniqueEntry(entries: ScopeEntry[], id: ast.Identifier, side: string): ScopeEntry {
  const matches = entries.filter((e) => key(e.name) === idKey(id) && !e.merged);
  if (matches.length === 0) throw new NameError('UNKNOWN_NAME', `cannot join using column ${id.name} - column not present in the ${side} table`, at(id.span));
  if (matches.length > 1) throw new NameError('AMBIGUOUS_NAME', `ambiguous column name in USING: ${id.name}`, at(id.span));
  return matches[0];
}
