/**
 * ddl.ts — CREATE / DROP of tables, indexes and views as catalog operations.
 *
 * A SQL table is a relation of kind 'table'. Declared types map to value types by SQLite's
 * affinity rules; the declared text, DEFAULT and CHECK expressions (as source text) are kept
 * in the relation's options so they persist with the catalog.
 */
import type { ColumnDef as RelColumn, SchemaStatement, Statement } from '../algebra/statement.js';
import { autoincrementOf, createSequenceTable, onSequences, quoted, SEQUENCE_TABLE } from './sequence.js';
import { ColumnAllocator } from '../algebra/columns.js';
import { ConstraintError, NameError, PolyglotError, UnsupportedError } from '../common/errors.js';
import type { ValueType } from '../common/values.js';
import { lowerInsert } from './dml.js';
import { didYouMean } from '../common/suggest.js';
import type * as ast from '../../grammar/sql/ast.js';
import type { SqlContext } from './context.js';
import { at, idKey, key, objectKey } from './names.js';
import { tableForeignKeys } from './foreign-keys.js';
import { sourceOf } from './fragment.js';
import { dropTrigger } from './triggers.js';
import { collationName } from './collation.js';
import { affinity, AUTO_KEY_OPTION, HIDDEN_MARK, SEQUENCE_OPTION, shown, tableInfo, visibleColumns, type SequenceOption, type SqlTableInfo } from './table-info.js';
import { checkIndexExpression, dropHiddenColumns, refill, tableEntries } from './generated.js';
import { Scope } from './scope.js';
import { lowerExpr } from './expressions.js';
import { exprEnv, lowerQuery } from './query.js';

function schema(description: string, apply: SchemaStatement['apply']): SchemaStatement {
  return { kind: 'schema', description, apply };
}

export function lowerCreateTable(s: ast.CreateTable, ctx: SqlContext): Statement {
  const name = objectKey(s.name);
  const exists = ctx.catalog.relation(name);
  if (exists) {
    if (s.ifNotExists) return schema(`CREATE TABLE ${name} (exists)`, () => {});
    throw new NameError('DUPLICATE_NAME', `table ${s.name.name.name} already exists`, at(s.name.span));
  }
  if (s.as) return createTableAs(s, s.as, name, ctx);
  const seen = new Set<string>();
  for (const c of s.columns) {
    if (seen.has(idKey(c.name))) throw new NameError('DUPLICATE_NAME', `duplicate column name: ${c.name.name}`, at(c.name.span));
    seen.add(idKey(c.name));
  }
  const position = (id: ast.Identifier): number => {
    const i = s.columns.findIndex((c) => idKey(c.name) === idKey(id));
    if (i < 0) throw new NameError('UNKNOWN_NAME', `no such column: ${id.name}${didYouMean(id.name, s.columns.map((c) => c.name.name))}`, at(id.span));
    return i;
  };
  const orderColumn = (o: ast.OrderItem): number => {
    if (o.expr.kind !== 'ColumnRef' || o.expr.table) throw new UnsupportedError('only plain column names are supported in key constraints', at(o.span));
    return position(o.expr.column);
  };

  let primaryKey: number[] | null = null;
  const unique: number[][] = [];
  const checks: SqlTableInfo['checks'] = [];
  s.columns.forEach((c, i) => {
    for (const k of c.constraints) {
      if (k.kind === 'PrimaryKey') {
        if (primaryKey) throw new NameError('DUPLICATE_NAME', `table ${s.name.name.name} has more than one primary key`, at(k.span));
        primaryKey = [i];
      } else if (k.kind === 'Unique') unique.push([i]);
      else if (k.kind === 'Check') checks.push({ name: k.name?.name ?? null, text: sourceOf(ctx, k.expr), column: c.name.name });
    }
  });
  const generated = generatedColumns(s, ctx);
  for (const k of s.constraints) {
    if (k.kind === 'TablePrimaryKey') {
      if (primaryKey) throw new NameError('DUPLICATE_NAME', `table ${s.name.name.name} has more than one primary key`, at(k.span));
      primaryKey = k.columns.map(orderColumn);
    } else if (k.kind === 'TableUnique') unique.push(k.columns.map(orderColumn));
    else if (k.kind === 'TableCheck') checks.push({ name: k.name?.name ?? null, text: sourceOf(ctx, k.expr) });
  }

  const declared = s.columns.map((c) => c.type?.name ?? null);
  const pk = primaryKey as number[] | null;
  // INTEGER PRIMARY KEY is SQLite's alias of the rowid: a NULL inserted there gets the next key.
  const integerKey = pk !== null && pk.length === 1 && declared[pk[0]]?.toUpperCase() === 'INTEGER';
  const hidden = pk === null ? 1 : 0;
  const columns: RelColumn[] = [
    ...(hidden ? [{ name: 'rowid', type: 'integer' as const, notNull: false }] : []),
    ...s.columns.map((c, i) => ({
      name: c.name.name,
      type: affinity(declared[i]),
      notNull: c.constraints.some((k) => k.kind === 'NotNull') || (pk !== null && pk.includes(i) && !integerKey),
    })),
  ];
  const info: SqlTableInfo = {
    hidden,
    declaredTypes: [...(hidden ? ['INTEGER'] : []), ...declared],
    defaults: [
      ...(hidden ? [null] : []),
      ...s.columns.map((c) => {
        const d = c.constraints.find((k): k is ast.DefaultConstraint => k.kind === 'Default');
        return d ? sourceOf(ctx, d.expr) : null;
      }),
    ],
    checks,
    collations: Object.fromEntries(
      s.columns.flatMap((c) => {
        const k = c.constraints.find((x): x is ast.CollateConstraint => x.kind === 'Collate');
        return k ? [[key(c.name.name), collationName(k.collation)]] : [];
      }),
    ),
    ...(generated ? { generated } : {}),
  };
  const foreignKeys = tableForeignKeys(s, name, hidden, ctx);
  const keyColumns = pk === null ? [0] : pk.map((p) => p + hidden);
  const autoKey = pk === null ? 0 : integerKey ? keyColumns[0] : null;
  const autoincrement = autoincrementOf(s, integerKey);
  return schema(`CREATE TABLE ${name}`, (catalog) => {
    if (autoincrement) createSequenceTable(catalog);
    catalog.createRelation({
      name,
      kind: 'table',
      columns,
      primaryKey: keyColumns,
      options: { sql: info, [AUTO_KEY_OPTION]: autoKey, ...(autoincrement ? { [SEQUENCE_OPTION]: { relation: SEQUENCE_TABLE, name } satisfies SequenceOption } : {}) },
      foreignKeys,
    });
    unique.forEach((cols, n) => {
      catalog.createIndex(name, { name: `autoindex_${name}_${n + 1}`, columns: cols.map((c) => c + hidden), unique: true });
    });
  });
}

