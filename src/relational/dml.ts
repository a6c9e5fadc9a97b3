/**
 * dml.ts — INSERT, UPDATE and DELETE as plans ending in a Write.
 *
 * The rows to write are computed by an ordinary query plan (VALUES, SELECT, or a filtered
 * scan of the target), so writes get the same optimizer (index selection for the WHERE of
 * an UPDATE) and executor as reads. Values written into typed columns pass through the
 * column's coercion function; CHECK constraints through sql.assert.
 */
import * as b from '../algebra/build.js';
import type { Column } from '../algebra/columns.js';
import { call, col, lit, type Expr } from '../algebra/expr.js';
import type { Plan, Upsert, Write } from '../algebra/logical.js';
import type { QueryStatement, RelationDef } from '../algebra/statement.js';
import { NameError, PolyglotError, TypeMismatchError, UnsupportedError } from '../common/errors.js';
import { didYouMean } from '../common/suggest.js';
import type * as ast from '../../grammar/sql/ast.js';
import { lowerFragment, sourceOf } from './fragment.js';
import { SubqueryHost, type SqlContext } from './context.js';
import { lowerExpr, truth } from './expressions.js';
import { at, idKey, key, objectKey } from './names.js';
import { exprEnv, lowerFrom, lowerQuery } from './query.js';
import { Scope, type ScopeEntry } from './scope.js';
import { coercionFor, generatedColumn, insertableColumns, shown, tableInfo, visibleColumns } from './table-info.js';
import { substituteAll, tableEntries, withGenerated } from './generated.js';
import { triggerActions } from './triggers.js';

function targetTable(name: ast.ObjectName, ctx: SqlContext): RelationDef {
  const rel = ctx.catalog.relation(objectKey(name));
  if (!rel) throw new NameError('UNKNOWN_NAME', `no such table: ${name.name.name}${didYouMean(objectKey(name), ctx.catalog.relations().map((r) => r.name))}`, at(name.span));
  if (rel.kind !== 'table') throw new TypeMismatchError(`cannot modify ${name.name.name} because it is a ${rel.kind}`, at(name.span));
  return rel;
}

function columnPosition(rel: RelationDef, id: ast.Identifier): number {
  const i = rel.columns.findIndex((c, j) => key(c.name) === idKey(id) && (j < tableInfo(rel).hidden || shown(rel, j)));
  if (i < 0) throw new NameError('UNKNOWN_NAME', `table ${rel.name} has no column named ${id.name}${didYouMean(id.name, rel.columns.map((c) => c.name))}`, at(id.span));
  return i;
}

/** coerce wraps a value written into column i in that column's coercion. */
function coerce(rel: RelationDef, i: number, e: Expr): Expr {
  const info = tableInfo(rel);
  const fn = coercionFor(rel.columns[i].type, info.declaredTypes[i] ?? null);
  return fn ? call(fn, [e, lit(`${rel.name}.${rel.columns[i].name}`)]) : e;
}

/** withChecks routes the row's first column through sql.assert for each CHECK constraint over the new row. */
function withChecks(rel: RelationDef, row: { column: Column; expr: Expr }[], ctx: SqlContext): { column: Column; expr: Expr }[] {
  const info = tableInfo(rel);
  if (info.checks.length === 0) return row;
  // CHECK expressions read the new row's values: lower them over a scope of the row's columns, then substitute.
  const scope = new Scope(rel.columns.map((c, i) => ({ table: rel.name, name: c.name, column: row[i].column, star: true })));
  const bound = new Map(row.map((r) => [r.column.id, r.expr]));
  let first = row[0].expr;
  for (const c of info.checks) {
    const cond = substituteAll(lowerFragment(c.text, ctx, scope), bound);
    // The row's values follow: a failure names the row (they are read only then).
    const label = `CHECK constraint failed: ${c.name ?? c.text} on ${rel.name} (${visibleColumns(rel).map((i) => rel.columns[i].name).join(', ')})`;
    first = call('sql.assert', [first, cond, lit(label), ...visibleColumns(rel).map((i) => row[i].expr)]);
  }
  return [{ column: row[0].column, expr: first }, ...row.slice(1)];
}

