/**
 * sorted-trie.ts — an input of a multiway join as a trie held in flat sorted arrays.
 *
 * Each row has a key tuple: one number per join variable the input holds, in the join's
 * variable order (joinKeys: the value itself when every value of that variable is a number,
 * else a code numbering its distinct hash keys, hash-key.ts — the same code in every input).
 * The rows are sorted by key tuple; a trie node at level l is then a range of that order
 * whose rows share keys 0..l-1, its children the runs of equal key l inside it. Nothing is
 * allocated per node, every comparison is of two numbers in a Float64Array, and finding a
 * value in a node is a galloping search forward from where the previous search stopped
 * (values are sought in increasing order): merging sorted lists, as a hand-written triangle
 * count does with sorted adjacency lists.
 */
import type { Row, Value } from '../common/values.js';
import { hashKey, type HashKey } from './hash-key.js';
import type { RowRunVisitor } from './operator.js';
import { float64s, int32s, release } from './scratch.js';

export interface SortedTrie {
  /** The rows, sorted by key tuple; null when only their keys were read (a join that only counts). */
  readonly rows: readonly Row[] | null;
  /** How many rows (key tuples) there are. */
  readonly size: number;
  /** keys[l][i]: key l of row i; arrays from scratch.ts, released by the trie's owner (releaseTrie). */
  readonly keys: readonly Float64Array[];
  /** Level 0's directory, when its keys are integers over a range not much wider than the rows. */
  readonly directory: Directory | null;
}

/**
 * A directory of level 0: first[k] is the first position whose key is not below min + k.
 * Level 0 is the one node that spans the whole input, so a variable held there by an input
 * is sought across all its rows, once per value the other holders bind (the triangle's second
 * edge: once per two-hop path, galloping over 85k keys in scattered reads where a hand-written
 * count does one Map lookup). Keys that are ids or codes make the directory about as long as
 * the level, and a seek one read.
 */
export interface Directory {
  readonly min: number;
  readonly first: Int32Array;
}

/** Levels shorter than this gallop in cache anyway; a directory would cost more than it saves. */
const DIRECTORY_MIN_ROWS = 256;

/** directoryOf builds level 0's directory from its sorted keys; null when they are not integers over a range at most DIRECTORY_SPAN times their count. */
function directoryOf(keys: Float64Array): Directory | null {
  const n = keys.length;
  if (n < DIRECTORY_MIN_ROWS) return null;
  const min = keys[0];
  const span = keys[n - 1] - min;
  if (!(span <= DIRECTORY_SPAN * n) || !Number.isInteger(min) || !Number.isInteger(span)) return null;
  const first = int32s(span + 1);
  let i = 0;
  for (let k = 0; k <= span; k++) {
    // Every key below the largest is stepped over here once: a fraction has no directory.
    for (; i < n && keys[i] < min + k; i++) {
      if (!Number.isInteger(keys[i])) {
        release(first);
        return null;
      }
    }
    first[k] = i;
  }
  return { min, first };
}

const DIRECTORY_SPAN = 4;

/** seekDirectory is seek (below) on level 0 through its directory: the first position in keys[from..to) whose key is not below `v`. */
export function seekDirectory(dir: Directory, n: number, from: number, to: number, v: number): number {
  // Rounding before subtracting: v - min could lose v's fraction (5e-324 - (-1) is 1).
  const k = Math.ceil(v) - dir.min;
  const at = k <= 0 ? 0 : k < dir.first.length ? dir.first[k] : n;
  return at < from ? from : at > to ? to : at;
}

/**
 * KeyCoder turns one join variable's values into numbers that are equal exactly when the
 * values' hash keys are: numbers as themselves when the variable has only numbers (NaN aside),
 * else a dense code per distinct hash key shared by every input holding the variable.
 */
export class KeyCoder {
  private readonly codes: Map<HashKey, number> | null;

  constructor(readonly numeric: boolean) {
    this.codes = numeric ? null : new Map();
  }

  /** numericValues says whether every non-NULL value at `slot` of `rows` is a number other than NaN. */
  static numericValues(rows: readonly Row[], slot: number): boolean {
    for (let i = 0; i < rows.length; i++) {
      const v = rows[i][slot];
      if (v !== null && (typeof v !== 'number' || v !== v)) return false;
    }
    return true;
  }

