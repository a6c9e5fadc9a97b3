/**
 * alter.ts — ALTER TABLE: ADD COLUMN, DROP COLUMN, RENAME COLUMN, RENAME TO, with SQLite's
 * rules and messages.
 *
 * No stored row is rewritten: the catalog's RowLayout (storage/relations.ts) lets rows
 * written under an older layout be read through the current columns, an added column's
 * DEFAULT standing in for the value old rows lack. Renames are carried into the SQL text kept
 * beside the table (CHECK expressions) and into views; after the change every view is lowered
 * again, so a view left referring to a dropped column fails the statement, as in SQLite.
 */
import { ColumnAllocator } from '../algebra/columns.js';
import * as b from '../algebra/build.js';
import { call, col, lit, type Expr } from '../algebra/expr.js';
import type { Catalog, QueryStatement, RelationDef, SchemaStatement, Statement } from '../algebra/statement.js';
import { NameError, PolyglotError, TypeMismatchError, UnsupportedError } from '../common/errors.js';
import { didYouMean } from '../common/suggest.js';
import type { Value } from '../common/values.js';
import type * as ast from '../../grammar/sql/ast.js';
import { parseSql } from '../../grammar/sql/index.js';
import type { SqlContext } from './context.js';
import { columnForeignKey } from './foreign-keys.js';
import { at, idKey, key, objectKey } from './names.js';
import { lowerQuery } from './query.js';
import { mentionsColumn, renameInExpr, renameInQuery } from './rewrite.js';
import { affinity, coercionFor, SEQUENCE_OPTION, shown, tableInfo, visibleColumns, type SequenceOption, type SqlTableInfo } from './table-info.js';
import { onSequences, quoted, SEQUENCE_TABLE } from './sequence.js';
import { generatedReading } from './generated.js';
import { constantValue, lowerFragment, sourceOf } from './fragment.js';
import { Scope } from './scope.js';

function schema(description: string, apply: SchemaStatement['apply']): SchemaStatement {
  return { kind: 'schema', description, apply };
}

export function lowerAlterTable(s: ast.AlterTable, ctx: SqlContext): Statement {
  const name = objectKey(s.table);
  const rel = ctx.catalog.relation(name);
  if (!rel || rel.kind !== 'table') {
    if (rel?.kind === 'view') throw new TypeMismatchError(`cannot alter ${s.table.name.name} because it is a view`, at(s.table.span));
    throw new NameError('UNKNOWN_NAME', `no such table: ${s.table.name.name}${didYouMean(name, ctx.catalog.relations().map((r) => r.name))}`, at(s.table.span));
  }
  const a = s.action;
  switch (a.kind) {
    case 'RenameTable':
      return renameTable(rel, a, ctx);
    case 'RenameColumn':
      return renameColumn(rel, a, ctx);
    case 'DropColumn':
      return dropColumn(rel, a, ctx);
    case 'AddColumn':
      return addColumn(rel, a, ctx);
    case 'AddConstraint':
      throw new UnsupportedError('ALTER TABLE … ADD CONSTRAINT is not supported (SQLite does not support it either)', at(a.span));
  }
}

/** position finds a visible column of `rel` by name. */
function position(rel: RelationDef, id: ast.Identifier): number {
  const i = rel.columns.findIndex((c, j) => shown(rel, j) && key(c.name) === idKey(id));
  if (i < 0) throw new NameError('UNKNOWN_NAME', `no such column: "${id.name}"${didYouMean(id.name, visibleColumns(rel).map((j) => rel.columns[j].name))}`, at(id.span));
  return i;
}

