/**
 * sparql.ts — SPARQL 1.1's operators, built-in functions (§17), aggregates (§18.5) and the
 * ORDER BY ordering of terms (§15.1), as `sparql.*` ids over encoded terms (sparql-terms.ts).
 *
 * Errors are values: a function whose argument is unbound or of the wrong kind returns null,
 * which FILTER treats as false (`sparql.ebv` → null) and BIND as unbound. `&&`/`||` follow
 * §17.2's truth table over effective boolean values (error || true = true).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Value, ValueType } from '../../common/values.js';
import { defineAggregate, defineFunction, defineOrdering, type Evaluator } from './registry.js';
import {
  booleanValue, decode, encode, encodeBlank, encodeBoolean, encodeIri, encodeLiteral, encodeNumber, isPlainString,
  isValidLiteral, numeric, numericKind, promote, RDF_LANGSTRING, termKind, XSD, XSD_BOOLEAN, XSD_DATETIME, XSD_DECIMAL,
  XSD_DOUBLE, XSD_FLOAT, XSD_INTEGER, XSD_STRING, type NumericValue, type Term,
} from './sparql-terms.js';

const any = (): ValueType => 'any';
const bool = (): ValueType => 'boolean';

/** fn registers a strict (null in, null out) deterministic SPARQL function. */
function fn(id: string, arity: number | [number, number], f: (...args: Value[]) => Value, extra: { deterministic?: boolean; returnsBoolean?: boolean } = {}): void {
  const [minArgs, maxArgs] = typeof arity === 'number' ? [arity, arity] : arity;
  defineFunction({
    id,
    minArgs,
    maxArgs,
    returnType: extra.returnsBoolean ? bool : any,
    deterministic: extra.deterministic ?? true,
    nullRejecting: true,
    eval: (...args) => {
      for (const a of args) if (a === null) return null;
      return f(...args);
    },
  });
}

// ---- effective boolean value and logic (§17.2) -----------------------------------------------------

/** ebv is the effective boolean value of a term: true, false, or null (error). */
export function ebv(v: Value): boolean | null {
  if (typeof v === 'boolean') return v;
  const t = decode(v);
  if (!t || t.kind !== 'literal') return null;
  if (t.datatype === XSD_BOOLEAN) return booleanValue(t) ?? false;
  if (t.datatype === XSD_STRING) return t.value.length > 0;
  if (numericKind(t.datatype)) {
    const n = numeric(t);
    return n === null ? false : !(n.value === 0 || Number.isNaN(n.value));
  }
  return null;
}

defineFunction({ id: 'sparql.ebv', arity: 1, returnType: bool, deterministic: true, nullRejecting: true, eval: (v) => ebv(v) });
defineFunction({
  id: 'sparql.or',
  minArgs: 2,
  returnType: bool,
  deterministic: true,
  nullRejecting: false,
  compile: (args) => (row) => {
    let error = false;
    for (const a of args) {
      const t = ebv(a(row));
      if (t === true) return true;
      if (t === null) error = true;
    }
    return error ? null : false;
  },
});
fn('sparql.not', 1, (v) => {
  const t = ebv(v);
  return t === null ? null : !t;
}, { returnsBoolean: true });

/** Turns a boolean produced by an operator back into an encoded literal (before binding a variable). */
defineFunction({
  id: 'sparql.term',
  arity: 1,
  returnType: any,
  deterministic: true,
  nullRejecting: true,
  eval: (v) => (typeof v === 'boolean' ? encodeBoolean(v) : v),
});

defineFunction({ id: 'sparql.bound', arity: 1, returnType: bool, deterministic: true, nullRejecting: false, falseOnNull: true, eval: (v) => v !== null });

/**
 * sparql.compatible(a, b): two bindings of one variable are compatible (§18.3): either is
 * unbound or both are the same term. The condition of OPTIONAL's left join and of MINUS.
 */
