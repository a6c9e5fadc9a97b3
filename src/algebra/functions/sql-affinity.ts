/**
 * sql-affinity.ts — SQLite's comparison affinities: the conversions applied to one operand of a
 * comparison when the other is a column (or CAST) with a type affinity and it has none.
 * Neither ever fails: a value the affinity cannot convert is compared as it is.
 */
import type { ValueType } from '../../common/values.js';
import { defineFunction } from './registry.js';
import { numericAffinity } from './sql.js';
import { formatReal, sqlText } from './sql-values.js';

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
