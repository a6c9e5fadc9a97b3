/**
 * sql-collate.ts — SQLite's built-in collating sequences (https://sqlite.org/datatype3.html#collation):
 * BINARY (the plain `sql` ordering), NOCASE (ASCII letters folded to lower case) and RTRIM
 * (trailing spaces ignored). Each affects text only; other values compare as usual.
 *
 * A collation is applied by normalizing: two texts are equal (or ordered) under NOCASE
 * exactly when their case-folded forms are under BINARY, and likewise for RTRIM with the
 * spaces stripped. So the relational lowering wraps the operands of a collated comparison, a
 * collated GROUP BY key or a hash join key in `sql.collate_nocase`/`sql.collate_rtrim`, and
 * every comparison, hash and index operator keeps its one notion of equality; ORDER BY uses
 * the orderings `sql_nocase`/`sql_rtrim`, so the sorted values themselves are untouched.
 */
import type { Value, ValueType } from '../../common/values.js';
import { defineFunction, defineOrdering } from './registry.js';
import { sqlOrder } from './sql-values.js';

export type Collation = 'binary' | 'nocase' | 'rtrim';

const foldAscii = (s: string): string => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
const stripSpaces = (s: string): string => s.replace(/ +$/, '');

const NORMALIZERS: Record<Exclude<Collation, 'binary'>, (s: string) => string> = { nocase: foldAscii, rtrim: stripSpaces };

for (const [name, normalize] of Object.entries(NORMALIZERS)) {
  defineFunction({
    id: `sql.collate_${name}`,
    arity: 1,
    returnType: (t): ValueType => t[0],
    deterministic: true,
    nullRejecting: true,
    eval: (v: Value) => (typeof v === 'string' ? normalize(v) : v),
  });
  defineOrdering(`sql_${name}`, (a, b) => (typeof a === 'string' && typeof b === 'string' ? sqlOrder(normalize(a), normalize(b)) : sqlOrder(a, b)));
}

/** isCollation says whether a name (in lookup form) is a collating sequence this engine has. */
export function isCollation(name: string): name is Collation {
  return name === 'binary' || name === 'nocase' || name === 'rtrim';
}
