/**
 * terms.ts — Datalog terms and comparisons as algebra expressions.
 *
 * Constants: numbers, strings, and symbols (bare lowercase identifiers, Soufflé's `symbol`)
 * which are stored as strings: `usa` and `"usa"` are the same value. Unification (`=`, and
 * a variable repeated across atoms) is the language-neutral `eq`: plain equality of non-null
 * values. Ordering comparisons and arithmetic use the `sql.*` functions: on Datalog's values
 * (numbers and strings, never null) they are the usual numeric and lexicographic ones, with
 * integer division; a SQL table's NULL never satisfies a comparison.
 */
import type { Column } from '../algebra/columns.js';
import { call, col, lit, type Expr } from '../algebra/expr.js';
import { NameError, TypeMismatchError, UnsupportedError } from '../common/errors.js';
import type { Value } from '../common/values.js';
import type * as ast from '../../grammar/datalog/ast.js';
import { at } from './names.js';

const ARITHMETIC: Record<ast.ArithmeticOp, string> = { '+': 'sql.add', '-': 'sql.sub', '*': 'sql.mul', '/': 'sql.div', '%': 'sql.mod' };

export const COMPARISON: Record<ast.ComparisonOp, string> = {
  '=': 'eq',
  '!=': 'sql.ne',
  '<': 'sql.lt',
  '<=': 'sql.le',
  '>': 'sql.gt',
  '>=': 'sql.ge',
};

/** Functors usable inside terms, with the function each calls. */
const FUNCTORS: Record<string, { fn: string; arity: number }> = {
  cat: { fn: 'sql.concat', arity: 2 },
  strlen: { fn: 'sql.length', arity: 1 },
  abs: { fn: 'sql.abs', arity: 1 },
};

/** checkFunctors rejects an unknown functor or a wrong argument count anywhere in a term. */
export function checkFunctors(t: ast.Term): void {
  switch (t.kind) {
    case 'Call': {
      const f = FUNCTORS[t.name];
      if (!f) throw new NameError('UNKNOWN_NAME', `unknown functor ${t.name}; available: ${Object.keys(FUNCTORS).join(', ')}`, at(t.span));
      if (t.args.length !== f.arity) throw new TypeMismatchError(`${t.name} takes ${f.arity} argument${f.arity === 1 ? '' : 's'}, got ${t.args.length}`, at(t.span));
      t.args.forEach(checkFunctors);
      break;
    }
    case 'Unary':
      checkFunctors(t.operand);
      break;
    case 'Binary':
      checkFunctors(t.left);
      checkFunctors(t.right);
      break;
    case 'Aggregate':
      if (t.arg) checkFunctors(t.arg);
      break;
    default:
      break;
  }
}

/** constantValue returns a constant term's value, or undefined when the term is not constant. */
export function constantValue(t: ast.Term): Value | undefined {
  switch (t.kind) {
    case 'Number':
      return t.value;
    case 'String':
      return t.value;
    case 'Symbol':
      return t.name;
    case 'Unary': {
      const v = constantValue(t.operand);
      if (typeof v === 'number') return -v;
      if (typeof v === 'bigint') return -v;
      return undefined;
    }
    default:
      return undefined;
  }
}

/** lowerTerm turns a term into an expression over the columns bound to its variables. */
export function lowerTerm(t: ast.Term, vars: ReadonlyMap<string, Column>): Expr {
  switch (t.kind) {
    case 'Variable': {
      const c = vars.get(t.name);
      if (!c) throw new NameError('UNKNOWN_NAME', `unsafe variable ${t.name}: it is not bound by a positive atom of the body`, at(t.span));
      return col(c);
    }
    case 'Anonymous':
      throw new NameError('UNKNOWN_NAME', 'the anonymous variable _ cannot be used in an expression', at(t.span));
    case 'Number':
    case 'String':
    case 'Symbol':
      return lit(constantValue(t) as Value);
    case 'Unary': {
      const c = constantValue(t);
      return c !== undefined ? lit(c) : call('sql.neg', [lowerTerm(t.operand, vars)]);
    }
    case 'Binary':
      return call(ARITHMETIC[t.op], [lowerTerm(t.left, vars), lowerTerm(t.right, vars)]);
    case 'Call': {
      const f = FUNCTORS[t.name];
      if (!f) throw new NameError('UNKNOWN_NAME', `unknown functor ${t.name}; available: ${Object.keys(FUNCTORS).join(', ')}`, at(t.span));
      if (t.args.length !== f.arity) throw new TypeMismatchError(`${t.name} takes ${f.arity} argument${f.arity === 1 ? '' : 's'}, got ${t.args.length}`, at(t.span));
      return call(f.fn, t.args.map((a) => lowerTerm(a, vars)));
    }
    case 'Aggregate':
      throw new UnsupportedError(`an aggregate is allowed only as a head argument or as the right side of X = ${t.fn} … : { … }`, at(t.span));
  }
}
