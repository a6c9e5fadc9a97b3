/**
 * sparql-aggregates.ts — SPARQL 1.1's aggregates (§18.5) over encoded terms: COUNT, SUM, AVG
 * (with XSD numeric promotion; a non-numeric value makes the group's result an error), MIN/MAX
 * (in the 'sparql' term order), SAMPLE, GROUP_CONCAT.
 */
import type { Value, ValueType } from '../../common/values.js';
import { defineAggregate } from './registry.js';
import { compareTerms, encodeMaybe } from './sparql.js';
import { str } from './sparql-builtins.js';
import { decode, encodeLiteral, encodeNumber, numeric, promote, type NumericValue, type Term } from './sparql-terms.js';

// ---- aggregates (§18.5) ------------------------------------------------------------------------------

const always = (t: ValueType) => (): ValueType => t;

defineAggregate({
  id: 'sparql.count_star',
  minArgs: 0,
  // COUNT(DISTINCT *) passes every in-scope variable, made distinct by the aggregate operator.
  maxArgs: Infinity,
  returnType: always('any'),
  skipNulls: false,
  init: () => 0,
  step: (s) => (s as number) + 1,
  // Arguments come only with DISTINCT, which the operator applies before any count of rows.
  ofRowCount: (n) => n,
  final: (s) => encodeNumber(s as number, 'integer'),
  split: { partial: 'count_rows', combine: 'sparql.sum_counts' },
});
defineAggregate({
  id: 'sparql.count',
  minArgs: 1,
  maxArgs: 1,
  returnType: always('any'),
  skipNulls: true,
  init: () => 0,
  step: (s) => (s as number) + 1,
  final: (s) => encodeNumber(s as number, 'integer'),
  split: { partial: 'count_values', combine: 'sparql.sum_counts' },
});
/** sparql.sum_counts adds up plain partial counts (core count_values/count_rows) into COUNT's xsd:integer (AggregateDef.split). */
defineAggregate({
  id: 'sparql.sum_counts',
  minArgs: 1,
  maxArgs: 1,
  returnType: always('any'),
  skipNulls: true,
  init: () => 0,
  step: (s, args) => (s as number) + (args[0] as number),
  inlineStep: (s, [n]) => `${s} + ${n}`,
  final: (s) => encodeNumber(s as number, 'integer'),
});

interface SumState {
  n: number;
  sum: number;
  kind: NumericValue['kind'];
  error: boolean;
}
function sumStep(state: unknown, [v]: Value[]): SumState {
  const s = state as SumState;
  if (s.error) return s;
  const x = numeric(decode(v));
  if (!x) return { ...s, error: true };
  return { n: s.n + 1, sum: s.sum + x.value, kind: promote(s.kind, x.kind), error: false };
}
defineAggregate({
  id: 'sparql.sum',
  minArgs: 1,
  maxArgs: 1,
  returnType: always('any'),
  skipNulls: false,
  init: (): SumState => ({ n: 0, sum: 0, kind: 'integer', error: false }),
  step: sumStep,
  final: (s) => ((s as SumState).error ? null : encodeNumber((s as SumState).sum, (s as SumState).kind)),
});
defineAggregate({
  id: 'sparql.avg',
  minArgs: 1,
  maxArgs: 1,
  returnType: always('any'),
  skipNulls: false,
  init: (): SumState => ({ n: 0, sum: 0, kind: 'integer', error: false }),
  step: sumStep,
  final: (st) => {
    const s = st as SumState;
    if (s.error) return null;
    if (s.n === 0) return encodeNumber(0, 'integer');
    return encodeNumber(s.sum / s.n, s.kind === 'integer' ? 'decimal' : s.kind);
  },
});
function extreme(id: string, better: (c: number) => boolean): void {
  defineAggregate({
    id,
    minArgs: 1,
    maxArgs: 1,
    returnType: always('any'),
    skipNulls: true,
    init: () => null,
    step: (s, [v]) => {
      const t = encodeMaybe(v);
      return s === null || better(compareTerms(t, s as Value)) ? t : s;
    },
    final: (s) => s as Value,
  });
}
extreme('sparql.min', (c) => c < 0);
extreme('sparql.max', (c) => c > 0);
defineAggregate({
  id: 'sparql.sample',
  minArgs: 1,
  maxArgs: 1,
  returnType: always('any'),
  skipNulls: true,
  init: () => null,
  step: (s, [v]) => (s === null ? encodeMaybe(v) : s),
  final: (s) => s as Value,
});
interface ConcatState {
  parts: string[];
  lang: string | null | undefined;
  sep: string;
  error: boolean;
}
/** GROUP_CONCAT(expr; SEPARATOR = s): the lowering passes the separator as a literal second argument. */
defineAggregate({
  id: 'sparql.group_concat',
  minArgs: 2,
  maxArgs: 2,
  returnType: always('any'),
  skipNulls: true,
  init: (): ConcatState => ({ parts: [], lang: undefined, sep: ' ', error: false }),
  step: (st, [v, sep]) => {
    const s = st as ConcatState;
    const t = str(v);
    if (!t) s.error = true;
    else {
      s.parts.push(t.value);
      s.lang = s.lang === undefined ? t.language : s.lang === t.language ? s.lang : null;
    }
    s.sep = (decode(sep) as Term | null)?.value ?? ' ';
    return s;
  },
  final: (st) => {
    const s = st as ConcatState;
    if (s.error) return null;
    // A simple literal whatever the inputs' language tags (as the 1.1 tests expect).
    return encodeLiteral(s.parts.join(s.sep));
  },
});
