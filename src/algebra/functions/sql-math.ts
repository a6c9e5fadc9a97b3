/**
 * sql-math.ts — SQLite's math functions (https://sqlite.org/lang_mathfunc.html) and sign(),
 * round() with SQLite's rounding.
 *
 * An argument that is not a number and not text that looks like one makes the result NULL, as
 * do domain errors (sqrt(-1), ln(0)) and non-finite results (exp(1000)). ceil/floor/trunc keep
 * integers integers; everything else returns a real.
 */
import type { Value, ValueType } from '../../common/values.js';
import { defineFunction } from './registry.js';
import { sqlToNumber } from './sql-values.js';

const always = (t: ValueType) => (): ValueType => t;
const NUMERIC_TEXT = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

/** numericArg is a math function's view of a value: a number, or null when it is NULL or not numeric. */
export function numericArg(v: Value): number | bigint | null {
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') return NUMERIC_TEXT.test(v) ? sqlToNumber(v) : null;
  return null;
}

function finite(x: number): number | null {
  return Number.isNaN(x) ? null : x;
}

function real1(id: string, f: (x: number) => number): void {
  defineFunction({
    id,
    arity: 1,
    returnType: always('real'),
    deterministic: true,
    nullRejecting: true,
    eval: (v) => {
      const n = numericArg(v);
      return n === null ? null : finite(f(Number(n)));
    },
  });
}
function real2(id: string, f: (x: number, y: number) => number): void {
  defineFunction({
    id,
    arity: 2,
    returnType: always('real'),
    deterministic: true,
    nullRejecting: true,
    eval: (a, b) => {
      const x = numericArg(a);
      const y = numericArg(b);
      return x === null || y === null ? null : finite(f(Number(x), Number(y)));
    },
  });
}

real1('sql.sqrt', Math.sqrt);
real1('sql.exp', Math.exp);
real1('sql.ln', (x) => (x > 0 ? Math.log(x) : NaN));
real1('sql.log10', (x) => (x > 0 ? Math.log10(x) : NaN));
real1('sql.log2', (x) => (x > 0 ? Math.log2(x) : NaN));
/** log(b, x): SQLite wants a numeric base above 1 and reads x as arithmetic does. */
defineFunction({
  id: 'sql.log_base',
  arity: 2,
  returnType: always('real'),
  deterministic: true,
  nullRejecting: true,
  eval: (base, v) => {
    const b = numericArg(base);
    if (b === null || !(Number(b) > 0)) return null;
    const lb = Math.log(Number(b));
    const x = Number(sqlToNumber(v));
    return lb > 0 && x > 0 ? Math.log(x) / lb : null;
  },
});
real2('sql.pow', Math.pow);
real2('sql.atan2', Math.atan2);
real2('sql.fmod', (x, y) => x % y);
real1('sql.sin', Math.sin);
real1('sql.cos', Math.cos);
real1('sql.tan', Math.tan);
real1('sql.asin', Math.asin);
real1('sql.acos', Math.acos);
real1('sql.atan', Math.atan);
real1('sql.sinh', Math.sinh);
real1('sql.cosh', Math.cosh);
real1('sql.tanh', Math.tanh);
real1('sql.asinh', Math.asinh);
real1('sql.acosh', Math.acosh);
real1('sql.atanh', Math.atanh);
real1('sql.degrees', (x) => (x * 180) / Math.PI);
real1('sql.radians', (x) => (x * Math.PI) / 180);
defineFunction({ id: 'sql.pi', arity: 0, returnType: always('real'), deterministic: true, nullRejecting: false, eval: () => Math.PI });

/** ceil, floor, trunc: integers stay integers, reals stay reals. */
function integral(id: string, f: (x: number) => number): void {
  defineFunction({
    id,
    arity: 1,
    returnType: (t) => (t[0] === 'integer' || t[0] === 'real' ? t[0] : 'any'),
    deterministic: true,
    nullRejecting: true,
    eval: (v) => {
      const n = numericArg(v);
      if (n === null) return null;
      if (typeof n === 'bigint') return n;
      if (typeof v !== 'number' && Number.isInteger(n)) return n;
      const r = f(n);
      return Object.is(r, -0) ? 0 : r;
    },
  });
}
integral('sql.ceil', Math.ceil);
integral('sql.floor', Math.floor);
integral('sql.trunc', Math.trunc);

defineFunction({
  id: 'sql.sign',
  arity: 1,
  returnType: always('integer'),
  deterministic: true,
  nullRejecting: true,
  eval: (v) => {
    const n = numericArg(v);
    if (n === null) return null;
    return n > 0 ? 1 : n < 0 ? -1 : 0;
  },
});

/**
 * round(x [, n]): SQLite rounds the exact binary value half away from zero to n decimals
 * (n clamped to 0…30) and returns a real; values beyond ±2^53 are already integral.
 */
defineFunction({
  id: 'sql.round',
  minArgs: 1,
  maxArgs: 2,
  returnType: always('real'),
  deterministic: true,
  nullRejecting: true,
  eval: (v, d = 0) => {
    const n = sqlToNumber(v);
    const digits = sqlToNumber(d);
    if (n === null || digits === null) return null;
    const x = Number(n);
    const places = Math.min(30, Math.max(0, Math.trunc(Number(digits))));
    if (!Number.isFinite(x) || Math.abs(x) >= 2 ** 52) return x;
    if (places === 0) {
      // SQLite: (double)(i64)(r + 0.5), mirrored for negatives.
      const r = x < 0 ? -Math.trunc(-x + 0.5) : Math.trunc(x + 0.5);
      return Object.is(r, -0) ? 0 : r;
    }
    const r = Number(x.toFixed(places));
    return Object.is(r, -0) ? 0 : r;
  },
});
