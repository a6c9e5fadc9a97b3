/**
 * sparql-builtins.ts — SPARQL 1.1's string (§17.4.3), hash, date (§17.4.5) functions and XSD
 * casts (§17.5) as `sparql.*` ids over encoded terms. Errors are null (see sparql.ts).
 */
import { createHash } from 'node:crypto';
import type { Value } from '../../common/values.js';
import { any, bool, fn } from './sparql.js';
import { defineFunction } from './registry.js';
import {
  booleanValue, dateTime, decode, encodeBoolean, encodeLiteral, encodeNumber, isPlainString, numeric, RDF_LANGSTRING, XSD,
  XSD_BOOLEAN, XSD_DATETIME, XSD_DECIMAL, XSD_DOUBLE, XSD_FLOAT, XSD_INTEGER, XSD_STRING, type DateTime, type NumericValue, type Term,
} from './sparql-terms.js';

// ---- strings (§17.4.3) --------------------------------------------------------------------------------

/** A string literal argument: simple, xsd:string or language-tagged. */
export function str(v: Value): Term | null {
  const t = decode(v);
  return t && t.kind === 'literal' && (t.datatype === XSD_STRING || t.datatype === RDF_LANGSTRING) ? t : null;
}
/** Two string arguments are compatible (§17.4.3.1.3): arg2 simple/xsd:string, or the same language tag. */
function compatible(a: Term, b: Term): boolean {
  return b.datatype === XSD_STRING || (a.language !== '' && a.language === b.language);
}
/** like makes a string literal with the language of `t`. */
function like(t: Term, value: string): string {
  return encodeLiteral(value, t.datatype, t.language);
}

fn('sparql.strlen', 1, (a) => {
  const t = str(a);
  return t ? encodeNumber([...t.value].length, 'integer') : null;
});
fn('sparql.ucase', 1, (a) => {
  const t = str(a);
  return t ? like(t, t.value.toUpperCase()) : null;
});
fn('sparql.lcase', 1, (a) => {
  const t = str(a);
  return t ? like(t, t.value.toLowerCase()) : null;
});
fn('sparql.encode_for_uri', 1, (a) => {
  const t = str(a);
  return t ? encodeLiteral(encodeURIComponent(t.value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)) : null;
});
function stringTest(id: string, test: (x: string, y: string) => boolean): void {
  fn(id, 2, (a, b) => {
    const x = str(a);
    const y = str(b);
    if (!x || !y || !compatible(x, y)) return null;
    return test(x.value, y.value);
  }, { returnsBoolean: true });
}
stringTest('sparql.contains', (x, y) => x.includes(y));
stringTest('sparql.strstarts', (x, y) => x.startsWith(y));
stringTest('sparql.strends', (x, y) => x.endsWith(y));
fn('sparql.strbefore', 2, (a, b) => {
  const x = str(a);
  const y = str(b);
  if (!x || !y || !compatible(x, y)) return null;
  const i = x.value.indexOf(y.value);
  if (i < 0) return encodeLiteral('');
  return i === 0 && y.value === '' ? like(x, '') : like(x, x.value.slice(0, i));
});
fn('sparql.strafter', 2, (a, b) => {
  const x = str(a);
  const y = str(b);
  if (!x || !y || !compatible(x, y)) return null;
  const i = x.value.indexOf(y.value);
  if (i < 0) return encodeLiteral('');
  return like(x, x.value.slice(i + y.value.length));
});
defineFunction({
  id: 'sparql.concat',
  minArgs: 0,
  returnType: any,
  deterministic: true,
  nullRejecting: true,
  eval: (...args) => {
    let out = '';
    let lang: string | null = null;
    let first = true;
    let allSame = true;
    for (const a of args) {
      const t = str(a);
      if (!t) return null;
      out += t.value;
      if (first) lang = t.language;
      else if (lang !== t.language) allSame = false;
      first = false;
    }
    return allSame && lang ? encodeLiteral(out, RDF_LANGSTRING, lang) : encodeLiteral(out);
  },
});
defineFunction({
  id: 'sparql.substr',
  minArgs: 2,
  maxArgs: 3,
  returnType: any,
  deterministic: true,
  nullRejecting: true,
  eval: (a, s, l) => {
    const t = str(a);
    const start = numeric(decode(s));
    if (!t || !start || a === null || l === null) return null;
    const len = l === undefined ? null : numeric(decode(l));
    if (l !== undefined && !len) return null;
    const chars = [...t.value];
    const from = Math.round(start.value);
    const to = len ? from + Math.round(len.value) : Infinity;
    const out: string[] = [];
    for (let i = 0; i < chars.length; i++) if (i + 1 >= from && i + 1 < to) out.push(chars[i]);
    return like(t, out.join(''));
  },
});