defineFunction({
  id: 'sparql.compatible',
  arity: 2,
  returnType: bool,
  deterministic: true,
  nullRejecting: false,
  selectivity: 0.2,
  eval: (a, b) => a === null || b === null || a === b,
});
/** sparql.shared(a, b): both bound (MINUS needs one shared bound variable to remove anything). */
defineFunction({
  id: 'sparql.both_bound',
  arity: 2,
  returnType: bool,
  deterministic: true,
  nullRejecting: false,
  eval: (a, b) => a !== null && b !== null,
});
/** sparql.coalesce(a, b, …): the first bound argument (also merges a variable bound on either side of a join). */
defineFunction({
  id: 'sparql.coalesce',
  minArgs: 0,
  returnType: any,
  deterministic: true,
  nullRejecting: false,
  compile: (args) => (row) => {
    for (const a of args) {
      const v = a(row);
      if (v !== null) return typeof v === 'boolean' ? encodeBoolean(v) : v;
    }
    return null;
  },
});
defineFunction({
  id: 'sparql.if',
  arity: 3,
  returnType: any,
  deterministic: true,
  nullRejecting: false,
  compile: ([c, a, b]) => (row) => {
    const t = ebv(c(row));
    if (t === null) return null;
    return t ? a(row) : b(row);
  },
});

// ---- comparison (§17.3 operator mapping, RDFterm-equal) -------------------------------------------

type Category = 'numeric' | 'string' | 'lang' | 'boolean' | 'dateTime' | 'date' | 'other';

function category(t: Term): Category {
  if (t.datatype === XSD_STRING) return 'string';
  if (t.datatype === RDF_LANGSTRING) return 'lang';
  if (!isValidLiteral(t)) return 'other';
  if (numericKind(t.datatype)) return 'numeric';
  if (t.datatype === XSD_BOOLEAN) return 'boolean';
  if (t.datatype === XSD_DATETIME && dateTime(t) !== null) return 'dateTime';
  if (t.datatype === `${XSD}date` && dateTime(t) !== null) return 'date';
  return 'other';
}

function cmpPrimitive(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** compareValues orders two literals by value; null when they are not comparable (error). NaN compares as NaN. */
export function compareValues(a: Term, b: Term): number | null {
  if (a.kind !== 'literal' || b.kind !== 'literal') return null;
  const ca = category(a);
  const cb = category(b);
  if (ca !== cb) return null;
  switch (ca) {
    case 'numeric': {
      const x = (numeric(a) as NumericValue).value;
      const y = (numeric(b) as NumericValue).value;
      if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
      return cmpPrimitive(x, y);
    }
    case 'string':
      return cmpCodepoints(a.value, b.value);
    case 'lang':
      return a.language === b.language ? cmpCodepoints(a.value, b.value) : null;
    case 'boolean':
      return cmpPrimitive(booleanValue(a) ? 1 : 0, booleanValue(b) ? 1 : 0);
    case 'date':
    case 'dateTime': {
      const x = dateTime(a)!;
      const y = dateTime(b)!;
      if ((x.tz === null) === (y.tz === null)) return cmpPrimitive(x.time, y.time);
      // One side without a timezone: it may be anywhere in ±14h (XML Schema §3.2.7.4); beyond that the order is known.
      const H14 = 14 * 3600_000;
      const [lo, hi] = x.tz === null ? [x.time - H14, x.time + H14] : [x.time, x.time];
      const [lo2, hi2] = y.tz === null ? [y.time - H14, y.time + H14] : [y.time, y.time];
      if (hi < lo2) return -1;
      if (lo > hi2) return 1;
      return null;
    }
    default:
      return null;
  }
}

function cmpCodepoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i) as number;
    const y = b.codePointAt(i) as number;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/** knownKind classifies a literal by datatype alone (valid or not): literals of two different known kinds are never equal. */
function knownKind(t: Term): string | null {
  if (t.datatype === XSD_STRING || t.datatype === RDF_LANGSTRING || t.datatype === XSD_BOOLEAN || t.datatype === XSD_DATETIME || t.datatype === `${XSD}date`) return t.datatype;
  return numericKind(t.datatype) ? 'numeric' : null;
}