  code(v: Value): number {
    if (this.codes === null) return v as number;
    const k = hashKey(v);
    let c = this.codes.get(k);
    if (c === undefined) this.codes.set(k, (c = this.codes.size));
    return c;
  }
}

/** sortedTrie keys each row by the values at `slots`, coded by `coders` (rows with a NULL there are left out), and sorts them. */
export function sortedTrie(input: readonly Row[], slots: readonly number[], coders: readonly KeyCoder[]): SortedTrie {
  const kept = withoutNulls(input, slots);
  const n = kept.length;
  const raw = slots.map((s, l) => {
    const out = float64s(n);
    const coder = coders[l];
    if (coder.numeric) for (let i = 0; i < n; i++) out[i] = kept[i][s] as number;
    else for (let i = 0; i < n; i++) out[i] = coder.code(kept[i][s]);
    return out;
  });
  const trie = trieOfKeys(kept, raw, n);
  if (trie.keys !== raw) release(...raw);
  return trie;
}

/**
 * trieOfKeys sorts key tuples raw[·][0..n) (and `rows` with them, when there are rows): the
 * trie's keys are `raw` itself when already in order, else new arrays (raw is then the
 * caller's to release).
 */
export function trieOfKeys(rows: readonly Row[] | null, raw: Float64Array[], n: number): SortedTrie {
  const m = raw.length;
  // A scan in primary-key order keyed on its key's leading columns comes sorted already.
  if (sorted(raw, n)) return { rows, size: n, keys: raw, directory: directoryOf(raw[0]) };
  // Counting sort on the first key (its distinct values sorted), then each group by the rest.
  const group = new Map<number, number>();
  const firsts: number[] = [];
  const groupOf = int32s(n);
  for (let i = 0; i < n; i++) {
    const k = raw[0][i];
    let g = group.get(k);
    if (g === undefined) {
      group.set(k, (g = firsts.length));
      firsts.push(k);
    }
    groupOf[i] = g;
  }
  const ranked = Float64Array.from(firsts).sort();
  const rankOf = new Int32Array(firsts.length);
  for (let r = 0; r < ranked.length; r++) rankOf[group.get(ranked[r]) as number] = r;
  const start = new Int32Array(firsts.length + 1);
  for (let i = 0; i < n; i++) start[(groupOf[i] = rankOf[groupOf[i]]) + 1]++;
  for (let g = 0; g < firsts.length; g++) start[g + 1] += start[g];
  const order = int32s(n);
  const fill = start.slice(0, firsts.length);
  for (let i = 0; i < n; i++) order[fill[groupOf[i]]++] = i;
  release(groupOf);
  if (m > 1) {
    const rest = (a: number, b: number): number => {
      for (let l = 1; l < m; l++) {
        const d = raw[l][a] - raw[l][b];
        if (d !== 0) return d;
      }
      return 0;
    };
    for (let g = 0; g < firsts.length; g++) sortRange(order, start[g], start[g + 1], rest);
  }
  const rowsOut = rows === null ? null : new Array<Row>(n);
  const keys = raw.map(() => float64s(n));
  for (let i = 0; i < n; i++) {
    const o = order[i];
    if (rowsOut !== null) rowsOut[i] = (rows as readonly Row[])[o];
    for (let l = 0; l < m; l++) keys[l][i] = raw[l][o];
  }
  release(order);
  return { rows: rowsOut, size: n, keys, directory: directoryOf(keys[0]) };
}

/** releaseTrie gives a trie's arrays back to scratch.ts; the trie is not to be read after. */
export function releaseTrie(trie: SortedTrie): void {
  release(...trie.keys, trie.directory?.first);
}

/**
 * KeyColumns reads the join columns `slots` of an input's rows as they stream by, keeping no
 * rows (a join that only counts needs their keys alone): a column holds numbers in a
 * Float64Array while every value is one (NaN aside), else the values. Rows with a NULL in any
 * of the slots are left out, as sortedTrie leaves them out.
 */
export class KeyColumns {
  size = 0;
  readonly columns: (Float64Array | Value[])[];
  private capacity: number;

