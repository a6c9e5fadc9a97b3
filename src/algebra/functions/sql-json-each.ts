/**
 * sql-json-each.ts — the rows of SQLite's table-valued json_each and json_tree
 * (https://sqlite.org/json1.html#jeach) as a list, one list per row holding
 * key, value, type, atom, id, parent, fullkey, path — the relational lowering unnests it.
 *
 * `id` is what SQLite reports: the byte offset of the element (of its label, for an object
 * member) in the document's JSONB encoding, where each element is a header of 1, 2, 3, 5 or
 * 9 bytes (by payload size) followed by its payload: a number's or string's text as written,
 * a container's elements (an object's labels and values alternate).
 */
import type { Value } from '../../common/values.js';
import { sqlText } from './sql-values.js';
import { parseJson, requirePath, child, toSql, typeName, quoteString, type JNode, type Step } from './sql-json-text.js';
import { defineFunction } from './registry.js';

const encoder = new TextEncoder();

function utf8Length(s: string): number {
  // ASCII text is the common case: its UTF-8 length is its length.
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return encoder.encode(s).length;
  return s.length;
}

function headerSize(payload: number): number {
  return payload <= 11 ? 1 : payload <= 0xff ? 2 : payload <= 0xffff ? 3 : payload <= 0xffffffff ? 5 : 9;
}

/** Encoded sizes of the nodes of one document, each payload computed once. */
class Sizes {
  private readonly payloads = new Map<JNode, number>();

  /** of is a node's encoded size, header included. */
  of(n: JNode): number {
    const p = this.payload(n);
    return headerSize(p) + p;
  }

  /** header is the size of a node's header: its first element follows it. */
  header(n: JNode): number {
    return headerSize(this.payload(n));
  }

  /** label is the encoded size of an object member's label. */
  label(key: string): number {
    const payload = utf8Length(quoteString(key)) - 2;
    return headerSize(payload) + payload;
  }

  private payload(n: JNode): number {
    let p = this.payloads.get(n);
    if (p === undefined) {
      p = this.measure(n);
      this.payloads.set(n, p);
    }
    return p;
  }

  private measure(n: JNode): number {
    switch (n.t) {
      case 'num':
        return utf8Length(n.raw);
      case 'str':
        return utf8Length(n.raw) - 2;
      case 'arr':
        return n.items.reduce((sum, x) => sum + this.of(x), 0);
      case 'obj':
        return n.entries.reduce((sum, [k, v]) => sum + this.label(k) + this.of(v), 0);
      default:
        return 0;
    }
  }
}

/** keyStep writes an object key as a path step: bare when alphanumeric and starting with a letter, else quoted. */
function keyStep(key: string): string {
  return /^[A-Za-z][A-Za-z0-9]*$/.test(key) ? `.${key}` : `.${quoteString(key)}`;
}

/**
 * A located element: its node, its id (an object member's is its label's offset), the offset
 * of its value, its full path and its key in its container (null for the root).
 */
interface Located {
  readonly node: JNode;
  readonly id: number;
  readonly at: number;
  readonly fullkey: string;
  readonly key: Value;
}

/** locate follows a path from the root, tracking the encoded offset of each step; `fullkey` is the path as written. */
function locate(root: JNode, steps: readonly Step[], fullkey: string, sizes: Sizes): Located | undefined {
  let here: Located = { node: root, id: 0, at: 0, fullkey, key: null };
  for (const step of steps) {
    const next = child(here.node, step);
    if (next === undefined) return undefined;
    const found = [...members(here, sizes)].find((m) => m.node === next);
    if (found === undefined) return undefined;
    here = { ...found, fullkey };
  }
  return here;
}

function row(n: JNode, key: Value, id: number, parent: number | null, fullkey: string, path: string): Value[] {
  const container = n.t === 'arr' || n.t === 'obj';
  return [key, toSql(n), typeName(n), container ? null : toSql(n), id, parent, fullkey, path];
}

/** members lists a container's elements with their ids and value offsets. */
function* members(of: Located, sizes: Sizes): Generator<Located> {
  const n = of.node;
  let offset = of.at + sizes.header(n);
  if (n.t === 'arr') {
    for (let i = 0; i < n.items.length; i++) {
      yield { node: n.items[i], id: offset, at: offset, fullkey: `${of.fullkey}[${i}]`, key: i };
      offset += sizes.of(n.items[i]);
    }
  } else if (n.t === 'obj') {
    for (const [k, v] of n.entries) {
      const label = sizes.label(k);
      yield { node: v, id: offset, at: offset + label, fullkey: `${of.fullkey}${keyStep(k)}`, key: k };
      offset += label + sizes.of(v);
    }
  }
}

/** parentPath is a path without its last step (SQLite's `path` column of the element a path names). */
function parentPath(path: string): string {
  return path.replace(/(\.("([^"\\]|\\.)*"|[^.[]*)|\[[^\]]*\])$/, '') || '$';
}

function start(args: readonly Value[], fn: string): { at: Located; sizes: Sizes } | null {
  const [doc, path] = args;
  if (doc === undefined || doc === null || path === null) return null;
  const root = parseJson(sqlText(doc) as string, fn);
  const sizes = new Sizes();
  const at = locate(root, path === undefined ? [] : requirePath(path, fn), path === undefined ? '$' : (sqlText(path) as string), sizes);
  return at === undefined ? null : { at, sizes };
}

defineFunction({
  id: 'sql.json_each',
  minArgs: 0,
  maxArgs: 2,
  returnType: () => 'list',
  deterministic: true,
  nullRejecting: false,
  eval: (...args) => {
    const s = start(args, 'json_each');
    if (s === null) return [];
    const { at, sizes } = s;
    // A scalar is its own only row, keyless, at the path given.
    if (at.node.t !== 'arr' && at.node.t !== 'obj') return [row(at.node, null, at.id, null, at.fullkey, at.fullkey)];
    const out: Value[] = [];
    for (const m of members(at, sizes)) out.push(row(m.node, m.key, m.id, null, m.fullkey, at.fullkey));
    return out;
  },
});

defineFunction({
  id: 'sql.json_tree',
  minArgs: 0,
  maxArgs: 2,
  returnType: () => 'list',
  deterministic: true,
  nullRejecting: false,
  eval: (...args) => {
    const s = start(args, 'json_tree');
    if (s === null) return [];
    const out: Value[] = [];
    const walk = (here: Located, parent: number | null, containerPath: string): void => {
      out.push(row(here.node, here.key, here.id, parent, here.fullkey, containerPath));
      for (const m of members(here, s.sizes)) walk(m, here.id, here.fullkey);
    };
    walk(s.at, null, parentPath(s.at.fullkey));
    return out;
  },
});
