/**
 * sql-json.ts — SQLite's JSON1 functions over JSON stored as text
 * (https://sqlite.org/json1.html): json, json_valid, json_type, json_extract, -> and ->>,
 * json_array, json_object, json_array_length, json_insert/replace/set/remove, json_patch,
 * json_quote, and the json_group_array/json_group_object aggregates.
 *
 * SQLite remembers that a value came from a JSON function (its "subtype") and embeds such a
 * value as JSON rather than as a string: json_array(json('[1]')) is [[1]], json_array('[1]')
 * is ["[1]"]. Subtypes are a property of how an expression is written, so the relational
 * lowering decides them: functions that build JSON from SQL values take as first argument a
 * text mask with one letter per following argument, 'j' for an argument written as a JSON
 * function call and '-' for any other (see src/relational/functions.ts).
 */
import type { Value, ValueType } from '../../common/values.js';
import { RuntimeError } from '../../common/errors.js';
import { defineAggregate, defineFunction } from './registry.js';
import {
  arrayIndex,
  child,
  clone,
  fromSql,
  J_NULL,
  jsonText,
  lookup,
  parseJson,
  requirePath,
  toSql,
  tryParseJson,
  typeName,
  type JNode,
  type Step,
} from './sql-json-text.js';
import { sqlText } from './sql-values.js';

const always = (t: ValueType) => (): ValueType => t;

/** The ids of functions whose result is JSON (has SQLite's JSON subtype). */
export const JSON_RESULTS: ReadonlySet<string> = new Set([
  'sql.json',
  'sql.json_array',
  'sql.json_object',
  'sql.json_insert',
  'sql.json_replace',
  'sql.json_set',
  'sql.json_remove',
  'sql.json_patch',
  'sql.json_quote',
  'sql.json_arrow',
  'sql.json_extract_json',
]);

function textArg(v: Value, fn: string): string {
  if (v instanceof Uint8Array) throw new RuntimeError(`${fn}: JSON cannot be a BLOB`);
  return sqlText(v) as string;
}

function parseArg(v: Value, fn: string): JNode {
  return parseJson(textArg(v, fn), fn);
}

function isJson(mask: Value, i: number): boolean {
  return typeof mask === 'string' && mask[i] === 'j';
}

// --- reading -----------------------------------------------------------------------------------

defineFunction({
  id: 'sql.json',
  arity: 1,
  returnType: always('text'),
  deterministic: true,
  nullRejecting: true,
  eval: (v) => (v === null ? null : jsonText(parseArg(v, 'json'))),
});

defineFunction({
  id: 'sql.json_valid',
  minArgs: 1,
  maxArgs: 2,
  returnType: always('integer'),
  deterministic: true,
  nullRejecting: true,
  eval: (v) => {
    if (v === null) return null;
    if (v instanceof Uint8Array) return 0;
    return tryParseJson(sqlText(v) as string) === undefined ? 0 : 1;
  },
});

/** at follows an optional path argument: undefined when the path is missing from the document. */
function at(doc: Value, path: Value | undefined, fn: string): JNode | undefined {
  const root = parseArg(doc, fn);
  return path === undefined ? root : lookup(root, requirePath(path, fn));
}

defineFunction({
  id: 'sql.json_type',
  minArgs: 1,
  maxArgs: 2,
  returnType: always('text'),
  deterministic: true,
  nullRejecting: true,
  eval: (doc, path) => {
    if (doc === null || path === null) return null;
    const n = at(doc, path, 'json_type');
    return n === undefined ? null : typeName(n);
  },
});

defineFunction({
  id: 'sql.json_array_length',
  minArgs: 1,
  maxArgs: 2,
  returnType: always('integer'),
  deterministic: true,
  nullRejecting: true,
  eval: (doc, path) => {
    if (doc === null || path === null) return null;
    const n = at(doc, path, 'json_array_length');
    return n === undefined ? null : n.t === 'arr' ? n.items.length : 0;
  },
});

function extract(fn: string, asJson: boolean) {
  return (doc: Value, ...paths: Value[]): Value => {
    if (doc === null) return null;
    const root = parseArg(doc, fn);
    if (paths.length === 1) {
      if (paths[0] === null) return null;
      const n = lookup(root, requirePath(paths[0], fn));
      if (n === undefined) return null;
      return asJson ? jsonOfSqlValue(n) : toSql(n);
    }
    const items = paths.map((p) => (p === null ? J_NULL : (lookup(root, requirePath(p, fn)) ?? J_NULL)));
    return jsonText({ t: 'arr', items });
  };
}
/** What json_extract's result reads as when embedded in JSON: its SQL value, except that arrays and objects stay JSON. */
function jsonOfSqlValue(n: JNode): string {
  return n.t === 'arr' || n.t === 'obj' ? jsonText(n) : jsonText(fromSql(toSql(n), false, 'json_extract'));
}