  constructor(
    readonly slots: readonly number[],
    expected: number,
  ) {
    this.capacity = Math.max(16, Math.ceil(expected));
    this.columns = slots.map(() => float64s(this.capacity));
  }

  readonly take: RowRunVisitor = (rows, from, to) => {
    const slots = this.slots;
    const columns = this.columns;
    const m = slots.length;
    rows: for (let r = from; r < to; r++) {
      const row = rows[r];
      for (let l = 0; l < m; l++) if (row[slots[l]] === null) continue rows;
      if (this.size === this.capacity) this.grow();
      const at = this.size++;
      for (let l = 0; l < m; l++) {
        const v = row[slots[l]];
        const column = columns[l];
        if (column instanceof Float64Array && typeof v === 'number' && v === v) column[at] = v;
        else this.valueAt(l, at, v);
      }
    }
  };

  /** Arrays from scratch.ts this reader holds (its numeric columns). */
  scratch(): Float64Array[] {
    return this.columns.filter((c): c is Float64Array => c instanceof Float64Array);
  }

  private valueAt(l: number, at: number, v: Value): void {
    let column = this.columns[l];
    if (column instanceof Float64Array) {
      // The first value that is not a number: the column holds values from here on.
      const values: Value[] = Array.from(column.subarray(0, at));
      release(column);
      this.columns[l] = column = values;
    }
    column[at] = v;
  }

  private grow(): void {
    this.capacity *= 2;
    for (let l = 0; l < this.columns.length; l++) {
      const column = this.columns[l];
      if (!(column instanceof Float64Array)) continue;
      const bigger = float64s(this.capacity);
      bigger.set(column);
      release(column);
      this.columns[l] = bigger;
    }
  }
}

/** withoutNulls returns the rows without a NULL at any of `slots`: `input` itself when it has none. */
function withoutNulls(input: readonly Row[], slots: readonly number[]): readonly Row[] {
  const m = slots.length;
  let r = 0;
  scan: for (; r < input.length; r++) {
    const row = input[r];
    for (let l = 0; l < m; l++) if (row[slots[l]] === null) break scan;
  }
  if (r === input.length) return input;
  const kept: Row[] = input.slice(0, r);
  rows: for (; r < input.length; r++) {
    const row = input[r];
    for (let l = 0; l < m; l++) if (row[slots[l]] === null) continue rows;
    kept.push(row);
  }
  return kept;
}

/** sorted says whether the key tuples raw[·][0..n) are in non-decreasing order. */
function sorted(raw: readonly Float64Array[], n: number): boolean {
  const m = raw.length;
  for (let i = 1; i < n; i++) {
    for (let l = 0; l < m; l++) {
      const d = raw[l][i] - raw[l][i - 1];
      if (d > 0) break;
      if (d < 0) return false;
    }
  }
  return true;
}

/** sortRange sorts order[from..to) by `cmp`: insertion sort for the short runs a trie level mostly has. */
function sortRange(order: Int32Array, from: number, to: number, cmp: (a: number, b: number) => number): void {
  if (to - from > 32) {
    order.subarray(from, to).sort(cmp);
    return;
  }
  for (let i = from + 1; i < to; i++) {
    const x = order[i];
    let j = i - 1;
    while (j >= from && cmp(order[j], x) > 0) {
      order[j + 1] = order[j];
      j--;
    }
    order[j + 1] = x;
  }
}

/**
 * seek returns the first position in keys[from..to) whose key is not below `v` (to if none),
 * galloping from `from`: positions found one after another cost what merging the lists would.
 */
export function seek(keys: Float64Array, from: number, to: number, v: number): number {
  if (from >= to || keys[from] >= v) return from;
  let step = 1;
  let lo = from;
  let hi = from + 1;
  while (hi < to && keys[hi] < v) {
    lo = hi;
    step *= 2;
    hi = lo + step;
  }
  if (hi > to) hi = to;
  // keys[lo] < v; the answer is in (lo, hi].
  while (lo + 1 < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < v) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** runEnd returns the end of the run of keys equal to keys[from] within [from, to). */
export function runEnd(keys: Float64Array, from: number, to: number): number {
  const v = keys[from];
  let i = from + 1;
  while (i < to && keys[i] === v) i++;
  return i;
}
