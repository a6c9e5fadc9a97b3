/**
 * sql-strings.ts — SQLite's string and blob functions beyond the core ones in sql.ts:
 * printf/format, instr, replace, trim with a character set, hex/unhex, unicode/char, quote,
 * soundex, zeroblob, randomblob, random, concat/concat_ws, octet_length
 * (https://sqlite.org/lang_corefunc.html). Text is UTF-8 in SQLite; lengths counted in bytes
 * (octet_length, hex) use the UTF-8 encoding of the JavaScript string.
 */
import type { Value, ValueType } from '../../common/values.js';
import { RuntimeError } from '../../common/errors.js';
import { defineFunction } from './registry.js';
import { sqlPrintf } from './sql-printf.js';
import { formatReal, sqlText, sqlToNumber } from './sql-values.js';

const always = (t: ValueType) => (): ValueType => t;
const utf8 = new TextEncoder();

/** textOf renders a non-null value as text (blobs decoded as UTF-8, as SQLite reads them). */
function textOf(v: Value): string {
  return sqlText(v) as string;
}

/** bytesOf is a value's bytes: a blob itself, anything else its text in UTF-8. */
export function bytesOf(v: Value): Uint8Array {
  return v instanceof Uint8Array ? v : utf8.encode(textOf(v));
}

function strict(id: string, minArgs: number, maxArgs: number, type: ValueType, f: (...args: Value[]) => Value): void {
  defineFunction({
    id,
    minArgs,
    maxArgs,
    returnType: always(type),
    deterministic: true,
    nullRejecting: true,
    eval: (...args) => (args.some((a) => a === null) ? null : f(...args)),
  });
}

// --- printf ------------------------------------------------------------------------------------

defineFunction({
  id: 'sql.printf',
  minArgs: 1,
  returnType: always('text'),
  deterministic: true,
  nullRejecting: false,
  eval: (format, ...args) => (format === null ? null : sqlPrintf(textOf(format), args)),
});

// --- searching and replacing -----------------------------------------------------------------

strict('sql.instr', 2, 2, 'integer', (h, n) => {
  if (h instanceof Uint8Array && n instanceof Uint8Array) {
    outer: for (let i = 0; i + n.length <= h.length; i++) {
      for (let j = 0; j < n.length; j++) if (h[i + j] !== n[j]) continue outer;
      return i + 1;
    }
    return 0;
  }
  const hay = textOf(h);
  const at = hay.indexOf(textOf(n));
  return at < 0 ? 0 : [...hay.slice(0, at)].length + 1;
});

strict('sql.replace', 3, 3, 'text', (x, from, to) => {
  const s = textOf(x);
  const f = textOf(from);
  return f === '' ? s : s.split(f).join(textOf(to));
});

function trimmer(id: string, left: boolean, right: boolean): void {
  strict(id, 1, 2, 'text', (x, chars) => {
    const s = [...textOf(x)];
    const set = new Set(chars === undefined ? [' '] : [...textOf(chars)]);
    let from = 0;
    let to = s.length;
    if (left) while (from < to && set.has(s[from])) from++;
    if (right) while (to > from && set.has(s[to - 1])) to--;
    return s.slice(from, to).join('');
  });
}
trimmer('sql.trim', true, true);
trimmer('sql.ltrim', true, false);
trimmer('sql.rtrim', false, true);

// --- encodings --------------------------------------------------------------------------------

/** hex(x): the bytes of x in upper-case hex ('' for NULL). */
defineFunction({
  id: 'sql.hex',
  arity: 1,
  returnType: always('text'),
  deterministic: true,
  nullRejecting: false,
  eval: (v) => {
    if (v === null) return '';
    let out = '';
    for (const b of bytesOf(v)) out += b.toString(16).toUpperCase().padStart(2, '0');
    return out;
  },
});

/** unhex(x [, ignore]): the blob written in hex, skipping characters of `ignore` between digit pairs; NULL when malformed. */
strict('sql.unhex', 1, 2, 'blob', (x, ignore) => {
  const s = [...textOf(x)];
  const skip = new Set(ignore === undefined ? [] : [...textOf(ignore)]);
  const out: number[] = [];
  for (let i = 0; i < s.length; ) {
    if (skip.has(s[i])) {
      i++;
      continue;
    }
    const hi = hexDigit(s[i]);
    const lo = i + 1 < s.length ? hexDigit(s[i + 1]) : -1;
    if (hi < 0 || lo < 0) return null;
    out.push(hi * 16 + lo);
    i += 2;
  }
  return Uint8Array.from(out);
});
function hexDigit(c: string): number {
  return /^[0-9a-fA-F]$/.test(c) ? parseInt(c, 16) : -1;
}

strict('sql.unicode', 1, 1, 'integer', (v) => {
  const s = textOf(v);
  return s.length ? (s.codePointAt(0) as number) : null;
});

defineFunction({
  id: 'sql.char',
  minArgs: 0,
  returnType: always('text'),
  deterministic: true,
  nullRejecting: false,
  eval: (...codes) => {
    let out = '';
    for (const c of codes) {
      const n = Number(sqlToNumber(c) ?? 0);
      // SQLite writes code points beyond U+10FFFF (and negative ones) as U+FFFD.
      out += n >= 0 && n <= 0x10ffff ? String.fromCodePoint(Math.trunc(n)) : '\ufffd';
    }
    return out;
  },
});

