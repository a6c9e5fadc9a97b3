/**
 * sql.ts — SQL's scalar functions, aggregates and ordering, with SQLite's semantics
 * (three-valued logic, NULL propagation, storage-class comparison, integer arithmetic).
 */
import type { Value, ValueType } from '../../common/values.js';
import { ConstraintError, RuntimeError, TypeMismatchError } from '../../common/errors.js';
import { defineAggregate, defineFunction, defineOrdering, type Evaluator } from './registry.js';
import { describeValue, formatReal, sqlCompare, sqlOrder, sqlText, sqlToNumber, sqlTruth } from './sql-values.js';

export { describeValue };
// The rest of SQL's function library registers itself beside these core functions.
import './sql-strings.js';
import './sql-math.js';
import './sql-date.js';
import './sql-json.js';
import './sql-collate.js';
import './sql-raise.js';
import './sql-json-each.js';

const bool = (): ValueType => 'boolean';
const always = (t: ValueType) => (): ValueType => t;

// --- comparison ------------------------------------------------------------------------------

const JS_OPERATOR = { eq: '===', ne: '!==', lt: '<', le: '<=', gt: '>', ge: '>=' } as const;

/** Both sides statically numbers, or both text: JavaScript's own operators give SQL's answer. */
function sameKind(types: readonly ValueType[]): boolean {
  const numeric = (t: ValueType) => t === 'integer' || t === 'real';
  return (numeric(types[0]) && numeric(types[1])) || (types[0] === 'text' && types[1] === 'text');
}

function comparison(
  id: string,
  mirror: string,
  op: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge',
  test: (c: number) => boolean,
  selectivity: number,
  same: (a: number | string, b: number | string) => boolean,
): void {
  const js = JS_OPERATOR[op];
  defineFunction({
    id,
    comparison: op === 'ne' ? undefined : op,
    arity: 2,
    returnType: bool,
    deterministic: true,
    nullRejecting: true,
    nullOnlyOnNull: true,
    equality: op === 'eq',
    mirror,
    selectivity,
    specialize: (types) =>
      sameKind(types) ? (a, b) => (a === null || b === null ? null : same(a as number | string, b as number | string)) : undefined,
    inline: (types) => (sameKind(types) ? (a, b) => `(${a} === null || ${b} === null ? null : ${a} ${js} ${b})` : undefined),
    eval: (a, b) => (a === null || b === null ? null : test(sqlCompare(a, b))),
  });
}
comparison('sql.eq', 'sql.eq', 'eq', (c) => c === 0, 0.1, (a, b) => a === b);
comparison('sql.ne', 'sql.ne', 'ne', (c) => c !== 0, 0.9, (a, b) => a !== b);
comparison('sql.lt', 'sql.gt', 'lt', (c) => c < 0, 0.3, (a, b) => a < b);
comparison('sql.le', 'sql.ge', 'le', (c) => c <= 0, 0.3, (a, b) => a <= b);
comparison('sql.gt', 'sql.lt', 'gt', (c) => c > 0, 0.3, (a, b) => a > b);
comparison('sql.ge', 'sql.le', 'ge', (c) => c >= 0, 0.3, (a, b) => a >= b);

/** IS NOT DISTINCT FROM: NULL equals NULL. */
defineFunction({
  id: 'sql.is',
  arity: 2,
  returnType: bool,
  deterministic: true,
  nullRejecting: false,
  selectivity: 0.1,
  eval: (a, b) => (a === null || b === null ? a === b : sqlCompare(a, b) === 0),
});
defineFunction({
  id: 'sql.is_not',
  arity: 2,
  returnType: bool,
  deterministic: true,
  nullRejecting: false,
  selectivity: 0.9,
  eval: (a, b) => (a === null || b === null ? a !== b : sqlCompare(a, b) !== 0),
});
defineFunction({
  id: 'sql.is_null',
  arity: 1,
  returnType: bool,
  deterministic: true,
  nullRejecting: false,
  selectivity: 0.05,
  eval: (a) => a === null,
  inline: () => (a) => `(${a} === null)`,
});
defineFunction({
  id: 'sql.is_not_null',
  arity: 1,
  returnType: bool,
  deterministic: true,
  nullRejecting: false,
  falseOnNull: true,
  selectivity: 0.95,
  eval: (a) => a !== null,
  inline: () => (a) => `(${a} !== null)`,
});

/** x IN (a, b, …) with three-valued logic: unknown when no match and a NULL was present. */
defineFunction({
  id: 'sql.in',
  minArgs: 1,
  returnType: bool,
  deterministic: true,
  // x IN (a, NULL) is unknown but x IN () is false: not strict in every argument.
  nullRejecting: false,
  membership: true,
  selectivity: 0.2,
  compile: (args) => {
    const [x, ...list] = args;
    return (row) => {
      const v = x(row);
      if (v === null) return list.length === 0 ? false : null;
      let sawNull = false;
      for (const e of list) {
        const w = e(row);
        if (w === null) sawNull = true;
        else if (sqlCompare(v, w) === 0) return true;
      }
      return sawNull ? null : false;
    };
  },
});