defineFunction({
  id: 'sql.json_extract',
  minArgs: 2,
  returnType: always('any'),
  deterministic: true,
  nullRejecting: false,
  eval: extract('json_extract', false),
});
/** json_extract written where a JSON argument is expected: the same answer, as JSON text. */
defineFunction({
  id: 'sql.json_extract_json',
  minArgs: 2,
  returnType: always('text'),
  deterministic: true,
  nullRejecting: false,
  eval: extract('json_extract', true),
});

/** The right operand of -> and ->>: a path, an array index (negative counts from the end) or an object key. */
function arrowSteps(v: Value, fn: string): readonly Step[] {
  if (typeof v === 'number' && Number.isInteger(v)) return [v < 0 ? { fromEnd: -v } : { index: v }];
  if (typeof v === 'bigint') return [{ index: Number(v) }];
  const text = sqlText(v) as string;
  return text.startsWith('$') ? requirePath(text, fn) : [{ key: text }];
}
defineFunction({
  id: 'sql.json_arrow',
  arity: 2,
  returnType: always('text'),
  deterministic: true,
  nullRejecting: true,
  eval: (doc, path) => {
    if (doc === null || path === null) return null;
    const n = lookup(parseArg(doc, '->'), arrowSteps(path, '->'));
    return n === undefined ? null : jsonText(n);
  },
});
defineFunction({
  id: 'sql.json_arrow_text',
  arity: 2,
  returnType: always('any'),
  deterministic: true,
  nullRejecting: true,
  eval: (doc, path) => {
    if (doc === null || path === null) return null;
    const n = lookup(parseArg(doc, '->>'), arrowSteps(path, '->>'));
    return n === undefined ? null : toSql(n);
  },
});

// --- building ----------------------------------------------------------------------------------

defineFunction({
  id: 'sql.json_quote',
  arity: 2,
  returnType: always('text'),
  deterministic: true,
  nullRejecting: false,
  eval: (mask, v) => jsonText(fromSql(v, isJson(mask, 0), 'json_quote')),
});

defineFunction({
  id: 'sql.json_array',
  minArgs: 1,
  returnType: always('text'),
  deterministic: true,
  nullRejecting: false,
  eval: (mask, ...items) => jsonText({ t: 'arr', items: items.map((v, i) => fromSql(v, isJson(mask, i), 'json_array')) }),
});

function objectEntries(mask: Value, args: readonly Value[], fn: string): [string, JNode][] {
  if (args.length % 2 !== 0) throw new RuntimeError(`${fn}() requires an even number of arguments, got ${args.length}`);
  const entries: [string, JNode][] = [];
  for (let i = 0; i < args.length; i += 2) {
    const k = args[i];
    if (typeof k !== 'string') throw new RuntimeError(`${fn}() labels must be TEXT, got ${k === null ? 'NULL' : String(sqlText(k))}`);
    entries.push([k, fromSql(args[i + 1], isJson(mask, i + 1), fn)]);
  }
  return entries;
}
defineFunction({
  id: 'sql.json_object',
  minArgs: 1,
  returnType: always('text'),
  deterministic: true,
  nullRejecting: false,
  eval: (mask, ...args) => jsonText({ t: 'obj', entries: objectEntries(mask, args, 'json_object') }),
});

// --- editing -----------------------------------------------------------------------------------

type EditMode = 'insert' | 'replace' | 'set';

/** edit applies one path/value pair; returns the new root (the same tree, changed in place, unless the path is '$'). */
function edit(root: JNode, steps: readonly Step[], value: JNode, mode: EditMode): JNode {
  if (steps.length === 0) return mode === 'insert' ? root : value;
  let parent = root;
  for (let s = 0; s < steps.length - 1; s++) {
    const next = child(parent, steps[s]);
    if (next !== undefined) {
      parent = next;
      continue;
    }
    if (mode === 'replace') return root;
    // Missing containers on the way are created: an object for a key, an array for [0] or [#].
    const following = steps[s + 1];
    const made: JNode | undefined = 'key' in following ? { t: 'obj', entries: [] } : arrayIndex(following, 0) === 0 ? { t: 'arr', items: [] } : undefined;
    if (made === undefined || !put(parent, steps[s], made, 'insert')) return root;
    parent = made;
  }
  put(parent, steps[steps.length - 1], value, mode);
  return root;
}

