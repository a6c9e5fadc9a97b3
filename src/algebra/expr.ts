/**
 * expr.ts — scalar expressions of the algebra: typed trees of function ids.
 *
 * An expression is a column reference, a literal, a query parameter or a call of a function
 * from the registry (functions/registry.ts). Language semantics live in the function id, never
 * in a global mode: SQL's three-valued `=` is `sql.eq`, and SPARQL's, Cypher's or MongoDB's
 * comparisons get ids of their own when those front ends arrive. Nodes are frozen; build them
 * with the constructors below.
 */
import { typeOfValue, type Value, type ValueType } from '../common/values.js';
import type { Column } from './columns.js';
import { lookupFunction } from './functions/registry.js';

export interface ColumnRef {
  readonly kind: 'column';
  readonly id: number;
  readonly name: string;
  readonly type: ValueType;
}

export interface Literal {
  readonly kind: 'literal';
  readonly value: Value;
  readonly type: ValueType;
}

/** A query parameter: positional (1-based number) or named. Bound when the plan runs. */
export interface Param {
  readonly kind: 'param';
  readonly key: number | string;
  readonly type: ValueType;
}

export interface Call {
  readonly kind: 'call';
  readonly fn: string;
  readonly args: readonly Expr[];
  readonly type: ValueType;
}

export type Expr = ColumnRef | Literal | Param | Call;
export type ExprKind = Expr['kind'];

/** col references a column. */
export function col(c: Column): ColumnRef {
  return Object.freeze({ kind: 'column', id: c.id, name: c.name, type: c.type });
}

/** lit makes a literal; its type defaults to the value's own. */
export function lit(value: Value, type?: ValueType): Literal {
  return Object.freeze({ kind: 'literal', value, type: type ?? typeOfValue(value) });
}

/** param makes a parameter placeholder. */
export function param(key: number | string, type: ValueType = 'any'): Param {
  return Object.freeze({ kind: 'param', key, type });
}

/** call makes a function call; its type comes from the function's signature. */
export function call(fn: string, args: readonly Expr[]): Call {
  const def = lookupFunction(fn);
  def.checkArity(args.length);
  const type = def.returnType(args.map((a) => a.type));
  return Object.freeze({ kind: 'call', fn, args: Object.freeze([...args]), type });
}

/** columnsUsed adds the ids of every column the expression reads to `into`. */
export function columnsUsed(e: Expr, into: Set<number> = new Set()): Set<number> {
  switch (e.kind) {
    case 'column':
      into.add(e.id);
      break;
    case 'call':
      for (const a of e.args) columnsUsed(a, into);
      break;
    case 'literal':
    case 'param':
      break;
  }
  return into;
}

/** conjuncts splits a predicate into its top-level AND terms (for any language's AND that is a plain conjunction in a filter). */
export function conjuncts(e: Expr): Expr[] {
  if (e.kind === 'call' && lookupFunction(e.fn).conjunction) return e.args.flatMap(conjuncts);
  return [e];
}

/** isDeterministic says whether every function the expression calls is deterministic (may be moved, folded, evaluated once). */
export function isDeterministic(e: Expr): boolean {
  return e.kind !== 'call' || (lookupFunction(e.fn).deterministic && e.args.every(isDeterministic));
}

/** substitute replaces column references by id (used when pushing predicates through renames). */
export function substitute(e: Expr, map: ReadonlyMap<number, Expr>): Expr {
  switch (e.kind) {
    case 'column':
      return map.get(e.id) ?? e;
    case 'call': {
      let changed = false;
      const args = e.args.map((a) => {
        const b = substitute(a, map);
        if (b !== a) changed = true;
        return b;
      });
      return changed ? Object.freeze({ ...e, args: Object.freeze(args) }) : e;
    }
    default:
      return e;
  }
}

/** exprEquals compares two expressions structurally. */
export function exprEquals(a: Expr, b: Expr): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'column':
      return a.id === (b as ColumnRef).id;
    case 'literal':
      return valueEquals(a.value, (b as Literal).value) && a.type === (b as Literal).type;
    case 'param':
      return a.key === (b as Param).key;
    case 'call': {
      const c = b as Call;
      return a.fn === c.fn && a.args.length === c.args.length && a.args.every((x, i) => exprEquals(x, c.args[i]));
    }
  }
}

function valueEquals(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => valueEquals(x, b[i]));
  return false;
}
