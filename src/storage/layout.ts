/**
 * layout.ts — where relations live in the key space (relations.ts, "Layout in the key space"):
 *
 *   [relationId, pk...]          → the row            (pk = [rowId] when primaryKey is null)
 *   [indexId, cols..., pk...]    → the row, or null   (cols stored descending where the index says;
 *                                                      the row where the engine keeps values as given: store.ts)
 *
 * and how a KeyRange over key columns becomes a byte range [begin, end).
 */
import type { Row, Value } from '../common/values.js';
import { keyStringOf } from './btree.js';
import type { Key } from './kv.js';
import { encodeKey, KeyWriter, prefixEnd } from './keys.js';
import type { IndexDef, KeyRange } from './relations.js';

const w = new KeyWriter();
const prefixes = new Map<number, Key>();

/** idPrefix is the encoding of [id]: every key of that relation or index starts with it. */
export function idPrefix(id: number): Key {
  let p = prefixes.get(id);
  if (p === undefined) {
    p = encodeKey([id]);
    if (prefixes.size > 100_000) prefixes.clear();
    prefixes.set(id, p);
  }
  return p;
}

/** idRange is the byte range of everything stored under relation or index `id`. */
export function idRange(id: number): [Key, Key] {
  const p = idPrefix(id);
  return [p, prefixEnd(p)];
}

/** rowKey encodes [relationId, ...key]. */
export function rowKey(relationId: number, key: readonly Value[]): Key {
  w.reset().raw(idPrefix(relationId));
  for (let i = 0; i < key.length; i++) w.value(key[i]);
  return w.finish();
}

/** indexEntryKey encodes [indexId, row's indexed columns..., ...pk]. */
export function indexEntryKey(index: IndexDef, row: Row, pk: readonly Value[]): Key {
  writeIndexEntry(index, row, pk);
  return w.finish();
}

function writeIndexEntry(index: IndexDef, row: Row, pk: readonly Value[]): void {
  w.reset().raw(idPrefix(index.id));
  const cols = index.columns;
  const desc = index.descending;
  for (let i = 0; i < cols.length; i++) w.value(row[cols[i]], desc[i]);
  for (let i = 0; i < pk.length; i++) w.value(pk[i]);
}

/** indexEntryKeyBinary is indexEntryKey as a binary string (btree.ts), without the intermediate byte copy. */
export function indexEntryKeyBinary(index: IndexDef, row: Row, pk: readonly Value[]): string {
  writeIndexEntry(index, row, pk);
  return keyStringOf(w.buffer, w.length);
}

/** indexValuePrefix encodes [indexId, row's indexed columns...]: all entries with those values. */
export function indexValuePrefix(index: IndexDef, row: Row): Key {
  w.reset().raw(idPrefix(index.id));
  const cols = index.columns;
  const desc = index.descending;
  for (let i = 0; i < cols.length; i++) w.value(row[cols[i]], desc[i]);
  return w.finish();
}

function boundKey(id: number, values: readonly Value[], descending: readonly boolean[] | undefined): Key {
  w.reset().raw(idPrefix(id));
  for (let i = 0; i < values.length; i++) w.value(values[i], descending !== undefined && descending[i] === true);
  return w.finish();
}

/** boundKeyBinary is boundKey as a binary string (btree.ts), without the intermediate byte copy. */
export function boundKeyBinary(id: number, values: readonly Value[], descending: readonly boolean[] | undefined): string {
  w.reset().raw(idPrefix(id));
  for (let i = 0; i < values.length; i++) w.value(values[i], descending !== undefined && descending[i] === true);
  return keyStringOf(w.buffer, w.length);
}

/**
 * boundRangeBinary is [begin, end) of every key that starts with the bound, as binary strings:
 * begin is boundKeyBinary, end its prefixEnd (keys.ts) made from the same encoding — one flat
 * string, where cutting and concatenating begin made a rope that the first comparison flattened.
 */
export function boundRangeBinary(id: number, values: readonly Value[], descending: readonly boolean[] | undefined): [string, string] {
  const begin = boundKeyBinary(id, values, descending);
  const buf = w.buffer;
  let n = w.length;
  while (n > 0 && buf[n - 1] === 0xff) n--;
  if (n === 0) return [begin, '\xff'];
  buf[n - 1]++; // the writer's scratch: the next key resets it
  return [begin, keyStringOf(buf, n)];
}

/**
 * rangeBytes turns bounds over key columns into [begin, end) under `id`. Bounds are in key
 * order: over a descending column the lower bound is the larger value. A bound on a prefix
 * compares only those columns, so an inclusive bound includes every key that extends it and
 * an exclusive one excludes them all.
 */
export function rangeBytes(id: number, range: KeyRange | undefined, descending?: readonly boolean[]): [Key, Key] {
  const prefix = idPrefix(id);
  const lower = range?.lower;
  const upper = range?.upper;
  let begin = prefix;
  let end = prefixEnd(prefix);
  if (lower) {
    const k = boundKey(id, lower.values, descending);
    begin = lower.inclusive ? k : prefixEnd(k);
  }
  if (upper) {
    const k = boundKey(id, upper.values, descending);
    end = upper.inclusive ? prefixEnd(k) : k;
  }
  return [begin, end];
}

/** formatValue renders a value for an error message (SQL-ish literals). */
export function formatValue(v: Value): string {
  if (v === null) return 'NULL';
  switch (typeof v) {
    case 'string':
      return `'${v.replace(/'/g, "''")}'`;
    case 'number':
    case 'bigint':
    case 'boolean':
      return String(v);
    default:
      if (v instanceof Uint8Array) return `x'${Array.from(v, (b) => b.toString(16).padStart(2, '0')).join('')}'`;
      if (Array.isArray(v)) return `[${v.map(formatValue).join(', ')}]`;
      return `{${[...v].map(([k, x]) => `${JSON.stringify(k)}: ${formatValue(x)}`).join(', ')}}`;
  }
}

/** formatTuple renders key values as (a, b). */
export function formatTuple(vs: readonly Value[]): string {
  return `(${vs.map(formatValue).join(', ')})`;
}