const regexCache = new Map<string, RegExp | null>();
function regex(pattern: string, flags: string): RegExp | null {
  const key = `${flags}/${pattern}`;
  let r = regexCache.get(key);
  if (r === undefined) {
    try {
      let p = pattern;
      let f = 'u';
      for (const c of flags) {
        if (c === 'i' || c === 's' || c === 'm') f += c;
        else if (c === 'x') p = p.replace(/\s+/g, '');
        else if (c === 'q') p = p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        else throw new Error('bad flag');
      }
      r = new RegExp(p, f);
    } catch {
      r = null;
    }
    if (regexCache.size > 1000) regexCache.clear();
    regexCache.set(key, r);
  }
  return r;
}
defineFunction({
  id: 'sparql.regex',
  minArgs: 2,
  maxArgs: 3,
  returnType: bool,
  deterministic: true,
  nullRejecting: true,
  eval: (a, p, f) => {
    const t = str(a);
    const pat = decode(p);
    const flags = f === undefined ? { value: '' } : decode(f);
    if (!t || !isPlainString(pat) || !flags || (f !== undefined && !isPlainString(flags as Term))) return null;
    const r = regex(pat!.value, flags.value);
    return r ? r.test(t.value) : null;
  },
});
defineFunction({
  id: 'sparql.replace',
  minArgs: 3,
  maxArgs: 4,
  returnType: any,
  deterministic: true,
  nullRejecting: true,
  eval: (a, p, r, f) => {
    const t = str(a);
    const pat = decode(p);
    const rep = decode(r);
    const flags = f === undefined ? { value: '' } : decode(f);
    if (!t || !isPlainString(pat) || !isPlainString(rep) || !flags) return null;
    const re = regex(pat!.value, flags.value);
    if (!re || re.test('')) return null;
    const g = new RegExp(re.source, `${re.flags}g`);
    return like(t, t.value.replace(g, rep!.value.replace(/\$(\d)/g, '$$$1')));
  },
});

// ---- hashes ----------------------------------------------------------------------------------------

for (const [id, algo] of [['md5', 'md5'], ['sha1', 'sha1'], ['sha256', 'sha256'], ['sha384', 'sha384'], ['sha512', 'sha512']] as const) {
  fn(`sparql.${id}`, 1, (a) => {
    const t = decode(a);
    if (!isPlainString(t)) return null;
    return encodeLiteral(createHash(algo).update(t!.value, 'utf8').digest('hex'));
  });
}


// ---- dates (§17.4.5) -----------------------------------------------------------------------------------

function datePart(id: string, part: (d: DateTime) => Value): void {
  fn(id, 1, (a) => {
    const d = dateTime(decode(a));
    return d ? part(d) : null;
  });
}
datePart('sparql.year', (d) => encodeNumber(d.year, 'integer'));
datePart('sparql.month', (d) => encodeNumber(d.month, 'integer'));
datePart('sparql.day', (d) => encodeNumber(d.day, 'integer'));
datePart('sparql.hours', (d) => encodeNumber(d.hours, 'integer'));
datePart('sparql.minutes', (d) => encodeNumber(d.minutes, 'integer'));
datePart('sparql.seconds', (d) => encodeLiteral(String(Number(d.seconds)).includes('.') ? String(Number(d.seconds)) : d.seconds.replace(/^0(\d)/, '$1'), XSD_DECIMAL));
datePart('sparql.timezone', (d) => {
  if (d.tz === null) return null;
  if (d.tz === 0) return encodeLiteral('PT0S', `${XSD}dayTimeDuration`);
  const abs = Math.abs(d.tz);
  const h = Math.floor(abs / 60);
  const m = abs % 60;
  return encodeLiteral(`${d.tz < 0 ? '-' : ''}PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}`, `${XSD}dayTimeDuration`);
});
datePart('sparql.tz', (d) => encodeLiteral(d.tzText));
const queryStart = new Date();
fn('sparql.now', 0, () => encodeLiteral(queryStart.toISOString(), XSD_DATETIME), { deterministic: false });

