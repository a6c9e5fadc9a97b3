/**
 * sql-affinity.ts — SQLite's comparison affinities: the conversions applied to one operand of a
 * comparison when the other is a column (or CAST) with a type affinity and it has none.
 * Neither ever fails: a value the affinity cannot convert is compared as it is.
 */
import type { ValueType } from '../../common/values.js';
import { defineFunction } from './registry.js';
import { numericAffinity } from './sql.js';
import { describeValue, formatReal, sqlText } from './sql-values.js';
import { RuntimeError } from '../../common/errors.js';

/** NUMERIC affinity: text that reads as a number becomes that number ('3' = 3, ' 2.5 ' = 2.5). */
defineFunction({
  id: 'sql.numeric_affinity',
  arity: 1,
  returnType: (): ValueType => 'any',
  deterministic: true,
  nullRejecting: true,
  eval: numericAffinity,
});

/** TEXT affinity: numbers become their text (3 = '3'); blobs and text stay as they are. */
defineFunction({
  id: 'sql.text_affinity',
  arity: 1,
  returnType: (): ValueType => 'any',
  deterministic: true,
  nullRejecting: true,
  eval: (v) => (typeof v === 'number' || typeof v === 'bigint' ? sqlText(v) : v),
});

/** TEXT affinity for a value of static type REAL: 2.0 reads as '2.0', as SQLite prints reals. */
defineFunction({
  id: 'sql.text_affinity_real',
  arity: 1,
  returnType: (): ValueType => 'any',
  deterministic: true,
  nullRejecting: true,
  eval: (v) => (typeof v === 'number' ? formatReal(v) : typeof v === 'bigint' ? sqlText(v) : v),
});

/**
 * LIMIT and OFFSET values as SQLite takes them (its MustBeInt): NUMERIC affinity, then an
 * integer or an error — '10' bound from a query string is 10, NULL and 2.5 are refused.
 */
defineFunction({
  id: 'sql.must_be_integer',
  arity: 1,
  returnType: (): ValueType => 'integer',
  deterministic: true,
  nullRejecting: false,
  eval: (v) => {
    const n = v === null ? null : numericAffinity(v);
    if ((typeof n === 'number' && Number.isInteger(n)) || typeof n === 'bigint') return n;
    throw new RuntimeError(`datatype mismatch: LIMIT and OFFSET take an integer, got ${describeValue(v)}`);
  },
});
