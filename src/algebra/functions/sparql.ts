/**
 * sparql.ts — SPARQL 1.1's operators (§17.2–17.3: logic, comparison, arithmetic), the term
 * functions (§17.4.1–2) and the ORDER BY ordering of terms (§15.1), as `sparql.*` ids over
 * encoded terms (sparql-terms.ts). Strings, dates, hashes and casts: sparql-builtins.ts;
 * aggregates: sparql-aggregates.ts.
 *
 * Errors are values: a function whose argument is unbound or of the wrong kind returns null,
 * which FILTER treats as false (`sparql.ebv` → null) and BIND as unbound. `&&`/`||` follow
 * §17.2's truth table over effective boolean values (error || true = true).
 */
import { createHash, randomUUID } from 'node:crypto';
import { RuntimeError } from '../../common/errors.js';
import type { Value, ValueType } from '../../common/values.js';
import { defineAggregate, defineFunction, defineOrdering, type Evaluator } from './registry.js';
import {
  booleanValue, DEFAULT_GRAPH, decode, encode, encodeBlank, encodeBoolean, encodeIri, encodeLiteral, encodeNumber, integerValue, isPlainString,
  isValidLiteral, numeric, numericKind, promote, RDF_LANGSTRING, termKind, XSD, XSD_BOOLEAN, XSD_DATETIME, XSD_DECIMAL,
  XSD_DOUBLE, XSD_FLOAT, XSD_INTEGER, XSD_STRING, dateTime, type NumericValue, type Term,
} from './sparql-terms.js';

export const any = (): ValueType => 'any';
export const bool = (): ValueType => 'boolean';

/** fn registers a strict (null in, null out) deterministic SPARQL function. */
export function fn(id: string, arity: number | [number, number], f: (...args: Value[]) => Value, extra: { deterministic?: boolean; returnsBoolean?: boolean } = {}): void {
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

export function cmpCodepoints(a: string, b: string): number {
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

export function encodeMaybe(v: Value): Value {
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
      // Two integers (`?start > 1999`, row after row) compare without decoding either term.
      const i = integerValue(a);
      const j = i === null ? null : integerValue(b);
      if (i !== null && j !== null) return test(cmpPrimitive(i, j));
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
/**
 * sparql.quad_ok(s, p, o, g): whether an instantiated template quad may be stored (SPARQL Update
 * §3.1.3, CONSTRUCT §16.2): subject an IRI or blank node, predicate an IRI, object any term,
 * graph an IRI or the default graph (''). An unbound position (null) makes the quad skipped.
 */
fn('sparql.quad_ok', 4, (s, p, o, g) => {
  const sk = termKind(s);
  return (sk === 'iri' || sk === 'bnode') && termKind(p) === 'iri' && termKind(o) !== null && (g === DEFAULT_GRAPH || termKind(g) === 'iri');
}, { returnsBoolean: true });
/**
 * sparql.list_item(list, i[, offset]): the element of a list value at 0-based position i (plus
 * `offset`: -1 reads an Unnest's 1-based ordinality as a position). RDF loads hand a batch to
 * the plan as list literals, unnested and read by place with this (dictionary.ts insertBatch).
 */
const listItem = (l: Value, i: Value, offset?: Value): Value =>
  Array.isArray(l) && typeof i === 'number' ? (l[typeof offset === 'number' ? i + offset : i] ?? null) : null;
defineFunction({
  id: 'sparql.list_item',
  minArgs: 2,
  maxArgs: 3,
  returnType: any,
  deterministic: true,
  nullRejecting: true,
  // Fixed arguments, no rest array: a load calls it seven times per quad (fn's wrapper allocated per call).
  eval: listItem,
  inline: () => (l, i, offset) =>
    offset === undefined
      ? `(Array.isArray(${l}) && typeof ${i} === 'number' ? (${l}[${i}] ?? null) : null)`
      : `(Array.isArray(${l}) && typeof ${i} === 'number' && typeof ${offset} === 'number' ? (${l}[${i} + ${offset}] ?? null) : null)`,
});
/**
 * sparql.list_at(i, v): the list of a group's values, each at its row's index i (0-based; a
 * place no row fills is null, a later row at the same index replaces an earlier one). A load
 * gathers the ids of its batch's terms by their places in the batch into one list, which
 * sparql.list_item then reads by place (dictionary.ts insertBatch). A row whose index is not a
 * non-negative integer below 2^31 is an error.
 */
const LIST_AT_LIMIT = 2 ** 31;
defineAggregate({
  id: 'sparql.list_at',
  minArgs: 2,
  maxArgs: 2,
  returnType: () => 'any',
  skipNulls: false,
  init: () => [] as Value[],
  step: (list, [i, v]) => {
    const l = list as Value[];
    if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= LIST_AT_LIMIT) throw new RuntimeError(`list_at: bad index ${String(i)}`);
    while (l.length < i) l.push(null);
    l[i] = v;
    return l;
  },
  final: (list) => list as Value[],
});
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
