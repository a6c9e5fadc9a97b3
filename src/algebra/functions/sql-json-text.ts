/**
 * sql-json-text.ts — JSON as SQLite's JSON1 sees it: text parsed into a tree that keeps what
 * SQLite keeps (number lexemes and string escapes as written, duplicate object keys in order),
 * written back minified; JSON paths ($.a."b c"[2][#-1]); conversions between JSON and SQL values.
 *
 * JSON is stored as text (RFC 8259). SQLite's JSON5 extensions are not accepted.
 */
import type { Value } from '../../common/values.js';
import { RuntimeError } from '../../common/errors.js';
import { describeValue, formatReal, sqlText } from './sql-values.js';

/** A JSON value: scalars keep their source text, so that json() reproduces them. */
export type JNode =
  | { readonly t: 'null' }
  | { readonly t: 'true' }
  | { readonly t: 'false' }
  | { readonly t: 'num'; readonly raw: string }
  | { readonly t: 'str'; readonly raw: string; readonly value: string }
  | { t: 'arr'; items: JNode[] }
  | { t: 'obj'; entries: [key: string, value: JNode][] };

export const J_NULL: JNode = Object.freeze({ t: 'null' });
const J_TRUE: JNode = Object.freeze({ t: 'true' });
const J_FALSE: JNode = Object.freeze({ t: 'false' });

// --- parsing -----------------------------------------------------------------------------------

class Malformed extends Error {}

/** parseJson reads JSON text, or returns undefined when it is malformed. */
export function tryParseJson(text: string): JNode | undefined {
  try {
    const p = { s: text, i: 0 };
    const v = value(p, 0);
    skipSpace(p);
    return p.i === text.length ? v : undefined;
  } catch (e) {
    if (e instanceof Malformed) return undefined;
    throw e;
  }
}

/** parseJson reads JSON text or fails with a RuntimeError naming the function and the text. */
export function parseJson(text: string, fn: string): JNode {
  const node = tryParseJson(text);
  if (node === undefined) throw new RuntimeError(`${fn}: malformed JSON: ${describeValue(text)}`);
  return node;
}

interface Cursor {
  s: string;
  i: number;
}

const MAX_DEPTH = 1000;

function skipSpace(p: Cursor): void {
  while (p.i < p.s.length) {
    const c = p.s.charCodeAt(p.i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) p.i++;
    else break;
  }
}

function value(p: Cursor, depth: number): JNode {
  if (depth > MAX_DEPTH) throw new Malformed();
  skipSpace(p);
  const c = p.s[p.i];
  switch (c) {
    case '{': {
      p.i++;
      const entries: [string, JNode][] = [];
      skipSpace(p);
      if (p.s[p.i] === '}') {
        p.i++;
        return { t: 'obj', entries };
      }
      for (;;) {
        skipSpace(p);
        if (p.s[p.i] !== '"') throw new Malformed();
        const key = string(p);
        skipSpace(p);
        if (p.s[p.i++] !== ':') throw new Malformed();
        entries.push([key.value, value(p, depth + 1)]);
        skipSpace(p);
        const sep = p.s[p.i++];
        if (sep === '}') return { t: 'obj', entries };
        if (sep !== ',') throw new Malformed();
      }
    }
    case '[': {
      p.i++;
      const items: JNode[] = [];
      skipSpace(p);
      if (p.s[p.i] === ']') {
        p.i++;
        return { t: 'arr', items };
      }
      for (;;) {
        items.push(value(p, depth + 1));
        skipSpace(p);
        const sep = p.s[p.i++];
        if (sep === ']') return { t: 'arr', items };
        if (sep !== ',') throw new Malformed();
      }
    }
    case '"':
      return string(p);
    case 't':
      return literal(p, 'true', J_TRUE);
    case 'f':
      return literal(p, 'false', J_FALSE);
    case 'n':
      return literal(p, 'null', J_NULL);
    default: {
      const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(p.s.slice(p.i, p.i + 400));
      if (!m) throw new Malformed();
      p.i += m[0].length;
      return { t: 'num', raw: m[0] };
    }
  }
}