/** equals is `=`: true, false, or null for an error (unknown datatypes that are not the same term). */
export function equals(a: Value, b: Value): boolean | null {
  if (a === null || b === null) return null;
  if (a === b) {
    const t = decode(a);
    if (t && t.kind === 'literal' && category(t) === 'numeric' && Number.isNaN(numeric(t)!.value)) return false;
    return true;
  }
  const x = decode(a);
  const y = decode(b);
  if (!x || !y) return null;
  if (x.kind !== 'literal' || y.kind !== 'literal') {
    if (typeof a === 'boolean' || typeof b === 'boolean') return encodeMaybe(a) === encodeMaybe(b);
    return false;
  }
  const c = compareValues(x, y);
  if (c !== null) return c === 0;
  if (x.value === y.value && x.datatype === y.datatype && x.language === y.language) return true;
  const kx = knownKind(x);
  const ky = knownKind(y);
  // Two literals of different known types are simply different (KnownTypesDefault2Neq); so are
  // language strings with different tags. An unknown datatype or an ill-formed literal of the
  // same type cannot be decided: an error.
  if (kx !== null && ky !== null && (kx !== ky || kx === RDF_LANGSTRING)) return false;
  return null;
}

function encodeMaybe(v: Value): Value {
  return typeof v === 'boolean' ? encodeBoolean(v) : v;
}

defineFunction({ id: 'sparql.eq', arity: 2, returnType: bool, deterministic: true, nullRejecting: true, selectivity: 0.1, mirror: 'sparql.eq', eval: equals });
defineFunction({
  id: 'sparql.ne',
  arity: 2,
  returnType: bool,
  deterministic: true,
  nullRejecting: true,
  selectivity: 0.9,
  eval: (a, b) => {
    const e = equals(a, b);
    return e === null ? null : !e;
  },
});
function order(id: string, mirror: string, test: (c: number) => boolean): void {
  defineFunction({
    id,
    arity: 2,
    returnType: bool,
    deterministic: true,
    nullRejecting: true,
    selectivity: 0.3,
    mirror,
    eval: (a, b) => {
      const x = decode(a);
      const y = decode(b);
      if (!x || !y) return null;
      const c = compareValues(x, y);
      if (c === null) return null;
      if (Number.isNaN(c)) return false;
      return test(c);
    },
  });
}
order('sparql.lt', 'sparql.gt', (c) => c < 0);
order('sparql.le', 'sparql.ge', (c) => c <= 0);
order('sparql.gt', 'sparql.lt', (c) => c > 0);
order('sparql.ge', 'sparql.le', (c) => c >= 0);

fn('sparql.same_term', 2, (a, b) => encodeMaybe(a) === encodeMaybe(b), { returnsBoolean: true });

/** x IN (a, b, …): true on a match, error if no match but some comparison erred, else false. */
defineFunction({
  id: 'sparql.in',
  minArgs: 1,
  returnType: bool,
  deterministic: true,
  nullRejecting: false,
  compile: ([x, ...list]) => (row) => {
    const v = x(row);
    if (v === null) return null;
    let error = false;
    for (const e of list) {
      const r = equals(v, e(row));
      if (r === true) return true;
      if (r === null) error = true;
    }
    return error ? null : false;
  },
});

// ---- arithmetic (§17.3, XPath op:numeric-*) ---------------------------------------------------------

function nums(a: Value, b: Value): [NumericValue, NumericValue] | null {
  const x = numeric(decode(a));
  const y = numeric(decode(b));
  return x && y ? [x, y] : null;
}

