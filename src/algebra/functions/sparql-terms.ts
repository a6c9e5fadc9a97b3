/**
 * sparql-terms.ts — how an RDF term is a Value inside plans: a short self-describing string.
 *
 * Quad rows, join keys, sort keys and the arguments of every `sparql.*` function are these
 * strings (docs/architecture.md, "RDF terms inside plans"). Two terms are the same RDF term
 * exactly when their encodings are the same string, so BGP joins are plain string equality
 * (hashable, index-selectable); a function that needs a term's value decodes it on the spot.
 *
 *   IRI              '<' + iri
 *   blank node       '_' + label
 *   xsd:string       '"' + lexical form
 *   rdf:langString   '@' + language tag + '"' + lexical form   (tags never contain '"')
 *   other literal    '^' + datatype IRI + '"' + lexical form   (IRIs never contain '"')
 *   default graph    ''  (only in the graph column of quads)
 *
 * The lexical form is kept as written: "01"^^xsd:integer and "1"^^xsd:integer are different
 * terms (SPARQL joins on terms), equal values (FILTER's `=` decodes them).
 * Inside expressions a JS boolean stands for an xsd:boolean literal and null for an unbound
 * variable or an expression error; `sparql.term` turns a boolean back into its encoding
 * before a value is bound to a variable.
 */
import type { Value } from '../../common/values.js';

export const XSD = 'http://www.w3.org/2001/XMLSchema#';
export const RDF_NS = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
export const XSD_STRING = `${XSD}string`;
export const XSD_BOOLEAN = `${XSD}boolean`;
export const XSD_INTEGER = `${XSD}integer`;
export const XSD_DECIMAL = `${XSD}decimal`;
export const XSD_FLOAT = `${XSD}float`;
export const XSD_DOUBLE = `${XSD}double`;
export const XSD_DATETIME = `${XSD}dateTime`;
export const RDF_LANGSTRING = `${RDF_NS}langString`;

/** The encoding of the default graph in the graph column. */
export const DEFAULT_GRAPH = '';

export type TermKind = 'iri' | 'bnode' | 'literal';

/** A decoded term: what functions look at. */
export interface Term {
  readonly kind: TermKind;
  /** IRI, blank node label, or literal lexical form */
  readonly value: string;
  /** literals: the datatype IRI (rdf:langString for language-tagged strings) */
  readonly datatype: string;
  /** literals: the language tag, '' when none */
  readonly language: string;
}

export function encodeIri(iri: string): string {
  return `<${iri}`;
}
export function encodeBlank(label: string): string {
  return `_${label}`;
}
export function encodeLiteral(lexical: string, datatype: string = XSD_STRING, language = ''): string {
  if (language) return `@${language.toLowerCase()}"${lexical}`;
  if (datatype === XSD_STRING || datatype === '') return `"${lexical}`;
  return `^${datatype}"${lexical}`;
}

const TRUE = encodeLiteral('true', XSD_BOOLEAN);
const FALSE = encodeLiteral('false', XSD_BOOLEAN);
export function encodeBoolean(b: boolean): string {
  return b ? TRUE : FALSE;
}

/** decode reads an encoded term; null for anything that is not one. */
export function decode(v: Value): Term | null {
  if (typeof v === 'boolean') return { kind: 'literal', value: v ? 'true' : 'false', datatype: XSD_BOOLEAN, language: '' };
  if (typeof v !== 'string' || v.length === 0) return null;
  switch (v.charCodeAt(0)) {
    case 60: // <
      return { kind: 'iri', value: v.slice(1), datatype: '', language: '' };
    case 95: // _
      return { kind: 'bnode', value: v.slice(1), datatype: '', language: '' };
    case 34: // "
      return { kind: 'literal', value: v.slice(1), datatype: XSD_STRING, language: '' };
    case 64: {
      // @
      const q = v.indexOf('"');
      return { kind: 'literal', value: v.slice(q + 1), datatype: RDF_LANGSTRING, language: v.slice(1, q) };
    }
    case 94: {
      // ^
      const q = v.indexOf('"');
      return { kind: 'literal', value: v.slice(q + 1), datatype: v.slice(1, q), language: '' };
    }
    default:
      return null;
  }
}

/** encode is decode's inverse. */
export function encode(t: Term): string {
  switch (t.kind) {
    case 'iri':
      return encodeIri(t.value);
    case 'bnode':
      return encodeBlank(t.value);
    case 'literal':
      return encodeLiteral(t.value, t.datatype, t.language);
  }
}

/** termKind is the kind of an encoded term without decoding it. */
export function termKind(v: Value): TermKind | null {
  if (typeof v === 'boolean') return 'literal';
  if (typeof v !== 'string' || v.length === 0) return null;
  const c = v.charCodeAt(0);
  return c === 60 ? 'iri' : c === 95 ? 'bnode' : c === 34 || c === 64 || c === 94 ? 'literal' : null;
}

// ---- numbers ---------------------------------------------------------------------------------

/** The numeric type lattice of XPath's type promotion: integer < decimal < float < double. */
export type NumericKind = 'integer' | 'decimal' | 'float' | 'double';

