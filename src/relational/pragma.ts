/**
 * pragma.ts — the PRAGMAs with a meaning here. `foreign_keys`: foreign keys are always
 * enforced (README), so `PRAGMA foreign_keys` answers 1, `= ON` is accepted (scripts written
 * for SQLite start with it) and `= OFF` is refused rather than ignored. `table_info(t)`,
 * `index_list(t)`, `index_info(i)` and `foreign_key_list(t)` describe the schema in SQLite's
 * columns, read from the catalog when the statement is lowered.
 */
import * as b from '../algebra/build.js';
import { lit } from '../algebra/expr.js';
import type { Statement } from '../algebra/statement.js';
import type { RelationDef } from '../algebra/statement.js';
import { UnsupportedError } from '../common/errors.js';
import type { Value } from '../common/values.js';
import type * as ast from '../../grammar/sql/ast.js';
import type { SqlContext } from './context.js';
import { sourceOf } from './fragment.js';
import { at, key } from './names.js';
import { tableInfo, visibleColumns } from './table-info.js';

const ON = new Set(['1', 'on', 'true', 'yes']);

export function lowerPragma(s: ast.Pragma, ctx: SqlContext): Statement {
  const name = key(s.name.name.name);
  if (name in INTROSPECTION) return introspection(s, name, ctx);
  if (name !== 'foreign_keys') throw new UnsupportedError(`PRAGMA ${s.name.name.name} is not supported`, at(s.span));
  if (s.value === null) {
    const column = ctx.alloc.column('foreign_keys', 'integer');
    return { kind: 'query', plan: b.values([column], [[lit(1)]]), alloc: ctx.alloc, columns: ['foreign_keys'], returnsRows: true, explain: null };
  }
  const value = (s.value.kind === 'Identifier' ? s.value.name : sourceOf(ctx, s.value)).replace(/^'(.*)'$/, '$1').toLowerCase();
  if (!ON.has(value)) throw new UnsupportedError('foreign keys are always enforced: PRAGMA foreign_keys cannot switch them off', at(s.value.span));
  return { kind: 'schema', description: 'PRAGMA foreign_keys = ON', apply: () => {} };
}

type Rows = { columns: string[]; rows: Value[][] };

/** The introspection PRAGMAs: each answers rows about one table or index, named by its argument. */
const INTROSPECTION: Record<string, (rel: RelationDef, index: string | null) => Rows> = {
  table_info: (rel) => {
    const info = tableInfo(rel);
    const pk = rel.primaryKey ?? [];
    const rows = visibleColumns(rel).map((i, k) => {
      const c = rel.columns[i];
      return [k, c.name, info.declaredTypes[i] ?? '', c.notNull ? 1 : 0, info.defaults[i] ?? null, pk.indexOf(i) + 1];
    });
    return { columns: ['cid', 'name', 'type', 'notnull', 'dflt_value', 'pk'], rows };
  },
  index_list: (rel) => ({
    columns: ['seq', 'name', 'unique', 'origin', 'partial'],
    rows: rel.indexes.map((x, k) => [k, x.name, x.unique ? 1 : 0, x.name.startsWith('autoindex_') ? 'u' : 'c', 0]),
  }),
  index_info: (rel, index) => {
    const x = rel.indexes.find((i) => key(i.name) === index);
    const shownColumns = visibleColumns(rel);
    // An expression's hidden column shows as SQLite shows it: cid -2, no name.
    return { columns: ['seqno', 'cid', 'name'], rows: (x?.columns ?? []).map((c, k) => (shownColumns.includes(c) ? [k, shownColumns.indexOf(c), rel.columns[c].name] : c < tableInfo(rel).hidden ? [k, -1, rel.columns[c].name] : [k, -2, null])) };
  },
  foreign_key_list: (rel) => ({
    columns: ['id', 'seq', 'table', 'from', 'to', 'on_update', 'on_delete', 'match'],
    rows: (rel.foreignKeys ?? []).flatMap((f, id) =>
      f.columns.map((c, seq) => [id, seq, f.parent, rel.columns[c].name, f.parentColumns[seq] ?? null, actionName(f.onUpdate), actionName(f.onDelete), 'NONE']),
    ),
  }),
};

function actionName(a: string): string {
  return a.toUpperCase();
}

/** introspection answers PRAGMA name(argument) as rows, for a table (or, for index_info, an index). */
function introspection(s: ast.Pragma, name: string, ctx: SqlContext): Statement {
  if (s.value === null) throw new UnsupportedError(`PRAGMA ${s.name.name.name} needs a table name: PRAGMA ${name}(t)`, at(s.span));
  const arg = key((s.value.kind === 'Identifier' ? s.value.name : sourceOf(ctx, s.value)).replace(/^'(.*)'$/, '$1').replace(/^"(.*)"$/, '$1'));
  const rel =
    name === 'index_info'
      ? ctx.catalog.relations().find((r) => r.indexes.some((i) => key(i.name) === arg))
      : ctx.catalog.relations().find((r) => key(r.name) === arg && r.kind !== 'view');
  // An unknown name answers no rows, as in SQLite.
  const out = rel ? INTROSPECTION[name](rel, arg) : { columns: INTROSPECTION[name]({ id: 0, name: '', kind: 'table', columns: [], primaryKey: null, indexes: [] }, null).columns, rows: [] };
  const columns = out.columns.map((c, i) => ctx.alloc.column(c, out.rows.length && typeof out.rows[0][i] === 'number' ? 'integer' : 'any'));
  const plan = out.rows.length ? b.values(columns, out.rows.map((r) => r.map((v) => lit(v)))) : b.filter(b.values(columns, [columns.map(() => lit(null))]), lit(false));
  return { kind: 'query', plan, alloc: ctx.alloc, columns: out.columns, returnsRows: true, explain: null };
}
