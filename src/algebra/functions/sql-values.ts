/**
 * sql-values.ts — how SQL (SQLite's dialect, which the sqllogictest corpus checks) sees values:
 * the storage-class order for comparisons, numeric coercion of text, truthiness, text rendering.
 */
import type { Value } from '../../common/values.js';

/** Storage-class rank: NULL < numbers (and booleans) < text < blob < lists/maps. */
export function sqlClass(v: Value): number {
  if (v === null) return 0;
  switch (typeof v) {
    case 'number':
    case 'bigint':
    case 'boolean':
      return 1;
    case 'string':
      return 2;
    default:
      return v instanceof Uint8Array ? 3 : 4;
  }
}

/** sqlCompare orders two non-null values the SQLite way; 0 means equal. */
export function sqlCompare(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  const ca = sqlClass(a);
  const cb = sqlClass(b);
  if (ca !== cb) return ca - cb;
  switch (ca) {
    case 1: {
      const x = typeof a === 'boolean' ? +a : (a as number | bigint);
      const y = typeof b === 'boolean' ? +b : (b as number | bigint);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 2:
      return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
    case 3:
      return compareBytes(a as Uint8Array, b as Uint8Array);
    default:
      return compareStructured(a, b);
  }
}

/** sqlOrder is sqlCompare extended with NULL as the smallest value (SQLite's ORDER BY). */
export function sqlOrder(a: Value, b: Value): number {
  if (a === null) return b === null ? 0 : -1;
  if (b === null) return 1;
  return sqlCompare(a, b);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

function compareStructured(a: Value, b: Value): number {
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const c = sqlOrder(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  if (Array.isArray(a)) return -1;
  if (Array.isArray(b)) return 1;
  const sa = JSON.stringify([...(a as Map<string, Value>).entries()], jsonSafe);
  const sb = JSON.stringify([...(b as Map<string, Value>).entries()], jsonSafe);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function jsonSafe(_k: string, v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : v;
}

const NUMERIC_PREFIX = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/;

/** sqlToNumber converts a value to a number the way SQLite's arithmetic does (text by its numeric prefix, else 0). */
export function sqlToNumber(v: Value): number | bigint | null {
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return v;
    case 'boolean':
      return v ? 1 : 0;
    case 'string': {
      const m = NUMERIC_PREFIX.exec(v);
      return m ? Number(m[0]) : 0;
    }
    default:
      // A blob reads as the number its bytes spell as text, as in SQLite (x'31' + 1 is 2).
      if (v instanceof Uint8Array) return sqlToNumber(new TextDecoder().decode(v));
      return v === null ? null : 0;
  }
}

/** sqlTruth is SQL's test of a condition: NULL stays unknown, numbers are true when non-zero. */
export function sqlTruth(v: Value): boolean | null {
  if (v === null) return null;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'bigint') return v !== 0n;
  const n = sqlToNumber(v);
  return n !== null && n != 0;
}

/** sqlText renders a value as SQL text (for ||, CAST AS TEXT, LIKE). */
export function sqlText(v: Value): string | null {
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      // Integral doubles beyond ±2^53 are reals (integers that large are bigints): SQLite writes them as 1.0e+20.
      return Number.isSafeInteger(v) || !Number.isFinite(v) ? String(v) : formatReal(v);
    case 'bigint':
      return v.toString();
    case 'boolean':
      return v ? '1' : '0';
    default:
      if (v === null) return null;
      if (v instanceof Uint8Array) return new TextDecoder().decode(v);
      return JSON.stringify(v, jsonSafe);
  }
}

/** formatReal prints a double as SQLite prints a real: 15 significant digits, 17 when 15 would not read back (or exactly `digits`). */
export function formatReal(v: number, digits = 15): string {
  const s = realDigits(v, digits);
  // SQLite (3.43 on) writes 17 digits when 15 do not read back as the same double: 0.1 + 0.2 is 0.30000000000000004.
  return digits === 15 && Number.isFinite(v) && Number(s) !== v ? realDigits(v, 17) : s;
}

function realDigits(v: number, digits: number): string {
  const [m, e] = v.toExponential(digits - 1).split('e');
  const x = Number(e);
  // Recent SQLite (sql.js's 3.54) lays the digits out as %!.17g would: fixed from 1e-4 up to below 1e17, exponent outside.
  if (x < -4 || x > 16) {
    // C's %g writes at least two exponent digits: 1.0e-07, 1.0e+20.
    return `${trimZeros(m)}e${x < 0 ? '-' : '+'}${String(Math.abs(x)).padStart(2, '0')}`;
  }
  const sign = m.startsWith('-') ? '-' : '';
  const ds = m.replace(/^-/, '').replace('.', '');
  const whole = x < 0 ? '0' : ds.slice(0, x + 1).padEnd(x + 1, '0');
  const fraction = x < 0 ? '0'.repeat(-x - 1) + ds : ds.slice(x + 1);
  return `${sign}${whole}.${trimZeros(`0.${fraction}`).slice(2)}`;
}

function trimZeros(m: string): string {
  if (!m.includes('.')) return m;
  const t = m.replace(/0+$/, '');
  return t.endsWith('.') ? `${t}0` : t;
}

/** describeValue names a value and its type for error messages. */
export function describeValue(v: Value): string {
  if (v === null) return 'NULL';
  if (typeof v === 'string') return `text ${JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v)}`;
  if (typeof v === 'number') return `${Number.isInteger(v) ? 'integer' : 'real'} ${v}`;
  if (typeof v === 'bigint') return `integer ${v}`;
  if (typeof v === 'boolean') return `boolean ${v}`;
  if (v instanceof Uint8Array) return `blob of ${v.length} bytes`;
  return Array.isArray(v) ? 'a list' : 'a map';
}
