/**
 * deferred.ts — writes a memory transaction holds aside (memory.ts deferManyBinary): sorted
 * runs of keys within a declared key range, kept as arrays until something reads or writes in
 * that range, or the transaction commits; then they are merged into the write buffer at once.
 *
 * Why: a bulk load writes each quad's three secondary-index entries, which nothing reads until
 * the load has committed. Inserted batch by batch into a write buffer that grows to millions of
 * keys, each entry cost a descent to a leaf elsewhere in the heap (a fifth of a load's insert
 * time); held as sorted runs they are merged once, in linear passes.
 *
 * A Pile is the deferred writes of one range [begin, end): runs oldest first, each of distinct
 * keys in key order; a key in a later run replaces the same key in an earlier one. The piles
 * of a transaction never overlap one another, and every buffer entry in a pile's range is
 * older than the pile (a write there settles the pile first), so settling a pile is merging
 * its runs over the buffer. Piles are values: a change makes a new list (a savepoint's undo
 * log keeps the list it replaced).
 */
import type { SKey } from './btree.js';
import { mergeRuns, walkRun, type Run } from './runs.js';

export interface Pile<V> {
  readonly begin: SKey;
  readonly end: SKey;
  readonly runs: readonly Run<V>[];
}

/** withRun is `piles` with `run` (its keys in [begin, end)) added to the pile of exactly that range, made if missing. */
export function withRun<V>(piles: readonly Pile<V>[], begin: SKey, end: SKey, run: Run<V>): Pile<V>[] {
  const out: Pile<V>[] = [];
  let added = false;
  for (const p of piles) {
    if (p.begin === begin && p.end === end) {
      out.push({ begin, end, runs: [...p.runs, run] });
      added = true;
    } else out.push(p);
  }
  if (!added) out.push({ begin, end, runs: [run] });
  return out;
}

/** meets says whether pile `p` meets [begin, end) ([begin, end] when `inclusive`). */
function meets<V>(p: Pile<V>, begin: SKey, end: SKey, inclusive: boolean): boolean {
  return (p.begin < end || (inclusive && p.begin === end)) && begin < p.end;
}

/** overlapping says whether some pile meets [begin, end) ([begin, end] when `inclusive`). */
export function overlapping<V>(piles: readonly Pile<V>[], begin: SKey, end: SKey, inclusive: boolean): boolean {
  for (let i = 0; i < piles.length; i++) if (meets(piles[i], begin, end, inclusive)) return true;
  return false;
}

/** clashing says whether a pile of another range than [begin, end) meets it. */
export function clashing<V>(piles: readonly Pile<V>[], begin: SKey, end: SKey): boolean {
  for (const p of piles) if (meets(p, begin, end, false) && (p.begin !== begin || p.end !== end)) return true;
  return false;
}

/** holding says whether some pile's range holds `key`. */
export function holding<V>(piles: readonly Pile<V>[], key: SKey): boolean {
  for (let i = 0; i < piles.length; i++) if (piles[i].begin <= key && key < piles[i].end) return true;
  return false;
}

/**
 * takeRuns splits `piles` into those meeting [begin, end] (inclusive when `inclusive`) and the
 * rest: the first as one run in key order (their ranges are disjoint: the piles' merged runs
 * concatenated by range), the rest as the new list.
 */
export function takeRuns<V>(piles: readonly Pile<V>[], begin: SKey, end: SKey, inclusive: boolean): { run: Run<V>; rest: Pile<V>[] } {
  const taken: Pile<V>[] = [];
  const rest: Pile<V>[] = [];
  for (const p of piles) (meets(p, begin, end, inclusive) ? taken : rest).push(p);
  const merged = takeAll(taken);
  if (merged.length === 1) return { run: merged[0], rest };
  let n = 0;
  for (const r of merged) n += r.keys.length;
  const keys = new Array<SKey>(n);
  const values = new Array<V>(n);
  let at = 0;
  for (const r of merged) {
    for (let i = 0; i < r.keys.length; i++, at++) {
      keys[at] = r.keys[i];
      values[at] = r.values[i];
    }
  }
  return { run: { keys, values }, rest };
}

/** takeAll is the piles' runs as one run per pile, in key order (the piles' ranges are disjoint): a commit walks them in turn, uncopied. */
export function takeAll<V>(piles: readonly Pile<V>[]): Run<V>[] {
  return [...piles].sort((a, b) => (a.begin < b.begin ? -1 : a.begin > b.begin ? 1 : 0)).map((p) => mergeAll(p.runs));
}

/** mergeAll merges runs (oldest first) into one, a later run's entry replacing an earlier one's: pairwise passes, as a merge sort's. */
export function mergeAll<V>(runs: readonly Run<V>[]): Run<V> {
  let level = runs.slice();
  while (level.length > 1) {
    const up: Run<V>[] = [];
    for (let i = 0; i < level.length; i += 2) up.push(i + 1 < level.length ? mergeTwo(level[i], level[i + 1]) : level[i]);
    level = up;
  }
  return level[0] ?? { keys: [], values: [] };
}

/** mergeTwo merges an older run and a newer one into arrays sized once. */
function mergeTwo<V>(older: Run<V>, newer: Run<V>): Run<V> {
  const ok = older.keys;
  const nk = newer.keys;
  if (ok.length === 0) return newer;
  if (nk.length === 0) return older;
  if (ok[ok.length - 1] < nk[0]) return { keys: ok.concat(nk), values: older.values.concat(newer.values) };
  const keys = new Array<SKey>(ok.length + nk.length);
  const values = new Array<V>(keys.length);
  let at = 0;
  const keep = (k: SKey, v: V): void => {
    keys[at] = k;
    values[at++] = v;
  };
  mergeRuns<V, V>(older, walkRun(newer), keep, keep);
  keys.length = at;
  values.length = at;
  return { keys, values };
}
