/**
 * sql-printf.ts — SQLite's printf()/format(): the format language of its built-in printf
 * (https://sqlite.org/printf.html), used by the `sql.printf` function.
 *
 * Conversions: d i u f e E g G x X o s z c q Q w %; flags `-` `+` space `0` `#` `,` `!`;
 * width and precision (also `*`); the C length modifiers l/ll are accepted and ignored.
 * Missing arguments are NULL (0 for numbers, '' for strings), as in SQLite. Floating point
 * conversions keep at most 16 significant digits (SQLite's printf does the same) and round
 * the exact binary value half away from zero.
 */
import type { Value } from '../../common/values.js';
import { sqlText, sqlToNumber } from './sql-values.js';

interface Spec {
  left: boolean;
  plus: boolean;
  space: boolean;
  zero: boolean;
  alt: boolean;
  comma: boolean;
  /** SQLite's `!`: decimal point always shown for floats; width and precision in characters, not bytes. */
  bang: boolean;
  width: number;
  precision: number | null;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** sqlPrintf formats `args` by `format` the way SQLite's printf() does. */
export function sqlPrintf(format: string, args: readonly Value[]): string {
  let out = '';
  let next = 0;
  const take = (): Value => (next < args.length ? args[next++] : null);
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch !== '%') {
      out += ch;
      continue;
    }
    if (i + 1 >= format.length) {
      out += '%';
      break;
    }
    const spec: Spec = { left: false, plus: false, space: false, zero: false, alt: false, comma: false, bang: false, width: 0, precision: null };
    let j = i + 1;
    for (; j < format.length; j++) {
      const f = format[j];
      if (f === '-') spec.left = true;
      else if (f === '+') spec.plus = true;
      else if (f === ' ') spec.space = true;
      else if (f === '0') spec.zero = true;
      else if (f === '#') spec.alt = true;
      else if (f === ',') spec.comma = true;
      else if (f === '!') spec.bang = true;
      else break;
    }
    if (format[j] === '*') {
      const w = Number(toInt64(take()));
      if (w < 0) spec.left = true;
      spec.width = Math.min(Math.abs(w), 1e6);
      j++;
    } else {
      let w = 0;
      while (j < format.length && format[j] >= '0' && format[j] <= '9') w = Math.min(w * 10 + Number(format[j++]), 1e6);
      spec.width = w;
    }
    if (format[j] === '.') {
      j++;
      if (format[j] === '*') {
        const p = Number(toInt64(take()));
        spec.precision = Math.min(Math.abs(p), 1e6);
        j++;
      } else {
        let p = 0;
        while (j < format.length && format[j] >= '0' && format[j] <= '9') p = Math.min(p * 10 + Number(format[j++]), 1e6);
        spec.precision = p;
      }
    }
    while (format[j] === 'l') j++;
    const conv = format[j];
    i = j;
    if (conv === undefined) break;
    const part = convert(conv, spec, take);
    // SQLite stops formatting at an unknown conversion.
    if (part === null) break;
    out += part;
  }
  return out;
}

function convert(conv: string, spec: Spec, take: () => Value): string | null {
  switch (conv) {
    case '%':
      return pad('%', spec);
    case 'd':
    case 'i':
      return integer(toInt64(take()), spec, true);
    case 'u':
      return integer(BigInt.asUintN(64, toInt64(take())), spec, false);
    case 'x':
    case 'X':
    case 'o': {
      const n = BigInt.asUintN(64, toInt64(take()));
      let digits = n.toString(conv === 'o' ? 8 : 16);
      if (conv === 'X') digits = digits.toUpperCase();
      if (spec.precision !== null && digits.length < spec.precision) digits = digits.padStart(spec.precision, '0');
      const prefix = spec.alt && n !== 0n ? (conv === 'o' ? '0' : conv === 'x' ? '0x' : '0X') : '';
      return padNumber(prefix, digits, spec);
    }
    case 'f':
    case 'e':
    case 'E':
    case 'g':
    case 'G':
      return float(conv, toReal(take()), spec);
    case 's':
    case 'z': {
      const v = take();
      let s = v === null ? '' : (sqlText(v) as string);
      if (spec.precision !== null) s = truncate(s, spec.precision, spec.bang);
      return pad(s, spec);
    }
    case 'c': {
      const v = take();
      const s = v === null ? '' : (sqlText(v) as string);
      // SQLite copies the first character of the argument's C string: a NUL when it is empty.
      const c = s.length ? String.fromCodePoint(s.codePointAt(0) as number) : '\u0000';
      return pad(c.repeat(spec.precision !== null && spec.precision > 1 ? spec.precision : 1), spec);
    }
    case 'q':
    case 'Q':
    case 'w': {
      const v = take();
      if (v === null) return pad(conv === 'Q' ? 'NULL' : '(NULL)', spec);
      const quote = conv === 'w' ? '"' : "'";
      let s = (sqlText(v) as string).split(quote).join(quote + quote);
      if (spec.precision !== null) s = truncate(s, spec.precision, spec.bang);
      return pad(conv === 'Q' ? `'${s}'` : s, spec);
    }
    default:
      return null;
  }
}