/**
 * generatedColumns reads `c AS (expr) [STORED | VIRTUAL]` columns (both kept stored: generated.ts),
 * refusing what SQLite refuses: a default, a primary key, a function whose value may change,
 * a reference to another generated column (not supported here).
 */
function generatedColumns(s: ast.CreateTable, ctx: SqlContext): SqlTableInfo['generated'] {
  const declared = s.columns.filter((c) => c.constraints.some((k) => k.kind === 'Generated'));
  if (declared.length === 0) return undefined;
  const plain = s.columns.filter((c) => !declared.includes(c));
  const scope = new Scope(plain.map((c) => ({ table: objectKey(s.name), name: c.name.name, column: ctx.alloc.column(c.name.name, affinity(c.type?.name ?? null)), star: true })));
  const out: NonNullable<SqlTableInfo['generated']> = {};
  for (const c of declared) {
    const g = c.constraints.find((k): k is ast.GeneratedConstraint => k.kind === 'Generated')!;
    const other = c.constraints.find((k) => k.kind === 'Default' || k.kind === 'PrimaryKey');
    if (other) throw new PolyglotError('INVALID_ARGUMENT', other.kind === 'Default' ? 'cannot use DEFAULT on a generated column' : 'generated columns cannot be part of the PRIMARY KEY', at(other.span));
    checkIndexExpression(lowerExpr(g.expr, exprEnv(ctx, scope, null, null, new Map())), at(g.expr.span), 'generated columns');
    out[key(c.name.name)] = { text: sourceOf(ctx, g.expr) };
  }
  return out;
}

const DECLARED: Partial<Record<ValueType, string>> = { integer: 'INT', real: 'REAL', text: 'TEXT', blob: 'BLOB', boolean: 'BOOLEAN' };

/**
 * createTableAs is CREATE TABLE … AS SELECT: a table whose columns are the query's (named as
 * its result columns, typed by SQLite's rule: the expression's affinity or none, no
 * constraints, a hidden rowid), then filled by an INSERT … SELECT in the same statement.
 */
