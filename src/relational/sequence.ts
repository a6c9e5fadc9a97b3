/**
 * sequence.ts — AUTOINCREMENT: the table where each AUTOINCREMENT table's largest key is kept
 * (the store's SEQUENCE_OPTION, applied by the Write operator), kept as SQLite keeps it — an
 * ordinary table `sqlite_sequence(name, seq)` that queries read and statements may change,
 * made with the first AUTOINCREMENT table, its rows following the tables' drops and renames.
 */
import type { Catalog, QueryStatement } from '../algebra/statement.js';
import { PolyglotError } from '../common/errors.js';
import type * as ast from '../../grammar/sql/ast.js';
import { parseSql } from '../../grammar/sql/index.js';
import type { SqlContext } from './context.js';
import { lowerDelete, lowerUpdate } from './dml.js';
import { at } from './names.js';
import { AUTO_KEY_OPTION, type SqlTableInfo } from './table-info.js';

export const SEQUENCE_TABLE = 'sqlite_sequence';

/** autoincrementOf says whether the table's key is `INTEGER PRIMARY KEY AUTOINCREMENT`, refusing AUTOINCREMENT elsewhere as SQLite does. */
export function autoincrementOf(s: ast.CreateTable, integerKey: boolean): boolean {
  for (const c of s.columns) {
    for (const k of c.constraints) {
      if (k.kind !== 'PrimaryKey' || !k.autoincrement) continue;
      if (!integerKey) throw new PolyglotError('INVALID_ARGUMENT', `AUTOINCREMENT is only allowed on an INTEGER PRIMARY KEY (column ${c.name.name})`, at(k.span));
      return true;
    }
  }
  return false;
}

/** createSequenceTable makes SEQUENCE_TABLE when it is not there yet. */
export function createSequenceTable(catalog: Catalog): void {
  if (catalog.relation(SEQUENCE_TABLE)) return;
  const sql: SqlTableInfo = { hidden: 0, declaredTypes: [null, null], defaults: [null, null], checks: [] };
  catalog.createRelation({
    name: SEQUENCE_TABLE,
    kind: 'table',
    columns: [
      { name: 'name', type: 'any', notNull: true },
      { name: 'seq', type: 'any', notNull: false },
    ],
    primaryKey: [0],
    options: { sql, [AUTO_KEY_OPTION]: null },
  });
}

/** onSequences lowers a DELETE or UPDATE of SEQUENCE_TABLE written as SQL (a drop or rename carried into its rows). */
export function onSequences(text: string, ctx: SqlContext): QueryStatement {
  const [statement] = parseSql(text);
  const inner = { ...ctx, text };
  if (statement.kind === 'Delete') return lowerDelete(statement, inner);
  if (statement.kind === 'Update') return lowerUpdate(statement, inner);
  throw new Error(`onSequences: ${statement.kind}`);
}

/** quoted is a name as an SQL string literal. */
export function quoted(name: string): string {
  return `'${name.replaceAll("'", "''")}'`;
}
