/**
 * fragment.ts — SQL source kept beside a table (DEFAULT and CHECK expressions): cut out of a
 * statement's text when the table is created or altered, lowered again where it is used.
 */
import type { Expr } from '../algebra/expr.js';
import { compileCall, lookupFunction } from '../algebra/functions/registry.js';
import type { Value } from '../common/values.js';
import type * as ast from '../../grammar/sql/ast.js';
import { parseSql } from '../../grammar/sql/index.js';
import type { SqlContext } from './context.js';
import { lowerExpr } from './expressions.js';
import { exprEnv } from './query.js';
import type { Scope } from './scope.js';

/** sourceOf is the text of a node as the user wrote it. */
export function sourceOf(ctx: SqlContext, node: { span: ast.Span }): string {
  return ctx.text.slice(node.span.start.offset, node.span.end.offset);
}

/** lowerFragment lowers stored SQL source (a DEFAULT or CHECK expression) in a scope. */
export function lowerFragment(text: string, ctx: SqlContext, scope: Scope): Expr {
  const [statement] = parseSql(`SELECT ${text}`);
  const item = ((statement as ast.Query).body as ast.Select).columns[0] as ast.SelectExpr;
  return lowerExpr(item.expr, exprEnv({ ...ctx, text: `SELECT ${text}` }, scope, null, null, new Map()));
}

/** constant evaluates an expression made only of literals and deterministic calls (undefined otherwise). */
export function constantValue(e: Expr): Value | undefined {
  if (e.kind === 'literal') return e.value;
  if (e.kind !== 'call') return undefined;
  const def = lookupFunction(e.fn);
  if (!def.deterministic) return undefined;
  const args: Value[] = [];
  for (const x of e.args) {
    const v = constantValue(x);
    if (v === undefined) return undefined;
    args.push(v);
  }
  return compileCall(
    def,
    args.map((v) => () => v),
    e.args.map((x) => x.type),
  )([]);
}