/** quote(x): x as an SQL literal. */
defineFunction({
  id: 'sql.quote',
  arity: 1,
  returnType: always('text'),
  deterministic: true,
  nullRejecting: false,
  // A statically REAL value is quoted as a real (2.0 → 2.0) though JavaScript holds it as the number 2.
  specialize: (types) => (types[0] === 'real' ? (v) => (typeof v === 'number' ? quoteReal(v) : quote(v)) : undefined),
  eval: (v) => quote(v),
});

function quote(v: Value): string {
  if (v === null) return 'NULL';
  if (typeof v === 'number' && !Number.isInteger(v)) return quoteReal(v);
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return textOf(v);
  if (v instanceof Uint8Array) {
    let hex = '';
    for (const b of v) hex += b.toString(16).toUpperCase().padStart(2, '0');
    return `X'${hex}'`;
  }
  return `'${textOf(v).split("'").join("''")}'`;
}
/** quoteReal writes a real so that it reads back as the same double (formatReal's 17 digits when 15 do not). */
function quoteReal(v: number): string {
  if (!Number.isFinite(v)) return v > 0 ? '9.0e+999' : v < 0 ? '-9.0e+999' : 'NULL';
  return formatReal(v);
}

/** soundex(x): the four-character Soundex code, "?000" when x has no letters (SQLite's soundex()). */
strict('sql.soundex', 1, 1, 'text', (v) => {
  const codes: Record<string, string> = {};
  for (const [letters, d] of [['BFPV', '1'], ['CGJKQSXZ', '2'], ['DT', '3'], ['L', '4'], ['MN', '5'], ['R', '6']] as const) {
    for (const c of letters) codes[c] = d;
  }
  const s = textOf(v).toUpperCase();
  let i = 0;
  while (i < s.length && !/[A-Z]/.test(s[i])) i++;
  if (i >= s.length) return '?000';
  let out = s[i];
  let last = codes[s[i]] ?? '';
  for (i++; i < s.length && out.length < 4; i++) {
    const c = s[i];
    if (!/[A-Z]/.test(c)) continue;
    const d = codes[c] ?? '';
    if (d && d !== last) out += d;
    if (c !== 'H' && c !== 'W') last = d;
  }
  return out.padEnd(4, '0');
});

// --- blobs and randomness ---------------------------------------------------------------------

/** zeroblob(n): n zero bytes (none for NULL or a negative n). */
defineFunction({
  id: 'sql.zeroblob',
  arity: 1,
  returnType: always('blob'),
  deterministic: true,
  nullRejecting: false,
  eval: (n) => {
    const size = Math.max(0, Math.trunc(Number(sqlToNumber(n) ?? 0)));
    if (size > MAX_BLOB) throw new RuntimeError(`zeroblob: string or blob too big (${size} bytes)`);
    return new Uint8Array(size);
  },
});
/** The largest blob zeroblob/randomblob make (SQLite's default SQLITE_MAX_LENGTH). */
const MAX_BLOB = 1_000_000_000;

defineFunction({
  id: 'sql.randomblob',
  arity: 1,
  returnType: always('blob'),
  deterministic: false,
  nullRejecting: false,
  eval: (n) => {
    const size = Math.max(1, Math.trunc(Number(sqlToNumber(n) ?? 1)));
    if (size > MAX_BLOB) throw new RuntimeError(`randomblob: string or blob too big (${size} bytes)`);
    const out = new Uint8Array(size);
    for (let i = 0; i < size; i++) out[i] = Math.floor(Math.random() * 256);
    return out;
  },
});

/** random(): a pseudo-random signed 64-bit integer (kept as a number when it fits in ±2^53, like every integer). */
defineFunction({
  id: 'sql.random',
  arity: 0,
  returnType: always('integer'),
  deterministic: false,
  nullRejecting: false,
  eval: () => {
    const hi = BigInt(Math.floor(Math.random() * 2 ** 32));
    const lo = BigInt(Math.floor(Math.random() * 2 ** 32));
    const v = BigInt.asIntN(64, (hi << 32n) | lo);
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  },
});

// --- concatenation and lengths ----------------------------------------------------------------

/** concat(a, …): the arguments' text joined, NULLs skipped. */
defineFunction({
  id: 'sql.concat_all',
  minArgs: 1,
  returnType: always('text'),
  deterministic: true,
  nullRejecting: false,
  eval: (...args) => args.filter((a) => a !== null).map(textOf).join(''),
});
/** concat_ws(sep, a, …): NULL when sep is NULL; other NULLs skipped. */
defineFunction({
  id: 'sql.concat_ws',
  minArgs: 2,
  returnType: always('text'),
  deterministic: true,
  nullRejecting: false,
  eval: (sep, ...args) => (sep === null ? null : args.filter((a) => a !== null).map(textOf).join(textOf(sep))),
});

strict('sql.octet_length', 1, 1, 'integer', (v) => bytesOf(v).length);