/** put writes one member of an object or element of an array; false when the step does not apply. */
function put(parent: JNode, step: Step, value: JNode, mode: EditMode): boolean {
  if ('key' in step) {
    if (parent.t !== 'obj') return false;
    const entry = parent.entries.find(([k]) => k === step.key);
    if (entry) {
      if (mode === 'insert') return false;
      entry[1] = value;
    } else {
      if (mode === 'replace') return false;
      parent.entries.push([step.key, value]);
    }
    return true;
  }
  if (parent.t !== 'arr') return false;
  const i = arrayIndex(step, parent.items.length) as number;
  if (i >= 0 && i < parent.items.length) {
    if (mode === 'insert') return false;
    parent.items[i] = value;
    return true;
  }
  if (i === parent.items.length && mode !== 'replace') {
    parent.items.push(value);
    return true;
  }
  return false;
}

function editor(id: string, mode: EditMode): void {
  const fn = id.slice(4);
  defineFunction({
    id,
    minArgs: 2,
    returnType: always('text'),
    deterministic: true,
    nullRejecting: false,
    eval: (mask, doc, ...pairs) => {
      if (pairs.length % 2 !== 0) throw new RuntimeError(`${fn}() needs an odd number of arguments, got ${pairs.length + 1}`);
      if (doc === null) return null;
      let root = clone(parseArg(doc, fn));
      for (let i = 0; i < pairs.length; i += 2) {
        if (pairs[i] === null) return null;
        root = edit(root, requirePath(pairs[i], fn), fromSql(pairs[i + 1], isJson(mask, i + 2), fn), mode);
      }
      return jsonText(root);
    },
  });
}
editor('sql.json_insert', 'insert');
editor('sql.json_replace', 'replace');
editor('sql.json_set', 'set');

defineFunction({
  id: 'sql.json_remove',
  minArgs: 1,
  returnType: always('text'),
  deterministic: true,
  nullRejecting: false,
  eval: (doc, ...paths) => {
    if (doc === null) return null;
    const root = clone(parseArg(doc, 'json_remove'));
    for (const p of paths) {
      if (p === null) return null;
      const steps = requirePath(p, 'json_remove');
      if (steps.length === 0) return null;
      const parent = lookup(root, steps.slice(0, -1));
      if (parent !== undefined) remove(parent, steps[steps.length - 1]);
    }
    return jsonText(root);
  },
});
function remove(parent: JNode, step: Step): void {
  if ('key' in step) {
    if (parent.t === 'obj') {
      const i = parent.entries.findIndex(([k]) => k === step.key);
      if (i >= 0) parent.entries.splice(i, 1);
    }
  } else if (parent.t === 'arr') {
    const i = arrayIndex(step, parent.items.length) as number;
    if (i >= 0 && i < parent.items.length) parent.items.splice(i, 1);
  }
}

/** json_patch(target, patch): RFC 7396 merge patch. */
defineFunction({
  id: 'sql.json_patch',
  arity: 2,
  returnType: always('text'),
  deterministic: true,
  nullRejecting: true,
  eval: (target, patch) => {
    if (target === null || patch === null) return null;
    return jsonText(mergePatch(clone(parseArg(target, 'json_patch')), parseArg(patch, 'json_patch')));
  },
});
function mergePatch(target: JNode, patch: JNode): JNode {
  if (patch.t !== 'obj') return patch;
  const out: JNode = target.t === 'obj' ? target : { t: 'obj', entries: [] };
  for (const [k, v] of patch.entries) {
    const i = out.entries.findIndex(([key]) => key === k);
    if (v.t === 'null') {
      if (i >= 0) out.entries.splice(i, 1);
    } else if (i >= 0) out.entries[i][1] = mergePatch(out.entries[i][1], v);
    else out.entries.push([k, mergePatch({ t: 'null' }, v)]);
  }
  return out;
}

// --- aggregates ----------------------------------------------------------------------------------

/** json_group_array(mask, x): every row's x, NULLs included, as a JSON array. */
defineAggregate({
  id: 'sql.json_group_array',
  minArgs: 2,
  maxArgs: 2,
  returnType: always('text'),
  skipNulls: false,
  init: () => [] as JNode[],
  step: (s, [mask, v]) => {
    (s as JNode[]).push(fromSql(v, isJson(mask, 0), 'json_group_array'));
    return s;
  },
  final: (s) => jsonText({ t: 'arr', items: s as JNode[] }),
});
/** json_group_object(mask, name, value): one member per row (rows with a NULL name are skipped, as SQLite). */
defineAggregate({
  id: 'sql.json_group_object',
  minArgs: 3,
  maxArgs: 3,
  returnType: always('text'),
  skipNulls: false,
  init: () => [] as [string, JNode][],
  step: (s, [mask, k, v]) => {
    if (k !== null) (s as [string, JNode][]).push([sqlText(k) as string, fromSql(v, isJson(mask, 1), 'json_group_object')]);
    return s;
  },
  final: (s) => jsonText({ t: 'obj', entries: s as [string, JNode][] }),
});