function renameTable(rel: RelationDef, a: ast.RenameTable, ctx: SqlContext): Statement {
  const to = idKey(a.to);
  if (to !== rel.name && ctx.catalog.relation(to)) {
    throw new NameError('DUPLICATE_NAME', `there is already another table or index with this name: ${a.to.name}`, at(a.to.span));
  }
  if (to === rel.name) return schema(`ALTER TABLE ${rel.name} RENAME TO ${to}`, () => {});
  const sequenced = rel.options?.[SEQUENCE_OPTION] !== undefined;
  const rename = schema(`ALTER TABLE ${rel.name} RENAME TO ${to}`, (catalog) => {
    const info = tableInfo(rel);
    const checks = info.checks.map((c) => ({ ...c, text: renameInExpr(c.text, rel.name, { table: to }) }));
    const generated = renameGenerated(info, (text) => renameInExpr(text, rel.name, { table: to }));
    const sequence = sequenced ? { [SEQUENCE_OPTION]: { relation: SEQUENCE_TABLE, name: to } satisfies SequenceOption } : {};
    catalog.alterRelation(rel.name, { kind: 'rename', to }, { ...rel.options, sql: { ...info, checks, ...generated }, ...sequence });
    rewriteViews(catalog, rel.name, { table: to });
    revalidateViews(catalog, ctx, 'rename');
  });
  if (!sequenced) return rename;
  // The largest key follows the table (SQLite renames its sqlite_sequence row too).
  const text = `UPDATE ${SEQUENCE_TABLE} SET name = ${quoted(to)} WHERE name = ${quoted(rel.name)}`;
  return { ...rename, then: (lowering) => onSequences(text, { ...ctx, lowering, catalog: lowering.catalog, alloc: new ColumnAllocator() }) };
}

function renameColumn(rel: RelationDef, a: ast.RenameColumn, ctx: SqlContext): Statement {
  const i = position(rel, a.from);
  const from = rel.columns[i].name;
  if (rel.columns.some((c, j) => j !== i && key(c.name) === idKey(a.to))) {
    throw new NameError('DUPLICATE_NAME', `duplicate column name: ${a.to.name}`, at(a.to.span));
  }
  return schema(`ALTER TABLE ${rel.name} RENAME COLUMN ${from} TO ${a.to.name}`, (catalog) => {
    const info = tableInfo(rel);
    const column = { from, to: a.to.name };
    const checks = info.checks.map((c) => ({
      ...c,
      column: c.column !== undefined && key(c.column) === key(from) ? a.to.name : c.column,
      text: renameInExpr(c.text, rel.name, { column }),
    }));
    const generated = renameGenerated(info, (text) => renameInExpr(text, rel.name, { column }), column);
    catalog.alterRelation(rel.name, { kind: 'rename-column', position: i, to: a.to.name }, { ...rel.options, sql: { ...info, checks, ...generated } });
    rewriteViews(catalog, rel.name, { column });
    revalidateViews(catalog, ctx, 'rename');
  });
}

function dropColumn(rel: RelationDef, a: ast.DropColumn, ctx: SqlContext): Statement {
  const i = position(rel, a.column);
  const name = rel.columns[i].name;
  const info = tableInfo(rel);
  const refuse = (why: string): never => {
    throw new PolyglotError('INVALID_ARGUMENT', `cannot drop column "${a.column.name}": ${why}`, at(a.column.span));
  };
  if (visibleColumns(rel).length === 1) refuse('no other columns exist');
  if (rel.primaryKey?.includes(i) && info.hidden === 0) refuse('it is a PRIMARY KEY column');
  // As SQLite: a column an index expression reads stays.
  const reading = generatedReading(rel, (text) => mentionsColumn(text, name));
  if (reading !== null) refuse(reading.column.index !== undefined ? `it is used by index ${reading.column.index}` : `it is used by generated column ${reading.name}`);
  for (const index of rel.indexes) {
    if (!index.columns.includes(i)) continue;
    if (index.name.startsWith('autoindex_')) refuse('it is a UNIQUE column');
    refuse(`it is used by index ${index.name}`);
  }
  if (rel.foreignKeys?.some((f) => f.columns.includes(i))) refuse('it is used by a FOREIGN KEY constraint');
  for (const other of ctx.catalog.relations()) {
    if (other.foreignKeys?.some((f) => f.parent === rel.name && f.parentColumns.some((c) => key(c) === key(name)))) {
      refuse(`it is referenced by a FOREIGN KEY constraint of ${other.name}`);
    }
  }
  const checks = info.checks.filter((c) => c.column === undefined || key(c.column) !== key(name));
  const used = checks.find((c) => mentionsColumn(c.text, name));
  if (used) refuse(`it is used by CHECK constraint ${used.name ?? used.text}`);
  const drop = <T>(xs: readonly T[]): T[] => xs.filter((_, j) => j !== i);
  const generated = info.generated && Object.fromEntries(Object.entries(info.generated).filter(([k]) => k !== key(name)));
  const sql: SqlTableInfo = { ...info, declaredTypes: drop(info.declaredTypes), defaults: drop(info.defaults), checks, ...(generated ? { generated } : {}) };
  const autoKey = rel.options?.autoKey;
  const options = { ...rel.options, sql, ...(typeof autoKey === 'number' ? { autoKey: autoKey > i ? autoKey - 1 : autoKey } : {}) };
  return schema(`ALTER TABLE ${rel.name} DROP COLUMN ${name}`, (catalog) => {
    catalog.alterRelation(rel.name, { kind: 'drop-column', position: i }, options);
    revalidateViews(catalog, ctx, 'drop column');
  });
}