function arithmetic(id: string, op: (x: number, y: number) => number): void {
  fn(id, 2, (a, b) => {
    const p = nums(a, b);
    if (!p) return null;
    const kind = promote(p[0].kind, p[1].kind);
    return encodeNumber(op(p[0].value, p[1].value), kind);
  });
}
arithmetic('sparql.add', (x, y) => x + y);
arithmetic('sparql.sub', (x, y) => x - y);
arithmetic('sparql.mul', (x, y) => x * y);
fn('sparql.div', 2, (a, b) => {
  const p = nums(a, b);
  if (!p) return null;
  let kind = promote(p[0].kind, p[1].kind);
  if (kind === 'integer') kind = 'decimal';
  if (p[1].value === 0 && (kind === 'decimal')) return null;
  return encodeNumber(p[0].value / p[1].value, kind);
});
fn('sparql.neg', 1, (a) => {
  const x = numeric(decode(a));
  return x ? encodeNumber(-x.value, x.kind) : null;
});
fn('sparql.plus', 1, (a) => (numeric(decode(a)) ? encodeMaybe(a) : null));

function numericFn(id: string, op: (x: number) => number): void {
  fn(id, 1, (a) => {
    const x = numeric(decode(a));
    return x ? encodeNumber(op(x.value), x.kind) : null;
  });
}
numericFn('sparql.abs', Math.abs);
numericFn('sparql.ceil', Math.ceil);
numericFn('sparql.floor', Math.floor);
numericFn('sparql.round', (x) => Math.floor(x + 0.5));
fn('sparql.rand', 0, () => encodeNumber(Math.random(), 'double'), { deterministic: false });

// ---- terms (§17.4.2) ---------------------------------------------------------------------------------

fn('sparql.is_iri', 1, (a) => termKind(a) === 'iri', { returnsBoolean: true });
fn('sparql.is_blank', 1, (a) => termKind(a) === 'bnode', { returnsBoolean: true });
fn('sparql.is_literal', 1, (a) => termKind(a) === 'literal', { returnsBoolean: true });
fn('sparql.is_numeric', 1, (a) => numeric(decode(a)) !== null, { returnsBoolean: true });
fn('sparql.str', 1, (a) => {
  const t = decode(a);
  if (!t || t.kind === 'bnode') return null;
  return encodeLiteral(t.value);
});
fn('sparql.lang', 1, (a) => {
  const t = decode(a);
  return t && t.kind === 'literal' ? encodeLiteral(t.language) : null;
});
fn('sparql.datatype', 1, (a) => {
  const t = decode(a);
  return t && t.kind === 'literal' ? encodeIri(t.datatype) : null;
});
fn('sparql.iri', 2, (a, base) => {
  const t = decode(a);
  if (!t) return null;
  if (t.kind === 'iri') return a;
  if (t.kind !== 'literal' || t.datatype !== XSD_STRING) return null;
  try {
    return encodeIri(typeof base === 'string' && base ? new URL(t.value, base).href : t.value);
  } catch {
    return encodeIri(t.value);
  }
});
let bnodeCounter = 0;
const bnodeSalt = Math.floor(Math.random() * 36 ** 6).toString(36);
/**
 * BNODE() is a fresh blank node per call. BNODE(str) must be the same node for the same string
 * within one solution and a different one across solutions: the lowering passes the solution's
 * bound values after the string, and the label is a hash of all of them.
 */
defineFunction({
  id: 'sparql.bnode',
  minArgs: 0,
  returnType: any,
  deterministic: false,
  nullRejecting: false,
  eval: (...args: Value[]) => {
    if (args.length === 0) return encodeBlank(`gen${bnodeSalt}${++bnodeCounter}`);
    const t = decode(args[0]);
    if (!t || t.kind !== 'literal' || t.datatype !== XSD_STRING) return null;
    return encodeBlank(`gen${bnodeSalt}${createHash('sha1').update(args.map((a) => (a === null ? '\u0001' : String(a))).join('\u0000')).digest('hex').slice(0, 16)}`);
  },
});
fn('sparql.strdt', 2, (a, d) => {
  const t = decode(a);
  const dt = decode(d);
  if (!isPlainString(t) || !dt || dt.kind !== 'iri') return null;
  return encodeLiteral(t!.value, dt.value);
});
fn('sparql.strlang', 2, (a, l) => {
  const t = decode(a);
  const lang = decode(l);
  if (!isPlainString(t) || !isPlainString(lang) || lang!.value === '') return null;
  return encodeLiteral(t!.value, RDF_LANGSTRING, lang!.value);
});
fn('sparql.uuid', 0, () => encodeIri(`urn:uuid:${randomUUID()}`), { deterministic: false });
fn('sparql.struuid', 0, () => encodeLiteral(randomUUID()), { deterministic: false });
fn('sparql.langmatches', 2, (a, b) => {
  const tag = decode(a);
  const range = decode(b);
  if (!isPlainString(tag) || !isPlainString(range)) return null;
  const t = tag!.value.toLowerCase();
  const r = range!.value.toLowerCase();
  if (r === '*') return t !== '';
  return t === r || t.startsWith(`${r}-`);
}, { returnsBoolean: true });