function toInt64(v: Value): bigint {
  if (v === null) return 0n;
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 0n;
    if (v >= 9223372036854775807) return INT64_MAX;
    if (v <= -9223372036854775808) return INT64_MIN;
    return BigInt(Math.trunc(v));
  }
  if (typeof v === 'string') {
    const m = /^\s*([+-]?\d+)/.exec(v);
    if (!m) return 0n;
    const n = BigInt(m[1]);
    return n > INT64_MAX ? INT64_MAX : n < INT64_MIN ? INT64_MIN : n;
  }
  return v instanceof Uint8Array ? toInt64(new TextDecoder().decode(v)) : 0n;
}

function toReal(v: Value): number {
  const n = sqlToNumber(v);
  return n === null ? 0 : Number(n);
}

function integer(n: bigint, spec: Spec, signed: boolean): string {
  const negative = signed && n < 0n;
  let digits = (negative ? -n : n).toString();
  if (spec.precision !== null && digits.length < spec.precision) digits = digits.padStart(spec.precision, '0');
  if (spec.comma) digits = groupThousands(digits);
  const sign = negative ? '-' : spec.plus ? '+' : spec.space ? ' ' : '';
  return padNumber(sign, digits, spec);
}

function groupThousands(digits: string): string {
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return out;
}

/** SQLite's printf keeps at most this many significant digits of a double. */
const MAX_DIGITS = 16;
/** With the `!` flag SQLite keeps a few more (it decodes the double through a 64-bit integer). */
const MAX_DIGITS_BANG = 18;

function float(conv: string, x: number, spec: Spec): string {
  const negative = x < 0 || Object.is(x, -0);
  const a = Math.abs(x);
  const sign = negative ? '-' : spec.plus ? '+' : spec.space ? ' ' : '';
  if (!Number.isFinite(a)) return padNumber(sign, Number.isNaN(a) ? 'NaN' : 'Inf', { ...spec, zero: false });
  const p = spec.precision ?? 6;
  const digits = spec.bang ? MAX_DIGITS_BANG : MAX_DIGITS;
  let body: string;
  if (conv === 'f') body = fixed(a, p, spec.alt, digits);
  else if (conv === 'e' || conv === 'E') body = exponential(a, p, spec.alt, digits);
  else body = general(a, p === 0 ? 1 : p, spec.alt, digits);
  if (spec.bang) body = bangForm(body);
  if (conv === 'E' || conv === 'G') body = body.toUpperCase();
  if (spec.comma && conv === 'f') {
    const dot = body.indexOf('.');
    body = dot < 0 ? groupThousands(body) : groupThousands(body.slice(0, dot)) + body.slice(dot);
  }
  return padNumber(sign, body, spec);
}

/** bangForm is SQLite's `!` form of a float: trailing fraction zeros dropped, but at least one digit after the point. */
function bangForm(body: string): string {
  const [mantissa, exponent] = body.split(/(?=[eE])/);
  let m = mantissa.includes('.') ? mantissa.replace(/0+$/, '') : `${mantissa}.`;
  if (m.endsWith('.')) m += '0';
  return m + (exponent ?? '');
}

