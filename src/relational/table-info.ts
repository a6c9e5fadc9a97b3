/**
 * table-info.ts — what SQL keeps about a table beyond the relation layer's definition, and
 * how SQL's declared types map onto the engine's value types.
 *
 * Stored in RelationDef.options.sql (JSON-safe, so it persists in the catalog with the
 * relation). A table without a declared primary key gets a hidden leading `rowid` column as
 * its key, assigned by the store's Write operator when inserted as NULL, as in SQLite.
 */
import type { ValueType } from '../common/values.js';
import type { RelationDef } from '../algebra/statement.js';
import type { Collation } from '../algebra/functions/sql-collate.js';
import { key } from './names.js';

export interface SqlTableInfo {
  /** Number of leading hidden columns (1 for the implicit rowid, else 0). */
  hidden: number;
  /** The declared type of each column as written (null when none). */
  declaredTypes: (string | null)[];
  /** The DEFAULT expression of each column as SQL source text (null when none). */
  defaults: (string | null)[];
  /** CHECK constraints as SQL source text; `column` names the column a column constraint was written on (dropped with it). */
  checks: { name: string | null; text: string; column?: string }[];
  /** CREATE TRIGGER statements on the table, as written (triggers.ts). */
  triggers?: { name: string; text: string }[];
  /**
   * Declared COLLATE by column name in lookup form (absent: BINARY). Keyed by name, not position,
   * so that ALTER TABLE ADD/DROP COLUMN cannot shift it onto another column.
   */
  collations?: Record<string, Collation>;
  /**
   * Columns whose value is computed from the row (generated.ts), by column name in lookup form:
   * the expression as SQL source text, and for the hidden column behind an index expression
   * the index it belongs to (such a column has no name a query can write and `SELECT *` skips it).
   */
  generated?: Record<string, GeneratedColumn>;
}

export interface GeneratedColumn {
  readonly text: string;
  /** The index whose expression this hidden column holds (absent: a declared generated column). */
  readonly index?: string;
}

/** HIDDEN_MARK begins the name of an index expression's hidden column: no SQL identifier can be written so unquoted. */
export { INTERNAL_MARK as HIDDEN_MARK } from '../common/columns.js';

export { AUTO_KEY_OPTION, SEQUENCE_OPTION, type SequenceOption } from '../algebra/statement.js';

export function tableInfo(rel: RelationDef): SqlTableInfo {
  const info = (rel.options?.sql ?? null) as SqlTableInfo | null;
  if (info) return info;
  return { hidden: 0, declaredTypes: rel.columns.map(() => null), defaults: rel.columns.map(() => null), checks: [] };
}

/** generatedColumn is what makes column i of a table computed (undefined: an ordinary column). */
export function generatedColumn(rel: RelationDef, i: number): GeneratedColumn | undefined {
  const g = tableInfo(rel).generated;
  return g === undefined ? undefined : g[key(rel.columns[i].name)];
}

/** shown says whether `SELECT *`, INSERT without a column list and name lookup see column i. */
export function shown(rel: RelationDef, i: number): boolean {
  return i >= tableInfo(rel).hidden && generatedColumn(rel, i)?.index === undefined;
}

/** insertableColumns are the columns INSERT without a column list fills: the shown ones but generated columns. */
export function insertableColumns(rel: RelationDef): number[] {
  return visibleColumns(rel).filter((i) => generatedColumn(rel, i) === undefined);
}

/** visibleColumns lists the positions of the columns `SELECT *` shows. */
export function visibleColumns(rel: RelationDef): number[] {
  return rel.columns.map((_, i) => i).filter((i) => shown(rel, i));
}

/** affinity maps a declared type to a value type by SQLite's rules (section 3.1 of its datatype page). */
export function affinity(declared: string | null): ValueType {
  if (declared === null) return 'any';
  const t = declared.toUpperCase();
  if (t.includes('INT')) return 'integer';
  if (t.includes('CHAR') || t.includes('CLOB') || t.includes('TEXT')) return 'text';
  if (t.includes('BLOB')) return 'blob';
  if (t.includes('REAL') || t.includes('FLOA') || t.includes('DOUB')) return 'real';
  if (t.includes('BOOL')) return 'boolean';
  return 'any';
}

/** coercionFor is the function that converts a value written into a column of this type (null: none needed). */
export function coercionFor(type: ValueType, declared: string | null): string | null {
  switch (type) {
    case 'integer':
      return 'sql.coerce_integer';
    case 'real':
      return 'sql.coerce_real';
    case 'text':
      return 'sql.coerce_text';
    case 'boolean':
      return 'sql.coerce_boolean';
    case 'blob':
      return 'sql.coerce_blob';
    default:
      return declared !== null && /NUM|DEC|DATE|TIME/i.test(declared) ? 'sql.coerce_numeric' : null;
  }
}

/** castFunction is the function id of CAST(x AS type). */
export function castFunction(declared: string): string {
  switch (affinity(declared)) {
    case 'integer':
      return 'sql.cast_integer';
    case 'real':
      return 'sql.cast_real';
    case 'text':
      return 'sql.cast_text';
    case 'blob':
      return 'sql.cast_blob';
    case 'boolean':
      return 'sql.cast_boolean';
    default:
      return 'sql.cast_numeric';
  }
}
