/**
 * runs.ts — sorted runs of binary-string keys (btree.ts) with their values: sorting a bulk
 * write's keys once, and the one linear merge of an older run with a newer one that the memory
 * engine's commit, write buffer and probes share (memory.ts).
 */
import { compareSKeys, type SKey } from './btree.js';

/** A run: keys in ascending order, each with the value at the same position. */
export interface Run<V> {
  readonly keys: SKey[];
  readonly values: V[];
}

/**
 * sortRun puts distinct keys and their values in key order. The keys whose value is `bare`
 * (an index entry's null: most keys of a bulk insert) are sorted by the built-in string sort,
 * which orders by UTF-16 code unit as compareSKeys does but calls no comparator per comparison
 * and reads no position array (measured on a load's 2.4M quad keys: about half the time of
 * sorting positions with a comparator); the others are sorted by position and the two merged.
 */
export function sortRun<V>(keys: readonly SKey[], values: readonly V[], bare: V, handOver = false): Run<V> {
  const n = keys.length;
  // A run laid out in order already (a bulk insert's, store.ts bulkRun) costs one look, and no
  // copy when the caller hands its arrays over.
  if (ascending(keys)) return handOver ? { keys: keys as SKey[], values: values as V[] } : { keys: keys.slice(), values: values.slice() };
  const plain: SKey[] = [];
  const order: number[] = [];
  for (let i = 0; i < n; i++) {
    if (values[i] === bare) plain.push(keys[i]);
    else order.push(i);
  }
  plain.sort();
  if (order.length === 0) return { keys: plain, values: new Array<V>(n).fill(bare) };
  order.sort((a, b) => compareSKeys(keys[a], keys[b]));
  const outKeys = new Array<SKey>(n);
  const outValues = new Array<V>(n);
  let i = 0;
  let j = 0;
  let o = 0;
  while (i < plain.length && j < order.length) {
    const k = keys[order[j]];
    if (plain[i] < k) {
      outKeys[o] = plain[i++];
      outValues[o++] = bare;
    } else {
      outKeys[o] = k;
      outValues[o++] = values[order[j++]];
    }
  }
  for (; i < plain.length; i++, o++) {
    outKeys[o] = plain[i];
    outValues[o] = bare;
  }
  for (; j < order.length; j++, o++) {
    outKeys[o] = keys[order[j]];
    outValues[o] = values[order[j]];
  }
  return { keys: outKeys, values: outValues };
}

/** ascending says whether the keys are in strictly ascending order (distinct and sorted). */
function ascending(keys: readonly SKey[]): boolean {
  for (let i = 1; i < keys.length; i++) if (!(keys[i - 1] < keys[i])) return false;
  return true;
}

/** A newer run given as a walk over its entries in key order (an array run, or a tree's forEachPair). */
export type RunWalk<V> = (visit: (key: SKey, value: V) => void) => void;

/** walkRun is the walk over an array run. */
export function walkRun<V>(run: Run<V>): RunWalk<V> {
  return (visit) => {
    const { keys, values } = run;
    for (let i = 0; i < keys.length; i++) visit(keys[i], values[i]);
  };
}

/**
 * mergeRuns walks an older run and a newer one (each of distinct keys in key order) as one run
 * in key order, a newer entry replacing an older one under the same key: `keep` receives each
 * older entry not replaced, `take` each newer entry with the older value it replaces
 * (undefined when none). What a replacement or deletion means is the callers': a commit drops
 * deleted keys, a write buffer logs what it replaced, a probe hides deleted keys.
 */
export function mergeRuns<A, B>(
  older: Run<A>,
  newer: RunWalk<B>,
  keep: (key: SKey, value: A) => void,
  take: (key: SKey, value: B, replaced: A | undefined) => void,
): void {
  const { keys, values } = older;
  let i = 0;
  newer((k, v) => {
    while (i < keys.length && keys[i] < k) keep(keys[i], values[i++]);
    let replaced: A | undefined;
    if (i < keys.length && keys[i] === k) replaced = values[i++];
    take(k, v, replaced);
  });
  for (; i < keys.length; i++) keep(keys[i], values[i]);
}