// --- logic -------------------------------------------------------------------------------------

/**
 * threeValuedConnective evaluates AND (`decisive` false) or OR (`decisive` true) in three-valued logic:
 * the first operand whose truth is `decisive` decides; otherwise unknown if any was unknown.
 */
function threeValuedConnective(args: readonly Evaluator[], decisive: boolean): Evaluator {
  return (row) => {
    let unknown = false;
    for (const a of args) {
      const t = sqlTruth(a(row));
      if (t === decisive) return decisive;
      if (t === null) unknown = true;
    }
    return unknown ? null : !decisive;
  };
}

defineFunction({
  id: 'sql.and',
  minArgs: 2,
  returnType: bool,
  deterministic: true,
  nullRejecting: false,
  conjunction: true,
  connective: { op: 'and', truth: sqlTruth },
  compile: (args, types) => {
    if (args.length === 2 && types[0] === 'boolean' && types[1] === 'boolean') {
      const [x, y] = args;
      return (row) => {
        const a = x(row);
        if (a === false) return false;
        const b = y(row);
        if (b === false) return false;
        return a === null || b === null ? null : true;
      };
    }
    return threeValuedConnective(args, false);
  },
});
defineFunction({
  id: 'sql.or',
  minArgs: 2,
  returnType: bool,
  deterministic: true,
  nullRejecting: false,
  connective: { op: 'or', truth: sqlTruth },
  compile: (args) => threeValuedConnective(args, true),
});
defineFunction({
  id: 'sql.not',
  arity: 1,
  returnType: bool,
  deterministic: true,
  nullRejecting: true,
  eval: (a) => {
    const t = sqlTruth(a);
    return t === null ? null : !t;
  },
  inline: (types) => (types[0] === 'boolean' ? (a) => `(${a} === null ? null : !${a})` : undefined),
});
/** truth converts any value to SQL's boolean (for WHERE 1, CASE WHEN x …). */
defineFunction({
  id: 'sql.truth',
  arity: 1,
  returnType: bool,
  deterministic: true,
  nullRejecting: true,
  eval: (a) => sqlTruth(a),
});

// --- arithmetic --------------------------------------------------------------------------------

function numericResult(types: readonly ValueType[]): ValueType {
  if (types.some((t) => t === 'real')) return 'real';
  if (types.every((t) => t === 'integer' || t === 'boolean' || t === 'null')) return 'integer';
  return 'any';
}