// ---- casts (§17.5) -------------------------------------------------------------------------------------

/** canonicalString is XPath's cast to xs:string: the canonical form of a numeric or boolean value. */
function canonicalString(t: Term, n: NumericValue | null): string {
  if (t.datatype === XSD_BOOLEAN) {
    const b = booleanValue(t);
    return b === null ? t.value : String(b);
  }
  if (!n) return t.value;
  const v = n.value;
  if (n.kind === 'integer' || n.kind === 'decimal') return String(v);
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'INF' : '-INF';
  const a = Math.abs(v);
  if (a === 0 || (a >= 1e-6 && a < 1e6)) return String(v);
  const [m, e] = v.toExponential().split('e');
  return `${m.includes('.') ? m : `${m}.0`}E${Number(e)}`;
}

function cast(target: string, v: Value): Value {
  const t = decode(v);
  if (!t || t.kind === 'bnode') return null;
  if (t.kind === 'iri') return target === XSD_STRING ? encodeLiteral(t.value) : null;
  const n = numeric(t);
  const lex = t.value.trim();
  const fromString = t.datatype === XSD_STRING;
  switch (target) {
    case XSD_STRING:
      return encodeLiteral(canonicalString(t, n));
    case XSD_BOOLEAN:
      if (n) return encodeBoolean(!(n.value === 0 || Number.isNaN(n.value)));
      if (t.datatype === XSD_BOOLEAN || fromString) {
        if (lex === 'true' || lex === '1') return encodeBoolean(true);
        if (lex === 'false' || lex === '0') return encodeBoolean(false);
      }
      return null;
    case XSD_INTEGER:
      if (n) return Number.isFinite(n.value) ? encodeNumber(Math.trunc(n.value), 'integer') : null;
      if (t.datatype === XSD_BOOLEAN) return encodeNumber(booleanValue(t) ? 1 : 0, 'integer');
      if (fromString && /^[+-]?\d+$/.test(lex)) return encodeLiteral(String(BigInt(lex)), XSD_INTEGER);
      return null;
    case XSD_DECIMAL:
      if (n) return Number.isFinite(n.value) ? encodeNumber(n.value, 'decimal') : null;
      if (t.datatype === XSD_BOOLEAN) return encodeNumber(booleanValue(t) ? 1 : 0, 'decimal');
      if (fromString && /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(lex)) return encodeNumber(Number(lex), 'decimal');
      return null;
    case XSD_FLOAT:
    case XSD_DOUBLE: {
      const kind = target === XSD_FLOAT ? 'float' : 'double';
      if (n) return encodeNumber(kind === 'float' ? Math.fround(n.value) : n.value, kind);
      if (t.datatype === XSD_BOOLEAN) return encodeNumber(booleanValue(t) ? 1 : 0, kind);
      if (fromString) {
        const x = numeric({ ...t, datatype: XSD_DOUBLE });
        return x ? encodeNumber(x.value, kind) : null;
      }
      return null;
    }
    case XSD_DATETIME:
      if (t.datatype === XSD_DATETIME || fromString) return dateTime({ ...t, datatype: XSD_DATETIME }) ? encodeLiteral(lex, XSD_DATETIME) : null;
      return null;
    default:
      return null;
  }
}
/** The XSD constructor functions SPARQL requires (§17.5); the target datatype is the first argument. */
fn('sparql.cast', 2, (target, v) => cast((decode(target) as Term).value, v));
export const CAST_TARGETS = [XSD_STRING, XSD_BOOLEAN, XSD_INTEGER, XSD_DECIMAL, XSD_FLOAT, XSD_DOUBLE, XSD_DATETIME];