function addColumn(rel: RelationDef, a: ast.AddColumn, ctx: SqlContext): Statement {
  const c = a.column;
  if (rel.columns.some((x) => key(x.name) === idKey(c.name))) throw new NameError('DUPLICATE_NAME', `duplicate column name: ${c.name.name}`, at(c.name.span));
  const declared = c.type?.name ?? null;
  const type = affinity(declared);
  const info = tableInfo(rel);
  let defaultText: string | null = null;
  let notNull = false;
  const checks = [...info.checks];
  for (const k of c.constraints) {
    switch (k.kind) {
      case 'PrimaryKey':
        throw new PolyglotError('INVALID_ARGUMENT', 'Cannot add a PRIMARY KEY column', at(k.span));
      case 'Unique':
        throw new PolyglotError('INVALID_ARGUMENT', 'Cannot add a UNIQUE column', at(k.span));
      case 'Generated':
      case 'Identity':
        throw new UnsupportedError('generated columns are not supported yet', at(k.span));
      case 'NotNull':
        notNull = true;
        break;
      case 'Default':
        defaultText = sourceOf(ctx, k.expr);
        break;
      case 'Check':
        checks.push({ name: k.name?.name ?? null, text: sourceOf(ctx, k.expr), column: c.name.name });
        break;
      default:
        break;
    }
  }
  // Old rows read this value: SQLite requires it to be a constant, converted to the column's type.
  let missing: Value = null;
  if (defaultText !== null) {
    const e = lowerFragment(defaultText, ctx, new Scope([]));
    const fn = coercionFor(type, declared);
    const value = constantValue(fn ? call(fn, [e, lit(`${rel.name}.${c.name.name}`)]) : e);
    if (value === undefined) throw new PolyglotError('INVALID_ARGUMENT', 'Cannot add a column with non-constant default', at(c.span));
    missing = value;
  }
  if (notNull && missing === null) throw new PolyglotError('INVALID_ARGUMENT', 'Cannot add a NOT NULL column with default value NULL', at(c.span));
  const position = rel.columns.length;
  const fk = columnForeignKey(rel.name, c, position, ctx);
  if (fk && missing !== null) throw new PolyglotError('INVALID_ARGUMENT', 'Cannot add a REFERENCES column with non-NULL default value', at(c.span));
  const sql: SqlTableInfo = { ...info, declaredTypes: [...info.declaredTypes, declared], defaults: [...info.defaults, defaultText], checks };
  const added = checks.slice(info.checks.length);
  const statement = schema(`ALTER TABLE ${rel.name} ADD COLUMN ${c.name.name}`, (catalog) => {
    catalog.alterRelation(rel.name, { kind: 'add-column', column: { name: c.name.name, type, notNull }, missing }, { ...rel.options, sql });
    if (fk) catalog.alterRelation(rel.name, { kind: 'add-foreign-key', foreignKey: fk });
    revalidateViews(catalog, ctx, 'add column');
  });
  if (added.length === 0) return statement;
  // The old rows read the default in the new column: each new CHECK must hold for them (SQLite checks them too).
  return { ...statement, then: (lowering) => checkRows(rel.name, added, { ...ctx, lowering, catalog: lowering.catalog, alloc: new ColumnAllocator() }) };
}

