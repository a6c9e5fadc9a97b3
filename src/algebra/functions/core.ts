/**
 * core.ts — language-neutral functions the optimizer itself introduces.
 *
 * `and` joins filter predicates when two filters merge: a filter keeps a row only when its
 * predicate is exactly true, so the merged predicate is true exactly when both were.
 */
import type { ValueType } from '../../common/values.js';
import { defineAggregate, defineFunction } from './registry.js';

const bool = (): ValueType => 'boolean';

defineFunction({
  id: 'and',
  minArgs: 2,
  returnType: bool,
  deterministic: true,
  nullRejecting: false,
  conjunction: true,
  connective: { op: 'and' },
  compile: (args) => {
    if (args.length === 2) {
      const [x, y] = args;
      return (row) => {
        const a = x(row);
        if (a === false) return false;
        const b = y(row);
        if (b === false) return false;
        return a === true && b === true ? true : null;
      };
    }
    return (row) => {
      let unknown = false;
      for (let i = 0; i < args.length; i++) {
        const v = args[i](row);
        if (v === false) return false;
        if (v !== true) unknown = true;
      }
      return unknown ? null : true;
    };
  },
});

/** eq is plain value equality on non-null values of the same kind (join keys produced by rewrites, Datalog unification). */
defineFunction({
  id: 'eq',
  arity: 2,
  returnType: bool,
  deterministic: true,
  nullRejecting: true,
  equality: true,
  comparison: 'eq',
  mirror: 'eq',
  selectivity: 0.1,
  eval: (a, b) => (a === null || b === null ? null : a === b || (typeof a === typeof b && sameValue(a, b))),
});

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i] || sameValue(x, b[i]));
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((x, i) => x === b[i]);
  return false;
}

/**
 * is_true collapses three-valued logic to two: true only for true (unknown counts as false).
 * Decorrelation uses it to read an EXISTS out of a three-valued mark join.
 */
defineFunction({
  id: 'is_true',
  arity: 1,
  returnType: bool,
  deterministic: true,
  nullRejecting: false,
  falseOnNull: true,
  selectivity: 0.5,
  eval: (a) => a === true,
  inline: () => (a) => `(${a} === true)`,
});

/**
 * if_null(marker, whenNull, otherwise) picks `whenNull` when `marker` is null. Decorrelation
 * uses it to give an aggregate its empty-input value (COUNT → 0) for outer rows that a left
 * join padded with nulls.
 */
defineFunction({
  id: 'if_null',
  arity: 3,
  returnType: (types) => (types[2] === 'null' ? types[1] : types[2]),
  deterministic: true,
  nullRejecting: false,
  compile: ([marker, whenNull, otherwise]) => (row) => (marker(row) === null ? whenNull(row) : otherwise(row)),
});

/** list_at(list, i) is the list's element at 0-based position i (null past the end or for a non-list): reads the columns of a table function's row list. */
defineFunction({
  id: 'list_at',
  arity: 2,
  returnType: () => 'any',
  deterministic: true,
  nullRejecting: true,
  eval: (list, i) => (Array.isArray(list) && typeof i === 'number' ? (list[i] ?? null) : null),
});

/**
 * count_values counts the rows whose argument is not null and count_rows every row, as plain
 * numbers: the partial counts of a language's COUNT whose own value is encoded (SPARQL's
 * xsd:integer terms; AggregateDef.split).
 */
function plainCount(id: string, args: number, skipNulls: boolean): void {
  defineAggregate({
    id,
    minArgs: args,
    maxArgs: args,
    returnType: () => 'integer',
    skipNulls,
    commutative: true,
    init: () => 0,
    step: (s) => (s as number) + 1,
    inlineStep: (s) => `${s} + 1`,
    final: (s) => s as number,
  });
}
plainCount('count_values', 1, true);
plainCount('count_rows', 0, false);

/**
 * sum_counts adds up counts a split COUNT computed per part (AggregateDef.split; eager
 * aggregation): the sum of no parts is 0, as COUNT of no rows.
 */
defineAggregate({
  id: 'sum_counts',
  minArgs: 1,
  maxArgs: 1,
  returnType: () => 'integer',
  skipNulls: true,
  commutative: true,
  init: () => 0,
  step: (s, args) => (s as number) + (args[0] as number),
  inlineStep: (s, [n]) => `${s} + ${n}`,
  final: (s) => s as number,
});