const INTEGER_TYPES = new Set(
  [
    'integer', 'nonPositiveInteger', 'negativeInteger', 'long', 'int', 'short', 'byte', 'nonNegativeInteger',
    'unsignedLong', 'unsignedInt', 'unsignedShort', 'unsignedByte', 'positiveInteger',
  ].map((n) => XSD + n),
);

export function numericKind(datatype: string): NumericKind | null {
  if (INTEGER_TYPES.has(datatype)) return 'integer';
  if (datatype === XSD_DECIMAL) return 'decimal';
  if (datatype === XSD_FLOAT) return 'float';
  if (datatype === XSD_DOUBLE) return 'double';
  return null;
}

const INTEGER_RE = /^[+-]?\d+$/;
const DECIMAL_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const DOUBLE_RE = /^([+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|[+-]?INF|NaN)$/;

export interface NumericValue {
  kind: NumericKind;
  value: number;
}

/** numeric reads a numeric literal's value; null if not numeric or not a valid lexical form. */
export function numeric(t: Term | null): NumericValue | null {
  if (!t || t.kind !== 'literal') return null;
  const kind = numericKind(t.datatype);
  if (!kind) return null;
  const lex = t.value.trim();
  switch (kind) {
    case 'integer':
      return INTEGER_RE.test(lex) ? { kind, value: Number(lex) } : null;
    case 'decimal':
      return DECIMAL_RE.test(lex) ? { kind, value: Number(lex) } : null;
    default:
      if (!DOUBLE_RE.test(lex)) return null;
      return { kind, value: lex.endsWith('INF') ? (lex.startsWith('-') ? -Infinity : Infinity) : Number(lex) };
  }
}

const INTEGER_PREFIX = `^${XSD_INTEGER}"`;

/**
 * integerValue is the value of an encoded xsd:integer literal with a valid lexical form, read
 * without decoding the term (numeric's answer for it); null for anything else.
 */
export function integerValue(v: Value): number | null {
  if (typeof v !== 'string' || !v.startsWith(INTEGER_PREFIX)) return null;
  const lex = v.slice(INTEGER_PREFIX.length).trim();
  return INTEGER_RE.test(lex) ? Number(lex) : null;
}

/** isValidLiteral says whether a literal of a known datatype has a valid lexical form (unknown datatypes: true). */
export function isValidLiteral(t: Term): boolean {
  if (numericKind(t.datatype)) return numeric(t) !== null;
  if (t.datatype === XSD_BOOLEAN) return /^(true|false|1|0)$/.test(t.value);
  return true;
}

const KIND_RANK: Record<NumericKind, number> = { integer: 0, decimal: 1, float: 2, double: 3 };
const RANK_KIND: NumericKind[] = ['integer', 'decimal', 'float', 'double'];

/** promote is the common type of two numeric operands. */
export function promote(a: NumericKind, b: NumericKind): NumericKind {
  return RANK_KIND[Math.max(KIND_RANK[a], KIND_RANK[b])];
}

/** encodeNumber writes a number as a literal of the given numeric type in canonical form. */
export function encodeNumber(value: number, kind: NumericKind): string {
  switch (kind) {
    case 'integer':
      return encodeLiteral(String(Math.trunc(value)), XSD_INTEGER);
    case 'decimal': {
      // Decimals are doubles here: round away binary noise (0.1 + 0.2) at 15 significant digits.
      value = Number(value.toPrecision(15));
      let s = Number.isInteger(value) ? `${value}.0` : String(value);
      if (/e/i.test(s)) s = value.toFixed(20).replace(/0+$/, '').replace(/\.$/, '.0');
      return encodeLiteral(s, XSD_DECIMAL);
    }
    case 'float':
    case 'double':
      return encodeLiteral(formatDouble(value), kind === 'float' ? XSD_FLOAT : XSD_DOUBLE);
  }
}

function formatDouble(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'INF';
  if (v === -Infinity) return '-INF';
  if (v === 0) return Object.is(v, -0) ? '-0.0E0' : '0.0E0';
  const [m, e] = v.toExponential().split('e');
  return `${m.includes('.') ? m : `${m}.0`}E${Number(e)}`;
}

/** booleanValue reads an xsd:boolean literal; null if it is not a valid one. */
export function booleanValue(t: Term): boolean | null {
  if (t.datatype !== XSD_BOOLEAN) return null;
  if (t.value === 'true' || t.value === '1') return true;
  if (t.value === 'false' || t.value === '0') return false;
  return null;
}

/** isStringLiteral: a simple literal or xsd:string (what string functions accept besides langStrings). */
export function isPlainString(t: Term | null): boolean {
  return t !== null && t.kind === 'literal' && t.datatype === XSD_STRING;
}

// ---- dates ---------------------------------------------------------------------------------------

/** A parsed xsd:dateTime (or xsd:date at midnight). */
export interface DateTime {
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
/** dateTime parses an xsd:dateTime or xsd:date literal; null if it is not a valid one. */
export function dateTime(t: Term | null): DateTime | null {
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
