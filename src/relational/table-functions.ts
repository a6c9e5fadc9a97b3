/**
 * table-functions.ts — table-valued functions in FROM: SQLite's json_each and json_tree.
 *
 * `f(args)` becomes an Unnest of the list of rows the function computes (sql-json-each.ts),
 * then one computed column per result column. Placed after other FROM items, its arguments
 * may read their columns (`FROM t, json_each(t.doc)`): the Unnest then runs over those items'
 * rows instead of over one empty row — a lateral join without an Apply. A LEFT JOIN keeps
 * the left rows the function gives no row for, through a left Apply.
 */
import * as b from '../algebra/build.js';
import { call, col, lit, type Expr } from '../algebra/expr.js';
import type { Plan } from '../algebra/logical.js';
import { NameError, PolyglotError, UnsupportedError } from '../common/errors.js';
import { didYouMean } from '../common/suggest.js';
import type * as ast from '../../grammar/sql/ast.js';
import { SubqueryHost, type CteScope, type SqlContext } from './context.js';
import { lowerExpr } from './expressions.js';
import { at, idKey, objectKey } from './names.js';
import { exprEnv, type FromResult } from './query.js';
import { Scope, type ScopeEntry } from './scope.js';

/** The result columns of json_each and json_tree, in order (the hidden json and root are not offered). */
const JSON_COLUMNS = ['key', 'value', 'type', 'atom', 'id', 'parent', 'fullkey', 'path'];

const FUNCTIONS: Record<string, { id: string; columns: readonly string[]; maxArgs: number }> = {
  json_each: { id: 'sql.json_each', columns: JSON_COLUMNS, maxArgs: 2 },
  json_tree: { id: 'sql.json_tree', columns: JSON_COLUMNS, maxArgs: 2 },
};

/**
 * lowerTableFunction lowers `f(args) [AS alias]` over `input`: one empty row when the function
 * starts a FROM clause, else the rows of the FROM items before it, whose columns `scope` holds.
 */
export function lowerTableFunction(ref: ast.TableFunctionRef, ctx: SqlContext, scope: Scope, input: Plan, ctes: CteScope): FromResult {
  const name = objectKey(ref.name);
  const fn = FUNCTIONS[name];
  if (!fn) throw new NameError('UNKNOWN_NAME', `no such table-valued function: ${ref.name.name.name}${didYouMean(name, Object.keys(FUNCTIONS))}`, at(ref.name.span));
  // As in SQLite, no argument at all gives no rows.
  if (ref.args.length > fn.maxArgs) throw new PolyglotError('INVALID_ARGUMENT', `too many arguments on ${ref.name.name.name}() - max ${fn.maxArgs}`, at(ref.span));
  if (ref.columnAliases.length) throw new UnsupportedError(`column names for ${ref.name.name.name}() cannot be given`, at(ref.columnAliases[0].span));
  const host = new SubqueryHost();
  const env = exprEnv(ctx, scope, host, null, ctes);
  const args = ref.args.map((a) => lowerExpr(a, env));
  const element = ctx.alloc.column(name, 'list');
  const rows = b.unnest(host.wrap(input), call(fn.id, args), element, null, false);
  const defs = fn.columns.map((c, i) => ({ column: ctx.alloc.column(c, 'any'), expr: call('list_at', [col(element), lit(i)]) }));
  const table = ref.alias ? idKey(ref.alias) : name;
  const entries: ScopeEntry[] = defs.map((d, i) => ({ table, name: fn.columns[i], column: d.column, star: true }));
  return { plan: b.project(b.extend(rows, defs), [...input.schema, ...defs.map((d) => d.column)]), entries, correlated: scope.correlated };
}

/** lowerLateral joins `left` with a table function reading its columns; null when the join is not one (right side, join kind). */
export function lowerLateral(ref: ast.JoinRef, left: FromResult, ctx: SqlContext, outer: Scope | null, ctes: CteScope, on: (entries: ScopeEntry[]) => Expr | null): FromResult | null {
  if (ref.right.kind !== 'TableFunction' || ref.natural || ref.using) return null;
  const scope = new Scope(left.entries, outer);
  switch (ref.joinType) {
    case 'INNER':
    case 'CROSS':
    case 'COMMA': {
      const right = lowerTableFunction(ref.right, ctx, scope, left.plan, ctes);
      const entries = [...left.entries, ...right.entries];
      const condition = on(entries);
      return { plan: condition ? b.filter(right.plan, condition) : right.plan, entries, correlated: Boolean(left.correlated || right.correlated) };
    }
    case 'LEFT': {
      const right = lowerTableFunction(ref.right, ctx, scope, b.values([], [[]]), ctes);
      const entries = [...left.entries, ...right.entries];
      const condition = on(entries);
      const matches = condition ? b.filter(right.plan, condition) : right.plan;
      return { plan: b.apply('left', left.plan, matches), entries, correlated: Boolean(left.correlated || right.correlated) };
    }
    default:
      return null;
  }
}
