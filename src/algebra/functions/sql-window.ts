/**
 * sql-window.ts — SQL's window functions (ROW_NUMBER, RANK, LAG, NTH_VALUE…) with SQLite's
 * semantics, as registry entries the Window operator calls once per sorted partition.
 *
 * Ranking functions read only peer groups (rows equal on the ORDER BY keys); LAG/LEAD read
 * neighbouring rows whatever the frame; FIRST_VALUE/LAST_VALUE/NTH_VALUE read the frame.
 * Aggregates over frames are not here: a window call may name any aggregate id directly.
 * Spec: https://www.sqlite.org/windowfunctions.html#built_in_window_functions
 */
import { RuntimeError } from '../../common/errors.js';
import type { Value, ValueType } from '../../common/values.js';
import { formatValue } from '../print.js';
import { sqlToNumber } from './sql-values.js';
import { defineWindowFunction, type WindowPartition } from './registry.js';

const integer = (): ValueType => 'integer';
const real = (): ValueType => 'real';
const firstArg = (t: readonly ValueType[]): ValueType => t[0];

defineWindowFunction({
  id: 'sql.row_number',
  minArgs: 0,
  maxArgs: 0,
  returnType: integer,
  evaluate: (p, out) => {
    for (let i = 0; i < p.size; i++) out[i] = i + 1;
  },
});

defineWindowFunction({
  id: 'sql.rank',
  minArgs: 0,
  maxArgs: 0,
  returnType: integer,
  evaluate: (p, out) => {
    for (let i = 0; i < p.size; i++) out[i] = p.peerStart(i) + 1;
  },
});

defineWindowFunction({
  id: 'sql.dense_rank',
  minArgs: 0,
  maxArgs: 0,
  returnType: integer,
  evaluate: (p, out) => {
    let rank = 0;
    for (let i = 0; i < p.size; i++) {
      if (p.peerStart(i) === i) rank++;
      out[i] = rank;
    }
  },
});

defineWindowFunction({
  id: 'sql.percent_rank',
  minArgs: 0,
  maxArgs: 0,
  returnType: real,
  evaluate: (p, out) => {
    for (let i = 0; i < p.size; i++) out[i] = p.size > 1 ? p.peerStart(i) / (p.size - 1) : 0;
  },
});

defineWindowFunction({
  id: 'sql.cume_dist',
  minArgs: 0,
  maxArgs: 0,
  returnType: real,
  evaluate: (p, out) => {
    for (let i = 0; i < p.size; i++) out[i] = p.peerEnd(i) / p.size;
  },
});

/** positiveInteger reads a count argument (NTILE's buckets, NTH_VALUE's n) or raises SQLite's error. */
function positiveInteger(v: Value, what: string): number {
  const n = typeof v === 'bigint' ? Number(v) : typeof v === 'number' && Number.isInteger(v) ? v : NaN;
  if (!(n > 0)) throw new RuntimeError(`${what} must be a positive integer, got ${formatValue(v)}`);
  return n;
}

defineWindowFunction({
  id: 'sql.ntile',
  minArgs: 1,
  maxArgs: 1,
  returnType: integer,
  evaluate: (p, out) => {
    // The first size % n buckets hold one row more than the others.
    for (let i = 0; i < p.size; i++) {
      const n = positiveInteger(p.arg(0, i), 'argument of ntile');
      const small = Math.floor(p.size / n);
      const big = p.size % n;
      const inBig = big * (small + 1);
      out[i] = i < inBig ? Math.floor(i / (small + 1)) + 1 : big + Math.floor((i - inBig) / small) + 1;
    }
  },
});

/** rowOffset reads LAG/LEAD's offset as SQLite does: numeric text counts, and NULL or a fraction gives NULL. */
function rowOffset(v: Value): number | null {
  const n = sqlToNumber(v);
  if (n === null) return null;
  const x = Number(n);
  return Number.isInteger(x) ? x : null;
}

/** neighbour defines LAG (direction -1) and LEAD (+1): the value `offset` rows away, else the default. */
function neighbour(id: string, direction: 1 | -1): void {
  defineWindowFunction({
    id,
    minArgs: 1,
    maxArgs: 3,
    returnType: (t) => (t.length < 3 || t[2] === t[0] || t[2] === 'null' ? t[0] : 'any'),
    evaluate: (p: WindowPartition, out: Value[]) => {
      const hasOffset = p.arity > 1;
      const hasDefault = p.arity > 2;
      for (let i = 0; i < p.size; i++) {
        const offset = hasOffset ? rowOffset(p.arg(1, i)) : 1;
        if (offset === null) {
          out[i] = null;
          continue;
        }
        // A negative offset looks the other way (LAG(x, -1) is LEAD(x, 1)).
        const j = i + direction * offset;
        out[i] = j >= 0 && j < p.size ? p.arg(0, j) : hasDefault ? p.arg(2, i) : null;
      }
    },
  });
}
neighbour('sql.lag', -1);
neighbour('sql.lead', 1);

defineWindowFunction({
  id: 'sql.first_value',
  minArgs: 1,
  maxArgs: 1,
  returnType: firstArg,
  evaluate: (p, out) => {
    for (let i = 0; i < p.size; i++) {
      const j = p.frameRow(i, 0);
      out[i] = j < 0 ? null : p.arg(0, j);
    }
  },
});

defineWindowFunction({
  id: 'sql.last_value',
  minArgs: 1,
  maxArgs: 1,
  returnType: firstArg,
  evaluate: (p, out) => {
    for (let i = 0; i < p.size; i++) {
      const j = p.frameRow(i, p.frameSize(i) - 1);
      out[i] = j < 0 ? null : p.arg(0, j);
    }
  },
});

defineWindowFunction({
  id: 'sql.nth_value',
  minArgs: 2,
  maxArgs: 2,
  returnType: firstArg,
  evaluate: (p, out) => {
    for (let i = 0; i < p.size; i++) {
      const n = positiveInteger(p.arg(1, i), 'second argument to nth_value');
      const j = p.frameRow(i, n - 1);
      out[i] = j < 0 ? null : p.arg(0, j);
    }
  },
});