// ---- strings (§17.4.3) --------------------------------------------------------------------------------

/** A string literal argument: simple, xsd:string or language-tagged. */
function str(v: Value): Term | null {
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

interface DateTime {
  year: number;
  month: number;
  day: number;
  hours: number;
  minutes: number;
  seconds: string;
  /** offset in minutes, null when absent */
  tz: number | null;
  tzText: string;
  /** ms since epoch, in UTC (local time treated as UTC when there is no zone) */
  time: number;
}
const DATETIME_RE = /^(-?\d{4,})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d(?:\.\d+)?)(Z|[+-]\d\d:\d\d)?$/;
function dateTime(t: Term | null): DateTime | null {
  if (!t || t.kind !== 'literal' || (t.datatype !== XSD_DATETIME && t.datatype !== `${XSD}date`)) return null;
  const m = DATETIME_RE.exec(t.value.trim());
  if (!m) {
    const d = /^(-?\d{4,})-(\d\d)-(\d\d)(Z|[+-]\d\d:\d\d)?$/.exec(t.value.trim());
    if (!d || t.datatype !== `${XSD}date`) return null;
    return dateTime({ ...t, datatype: XSD_DATETIME, value: `${d[1]}-${d[2]}-${d[3]}T00:00:00${d[4] ?? ''}` });
  }
  const tzText = m[7] ?? '';
  const tz = tzText === '' ? null : tzText === 'Z' ? 0 : (tzText[0] === '-' ? -1 : 1) * (Number(tzText.slice(1, 3)) * 60 + Number(tzText.slice(4, 6)));
  const [year, month, day, hours, minutes] = [1, 2, 3, 4, 5].map((i) => Number(m[i]));
  const sec = Number(m[6]);
  const time = Date.UTC(year, month - 1, day, hours, minutes, 0) + sec * 1000 - (tz ?? 0) * 60000;
  return { year, month, day, hours, minutes, seconds: m[6], tz, tzText, time };
}
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
  final: (s) => encodeNumber(s as number, 'integer'),
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

// ---- ordering (§15.1) --------------------------------------------------------------------------------

const RANK: Record<string, number> = { bnode: 0, iri: 1, literal: 2 };

/** compareTerms orders any two bound terms: blank nodes < IRIs < literals; literals by value where comparable. */
export function compareTerms(a: Value, b: Value): number {
  const x = encodeMaybe(a);
  const y = encodeMaybe(b);
  if (x === y) return 0;
  const ka = termKind(x);
  const kb = termKind(y);
  if (ka !== kb) return (ka ? RANK[ka] : -1) - (kb ? RANK[kb] : -1);
  if (ka === 'literal') {
    const s = decode(x) as Term;
    const t = decode(y) as Term;
    const c = compareValues(s, t);
    if (c !== null && !Number.isNaN(c) && c !== 0) return c;
    // Simple literals before typed ones; then lexical form, then datatype / language.
    const ps = s.datatype === XSD_STRING ? 0 : 1;
    const pt = t.datatype === XSD_STRING ? 0 : 1;
    if (ps !== pt) return ps - pt;
    return cmpCodepoints(s.value, t.value) || cmpCodepoints(s.datatype + s.language, t.datatype + t.language);
  }
  return cmpCodepoints(String(x), String(y));
}
defineOrdering('sparql', compareTerms);

export { encode, decode };
export type { Evaluator };