function createTableAs(s: ast.CreateTable, query: ast.Query, name: string, ctx: SqlContext): Statement {
  const q = lowerQuery(query, ctx, null, new Map());
  const seen = new Map<string, number>();
  const names = q.names.map((n) => {
    const k = key(n);
    const count = seen.get(k) ?? 0;
    seen.set(k, count + 1);
    return count === 0 ? n : `${n}:${count}`;
  });
  const declared = q.plan.schema.map((c) => DECLARED[c.type] ?? null);
  const columns: RelColumn[] = [
    { name: 'rowid', type: 'integer', notNull: false },
    ...names.map((n, i) => ({ name: n, type: affinity(declared[i]), notNull: false })),
  ];
  const info: SqlTableInfo = { hidden: 1, declaredTypes: ['INTEGER', ...declared], defaults: columns.map(() => null), checks: [] };
  const insert: ast.Insert = { kind: 'Insert', with: null, orAction: null, table: s.name, alias: null, columns: [], source: query, onConflict: [], returning: null, span: s.span };
  return {
    ...schema(`CREATE TABLE ${name} AS SELECT`, (catalog) => {
      catalog.createRelation({ name, kind: 'table', columns, primaryKey: [0], options: { sql: info, [AUTO_KEY_OPTION]: 0 } });
    }),
    then: (lowering) => lowerInsert(insert, { ...ctx, lowering, catalog: lowering.catalog, alloc: new ColumnAllocator() }),
  };
}

function indexExists(ctx: SqlContext, name: string): boolean {
  return ctx.catalog.relations().some((r) => r.indexes.some((i) => key(i.name) === name));
}

export function lowerCreateIndex(s: ast.CreateIndex, ctx: SqlContext): Statement {
  const name = objectKey(s.name);
  const table = objectKey(s.table);
  const rel = ctx.catalog.relation(table);
  if (!rel || rel.kind !== 'table') {
    throw new NameError('UNKNOWN_NAME', `no such table: ${s.table.name.name}${didYouMean(table, ctx.catalog.relations().map((r) => r.name))}`, at(s.table.span));
  }
  if (indexExists(ctx, name)) {
    if (s.ifNotExists) return schema(`CREATE INDEX ${name} (exists)`, () => {});
    throw new NameError('DUPLICATE_NAME', `index ${s.name.name.name} already exists`, at(s.name.span));
  }
  if (s.where) throw new UnsupportedError('partial indexes (CREATE INDEX … WHERE) are not supported yet', at(s.where.span));
  const columns: number[] = [];
  const descending: boolean[] = [];
  // An expression is indexed through a hidden column holding its value (generated.ts).
  const expressions: { name: string; text: string }[] = [];
  const scope = new Scope(tableEntries(rel, table, rel.columns.map((c) => ctx.alloc.column(c.name, c.type)), ctx).filter((e) => e.generated === undefined));
  for (const o of s.columns) {
    const e = o.expr.kind === 'Collate' ? o.expr.operand : o.expr;
    descending.push(o.direction === 'DESC');
    if (e.kind !== 'ColumnRef') {
      checkIndexExpression(lowerExpr(e, exprEnv(ctx, scope, null, null, new Map())), at(e.span));
      columns.push(rel.columns.length + expressions.length);
      expressions.push({ name: `${HIDDEN_MARK}${name}.${columns.length}`, text: sourceOf(ctx, e) });
      continue;
    }
    const i = rel.columns.findIndex((c, j) => key(c.name) === idKey(e.column) && (j < tableInfo(rel).hidden || shown(rel, j)));
    if (i < 0) throw new NameError('UNKNOWN_NAME', `no such column: ${e.column.name}${didYouMean(e.column.name, visibleColumns(rel).map((j) => rel.columns[j].name))}`, at(e.span));
    columns.push(i);
  }
  const create = schema(`CREATE INDEX ${name}`, (catalog) => {
    if (expressions.length) {
      const info = tableInfo(rel);
      const generated = { ...info.generated, ...Object.fromEntries(expressions.map((x) => [key(x.name), { text: x.text, index: name }])) };
      const nulls = expressions.map(() => null);
      const sql: SqlTableInfo = { ...info, declaredTypes: [...info.declaredTypes, ...nulls], defaults: [...info.defaults, ...nulls], generated };
      for (const x of expressions) catalog.alterRelation(table, { kind: 'add-column', column: { name: x.name, type: 'any', notNull: false }, missing: null }, { ...rel.options, sql });
    }
    catalog.createIndex(table, { name, columns, descending, unique: s.unique });
  });
  if (!expressions.length) return create;
  // The rows already there get their values in the same statement (a unique index refuses duplicates here).
  return { ...create, then: (lowering) => refill(lowering.catalog.relation(table)!, { ...ctx, lowering, catalog: lowering.catalog, alloc: new ColumnAllocator() }) };
}