function returning(items: ast.SelectItem[] | null, plan: Plan, entries: ScopeEntry[], ctx: SqlContext): { plan: Plan; names: string[] } {
  if (!items) return { plan, names: [] };
  const scope = new Scope(entries);
  const env = exprEnv(ctx, scope, null, null, new Map());
  const defs: { column: Column; expr: Expr }[] = [];
  const names: string[] = [];
  for (const item of items) {
    if (item.kind === 'SelectStar') {
      for (const e of scope.star(item.table)) {
        defs.push({ column: ctx.alloc.column(e.name, e.column.type), expr: col(e.column) });
        names.push(e.name);
      }
    } else {
      const expr = lowerExpr(item.expr, env);
      const name = item.alias ? item.alias.name : item.expr.kind === 'ColumnRef' ? item.expr.column.name : ctx.text.slice(item.expr.span.start.offset, item.expr.span.end.offset);
      defs.push({ column: ctx.alloc.column(name, expr.type), expr });
      names.push(name);
    }
  }
  return { plan: b.project(b.extend(plan, defs), defs.map((d) => d.column)), names };
}

function statement(plan: Plan, names: string[], returnsRows: boolean, ctx: SqlContext): QueryStatement {
  return { kind: 'query', plan, alloc: ctx.alloc, columns: names, returnsRows, explain: null };
}

export function lowerInsert(s: ast.Insert, ctx: SqlContext, outer: Scope | null = null): QueryStatement {
  if (s.with) throw new UnsupportedError('WITH before INSERT is not supported yet', at(s.with.span));
  const rel = targetTable(s.table, ctx);
  const info = tableInfo(rel);
  const targets = s.columns.length ? s.columns.map((c) => columnPosition(rel, c)) : s.source ? insertableColumns(rel) : [];
  for (const [k, i] of targets.entries()) {
    if (generatedColumn(rel, i)) throw new PolyglotError('INVALID_ARGUMENT', `cannot INSERT into generated column "${rel.columns[i].name}"`, at(s.columns[k].span));
  }
  if (new Set(targets).size !== targets.length) throw new NameError('DUPLICATE_NAME', 'a column is listed twice in INSERT', at(s.span));
  const source = s.source ? lowerQuery(s.source, ctx, outer, new Map()) : { plan: b.values([], [[]]) as Plan, names: [] as string[], correlated: false };
  if (source.plan.schema.length !== targets.length) {
    throw new TypeMismatchError(
      s.columns.length
        ? `${source.plan.schema.length} values for ${targets.length} columns`
        : `table ${rel.name} has ${targets.length} columns but ${source.plan.schema.length} values were supplied`,
      at(s.source?.span ?? s.span),
    );
  }
  const empty = new Scope([]);
  let row = rel.columns.map((c, i) => {
    const k = targets.indexOf(i);
    const value = k >= 0 ? col(source.plan.schema[k]) : info.defaults[i] ? lowerFragment(info.defaults[i] as string, ctx, empty) : lit(null);
    return { column: ctx.alloc.column(c.name, c.type), expr: k >= 0 || info.defaults[i] ? coerce(rel, i, value) : value };
  });
  row = withChecks(rel, withGenerated(rel, row, ctx), ctx);
  const onConflict = conflictPolicy(s.orAction);
  const upserts = s.onConflict.map((c) => lowerUpsert(c, rel, row, s.alias, ctx));
  const rowPlan = b.project(b.extend(source.plan, row), row.map((r) => r.column));
  const written = b.write('insert', rel, rowPlan, [], onConflict, upserts, triggerActions(rel, 'INSERT', [], ctx));
  const entries = rel.columns.map((c, i) => ({ table: key(s.alias?.name ?? rel.name), name: c.name, column: row[i].column, star: shown(rel, i) }));
  const r = returning(s.returning, written, entries, ctx);
  return statement(r.plan, r.names, s.returning !== null, ctx);
}

/** conflictPolicy is the Write's policy for `INSERT OR …` / `UPDATE OR …` (none and ABORT: the statement's work is undone). */
function conflictPolicy(action: ast.ConflictAction | null): Write['onConflict'] {
  return action === null || action === 'ABORT' ? 'error' : (action.toLowerCase() as Write['onConflict']);
}

/**
 * lowerUpsert lowers one ON CONFLICT clause: its target must be the primary key or a unique
 * index (as SQLite requires); DO UPDATE's SET and WHERE see the stored row under the table's
 * name (or alias) and the row that was to be inserted as `excluded`.
 */