type Num = number | bigint;
function arith(a: Value, b: Value, op: (x: number, y: number) => number, big: (x: bigint, y: bigint) => bigint): Value {
  const x = sqlToNumber(a);
  const y = sqlToNumber(b);
  if (x === null || y === null) return null;
  if (typeof x === 'number' && typeof y === 'number') {
    const r = op(x, y);
    return Number.isSafeInteger(x) && Number.isSafeInteger(y) && Number.isInteger(r) && !Number.isSafeInteger(r)
      ? int64Result(big(BigInt(x), BigInt(y)))
      : r;
  }
  if (isIntegral(x) && isIntegral(y)) return int64Result(big(BigInt(x), BigInt(y)));
  return op(Number(x), Number(y));
}
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/** int64Result: an integer result beyond 64 bits becomes a real, as SQLite's +, -, * and / do on overflow. */
function int64Result(v: bigint): Num {
  return v < INT64_MIN || v > INT64_MAX ? Number(v) : normalizeBig(v);
}
function isIntegral(v: Num): boolean {
  return typeof v === 'bigint' || Number.isInteger(v);
}
function normalizeBig(v: bigint): Num {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

function arithmetic(id: string, op: (x: number, y: number) => number, big: (x: bigint, y: bigint) => bigint): void {
  defineFunction({
    id,
    arity: 2,
    returnType: numericResult,
    deterministic: true,
    nullRejecting: true,
    eval: (a, b) => arith(a, b, op, big),
  });
}
arithmetic('sql.add', (x, y) => x + y, (x, y) => x + y);
arithmetic('sql.sub', (x, y) => x - y, (x, y) => x - y);
arithmetic('sql.mul', (x, y) => x * y, (x, y) => x * y);

/** Division: integer operands truncate (SQLite); division by zero is NULL. */
function divide(a: Value, b: Value, integer: boolean): Value {
  const x = sqlToNumber(a);
  const y = sqlToNumber(b);
  if (x === null || y === null) return null;
  if (y == 0) return null;
  if (integer && isIntegral(x) && isIntegral(y)) {
    if (typeof x === 'number' && typeof y === 'number') return Math.trunc(x / y);
    return int64Result(BigInt(x) / BigInt(y));
  }
  return Number(x) / Number(y);
}
defineFunction({
  id: 'sql.div',
  arity: 2,
  returnType: numericResult,
  deterministic: true,
  nullRejecting: true,
  specialize: (types) => {
    const t = numericResult(types);
    // A statically real operand makes the division real even when the value is integral (4.0 / 2).
    return t === 'real' ? (a, b) => divide(a, b, false) : (a, b) => divide(a, b, true);
  },
  eval: (a, b) => divide(a, b, true),
});
defineFunction({
  id: 'sql.mod',
  arity: 2,
  returnType: (types) => (numericResult(types) === 'real' ? 'real' : numericResult(types)),
  deterministic: true,
  nullRejecting: true,
  eval: (a, b) => {
    const x = sqlToNumber(a);
    const y = sqlToNumber(b);
    if (x === null || y === null) return null;
    if (isIntegral(x) && isIntegral(y)) {
      if (y == 0) return null;
      if (typeof x === 'number' && typeof y === 'number') return x % y;
      return normalizeBig(BigInt(x) % BigInt(y));
    }
    // SQLite's % on reals works on their integer parts but keeps a real result.
    const xi = Math.trunc(Number(x));
    const yi = Math.trunc(Number(y));
    return yi === 0 ? null : xi % yi;
  },
});
defineFunction({
  id: 'sql.neg',
  arity: 1,
  returnType: (t) => numericResult(t),
  deterministic: true,
  nullRejecting: true,
  eval: (a) => {
    const x = sqlToNumber(a);
    if (x === null) return null;
    return typeof x === 'bigint' ? int64Result(-x) : x === 0 ? 0 : -x;
  },
});
defineFunction({
  id: 'sql.pos',
  arity: 1,
  returnType: (t) => t[0],
  deterministic: true,
  nullRejecting: false,
  eval: (a) => a,
});
defineFunction({
  id: 'sql.concat',
  arity: 2,
  returnType: always('text'),
  deterministic: true,
  nullRejecting: true,
  // A statically real operand prints as a real even when integral ('a' || 1.0 is 'a1.0').
  specialize: (types) =>
    types[0] === 'real' || types[1] === 'real'
      ? (a, b) => (a === null || b === null ? null : (types[0] === 'real' ? realText(a) : sqlText(a)) + (types[1] === 'real' ? realText(b) : sqlText(b))!)
      : undefined,
  eval: (a, b) => (a === null || b === null ? null : (sqlText(a) as string) + (sqlText(b) as string)),
});

// --- conditionals -----------------------------------------------------------------------------

/** CASE WHEN c1 THEN v1 … [ELSE e] END as sql.case(c1, v1, …, [e]). */
defineFunction({
  id: 'sql.case',
  minArgs: 2,
  returnType: (types) => commonType(caseResultTypes(types)),
  deterministic: true,
  nullRejecting: false,
  compile: (args) => {
    const pairs = Math.floor(args.length / 2);
    const otherwise: Evaluator | undefined = args.length % 2 === 1 ? args[args.length - 1] : undefined;
    return (row) => {
      for (let i = 0; i < pairs; i++) if (sqlTruth(args[2 * i](row)) === true) return args[2 * i + 1](row);
      return otherwise ? otherwise(row) : null;
    };
  },
});
function caseResultTypes(types: readonly ValueType[]): ValueType[] {
  const out: ValueType[] = [];
  for (let i = 1; i < types.length; i += 2) out.push(types[i]);
  if (types.length % 2 === 1) out.push(types[types.length - 1]);
  return out;
}
/** CASE x WHEN w1 THEN v1 … [ELSE e] END as sql.case_simple(x, w1, v1, …, [e]). */
defineFunction({
  id: 'sql.case_simple',
  minArgs: 3,
  returnType: (types) => commonType(caseResultTypes(types.slice(1))),
  deterministic: true,
  nullRejecting: false,
  compile: (args) => {
    const [subject, ...rest] = args;
    const pairs = Math.floor(rest.length / 2);
    const otherwise: Evaluator | undefined = rest.length % 2 === 1 ? rest[rest.length - 1] : undefined;
    return (row) => {
      const v = subject(row);
      if (v !== null) {
        for (let i = 0; i < pairs; i++) {
          const w = rest[2 * i](row);
          if (w !== null && sqlCompare(v, w) === 0) return rest[2 * i + 1](row);
        }
      }
      return otherwise ? otherwise(row) : null;
    };
  },
});
defineFunction({
  id: 'sql.coalesce',
  minArgs: 1,
  returnType: (types) => commonType(types),
  deterministic: true,
  nullRejecting: false,
  compile: (args) => (row) => {
    for (const a of args) {
      const v = a(row);
      if (v !== null) return v;
    }
    return null;
  },
});
defineFunction({
  id: 'sql.nullif',
  arity: 2,
  returnType: (types) => types[0],
  deterministic: true,
  nullRejecting: false,
  eval: (a, b) => (a !== null && b !== null && sqlCompare(a, b) === 0 ? null : a),
});

/** commonType is the static type of a value that may come from any of `types`. */
export function commonType(types: readonly ValueType[]): ValueType {
  const real = types.filter((t) => t !== 'null');
  if (real.length === 0) return 'null';
  if (real.every((t) => t === real[0])) return real[0];
  if (real.every((t) => t === 'integer' || t === 'real')) return 'real';
  return 'any';
}

// --- casts ----------------------------------------------------------------------------------

const INTEGER_PREFIX = /^\s*[+-]?\d+/;
/**
 * castInteger is CAST(v AS INTEGER) as SQLite does it: text (and a blob read as text) by its longest
 * integer prefix ('1e3' is 1, 'x' is 0), a real truncated, both clamped to the 64-bit range.
 */
function castInteger(v: Value): Value {
  if (v === null) return null;
  if (typeof v === 'bigint') return v;
  if (typeof v === 'string' || v instanceof Uint8Array) {
    const m = INTEGER_PREFIX.exec(sqlText(v) as string);
    return m ? normalizeBig(clampInt64(BigInt(m[0].trim()))) : 0;
  }
  const n = sqlToNumber(v);
  if (n === null) return null;
  if (typeof n === 'bigint') return n;
  return realToInteger(n);
}
function clampInt64(v: bigint): bigint {
  return v < INT64_MIN ? INT64_MIN : v > INT64_MAX ? INT64_MAX : v;
}
/** realToInteger truncates a real to a 64-bit integer, clamping at the ends (NaN is 0). */
function realToInteger(n: number): Num {
  if (Number.isNaN(n)) return 0;
  if (n >= 2 ** 63) return INT64_MAX;
  if (n <= -(2 ** 63)) return INT64_MIN;
  const t = Math.trunc(n);
  if (!Number.isSafeInteger(t)) return BigInt(t);
  return Object.is(t, -0) ? 0 : t;
}
/** numberOf reads a value as a number the way CAST does: a blob by its text. */
function numberOf(v: Value): number | bigint | null {
  return sqlToNumber(v instanceof Uint8Array ? sqlText(v) : v);
}
defineFunction({ id: 'sql.cast_integer', arity: 1, returnType: always('integer'), deterministic: true, nullRejecting: true, eval: castInteger });
defineFunction({
  id: 'sql.cast_real',
  arity: 1,
  returnType: always('real'),
  deterministic: true,
  nullRejecting: true,
  eval: (v) => {
    const n = numberOf(v);
    return n === null ? null : Number(n);
  },
});
defineFunction({
  id: 'sql.cast_numeric',
  arity: 1,
  returnType: always('any'),
  deterministic: true,
  nullRejecting: true,
  eval: (v) => numberOf(v),
});
defineFunction({
  id: 'sql.cast_text',
  arity: 1,
  returnType: always('text'),
  deterministic: true,
  nullRejecting: true,
  // A REAL is printed as a real (2.0 → '2.0') though JavaScript holds it as the number 2.
  specialize: (types) => (types[0] === 'real' ? (v) => realText(v) : undefined),
  eval: (v) => sqlText(v),
});

function realText(v: Value): string | null {
  return typeof v === 'number' ? formatReal(v) : sqlText(v);
}
defineFunction({
  id: 'sql.cast_blob',
  arity: 1,
  returnType: always('blob'),
  deterministic: true,
  nullRejecting: true,
  eval: (v) => (v === null ? null : v instanceof Uint8Array ? v : new TextEncoder().encode(sqlText(v) ?? '')),
});
defineFunction({
  id: 'sql.cast_boolean',
  arity: 1,
  returnType: always('boolean'),
  deterministic: true,
  nullRejecting: true,
  eval: (v) => sqlTruth(v),
});

// --- strings and numbers ----------------------------------------------------------------------

/**
 * likeToRegExp compiles a LIKE pattern to a RegExp over code points, as SQLite's LIKE: `_` is
 * one character (one outside the BMP too), and only ASCII letters match their other case
 * (`'é' LIKE 'É'` is false, as SQLite without ICU).
 */
export function likeToRegExp(pattern: string, escape: string | null, caseInsensitive = true): RegExp {
  const chars = [...pattern];
  let src = '^';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (escape !== null && ch === escape) {
      // An escape with nothing after it matches nothing, as in SQLite.
      if (i + 1 === chars.length) return /(?!)/;
      src += likeLiteral(chars[++i], caseInsensitive);
    } else if (ch === '%') src += '[\\s\\S]*';
    else if (ch === '_') src += '[\\s\\S]';
    else src += likeLiteral(ch, caseInsensitive);
  }
  return new RegExp(`${src}$`, 'su');
}
function likeLiteral(ch: string, foldAscii: boolean): string {
  return foldAscii && /^[A-Za-z]$/.test(ch) ? `[${ch.toUpperCase()}${ch.toLowerCase()}]` : escapeRegExp(ch);
}
/** escapeRegExp escapes the characters with a meaning in a pattern (only those: a `u` pattern refuses other escapes). */
function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
function cachedPattern(build: (p: string, esc: string | null) => RegExp): (p: string, esc: string | null) => RegExp {
  let lastP: string | undefined;
  let lastE: string | null = null;
  let last: RegExp | undefined;
  return (p, esc) => {
    if (p !== lastP || esc !== lastE || !last) {
      last = build(p, esc);
      lastP = p;
      lastE = esc;
    }
    return last;
  };
}
defineFunction({
  id: 'sql.like',
  minArgs: 2,
  maxArgs: 3,
  returnType: bool,
  deterministic: true,
  nullRejecting: true,
  selectivity: 0.1,
  prefix: ([pattern, escape]) => (typeof pattern === 'string' && escape === undefined ? /^[^%_]*/.exec(pattern)![0] : null),
  prefixFoldsAsciiCase: true,
  compile: (args) => {
    const regex = cachedPattern((p, e) => likeToRegExp(p, e));
    const [x, p] = args;
    const e: Evaluator | undefined = args[2];
    return (row) => {
      const v = x(row);
      const pat = p(row);
      const esc = e === undefined ? null : e(row);
      if (v === null || pat === null || (e !== undefined && esc === null)) return null;
      if (esc !== null && (typeof esc !== 'string' || [...esc].length !== 1)) {
        throw new RuntimeError(`LIKE: ESCAPE expression must be a single character, got ${JSON.stringify(esc)}`);
      }
      return regex(sqlText(pat) as string, esc as string | null).test(sqlText(v) as string);
    };
  },
});
function globToRegExp(pattern: string): RegExp {
  let src = '^';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*') src += '[\\s\\S]*';
    else if (ch === '?') src += '[\\s\\S]';
    else if (ch === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) src += '\\[';
      else {
        let body = pattern.slice(i + 1, end);
        if (body.startsWith('^')) body = `^${body.slice(1).replace(/\\/g, '\\\\')}`;
        else body = body.replace(/\\/g, '\\\\');
        src += `[${body}]`;
        i = end;
      }
    } else src += escapeRegExp(ch);
  }
  // `u`: `?` is one code point, as SQLite's one character.
  return new RegExp(`${src}$`, 'su');
}
defineFunction({
  id: 'sql.glob',
  arity: 2,
  returnType: bool,
  deterministic: true,
  nullRejecting: true,
  selectivity: 0.1,
  prefix: ([pattern]) => (typeof pattern === 'string' ? /^[^*?[]*/.exec(pattern)![0] : null),
  compile: ([x, p]) => {
    const regex = cachedPattern((pat) => globToRegExp(pat));
    return (row) => {
      const v = x(row);
      const pat = p(row);
      if (v === null || pat === null) return null;
      return regex(sqlText(pat) as string, null).test(sqlText(v) as string);
    };
  },
});

function textFn(id: string, f: (s: string) => Value, type: ValueType = 'text'): void {
  defineFunction({
    id,
    arity: 1,
    returnType: always(type),
    deterministic: true,
    nullRejecting: true,
    eval: (v) => (v === null ? null : f(sqlText(v) as string)),
  });
}
textFn('sql.lower', (s) => s.replace(/[A-Z]+/g, (m) => m.toLowerCase()));
textFn('sql.upper', (s) => s.replace(/[a-z]+/g, (m) => m.toUpperCase()));
defineFunction({
  id: 'sql.length',
  arity: 1,
  returnType: always('integer'),
  deterministic: true,
  nullRejecting: true,
  eval: (v) => {
    if (v === null) return null;
    if (v instanceof Uint8Array) return v.length;
    return [...(sqlText(v) as string)].length;
  },
});
defineFunction({
  id: 'sql.abs',
  arity: 1,
  returnType: (t) => numericResult(t),
  deterministic: true,
  nullRejecting: true,
  eval: (v) => {
    const n = sqlToNumber(v);
    if (n === null) return null;
    if (n === INT64_MIN) throw new RuntimeError('abs: integer overflow');
    return typeof n === 'bigint' ? (n < 0n ? -n : n) : Math.abs(n);
  },
});
/** substr(x, start [, length]) over characters (bytes for a blob), with SQLite's negative start and length. */
defineFunction({
  id: 'sql.substr',
  minArgs: 2,
  maxArgs: 3,
  returnType: (t) => (t[0] === 'blob' ? 'blob' : 'text'),
  deterministic: true,
  nullRejecting: true,
  eval: (v, start, len) => {
    if (v === null || start === null || len === null) return null;
    const blob = v instanceof Uint8Array;
    // SQLite reads an empty blob as a NULL pointer and answers NULL.
    if (blob && v.length === 0) return null;
    const items: ArrayLike<unknown> = blob ? v : [...(sqlText(v) as string)];
    const size = items.length;
    let p1 = Math.trunc(Number(sqlToNumber(start)));
    let p2 = len === undefined ? Infinity : Math.trunc(Number(sqlToNumber(len)));
    const negative = p2 < 0;
    if (negative) p2 = -p2;
    if (p1 < 0) {
      p1 += size;
      if (p1 < 0) {
        p2 = Math.max(0, p2 + p1);
        p1 = 0;
      }
    } else if (p1 > 0) p1--;
    else if (p2 > 0) p2--;
    if (negative) {
      p1 -= p2;
      if (p1 < 0) {
        p2 += p1;
        p1 = 0;
      }
    }
    const end = Math.min(size, p1 + p2);
    if (blob) return v.slice(Math.min(p1, size), Math.max(end, Math.min(p1, size)));
    return (items as string[]).slice(p1, Math.max(p1, end)).join('');
  },
});
defineFunction({
  id: 'sql.typeof',
  arity: 1,
  returnType: always('text'),
  deterministic: true,
  nullRejecting: false,
  // A statically real value is a real even when integral (a REAL column's 3.0); an integral double beyond 2^53 is a real.
  specialize: (types) => (types[0] === 'real' ? (v) => (typeof v === 'number' ? 'real' : typeOf(v)) : undefined),
  eval: (v) => typeOf(v),
});

function typeOf(v: Value): string {
  if (v === null) return 'null';
  if (typeof v === 'number') return Number.isSafeInteger(v) ? 'integer' : 'real';
  if (typeof v === 'bigint' || typeof v === 'boolean') return 'integer';
  return v instanceof Uint8Array ? 'blob' : 'text';
}

/** literalText writes a value as an SQL literal, for error messages that name a row. */
function literalText(v: Value): string {
  if (v === null) return 'NULL';
  if (typeof v === 'string') return `'${v.replace(/'/g, "''")}'`;
  if (v instanceof Uint8Array) return `X'${Array.from(v, (x) => x.toString(16).padStart(2, '0')).join('').toUpperCase()}'`;
  return sqlText(v) ?? 'NULL';
}

// --- aggregates --------------------------------------------------------------------------------

defineAggregate({
  id: 'sql.count_star',
  minArgs: 0,
  maxArgs: 0,
  returnType: always('integer'),
  skipNulls: false,
  init: () => 0,
  step: (s) => (s as number) + 1,
  ofRowCount: (n) => n,
  inlineStep: (s) => `${s} + 1`,
  inverse: (s) => (s as number) - 1,
  final: (s) => s as number,
  split: { partial: 'sql.count_star', combine: 'sum_counts' },
});
defineAggregate({
  id: 'sql.count',
  minArgs: 1,
  maxArgs: 1,
  returnType: always('integer'),
  skipNulls: true,
  init: () => 0,
  step: (s) => (s as number) + 1,
  inlineStep: (s) => `${s} + 1`,
  inverse: (s) => (s as number) - 1,
  final: (s) => s as number,
  split: { partial: 'sql.count', combine: 'sum_counts' },
});

/**
 * SUM's running state: integers are added as plain numbers while the total stays within
 * ±2^53 and carried into a bigint beyond (exact, as SQLite's 64-bit sums); the first
 * non-integer switches to a double.
 */
interface SumState {
  n: number;
  small: number;
  big: bigint;
  real: number;
  allInt: boolean;
}
function sumInit(): SumState {
  return { n: 0, small: 0, big: 0n, real: 0, allInt: true };
}
function sumStep(state: unknown, args: Value[]): SumState {
  const s = state as SumState;
  const v = args[0];
  const x = typeof v === 'number' ? v : sqlToNumber(v);
  if (x === null) return s;
  s.n++;
  if (s.allInt) {
    if (typeof x === 'number' && Number.isInteger(x)) {
      const t = s.small + x;
      if (Number.isSafeInteger(t)) s.small = t;
      else {
        s.big = checkInt64(s.big + BigInt(s.small) + BigInt(x));
        s.small = 0;
      }
      return s;
    }
    if (typeof x === 'bigint') {
      s.big = checkInt64(s.big + x);
      return s;
    }
    s.real = Number(s.big + BigInt(s.small));
    s.allInt = false;
  }
  s.real += Number(x);
  return s;
}
/** sumInverse removes a value sumStep added (window frames sliding past it). */
function sumInverse(state: unknown, args: Value[]): SumState {
  const s = state as SumState;
  const v = args[0];
  const x = typeof v === 'number' ? v : sqlToNumber(v);
  if (x === null) return s;
  s.n--;
  if (!s.allInt) s.real -= Number(x);
  else if (typeof x === 'bigint') s.big -= x;
  else {
    const t = s.small - x;
    if (Number.isSafeInteger(t)) s.small = t;
    else {
      s.big += BigInt(s.small) - BigInt(x);
      s.small = 0;
    }
  }
  return s;
}
/** checkInt64: SQL's integer sums overflow like SQLite's 64-bit ones (an error, not a wrap). */
function checkInt64(v: bigint): bigint {
  if (v < INT64_MIN || v > INT64_MAX) throw new RuntimeError('sum: integer overflow');
  return v;
}
/** sumTotal is sum()'s answer: an integer total beyond 64 bits is an error, as in SQLite. */
function sumTotal(s: SumState): number | bigint {
  return s.allInt && s.big !== 0n ? normalizeBig(checkInt64(s.big + BigInt(s.small))) : sumValue(s);
}
function sumValue(s: SumState): number | bigint {
  return s.allInt ? (s.big === 0n ? s.small : normalizeBig(s.big + BigInt(s.small))) : s.real;
}
defineAggregate({
  id: 'sql.sum',
  minArgs: 1,
  maxArgs: 1,
  returnType: (t) => (t[0] === 'integer' || t[0] === 'boolean' ? 'integer' : t[0] === 'real' ? 'real' : 'any'),
  skipNulls: true,
  init: sumInit,
  step: sumStep,
  inverse: sumInverse,
  final: (s) => ((s as SumState).n === 0 ? null : sumTotal(s as SumState)),
  split: { partial: 'sql.sum', combine: 'sql.sum' },
});
defineAggregate({
  id: 'sql.total',
  minArgs: 1,
  maxArgs: 1,
  returnType: always('real'),
  skipNulls: true,
  init: () => 0,
  step: (s, args) => (s as number) + Number(sqlToNumber(args[0]) ?? 0),
  inverse: (s, args) => (s as number) - Number(sqlToNumber(args[0]) ?? 0),
  final: (s) => s as number,
  split: { partial: 'sql.total', combine: 'sql.total' },
});
defineAggregate({
  id: 'sql.avg',
  minArgs: 1,
  maxArgs: 1,
  returnType: always('real'),
  skipNulls: true,
  init: sumInit,
  step: sumStep,
  inverse: sumInverse,
  final: (s) => {
    const st = s as SumState;
    return st.n === 0 ? null : Number(sumValue(st)) / st.n;
  },
});
function extremum(id: string, better: (c: number) => boolean, direction: 'min' | 'max'): void {
  defineAggregate({
    id,
    extremum: { ordering: 'sql', direction },
    minArgs: 1,
    maxArgs: 1,
    returnType: (t) => t[0],
    skipNulls: true,
    init: () => undefined,
    step: (s, [v]) => (s === undefined || better(sqlCompare(v, s as Value)) ? v : s),
    commutative: true,
    final: (s) => (s === undefined ? null : (s as Value)),
    split: { partial: id, combine: id },
  });
}
extremum('sql.min', (c) => c < 0, 'min');
extremum('sql.max', (c) => c > 0, 'max');

/**
 * at_min(value, key) / at_max(value, key): `value` on the row where `key` first reaches its
 * minimum (maximum) — SQLite's bare column in a query with min() or max(). Until some key is
 * non-null every row's value is taken, so a group of NULL keys answers its last row's, as SQLite does.
 */
function valueAtExtremum(id: string, better: (c: number) => boolean): void {
  type State = { key: Value | undefined; value: Value };
  defineAggregate({
    id,
    minArgs: 2,
    maxArgs: 2,
    returnType: (t) => t[0],
    skipNulls: false,
    init: (): State => ({ key: undefined, value: null }),
    step: (state, [v, k]) => {
      const s = state as State;
      if (k === null ? s.key === undefined : s.key === undefined || better(sqlCompare(k, s.key))) {
        if (k !== null) s.key = k;
        s.value = v;
      }
      return s;
    },
    final: (s) => (s as State).value,
  });
}
valueAtExtremum('sql.at_min', (c) => c < 0);
valueAtExtremum('sql.at_max', (c) => c > 0);
defineAggregate({
  id: 'sql.group_concat',
  minArgs: 1,
  maxArgs: 2,
  returnType: always('text'),
  skipNulls: true,
  init: () => null,
  step: (s, [v, sep]) => {
    const text = sqlText(v) as string;
    return s === null ? text : `${s as string}${sep === undefined ? ',' : (sqlText(sep) ?? '')}${text}`;
  },
  final: (s) => s as Value,
});

// Booleans sort among numbers in SQL but below them in the key order: typed columns only. (Text
// keys order by code point, as SQLite does; the sort's `<` differs only beyond U+FFFF.)
defineOrdering('sql', sqlOrder, ['integer', 'real', 'text', 'blob']);

// --- storage coercion (a value written into a typed column) -----------------------------------

const INTEGER_TEXT = /^\s*[+-]?\d+\s*$/;
const REAL_TEXT = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

function typeError(label: Value, expected: string, v: Value): never {
  throw new TypeMismatchError(`column ${String(label)} expects ${expected}, got ${describeValue(v)}`);
}

function coercion(id: string, type: ValueType, convert: (v: Value, label: Value) => Value): void {
  defineFunction({
    id,
    arity: 2,
    returnType: always(type),
    deterministic: true,
    nullRejecting: false,
    eval: (v, label) => (v === null ? null : convert(v, label)),
  });
}
/** INTEGER columns: numbers and numeric text are stored as numbers (SQLite's affinity); other text is an error. */
coercion('sql.coerce_integer', 'integer', (v, label) => {
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    if (INTEGER_TEXT.test(v)) {
      const big = BigInt(v.trim());
      return normalizeBig(big);
    }
    if (REAL_TEXT.test(v)) return Number(v);
  }
  return typeError(label, 'INTEGER', v);
});
coercion('sql.coerce_real', 'real', (v, label) => {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && REAL_TEXT.test(v)) return Number(v);
  return typeError(label, 'REAL', v);
});
coercion('sql.coerce_text', 'text', (v, label) => {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return sqlText(v);
  return typeError(label, 'TEXT', v);
});
coercion('sql.coerce_boolean', 'boolean', (v, label) => {
  if (typeof v === 'boolean') return v;
  if (v === 0 || v === 1) return v === 1;
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (['true', 't', 'yes', 'on', '1'].includes(t)) return true;
    if (['false', 'f', 'no', 'off', '0'].includes(t)) return false;
  }
  return typeError(label, 'BOOLEAN', v);
});
coercion('sql.coerce_blob', 'blob', (v, label) => {
  if (v instanceof Uint8Array) return v;
  return typeError(label, 'BLOB', v);
});
/** NUMERIC columns: numeric text becomes a number, anything else is kept as it is (SQLite). */
coercion('sql.coerce_numeric', 'any', (v) => numericAffinity(v));