export function lowerCreateView(s: ast.CreateView, ctx: SqlContext): Statement {
  const name = objectKey(s.name);
  const exists = ctx.catalog.relation(name);
  if (exists && !s.orReplace) {
    if (s.ifNotExists) return schema(`CREATE VIEW ${name} (exists)`, () => {});
    throw new NameError('DUPLICATE_NAME', `${exists.kind === 'view' ? 'view' : 'table'} ${s.name.name.name} already exists`, at(s.name.span));
  }
  if (exists && exists.kind !== 'view') throw new NameError('DUPLICATE_NAME', `table ${s.name.name.name} already exists`, at(s.name.span));
  // Lower once now so that a view over unknown tables or columns is refused at creation.
  const q = lowerQuery(s.query, ctx, null, new Map());
  if (s.columns.length && s.columns.length !== q.names.length) {
    throw new NameError('UNKNOWN_NAME', `expected ${q.names.length} columns for view ${s.name.name.name}, got ${s.columns.length}`, at(s.span));
  }
  const names = s.columns.length ? s.columns.map((c) => c.name) : q.names;
  const text = sourceOf(ctx, s.query);
  return schema(`CREATE VIEW ${name}`, (catalog) => {
    if (exists) catalog.dropRelation(name);
    catalog.createRelation({
      name,
      kind: 'view',
      columns: q.plan.schema.map((c, i) => ({ name: names[i], type: c.type, notNull: false })),
      primaryKey: null,
      // Without a column list the names follow the query (ALTER TABLE may change them: alter.ts).
      options: { query: text, columns: names, ...(s.columns.length ? { explicitColumns: true } : {}) },
    });
  });
}

export function lowerDrop(s: ast.Drop, ctx: SqlContext): Statement {
  const names = s.names.map(objectKey);
  const kind = s.objectType;
  if (kind === 'TRIGGER') return dropTrigger(s, ctx);
  for (const [i, n] of names.entries()) {
    // AUTOINCREMENT tables keep their largest keys there (sequence.ts).
    if (kind === 'TABLE' && n === SEQUENCE_TABLE) throw new PolyglotError('INVALID_ARGUMENT', `table ${SEQUENCE_TABLE} may not be dropped`, at(s.names[i].span));
    const found = kind === 'INDEX' ? indexExists(ctx, n) : ctx.catalog.relation(n)?.kind === (kind === 'VIEW' ? 'view' : 'table');
    if (!found && !s.ifExists) {
      throw new NameError('UNKNOWN_NAME', `no such ${kind.toLowerCase()}: ${s.names[i].name.name}`, at(s.names[i].span));
    }
    // As PostgreSQL does (without CASCADE): a table other tables' foreign keys reference stays.
    const child = kind === 'TABLE' ? ctx.catalog.relations().find((r) => !names.includes(r.name) && r.foreignKeys?.some((f) => f.parent === n)) : undefined;
    if (child) {
      throw new ConstraintError(`cannot drop table ${s.names[i].name.name}: the foreign key "${child.foreignKeys!.find((f) => f.parent === n)!.name}" of ${child.name} references it`, at(s.names[i].span));
    }
  }
  const drop = schema(`DROP ${kind} ${names.join(', ')}`, (catalog) => {
    for (const n of names) {
      if (kind === 'INDEX') {
        const owner = catalog.relations().find((r) => r.indexes.some((i) => key(i.name) === n));
        if (!owner) continue;
        const index = owner.indexes.find((i) => key(i.name) === n)!.name;
        catalog.dropIndex(owner.name, index);
        dropHiddenColumns(catalog, owner.name, index);
      } else if (catalog.relation(n)) catalog.dropRelation(n);
    }
  });
  // A dropped AUTOINCREMENT table's largest key goes with it (a table made again under its name starts over).
  const sequenced = kind === 'TABLE' ? names.filter((n) => ctx.catalog.relation(n)?.options?.[SEQUENCE_OPTION] !== undefined) : [];
  if (sequenced.length === 0) return drop;
  const list = sequenced.map(quoted).join(', ');
  return { ...drop, then: (lowering) => onSequences(`DELETE FROM ${SEQUENCE_TABLE} WHERE name IN (${list})`, { ...ctx, lowering, catalog: lowering.catalog, alloc: new ColumnAllocator() }) };
}