function lowerUpsert(c: ast.OnConflict, rel: RelationDef, proposed: { column: Column }[], alias: ast.Identifier | null, ctx: SqlContext): Upsert {
  const target = c.constraint ? namedTarget(c.constraint, rel) : c.target.length ? conflictTarget(c, rel, ctx) : null;
  const sameSet = (a: readonly number[]) => target !== null && a.length === target.length && a.every((x) => target.includes(x));
  if (target && !sameSet(rel.primaryKey ?? []) && !rel.indexes.some((i) => i.unique && sameSet(i.columns))) {
    const written = c.target.map((o) => sourceOf(ctx, o)).join(', ');
    throw new TypeMismatchError(`ON CONFLICT clause does not match any PRIMARY KEY or UNIQUE constraint: no unique index of ${rel.name} is on (${written})`, at(c.span));
  }
  if (c.action === 'NOTHING') return { target, existing: [], set: null, where: null };
  if (!target) throw new TypeMismatchError('ON CONFLICT DO UPDATE needs a conflict target', at(c.span));
  const info = tableInfo(rel);
  const existing = rel.columns.map((c) => ctx.alloc.column(c.name, c.type));
  const table = key(alias?.name ?? rel.name);
  const scope = new Scope([
    ...existing.map((column, i) => ({ table, name: rel.columns[i].name, column, star: shown(rel, i), ...(i >= info.hidden && !shown(rel, i) ? { unnamed: true } : {}) })),
    // excluded.x is reachable only qualified (a ScopeEntry marked merged), so a bare x is the stored row's.
    ...proposed.map((p, i) => ({ table: 'excluded', name: rel.columns[i].name, column: p.column, star: false, merged: true })),
  ]);
  const env = exprEnv(ctx, scope, null, null, new Map());
  const assigned = assignments(c.assignments, rel, env);
  const row = withChecks(rel, withGenerated(rel, rel.columns.map((c, i) => ({ column: ctx.alloc.column(c.name, c.type), expr: assigned.get(i) ?? col(existing[i]) })), ctx), ctx);
  return { target, existing, set: row.map((r) => r.expr), where: c.where ? truth(lowerExpr(c.where, env)) : null };
}

/**
 * conflictTarget reads an ON CONFLICT target as column positions: a column name, or an
 * expression an index is on (its hidden column: the scope lowers an equal expression as a read
 * of it). The target's WHERE is checked for names; with no partial indexes here it narrows
 * nothing — a full unique index on the target serves it, as SQLite matches it.
 */
function conflictTarget(c: ast.OnConflict, rel: RelationDef, ctx: SqlContext): number[] {
  const columns = rel.columns.map((x) => ctx.alloc.column(x.name, x.type));
  const env = exprEnv(ctx, new Scope(tableEntries(rel, key(rel.name), columns, ctx)), null, null, new Map());
  if (c.targetWhere) lowerExpr(c.targetWhere, env);
  return c.target.map((o) => {
    const e = o.expr.kind === 'Collate' ? o.expr.operand : o.expr;
    if (e.kind === 'ColumnRef') return columnPosition(rel, e.column);
    const lowered = lowerExpr(e, env);
    const i = lowered.kind === 'column' ? columns.findIndex((x) => x.id === lowered.id) : -1;
    if (i < 0) throw new TypeMismatchError(`ON CONFLICT clause does not match any PRIMARY KEY or UNIQUE constraint: no index of ${rel.name} is on ${sourceOf(ctx, e)}`, at(o.span));
    return i;
  });
}

/** namedTarget is `ON CONFLICT ON CONSTRAINT name`: a unique index by name, or PostgreSQL's `<table>_pkey` for the primary key. */
function namedTarget(name: ast.Identifier, rel: RelationDef): number[] {
  const wanted = idKey(name);
  const index = rel.indexes.find((i) => i.unique && key(i.name) === wanted);
  if (index) return [...index.columns];
  // (A table without a declared key has only its hidden rowid: no constraint to name.)
  const declaredKey = rel.primaryKey !== null && tableInfo(rel).hidden === 0;
  if (declaredKey && wanted === `${rel.name}_pkey`) return [...rel.primaryKey!];
  const names = [...rel.indexes.filter((i) => i.unique).map((i) => i.name), ...(declaredKey ? [`${rel.name}_pkey`] : [])];
  throw new NameError('UNKNOWN_NAME', `constraint "${name.name}" for table ${rel.name} does not exist${didYouMean(name.name, names)}`, at(name.span));
}

/** assignments lowers `SET col = e, …` into the coerced value of each assigned column position. */
function assignments(list: ast.Assignment[], rel: RelationDef, env: ReturnType<typeof exprEnv>): Map<number, Expr> {
  const assigned = new Map<number, Expr>();
  for (const a of list) {
    const values = a.tuple ? tupleValues(a) : [a.value];
    a.columns.forEach((name, k) => {
      const i = columnPosition(rel, name);
      if (i < tableInfo(rel).hidden) throw new UnsupportedError('the rowid cannot be assigned', at(a.span));
      if (generatedColumn(rel, i)) throw new PolyglotError('INVALID_ARGUMENT', `cannot UPDATE generated column "${rel.columns[i].name}"`, at(a.span));
      assigned.set(i, coerce(rel, i, lowerExpr(values[k], env)));
    });
  }
  return assigned;
}

