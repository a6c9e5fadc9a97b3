/**
 * foreign-keys.ts — REFERENCES column constraints and FOREIGN KEY table constraints as the
 * relation layer's ForeignKeyDef. The parent may not exist yet (SQLite allows it); its
 * columns are kept by name and resolved when a row is written (executor/foreign-keys.ts).
 */
import { call, lit } from '../algebra/expr.js';
import type { ForeignKeyDef } from '../algebra/statement.js';
import { PolyglotError } from '../common/errors.js';
import type { Value } from '../common/values.js';
import type * as ast from '../../grammar/sql/ast.js';
import type { SqlContext } from './context.js';
import { constantValue, lowerFragment, sourceOf } from './fragment.js';
import { at, key, objectKey } from './names.js';
import { Scope } from './scope.js';
import { affinity, coercionFor } from './table-info.js';

const ACTIONS: Record<ast.ForeignKeyAction, ForeignKeyDef['onDelete']> = {
  'NO ACTION': 'no action',
  RESTRICT: 'restrict',
  CASCADE: 'cascade',
  'SET NULL': 'set null',
  'SET DEFAULT': 'set default',
};

/** defaultValue is a column's DEFAULT as a constant (NULL without one), for ON … SET DEFAULT. */
function defaultValue(table: string, c: ast.ColumnDef, ctx: SqlContext): Value {
  const d = c.constraints.find((k): k is ast.DefaultConstraint => k.kind === 'Default');
  if (!d) return null;
  const declared = c.type?.name ?? null;
  const fn = coercionFor(affinity(declared), declared);
  const e = lowerFragment(sourceOf(ctx, d.expr), ctx, new Scope([]));
  return constantValue(fn ? call(fn, [e, lit(`${table}.${c.name.name}`)]) : e) ?? null;
}

function build(
  table: string,
  name: string,
  columns: { column: ast.ColumnDef; position: number }[],
  ref: ast.ForeignKeyClause,
  ctx: SqlContext,
): ForeignKeyDef {
  if (ref.columns.length > 0 && ref.columns.length !== columns.length) {
    throw new PolyglotError(
      'INVALID_ARGUMENT',
      `foreign key on ${columns.map((c) => c.column.name.name).join(', ')} should reference ${columns.length} column(s) of table ${ref.table.name.name}`,
      at(ref.span),
    );
  }
  const onDelete = ACTIONS[ref.onDelete ?? 'NO ACTION'];
  const onUpdate = ACTIONS[ref.onUpdate ?? 'NO ACTION'];
  const needsDefaults = onDelete === 'set default' || onUpdate === 'set default';
  return {
    name,
    columns: columns.map((c) => c.position),
    parent: objectKey(ref.table),
    parentColumns: ref.columns.map((c) => c.name),
    onDelete,
    onUpdate,
    ...(needsDefaults ? { defaults: columns.map((c) => defaultValue(table, c.column, ctx)) } : {}),
  };
}

/** columnForeignKey is the foreign key of a column's REFERENCES constraint (null without one). */
export function columnForeignKey(table: string, c: ast.ColumnDef, position: number, ctx: SqlContext, ordinal = 1): ForeignKeyDef | null {
  const k = c.constraints.find((x): x is ast.ReferencesConstraint => x.kind === 'References');
  if (!k) return null;
  return build(table, k.name?.name ?? `fk_${table}_${ordinal}`, [{ column: c, position }], k.references, ctx);
}

/**
 * tableForeignKeys collects every foreign key of a CREATE TABLE; `position` maps a column
 * definition's index to its position in the stored row (after a hidden rowid).
 */
export function tableForeignKeys(s: ast.CreateTable, table: string, hidden: number, ctx: SqlContext): ForeignKeyDef[] {
  const out: ForeignKeyDef[] = [];
  s.columns.forEach((c, i) => {
    const fk = columnForeignKey(table, c, i + hidden, ctx, out.length + 1);
    if (fk) out.push(fk);
  });
  for (const k of s.constraints) {
    if (k.kind !== 'TableForeignKey') continue;
    const columns = k.columns.map((id) => {
      const i = s.columns.findIndex((c) => key(c.name.name) === key(id.name));
      if (i < 0) throw new PolyglotError('INVALID_ARGUMENT', `unknown column "${id.name}" in foreign key definition`, at(id.span));
      return { column: s.columns[i], position: i + hidden };
    });
    out.push(build(table, k.name?.name ?? `fk_${table}_${out.length + 1}`, columns, k.references, ctx));
  }
  return out;
}