/** checkRows is a statement reading every row of a table that fails on the first one breaking one of `checks`. */
function checkRows(table: string, checks: SqlTableInfo['checks'], ctx: SqlContext): QueryStatement {
  const rel = ctx.catalog.relation(key(table)) as RelationDef;
  const hidden = tableInfo(rel).hidden;
  const columns = rel.columns.map((c) => ctx.alloc.column(c.name, c.type));
  const scope = new Scope(rel.columns.map((c, i) => ({ table: rel.name, name: c.name, column: columns[i], star: i >= hidden })));
  const shownColumns = visibleColumns(rel);
  const names = shownColumns.map((i) => rel.columns[i].name).join(', ');
  let ok: Expr = lit(1);
  for (const k of checks) {
    const label = `CHECK constraint failed: ${k.name ?? k.text} on ${rel.name} (${names})`;
    ok = call('sql.assert', [ok, lowerFragment(k.text, ctx, scope), lit(label), ...shownColumns.map((i) => col(columns[i]))]);
  }
  const out = ctx.alloc.column('checked', 'integer');
  const plan = b.project(b.extend(b.scan(rel, columns), [{ column: out, expr: ok }]), [out]);
  return { kind: 'query', plan, alloc: ctx.alloc, columns: [], returnsRows: false, explain: null };
}

/** renameGenerated carries a rename into the expressions of generated columns (an empty object when there are none). */
function renameGenerated(info: SqlTableInfo, rename: (text: string) => string, column?: { from: string; to: string }): Partial<SqlTableInfo> {
  if (info.generated === undefined) return {};
  const name = (k: string) => (column !== undefined && k === key(column.from) ? key(column.to) : k);
  return { generated: Object.fromEntries(Object.entries(info.generated).map(([k, g]) => [name(k), { ...g, text: rename(g.text) }])) };
}

/** rewriteViews carries a rename into the text of every view. */
function rewriteViews(catalog: Catalog, table: string, change: Parameters<typeof renameInQuery>[2]): void {
  for (const view of catalog.relations()) {
    if (view.kind !== 'view') continue;
    const text = String(view.options?.query ?? '');
    const rewritten = renameInQuery(text, table, change);
    if (rewritten !== text) catalog.alterRelation(view.name, { kind: 'options' }, { ...view.options, query: rewritten });
  }
}

/**
 * revalidateViews lowers every view against the changed catalog; one that no longer resolves
 * fails the ALTER. A view declared without a column list takes its query's new column names
 * (`SELECT *` sees an added column, a renamed column shows its new name), as in SQLite.
 */
function revalidateViews(catalog: Catalog, ctx: SqlContext, what: string): void {
  for (const view of catalog.relations()) {
    if (view.kind !== 'view') continue;
    const text = String(view.options?.query ?? '');
    try {
      const [statement] = parseSql(text);
      const q = lowerQuery(statement as ast.Query, { lowering: { ...ctx.lowering, catalog }, catalog, alloc: new ColumnAllocator(), text }, null, new Map());
      const columns = view.options?.columns as string[] | undefined;
      if (view.options?.explicitColumns === true) {
        if (columns?.length !== q.names.length) throw new PolyglotError('INVALID_ARGUMENT', `expected ${columns?.length} columns for view ${view.name}, got ${q.names.length}`);
      } else if (JSON.stringify(columns) !== JSON.stringify(q.names)) {
        catalog.alterRelation(view.name, { kind: 'options' }, { ...view.options, columns: q.names });
      }
    } catch (e) {
      if (e instanceof PolyglotError) throw new PolyglotError(e.code, `error in view ${view.name} after ${what}: ${e.message.replace(/ \(line \d+, column \d+\)$/, '')}`);
      throw e;
    }
  }
}