function literal(p: Cursor, word: string, node: JNode): JNode {
  if (p.s.startsWith(word, p.i)) {
    p.i += word.length;
    return node;
  }
  throw new Malformed();
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

function string(p: Cursor): { t: 'str'; raw: string; value: string } {
  const start = p.i;
  p.i++;
  let value = '';
  for (;;) {
    if (p.i >= p.s.length) throw new Malformed();
    const c = p.s[p.i++];
    if (c === '"') break;
    if (c === '\\') {
      const e = p.s[p.i++];
      if (e === 'u') {
        const hex = p.s.slice(p.i, p.i + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new Malformed();
        value += String.fromCharCode(parseInt(hex, 16));
        p.i += 4;
      } else if (e !== undefined && e in ESCAPES) value += ESCAPES[e];
      else throw new Malformed();
    } else if (c.charCodeAt(0) < 0x20) throw new Malformed();
    else value += c;
  }
  return { t: 'str', raw: p.s.slice(start, p.i), value };
}

// --- writing -----------------------------------------------------------------------------------

/** jsonText writes a node as minified JSON. */
export function jsonText(n: JNode): string {
  switch (n.t) {
    case 'null':
    case 'true':
    case 'false':
      return n.t;
    case 'num':
    case 'str':
      return n.raw;
    case 'arr':
      return `[${n.items.map(jsonText).join(',')}]`;
    case 'obj':
      return `{${n.entries.map(([k, v]) => `${quoteString(k)}:${jsonText(v)}`).join(',')}}`;
  }
}

/** quoteString writes a string as a JSON string literal (control characters as \u escapes, as SQLite). */
export function quoteString(s: string): string {
  let out = '"';
  for (const c of s) {
    const code = c.charCodeAt(0);
    if (c === '"' || c === '\\') out += `\\${c}`;
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (c === '\b') out += '\\b';
    else if (c === '\f') out += '\\f';
    else if (code < 0x20) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += c;
  }
  return `${out}"`;
}

export function strNode(s: string): JNode {
  return { t: 'str', raw: quoteString(s), value: s };
}

// --- SQL values ↔ JSON -------------------------------------------------------------------------

/** fromSql turns an SQL value into JSON: text becomes a string unless `isJson` (an argument that came from a JSON function). */
export function fromSql(v: Value, isJson: boolean, fn: string): JNode {
  if (v === null) return J_NULL;
  if (isJson && typeof v === 'string') return parseJson(v, fn);
  switch (typeof v) {
    case 'number':
      if (!Number.isFinite(v)) return { t: 'num', raw: Number.isNaN(v) ? 'null' : v > 0 ? '9e999' : '-9e999' };
      return { t: 'num', raw: Number.isInteger(v) && Number.isSafeInteger(v) ? String(v) : formatReal(v) };
    case 'bigint':
      return { t: 'num', raw: v.toString() };
    case 'boolean':
      return { t: 'num', raw: v ? '1' : '0' };
    case 'string':
      return strNode(v);
    default:
      if (v instanceof Uint8Array) throw new RuntimeError(`${fn}: JSON cannot hold BLOB values`);
      return strNode(sqlText(v) as string);
  }
}

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/** toSql is the SQL value of a JSON node (json_extract, ->>): arrays and objects as JSON text. */
export function toSql(n: JNode): Value {
  switch (n.t) {
    case 'null':
      return null;
    case 'true':
      return 1;
    case 'false':
      return 0;
    case 'num': {
      if (/^-?\d+$/.test(n.raw)) {
        const big = BigInt(n.raw);
        if (big > INT64_MAX || big < INT64_MIN) return Number(n.raw);
        return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
      }
      return Number(n.raw);
    }
    case 'str':
      return n.value;
    default:
      return jsonText(n);
  }
}

/** typeName is json_type's name for a node. */
export function typeName(n: JNode): string {
  switch (n.t) {
    case 'num':
      return /^-?\d+$/.test(n.raw) ? 'integer' : 'real';
    case 'str':
      return 'text';
    case 'arr':
      return 'array';
    case 'obj':
      return 'object';
    default:
      return n.t;
  }
}

// --- paths -------------------------------------------------------------------------------------

/** One step of a path: an object key, an array index, or an index counted from the end ([#-N]; N = 0 is one past the end). */
export type Step = { readonly key: string } | { readonly index: number } | { readonly fromEnd: number };

const pathCache = new Map<string, readonly Step[] | null>();

/** parsePath reads a JSON path; null when malformed. Parsed paths are cached: a constant path is parsed once. */
export function parsePath(path: string): readonly Step[] | null {
  let steps = pathCache.get(path);
  if (steps === undefined) {
    steps = readPath(path);
    if (pathCache.size > 1000) pathCache.clear();
    pathCache.set(path, steps);
  }
  return steps;
}

function readPath(path: string): Step[] | null {
  if (path[0] !== '$') return null;
  const steps: Step[] = [];
  let i = 1;
  while (i < path.length) {
    if (path[i] === '.') {
      i++;
      if (path[i] === '"') {
        const end = path.indexOf('"', i + 1);
        if (end < 0) return null;
        steps.push({ key: path.slice(i + 1, end) });
        i = end + 1;
      } else {
        let j = i;
        while (j < path.length && path[j] !== '.' && path[j] !== '[') j++;
        if (j === i) return null;
        steps.push({ key: path.slice(i, j) });
        i = j;
      }
    } else if (path[i] === '[') {
      const end = path.indexOf(']', i);
      if (end < 0) return null;
      const body = path.slice(i + 1, end);
      let m: RegExpExecArray | null;
      if (/^\d+$/.test(body)) steps.push({ index: Number(body) });
      else if (body === '#') steps.push({ fromEnd: 0 });
      else if ((m = /^#-(\d+)$/.exec(body))) steps.push({ fromEnd: Number(m[1]) });
      else return null;
      i = end + 1;
    } else return null;
  }
  return steps;
}

/** requirePath parses a path or fails with SQLite's "bad JSON path" naming the function. */
export function requirePath(v: Value, fn: string): readonly Step[] {
  const text = sqlText(v) as string;
  const steps = parsePath(text);
  if (steps === null) throw new RuntimeError(`${fn}: bad JSON path: '${text}'`);
  return steps;
}

/** arrayIndex resolves a step against an array's length (undefined when it does not apply). */
export function arrayIndex(step: Step, length: number): number | undefined {
  if ('index' in step) return step.index;
  if ('fromEnd' in step) return length - step.fromEnd;
  return undefined;
}

/** lookup follows a path; undefined when a step is missing. */
export function lookup(root: JNode, steps: readonly Step[]): JNode | undefined {
  let n: JNode | undefined = root;
  for (const step of steps) {
    if (n === undefined) return undefined;
    n = child(n, step);
  }
  return n;
}

export function child(n: JNode, step: Step): JNode | undefined {
  if ('key' in step) {
    if (n.t !== 'obj') return undefined;
    return n.entries.find(([k]) => k === step.key)?.[1];
  }
  if (n.t !== 'arr') return undefined;
  const i = arrayIndex(step, n.items.length) as number;
  return i >= 0 && i < n.items.length ? n.items[i] : undefined;
}

/** clone copies the containers of a tree (scalars are immutable), so edits leave the input intact. */
export function clone(n: JNode): JNode {
  if (n.t === 'arr') return { t: 'arr', items: n.items.map(clone) };
  if (n.t === 'obj') return { t: 'obj', entries: n.entries.map(([k, v]) => [k, clone(v)]) };
  return n;
}