/** numericAffinity reads text that is a well-formed number as that number; anything else is kept. */
export function numericAffinity(v: Value): Value {
  if (typeof v === 'string' && REAL_TEXT.test(v)) return INTEGER_TEXT.test(v) ? normalizeBig(BigInt(v.trim())) : Number(v);
  return v;
}

// --- more scalar functions --------------------------------------------------------------------

function extremes(id: string, pick: (c: number) => boolean): void {
  defineFunction({
    id,
    minArgs: 1,
    returnType: (types) => commonType(types),
    deterministic: true,
    nullRejecting: true,
    compile: (args) => (row) => {
      let best: Value = null;
      for (let i = 0; i < args.length; i++) {
        const v = args[i](row);
        if (v === null) return null;
        if (i === 0 || pick(sqlCompare(v, best))) best = v;
      }
      return best;
    },
  });
}
/** Scalar min(a, b, …) / max(a, b, …): NULL if any argument is NULL (SQLite). */
extremes('sql.scalar_min', (c) => c < 0);
extremes('sql.scalar_max', (c) => c > 0);

/** int64Of is a number as the 64-bit integer the bit operators work on (a real truncated and clamped). */
function int64Of(x: Num): bigint {
  return typeof x === 'bigint' ? x : BigInt(realToInteger(x));
}
function bitwise(id: string, op: (x: bigint, y: bigint) => bigint): void {
  defineFunction({
    id,
    arity: 2,
    returnType: always('integer'),
    deterministic: true,
    nullRejecting: true,
    eval: (a, b) => {
      const x = sqlToNumber(a);
      const y = sqlToNumber(b);
      if (x === null || y === null) return null;
      return normalizeBig(BigInt.asIntN(64, op(int64Of(x), int64Of(y))));
    },
  });
}
bitwise('sql.bitand', (x, y) => x & y);
bitwise('sql.bitor', (x, y) => x | y);
bitwise('sql.shl', (x, y) => (y >= 64n ? 0n : y <= -64n ? (x < 0n ? -1n : 0n) : y >= 0n ? x << y : x >> -y));
bitwise('sql.shr', (x, y) => (y >= 64n ? (x < 0n ? -1n : 0n) : y <= -64n ? 0n : y >= 0n ? x >> y : x << -y));
defineFunction({
  id: 'sql.bitnot',
  arity: 1,
  returnType: always('integer'),
  deterministic: true,
  nullRejecting: true,
  eval: (a) => {
    const x = sqlToNumber(a);
    return x === null ? null : normalizeBig(BigInt.asIntN(64, ~int64Of(x)));
  },
});
defineFunction({
  id: 'sql.ifnull',
  arity: 2,
  returnType: (types) => commonType(types),
  deterministic: true,
  nullRejecting: false,
  compile: ([a, b]) => (row) => {
    const v = a(row);
    return v !== null ? v : b(row);
  },
});

/** any_value: the value of some row of the group (SQLite's "bare column" in an aggregate query). */
defineAggregate({
  id: 'sql.any_value',
  minArgs: 1,
  maxArgs: 1,
  returnType: (t) => t[0],
  skipNulls: false,
  init: () => undefined,
  step: (s, [v]) => (s === undefined ? v : s),
  final: (s) => (s === undefined ? null : (s as Value)),
});

/** assert(value, condition, message): the value, unless the condition is false (CHECK constraints; NULL passes). */
defineFunction({
  id: 'sql.assert',
  minArgs: 3,
  returnType: (t) => t[0],
  deterministic: false,
  nullRejecting: false,
  // sql.assert(v, cond, message, …row): v unless cond is false; then an error naming the row, whose values are read only then.
  compile: (args) => (row) => {
    const v = args[0](row);
    const cond = args[1](row);
    if (cond !== null && sqlTruth(cond) === false) {
      const values = args.slice(3).map((a) => literalText(a(row)));
      throw new ConstraintError(`${String(args[2](row))}${values.length ? ` = (${values.join(', ')})` : ''}`);
    }
    return v;
  },
});
