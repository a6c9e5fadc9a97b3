/**
 * generated.ts — columns whose value is computed from the rest of the row: a declared one
 * (`c GENERATED ALWAYS AS (expr) [STORED | VIRTUAL]`, both kept stored), and the hidden column
 * behind each expression of an index (CREATE INDEX i ON t (lower(name))), as MySQL 8 builds
 * functional indexes: the store's index stays a list of column positions.
 *
 * - The expression is kept as SQL source text in the table's SqlTableInfo.generated, keyed by
 *   the hidden column's name (HIDDEN_MARK + index name + ordinal: no identifier reaches it).
 * - Every INSERT and UPDATE computes the column from the new row (withGenerated: lowered into
 *   the Write's input plan like DEFAULT and CHECK, no evaluation here); CREATE INDEX fills the
 *   rows already there by an UPDATE of the table's rows in the same statement (refill).
 * - A scan's scope carries each such column's expression over the scan's columns; lowering
 *   replaces an equal expression by a reference to the column (Scope.substitute), so
 *   `WHERE lower(name) = ?`, ranges, IN and ORDER BY reach the index by ordinary index selection.
 */
import * as b from '../algebra/build.js';
import type { Column } from '../algebra/columns.js';
import { call, col, lit, type Expr } from '../algebra/expr.js';
import { lookupFunction } from '../algebra/functions/registry.js';
import type { Plan } from '../algebra/logical.js';
import type { Catalog, QueryStatement, RelationDef } from '../algebra/statement.js';
import { PolyglotError, type SourcePosition } from '../common/errors.js';
import type { SqlContext } from './context.js';
import { lowerFragment } from './fragment.js';
import { key } from './names.js';
import { Scope, type ScopeEntry } from './scope.js';
import { coercionFor, generatedColumn, shown, tableInfo, type GeneratedColumn, type SqlTableInfo } from './table-info.js';

/** tableEntries are the scope entries of one row of `rel` under `table`, its generated columns' expressions over `columns`. */
export function tableEntries(rel: RelationDef, table: string | null, columns: readonly Column[], ctx: SqlContext): ScopeEntry[] {
  const info = tableInfo(rel);
  const entries: ScopeEntry[] = columns.map((c, i) => ({
    table,
    name: rel.columns[i].name,
    column: c,
    star: shown(rel, i),
    ...(i >= info.hidden && !shown(rel, i) ? { unnamed: true } : {}),
    collation: info.collations?.[key(rel.columns[i].name)],
  }));
  if (info.generated === undefined) return entries;
  // The expressions read the ordinary columns only: lowered in a scope without the generated ones.
  const plain = new Scope(entries.filter((_, i) => generatedColumn(rel, i) === undefined));
  // Only an index's column holds exactly its expression's value: a declared column's type converts it.
  return entries.map((e, i) => {
    const g = generatedColumn(rel, i);
    return g?.index === undefined ? e : { ...e, generated: lowerFragment(g.text, ctx, plain) };
  });
}

/** padded drops the generated expressions of entries an outer join may pad with nulls. */
export function padded(entries: readonly ScopeEntry[]): ScopeEntry[] {
  return entries.map((e) => {
    if (e.generated === undefined) return e;
    const { generated: _, ...rest } = e;
    return rest;
  });
}

/** withGenerated computes each generated column of a row about to be written from the row's other values. */
export function withGenerated(rel: RelationDef, row: { column: Column; expr: Expr }[], ctx: SqlContext): { column: Column; expr: Expr }[] {
  const info = tableInfo(rel);
  if (info.generated === undefined) return row;
  const plain = rel.columns.flatMap((c, i) => (generatedColumn(rel, i) === undefined ? [{ table: rel.name, name: c.name, column: row[i].column, star: true }] : []));
  const scope = new Scope(plain);
  const bound = new Map(row.map((r) => [r.column.id, r.expr]));
  return row.map((r, i) => {
    const g = generatedColumn(rel, i);
    if (g === undefined) return r;
    const value = substituteAll(lowerFragment(g.text, ctx, scope), bound);
    // A declared column's type converts the value (SQLite's affinity); an index keeps the expression's own.
    const fn = g.index === undefined ? coercionFor(rel.columns[i].type, info.declaredTypes[i] ?? null) : null;
    return { column: r.column, expr: fn ? call(fn, [value, lit(`${rel.name}.${rel.columns[i].name}`)]) : value };
  });
}

/** substituteAll replaces column references by the expressions `map` gives them. */
export function substituteAll(e: Expr, map: Map<number, Expr>): Expr {
  if (e.kind === 'column') return map.get(e.id) ?? e;
  if (e.kind === 'call') {
    const args = e.args.map((a) => substituteAll(a, map));
    return args.every((a, i) => a === e.args[i]) ? e : { ...e, args: Object.freeze(args) };
  }
  return e;
}

/**
 * checkIndexExpression refuses what SQLite refuses in an index expression: a function whose
 * value may change between calls (random(), datetime('now')), a parameter.
 */
export function checkIndexExpression(e: Expr, position: SourcePosition | undefined, where = 'index expressions'): void {
  if (e.kind === 'param') throw new PolyglotError('INVALID_ARGUMENT', `parameters prohibited in ${where}`, position);
  if (e.kind !== 'call') return;
  if (!lookupFunction(e.fn).deterministic) throw new PolyglotError('INVALID_ARGUMENT', `non-deterministic functions prohibited in ${where}`, position);
  for (const a of e.args) checkIndexExpression(a, position, where);
}

/** refill computes the generated columns of every row of a table (CREATE INDEX on expressions), firing no trigger. */
export function refill(rel: RelationDef, ctx: SqlContext): QueryStatement {
  const columns = rel.columns.map((c) => ctx.alloc.column(c.name, c.type));
  const row = withGenerated(
    rel,
    rel.columns.map((c, i) => ({ column: ctx.alloc.column(c.name, c.type), expr: col(columns[i]) as Expr })),
    ctx,
  );
  const keys = rel.primaryKey ?? [];
  const input: Plan = b.project(b.extend(b.scan(rel, columns), row), [...keys.map((p) => columns[p]), ...row.map((r) => r.column)]);
  const plan = b.write('update', rel, input, keys.map((_, i) => i), 'error', [], []);
  return { kind: 'query', plan, alloc: ctx.alloc, columns: [], returnsRows: false, explain: null };
}

/** generatedReading is the generated column whose expression `mentions` (a column), with its name (null: none). */
export function generatedReading(rel: RelationDef, mentions: (text: string) => boolean): { name: string; column: GeneratedColumn } | null {
  for (const [name, g] of Object.entries(tableInfo(rel).generated ?? {})) if (mentions(g.text)) return { name, column: g };
  return null;
}

/** dropHiddenColumns removes the hidden columns of a dropped index from its table. */
export function dropHiddenColumns(catalog: Catalog, table: string, index: string): void {
  for (;;) {
    const rel = catalog.relation(table);
    if (!rel) return;
    const p = rel.columns.findIndex((_, i) => generatedColumn(rel, i)?.index === index);
    if (p < 0) return;
    const info = tableInfo(rel);
    const generated = { ...info.generated };
    delete generated[key(rel.columns[p].name)];
    const drop = <T>(xs: readonly T[]): T[] => xs.filter((_, j) => j !== p);
    const sql: SqlTableInfo = { ...info, declaredTypes: drop(info.declaredTypes), defaults: drop(info.defaults), generated };
    catalog.alterRelation(table, { kind: 'drop-column', position: p }, { ...rel.options, sql });
  }
}