/**
 * tupleValues splits `SET (a, b) = (x, y)` or `SET (a, b) = (SELECT x, y …)` into one value per
 * column (every value reads the row as it was, as in any SET); a subquery gives one scalar
 * subquery per selected column.
 */
function tupleValues(a: ast.Assignment): ast.Expr[] {
  const n = a.columns.length;
  const v = a.value;
  let values: ast.Expr[];
  if (v.kind === 'Row') values = v.items;
  else if (v.kind === 'Subquery' && v.query.body.kind === 'Select' && !v.query.body.distinct && v.query.body.columns.every((c) => c.kind === 'SelectExpr')) {
    const sel = v.query.body;
    values = sel.columns.map((c) => ({ ...v, query: { ...v.query, body: { ...sel, columns: [c] } } }) as ast.Expr);
  } else if (n === 1) values = [v];
  else throw new UnsupportedError('a tuple assignment takes a row value (x, y, …) or a SELECT of named columns', at(v.span));
  if (values.length !== n) throw new TypeMismatchError(`${n} columns assigned ${values.length} values`, at(a.span));
  return values;
}

/**
 * scanTarget reads the rows of the table an UPDATE or DELETE changes, joined with the
 * UPDATE's FROM clause when it has one (PostgreSQL's and SQLite's UPDATE … FROM: the target
 * row is updated with values from the rows it joins), filtered by the WHERE.
 */
function scanTarget(rel: RelationDef, alias: ast.Identifier | null, where: ast.Expr | null, ctx: SqlContext, from: ast.TableRef | null, outer: Scope | null) {
  const columns = rel.columns.map((c) => ctx.alloc.column(c.name, c.type));
  const table = alias ? idKey(alias) : rel.name;
  const entries = tableEntries(rel, table, columns, ctx);
  let plan: Plan = b.scan(rel, columns);
  let scope = new Scope(entries, outer);
  if (from) {
    const joined = lowerFrom(from, ctx, outer, new Map());
    if (joined.entries.some((e) => e.table === table)) {
      throw new NameError('AMBIGUOUS_NAME', `the target table ${table} of UPDATE … FROM cannot also appear in its FROM clause without an alias`, at(from.span));
    }
    plan = b.join('inner', plan, joined.plan, null);
    scope = new Scope([...entries, ...joined.entries], outer);
  }
  const host = new SubqueryHost();
  if (where) {
    const pred = truth(lowerExpr(where, exprEnv(ctx, scope, host, null, new Map())));
    plan = b.filter(host.wrap(plan), pred);
  }
  return { plan, columns, scope, entries, host };
}

export function lowerUpdate(s: ast.Update, ctx: SqlContext, outer: Scope | null = null): QueryStatement {
  if (s.with) throw new UnsupportedError('WITH before UPDATE is not supported yet', at(s.with.span));
  const rel = targetTable(s.table, ctx);
  const target = scanTarget(rel, s.alias, s.where, ctx, s.from, outer);
  const host = new SubqueryHost();
  const env = exprEnv(ctx, target.scope, host, null, new Map());
  const assigned = assignments(s.assignments, rel, env);
  let row = rel.columns.map((c, i) => ({ column: ctx.alloc.column(c.name, c.type), expr: assigned.get(i) ?? col(target.columns[i]) }));
  row = withChecks(rel, withGenerated(rel, row, ctx), ctx);
  const keyPositions = rel.primaryKey ?? [];
  const input = b.project(
    b.extend(host.wrap(target.plan), row),
    [...keyPositions.map((p) => target.columns[p]), ...row.map((r) => r.column)],
  );
  const triggers = triggerActions(rel, 'UPDATE', [...assigned.keys()], ctx);
  const written = b.write('update', rel, input, keyPositions.map((_, i) => i), conflictPolicy(s.orAction), [], triggers);
  const entries = rel.columns.map((c, i) => ({ table: key(s.alias?.name ?? rel.name), name: c.name, column: row[i].column, star: shown(rel, i) }));
  const r = returning(s.returning, written, entries, ctx);
  return statement(r.plan, r.names, s.returning !== null, ctx);
}

export function lowerDelete(s: ast.Delete, ctx: SqlContext, outer: Scope | null = null): QueryStatement {
  if (s.with) throw new UnsupportedError('WITH before DELETE is not supported yet', at(s.with.span));
  const rel = targetTable(s.table, ctx);
  const target = scanTarget(rel, s.alias, s.where, ctx, null, outer);
  const written = b.write('delete', rel, target.plan, rel.primaryKey ?? [], 'error', [], triggerActions(rel, 'DELETE', [], ctx));
  const r = returning(s.returning, written, target.entries, ctx);
  return statement(r.plan, r.names, s.returning !== null, ctx);
}
