/**
 * collation.ts — which collating sequence an SQL comparison, ORDER BY term or GROUP BY term
 * uses, by SQLite's rules (https://sqlite.org/datatype3.html#collation):
 *   1. an explicit `COLLATE name` in an operand (the left operand's first),
 *   2. else the declared collation of an operand that is a column (through unary + and CAST),
 *      the left operand's first,
 *   3. else BINARY.
 * Collations other than BINARY are applied by normalizing operands (sql-collate.ts), so the
 * comparison, hashing and sorting operators need not know about them.
 */
import { call, type Expr } from '../algebra/expr.js';
import { isCollation, type Collation } from '../algebra/functions/sql-collate.js';
import { NameError } from '../common/errors.js';
import type * as ast from '../../grammar/sql/ast.js';
import { at, key } from './names.js';
import type { Scope } from './scope.js';

/** collationName checks a COLLATE name: BINARY, NOCASE or RTRIM. */
export function collationName(id: ast.Identifier): Collation {
  const c = key(id.name);
  if (!isCollation(c)) throw new NameError('UNKNOWN_NAME', `no such collation sequence: ${id.name}`, at(id.span));
  return c;
}

/** explicitCollation finds a COLLATE clause in an expression (not inside subqueries), left to right. */
function explicitCollation(e: ast.Expr): Collation | null {
  switch (e.kind) {
    case 'Collate':
      return collationName(e.collation);
    case 'Unary':
    case 'Cast':
      return explicitCollation(e.operand);
    case 'Binary':
      return explicitCollation(e.left) ?? explicitCollation(e.right);
    default:
      return null;
  }
}

/** columnCollation is the declared collation of a column reference (seen through unary + and CAST). */
function columnCollation(e: ast.Expr, scope: Scope): Collation | null {
  // A column without a declared collation is BINARY, and as a column it still takes precedence over the right operand.
  if (e.kind === 'ColumnRef') return scope.collationOf(e) ?? 'binary';
  if ((e.kind === 'Unary' && e.op === '+') || e.kind === 'Cast') return columnCollation(e.operand, scope);
  return null;
}

/** collationOf is the collation of one operand (explicit, else its column's), or null for none. */
export function collationOf(e: ast.Expr, scope: Scope): Collation | null {
  return explicitCollation(e) ?? columnCollation(e, scope);
}

/** comparisonCollation is the collation of a comparison between `left` and the `others`. */
export function comparisonCollation(left: ast.Expr, others: readonly ast.Expr[], scope: Scope): Collation {
  const all = [left, ...others];
  for (const e of all) {
    const c = explicitCollation(e);
    if (c) return c;
  }
  for (const e of all) {
    const c = columnCollation(e, scope);
    if (c) return c;
  }
  return 'binary';
}

/** collated wraps an operand in its collation's normalizer (BINARY: unchanged). */
export function collated(e: Expr, c: Collation | null): Expr {
  return c === null || c === 'binary' ? e : call(`sql.collate_${c}`, [e]);
}

/** orderingFor is the registry ordering of an ORDER BY term under a collation. */
export function orderingFor(c: Collation | null): string {
  return c === null || c === 'binary' ? 'sql' : `sql_${c}`;
}
