/**
 * affinity.ts — SQLite's affinity rules for comparisons (datatype3.html §4.2): when one operand
 * is a column or CAST with INTEGER/REAL/NUMERIC affinity and the other has TEXT, BLOB or no
 * affinity, the other is read as a number if it can be ('3' = 3); when one has TEXT affinity
 * and the other none, the other is read as text (3 = '3'). Literals and computed expressions
 * have no affinity. PostgreSQL casts an untyped literal to the column's type, which gives the
 * same answers wherever it gives any.
 */
import { call, type Expr } from '../algebra/expr.js';
import { HIDDEN_MARK } from './table-info.js';

type Affinity = 'numeric' | 'text' | 'blob' | 'none';

function affinityOf(e: Expr): Affinity {
  // The hidden column of an index expression stands for the expression, which has no affinity.
  const typed = (e.kind === 'column' && !e.name.startsWith(HIDDEN_MARK)) || (e.kind === 'call' && e.fn.startsWith('sql.cast_'));
  if (!typed) return 'none';
  if (e.type === 'integer' || e.type === 'real') return 'numeric';
  if (e.type === 'text') return 'text';
  // A column declared without a type (or BLOB) has BLOB affinity, which is not "no affinity".
  return 'blob';
}

/** withAffinity returns the operands of a comparison with SQLite's affinity conversions applied. */
export function withAffinity(left: Expr, right: Expr): [Expr, Expr] {
  const l = affinityOf(left);
  const r = affinityOf(right);
  if (l === 'numeric' && r !== 'numeric') return [left, convert(right, 'sql.numeric_affinity')];
  if (r === 'numeric' && l !== 'numeric') return [convert(left, 'sql.numeric_affinity'), right];
  if (l === 'text' && r === 'none') return [left, convert(right, 'sql.text_affinity')];
  if (r === 'text' && l === 'none') return [convert(left, 'sql.text_affinity'), right];
  return [left, right];
}

/** convert skips the call where the value's type already says it cannot change. */
function convert(e: Expr, fn: 'sql.numeric_affinity' | 'sql.text_affinity'): Expr {
  if (e.kind === 'literal' && e.value === null) return e;
  if (fn === 'sql.text_affinity' && e.type === 'real') return call('sql.text_affinity_real', [e]);
  if (fn === 'sql.numeric_affinity' && (e.type === 'integer' || e.type === 'real' || e.type === 'boolean' || e.type === 'blob')) return e;
  if (fn === 'sql.text_affinity' && (e.type === 'text' || e.type === 'blob')) return e;
  return call(fn, [e]);
}