/** fixed renders a ≥ 0 with p decimals, rounding beyond 16 significant digits to zeros. */
function fixed(a: number, p: number, alt: boolean, digits: number): string {
  let s: string;
  const magnitude = a === 0 ? 0 : Math.floor(Math.log10(a)) + 1;
  if (a >= 1e21 || magnitude + p > digits) s = digitsFixed(a, p, digits);
  else s = a.toFixed(Math.min(p, 100));
  if (p > 100) s += '0'.repeat(p - 100);
  return alt && p === 0 ? `${s}.` : s;
}

/** digitsFixed writes a number rounded to 16 significant digits in positional notation with p decimals. */
function digitsFixed(a: number, p: number, maxDigits: number): string {
  if (a === 0) return p > 0 ? `0.${'0'.repeat(p)}` : '0';
  const [mant, exp] = a.toExponential(maxDigits - 1).split('e');
  const digits = mant.replace('.', '');
  const e = Number(exp);
  // Value = 0.d1d2… × 10^(e+1)
  const intLen = e + 1;
  let intPart: string;
  let frac: string;
  if (intLen <= 0) {
    intPart = '0';
    frac = '0'.repeat(-intLen) + digits;
  } else if (intLen >= digits.length) {
    intPart = digits + '0'.repeat(intLen - digits.length);
    frac = '';
  } else {
    intPart = digits.slice(0, intLen);
    frac = digits.slice(intLen);
  }
  if (frac.length > p) {
    // Only reached when 16 digits do not reach the requested precision's end in a small number: round exactly.
    return a.toFixed(Math.min(p, 100));
  }
  frac = frac.padEnd(p, '0');
  return p > 0 ? `${intPart}.${frac}` : intPart;
}

function exponential(a: number, p: number, alt: boolean, digits: number): string {
  const keep = Math.min(p, digits - 1);
  const [mant, exp] = a.toExponential(Math.min(keep, 100)).split('e');
  let m = mant + (p > keep ? '0'.repeat(p - keep) : '');
  if (alt && p === 0) m += '.';
  const e = Number(exp);
  return `${m}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

function general(a: number, p: number, alt: boolean, digits: number): string {
  const keep = Math.min(p, digits);
  if (a === 0) return alt ? `0.${'0'.repeat(p - 1)}` : '0';
  const [, exp] = a.toExponential(keep - 1).split('e');
  const e = Number(exp);
  let s: string;
  if (e < -4 || e >= p) {
    s = exponential(a, keep - 1, alt, digits);
    if (!alt) s = s.replace(/\.?0+e/, 'e');
  } else {
    s = fixed(a, Math.max(0, keep - 1 - e), alt, digits);
    if (!alt && s.includes('.')) s = s.replace(/\.?0+$/, '');
  }
  return s;
}

/** padNumber pads a signed number to the width: zeros after the sign with `0`, else spaces. */
function padNumber(sign: string, digits: string, spec: Spec): string {
  const len = sign.length + digits.length;
  if (len >= spec.width) return sign + digits;
  if (spec.left) return sign + digits + ' '.repeat(spec.width - len);
  if (spec.zero) return sign + '0'.repeat(spec.width - len) + digits;
  return ' '.repeat(spec.width - len) + sign + digits;
}

/** pad pads to the width, counted in UTF-8 bytes as SQLite does (in characters with `!`). */
function pad(s: string, spec: Spec): string {
  const len = spec.bang ? [...s].length : utf8Length(s);
  if (len >= spec.width) return s;
  return spec.left ? s + ' '.repeat(spec.width - len) : ' '.repeat(spec.width - len) + s;
}

const utf8 = new TextEncoder();
const lenient = new TextDecoder();

function utf8Length(s: string): number {
  let n = 0;
  for (const c of s) {
    const cp = c.codePointAt(0) as number;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

/** truncate keeps n characters (with `!`) or n UTF-8 bytes — a cut inside a character leaves U+FFFD, like SQLite's broken sequence. */
function truncate(s: string, n: number, chars: boolean): string {
  if (chars) return [...s].slice(0, n).join('');
  const bytes = utf8.encode(s);
  return bytes.length <= n ? s : lenient.decode(bytes.subarray(0, n));
}
