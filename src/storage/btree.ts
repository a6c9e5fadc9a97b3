/**
 * btree.ts — the B+tree under the memory engine (sorted-btree) and a batch walker over it.
 *
 * Keys inside the memory engine are binary strings — one char per byte (0..255) of the
 * encoded key — not Uint8Arrays: a string compares natively (`<` on one-byte strings is byte
 * order), holds its bytes inline (one memory hop per comparison instead of three, which
 * measured about twice as fast on random lookups over 100k keys) and is several times
 * smaller. Keys are converted at the KV boundary (keyString / keyBytes).
 *
 * sorted-btree gives O(1) clone (copy-on-write nodes), which is how the memory engine takes
 * MVCC snapshots. Its public iteration (forRange: forward only; entries(): one result object
 * per step) is too slow or too narrow for batch scans in both directions, so `Walker` reads
 * the tree's nodes directly: leaves hold parallel `keys`/`values` arrays, internal nodes hold
 * `children` and `keys` (each child's largest key). That layout is sorted-btree 2.x's; the
 * walker test in test/storage/btree.test.ts compares it with forRange on random trees so an
 * upgrade that changes it fails loudly.
 */
import * as sortedBtree from 'sorted-btree';
import type { Key } from './kv.js';

/** An encoded key as a binary string (char code = byte). */
export type SKey = string;

/** compareSKeys orders binary-string keys by byte order. */
export function compareSKeys(a: SKey, b: SKey): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const SHORT_KEY = 48;
/** One reusable array of char codes per short key length (keyString runs synchronously). */
const shortCodes: number[][] = Array.from({ length: SHORT_KEY + 1 }, (_, n) => new Array<number>(n).fill(0));

/** keyString converts an encoded key to its binary-string form. */
export function keyString(key: Key): SKey {
  return keyStringOf(key, key.length);
}

/** keyStringOf converts the first `n` bytes of `key` to a binary string. */
export function keyStringOf(key: Key, n: number): SKey {
  if (n <= SHORT_KEY) {
    // apply() over a plain array of small integers is several times faster than over a typed array.
    const codes = shortCodes[n];
    for (let i = 0; i < n; i++) codes[i] = key[i];
    return String.fromCharCode.apply(null, codes);
  }
  if (n <= 4096) return String.fromCharCode.apply(null, key.subarray(0, n) as unknown as number[]);
  let s = '';
  for (let i = 0; i < n; i += 4096) s += String.fromCharCode.apply(null, key.subarray(i, Math.min(i + 4096, n)) as unknown as number[]);
  return s;
}

/** keyBytes converts a binary-string key back to bytes (a fresh array). */
export function keyBytes(s: SKey): Key {
  const n = s.length;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = s.charCodeAt(i);
  return out;
}

export type BTree<K, V> = sortedBtree.default<K, V>;

type BTreeCtor = new <K, V>(entries?: [K, V][], compare?: (a: K, b: K) => number, maxNodeSize?: number) => BTree<K, V>;

// sorted-btree is CommonJS: under Node's ESM loader the default import is module.exports,
// under bundlers it may be the class itself.
const mod = sortedBtree as unknown as { default: unknown };
const BTreeClass: BTreeCtor = (
  typeof mod.default === 'function' ? mod.default : (mod.default as { default: unknown }).default
) as BTreeCtor;

/** The most entries (or children) a node holds. */
const NODE_SIZE = 64;

/** newKeyTree makes an empty B+tree of binary-string keys. */
export function newKeyTree<V>(): BTree<SKey, V> {
  return new BTreeClass<SKey, V>(undefined, compareSKeys, NODE_SIZE);
}

type LeafCtor = new (keys: SKey[], values: unknown[]) => BNode;
type InternalCtor = new (children: BNode[], size: number) => BNode;
const nodes = mod as unknown as { BNode?: LeafCtor; BNodeInternal?: InternalCtor; default: { BNode?: LeafCtor; BNodeInternal?: InternalCtor } };
const LeafClass = (nodes.BNode ?? nodes.default.BNode) as LeafCtor;
const InternalClass = (nodes.BNodeInternal ?? nodes.default.BNodeInternal) as InternalCtor;

/**
 * buildKeyTree builds a tree from keys in strictly increasing order and their values,
 * bottom-up in linear time: full nodes, the remainder spread so none is less than half full.
 * (Inserting a large sorted run one key at a time descends the tree per key and splits as it
 * goes.) The nodes are sorted-btree's own, as a tree built by inserts would have them; the
 * test checks the result with sorted-btree's checkValid.
 */
export function buildKeyTree<V>(keys: SKey[], values: V[]): BTree<SKey, V> {
  if (keys.length === 0) return newKeyTree<V>();
  const leaves: BNode[] = [];
  for (const [from, to] of evenRuns(keys.length)) leaves.push(new LeafClass(keys.slice(from, to), values.slice(from, to)));
  return treeOfLeaves(leaves);
}

/** A leaf's worth of nulls: KeyTreeBuilder's leaves are copies of it (packed arrays of their final size), filled in place. */
const BLANK_LEAF: null[] = new Array<null>(NODE_SIZE).fill(null);

/**
 * KeyTreeBuilder builds the tree buildKeyTree would from entries handed over one at a time, in
 * strictly increasing key order, when their number is known only at the end (a commit's merge
 * drops deleted and replaced keys as it goes): leaves are filled to NODE_SIZE as entries come,
 * and `finish` evens out the last two, so none is less than half full. Collecting the entries
 * first into two arrays and cutting them into leaves wrote and read every entry twice more
 * (a load's commit: 2.9M keys, 46 MB of fresh arrays).
 */
export class KeyTreeBuilder<V> {
  private readonly leaves: BNode[] = [];
  private keys: SKey[] = BLANK_LEAF.slice() as unknown as SKey[];
  private values: V[] = BLANK_LEAF.slice() as unknown as V[];
  private n = 0;

  /** add appends an entry whose key is greater than every key added before. */
  add(key: SKey, value: V): void {
    if (this.n === NODE_SIZE) {
      this.leaves.push(new LeafClass(this.keys, this.values));
      this.keys = BLANK_LEAF.slice() as unknown as SKey[];
      this.values = BLANK_LEAF.slice() as unknown as V[];
      this.n = 0;
    }
    this.keys[this.n] = key;
    this.values[this.n++] = value;
  }

  /** finish returns the tree of the entries added (the builder is not used again). */
  finish(): BTree<SKey, V> {
    const { leaves, keys, values, n } = this;
    if (n > 0) {
      keys.length = n;
      values.length = n;
      const last = leaves.length === 0 ? null : leaves[leaves.length - 1];
      if (last !== null && n < NODE_SIZE / 2) {
        // The two last leaves shared evenly (a full one and n entries: both at least half full).
        const allKeys = last.keys.concat(keys);
        const allValues = last.values.concat(values);
        const half = allKeys.length >> 1;
        leaves[leaves.length - 1] = new LeafClass(allKeys.slice(0, half), allValues.slice(0, half));
        leaves.push(new LeafClass(allKeys.slice(half), allValues.slice(half)));
      } else leaves.push(new LeafClass(keys, values));
    }
    if (leaves.length === 0) return newKeyTree<V>();
    return treeOfLeaves(leaves);
  }
}

/** treeOfLeaves builds the internal levels over leaves (in key order, each at least half full but a lone root). */
function treeOfLeaves<V>(leaves: BNode[]): BTree<SKey, V> {
  const tree = newKeyTree<V>();
  let level = leaves;
  let sizes = level.map((leaf) => leaf.keys.length);
  while (level.length > 1) {
    const up: BNode[] = [];
    const upSizes: number[] = [];
    for (const [from, to] of evenRuns(level.length)) {
      let size = 0;
      for (let i = from; i < to; i++) size += sizes[i];
      up.push(new InternalClass(level.slice(from, to), size));
      upSizes.push(size);
    }
    level = up;
    sizes = upSizes;
  }
  (tree as unknown as { _root: BNode })._root = level[0];
  return tree;
}

/** evenRuns cuts 0..n into ceil(n / NODE_SIZE) consecutive runs whose lengths differ by at most one. */
function evenRuns(n: number): [number, number][] {
  const parts = Math.ceil(n / NODE_SIZE);
  const runs: [number, number][] = [];
  for (let p = 0, from = 0; p < parts; p++) {
    const to = from + Math.floor(n / parts) + (p < n % parts ? 1 : 0);
    runs.push([from, to]);
    from = to;
  }
  return runs;
}

interface BNode {
  keys: SKey[];
  values: unknown[];
  children?: BNode[];
}

function rootOf(tree: BTree<SKey, unknown>): BNode {
  return (tree as unknown as { _root: BNode })._root;
}

/** lowerBound returns the first index whose key is >= k (> k when `exclusive`). */
function lowerBound(keys: SKey[], k: SKey, exclusive: boolean): number {
  let lo = 0;
  let hi = keys.length;
  if (exclusive) {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid] <= k) lo = mid + 1;
      else hi = mid;
    }
  } else {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid] < k) lo = mid + 1;
      else hi = mid;
    }
  }
  return lo;
}

/**
 * gallopBound is the first index from `from` on whose key is >= k (keys.length if none), found
 * by steps of 1, 2, 4… from `from` and then a binary search of the last step: a range of m
 * entries costs about 2·log2(m) key comparisons instead of m.
 */
function gallopBound(keys: SKey[], from: number, k: SKey): number {
  const n = keys.length;
  if (from >= n || !(keys[from] < k)) return from;
  // keys[lo] < k; keys[hi] >= k or hi === n.
  let lo = from;
  let step = 1;
  let hi = from + 1;
  while (hi < n && keys[hi] < k) {
    lo = hi;
    step *= 2;
    hi = lo + step;
  }
  if (hi > n) hi = n;
  while (lo + 1 < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < k) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * nearBound is lowerBound(keys, k) for a k expected just after position `at` (where the last
 * probe stopped): a few steps forward from there, else a binary search of the whole leaf;
 * -1 when k lies outside the leaf.
 */
function nearBound(keys: SKey[], at: number, k: SKey): number {
  const n = keys.length;
  if (n === 0 || k < keys[0] || k > keys[n - 1]) return -1;
  if (at > 0 && at < n && keys[at - 1] < k) {
    for (let i = at, stop = Math.min(n, at + 4); i < stop; i++) if (!(keys[i] < k)) return i;
  }
  return lowerBound(keys, k, false);
}

/**
 * treeGet is `tree.get(key)` without the comparator calls: a descent by binary search with
 * native string comparison (internal keys are each child's largest key, as the Walker uses).
 */
export function treeGet<V>(tree: BTree<SKey, V>, key: SKey): V | undefined {
  let node = rootOf(tree);
  while (node.children !== undefined) {
    const i = lowerBound(node.keys, key, false);
    if (i >= node.keys.length) return undefined;
    node = node.children[i];
  }
  const keys = node.keys;
  const i = lowerBound(keys, key, false);
  return i < keys.length && keys[i] === key ? (node.values[i] as V) : undefined;
}

/**
 * forEachLeaf visits a tree's leaves in key order, each as its keys and values arrays (the
 * tree's own: read them, never change them). A bulk merge copies entries leaf by leaf into
 * arrays sized once instead of a callback and two pushes per entry.
 */
export function forEachLeaf<V>(tree: BTree<SKey, V>, visit: (keys: readonly SKey[], values: readonly V[]) => void): void {
  const walk = (node: BNode): void => {
    if (node.children === undefined) visit(node.keys, node.values as V[]);
    else for (const child of node.children) walk(child);
  };
  walk(rootOf(tree));
}

/**
 * What a fill appends per entry: a KVEntry, the value alone, the key alone as bytes, or the key
 * alone as the tree holds it (a binary string: no conversion, nothing allocated).
 */
export type FillMode = typeof FILL_ENTRIES | typeof FILL_VALUES | typeof FILL_KEYS | typeof FILL_BINARY_KEYS;
export const FILL_ENTRIES = 0;
export const FILL_VALUES = 1;
export const FILL_KEYS = 2;
export const FILL_BINARY_KEYS = 3;

/**
 * Walker is a resumable position in one tree, moving forward or backward between two bounds.
 * After a seek, `valid` says whether an entry is under the walker, `key`/`value` what it is.
 * In a leaf it precomputes where the bound falls, so stepping compares no keys.
 */
export class Walker {
  valid = false;
  key: SKey = '';
  value: unknown = undefined;
  /** The last key appended by fill (to resume the next batch after it). */
  lastKey: SKey = '';

  /** The tree and leaf the path (path/index/depth) leads to, and where in it the last collect stopped. */
  private tree: BTree<SKey, unknown> | null = null;
  private pathLeaf: BNode | null = null;
  private stoppedAt = 0;
  private path: BNode[] = [];
  private index: number[] = [];
  private depth = 0;
  private leafKeys: SKey[] = [];
  private leafValues: unknown[] = [];
  private i = 0;
  /** Forward: first index not to visit in this leaf. Reverse: lowest index to visit. */
  private stop = 0;
  /** Whether the bound falls inside the current leaf (so its end is the walk's end). */
  private lastLeaf = false;
  private reverse = false;
  private bound: SKey = '';

  /** seekForward positions at the first key >= from (> from if exclusive) that is < end. */
  seekForward(tree: BTree<SKey, unknown>, from: SKey, exclusive: boolean, end: SKey): void {
    this.reverse = false;
    this.bound = end;
    const leaf = this.descend(tree, from, exclusive);
    if (leaf === null) return this.invalidate();
    this.enterForward(leaf, lowerBound(leaf.keys, from, exclusive));
  }

  /**
   * reset drops every reference into the tree last walked (path, leaf, keys, values), so a
   * walker that outlives its tree — a shared one, after its store closed — keeps none of it alive.
   */
  reset(): void {
    this.invalidate();
    this.tree = null;
    this.pathLeaf = null;
    this.stoppedAt = 0;
    this.path = [];
    this.index = [];
    this.depth = 0;
    this.leafKeys = [];
    this.leafValues = [];
    this.i = 0;
    this.stop = 0;
    this.lastLeaf = false;
    this.bound = '';
    this.lastKey = '';
  }

  /** forget drops the kept path: the next collect descends afresh (for a tree that may have changed since, a write buffer). */
  forget(): void {
    this.tree = null;
  }

  /** descend sets the path to the leaf holding the first key >= from (> from if exclusive); null when every key is below. */
  private descend(tree: BTree<SKey, unknown>, from: SKey, exclusive: boolean): BNode | null {
    this.tree = null;
    let node = rootOf(tree);
    let d = 0;
    while (node.children !== undefined) {
      const i = lowerBound(node.keys, from, exclusive);
      if (i >= node.keys.length) return null;
      this.path[d] = node;
      this.index[d] = i;
      d++;
      node = node.children[i];
    }
    this.depth = d;
    this.tree = tree;
    this.pathLeaf = node;
    return node;
  }

  /**
   * collect writes every entry of [from, end) into `keys`/`values` (either may be null) from
   * position `n` on and returns the position after the last, for short reads such as index
   * probes. Writing from a count, not by push, lets a caller reuse arrays: V8 trims the store
   * of an array whose length is set to 0, so a cleared array would grow afresh every probe.
   * A walker that last collected from the same tree starts in the leaf it stopped in when
   * `from` falls within it: probes in ascending key order (an index join whose outer rows come
   * in key order) mostly land there and skip the descent.
   * Each entry is compared with `end` as it is read (a probe reads few). A tree object is never
   * changed once readers walk it (commits publish new trees), so the kept path stays valid.
   */
  collect(tree: BTree<SKey, unknown>, from: SKey, end: SKey, keys: SKey[] | null, values: unknown[] | null, n: number): number {
    const kept = this.pathLeaf;
    let leaf: BNode | null = null;
    let i = -1;
    if (this.tree === tree && kept !== null) {
      const ks = kept.keys;
      const last = ks.length - 1;
      if (last >= 0 && from > ks[last]) {
        // Past the kept leaf: climb to the lowest ancestor whose subtree reaches `from`.
        leaf = this.climbTo(from);
        if (leaf === null) return n; // every key is below `from`; the kept path stays
        i = lowerBound(leaf.keys, from, false);
      } else {
        i = nearBound(ks, this.stoppedAt, from);
        if (i >= 0) leaf = kept;
      }
    }
    if (leaf === null) {
      const found = this.descend(tree, from, false);
      if (found === null) return n;
      leaf = found;
      i = lowerBound(leaf.keys, from, false);
    }
    for (;;) {
      const ks = leaf.keys;
      const vs = leaf.values;
      if (keys === null) {
        // Values alone (index entries carrying their rows): the end is searched for, so that
        // the keys between are never read — each is a string elsewhere in the heap.
        const stop = gallopBound(ks, i, end);
        if (values !== null) for (; i < stop; i++) values[n++] = vs[i];
        else n += stop - i;
        if (stop < ks.length) {
          this.stoppedAt = stop;
          return n;
        }
      } else {
        for (; i < ks.length; i++) {
          const k = ks[i];
          if (k >= end) {
            this.stoppedAt = i;
            return n;
          }
          if (keys !== null) keys[n] = k;
          if (values !== null) values[n] = vs[i];
          n++;
        }
      }
      const next = this.stepLeaf(1);
      if (next === undefined) {
        this.stoppedAt = 0;
        return n;
      }
      leaf = next;
      i = 0;
    }
  }

  /**
   * climbTo moves the kept path forward to the leaf holding the first key >= from, for a `from`
   * past the kept leaf's last key: up to the lowest ancestor whose largest key reaches `from`,
   * a few steps right there, then down. Probes in ascending key order (an index join whose outer
   * rows come in key order) so touch the nodes next to those the last probe read, which are in
   * the cache, instead of searching every level from the root. Null when every key is below `from`.
   */
  private climbTo(from: SKey): BNode | null {
    const path = this.path;
    const index = this.index;
    let d = this.depth - 1;
    while (d >= 0) {
      const ks = path[d].keys;
      if (from <= ks[ks.length - 1]) break;
      d--;
    }
    if (d < 0) return null;
    // path[d]'s child index[d] ends below `from` (we climbed past it): search right of it.
    let node = path[d];
    let j = nearBound(node.keys, index[d] + 1, from);
    for (;;) {
      index[d] = j;
      node = node.children![j];
      d++;
      if (node.children === undefined) break;
      path[d] = node;
      j = lowerBound(node.keys, from, false);
    }
    this.pathLeaf = node;
    return node;
  }

  /** seekBackward positions at the last key < before that is >= begin. */
  seekBackward(tree: BTree<SKey, unknown>, before: SKey, begin: SKey): void {
    this.tree = null;
    this.reverse = true;
    this.bound = begin;
    let node = rootOf(tree);
    let d = 0;
    while (node.children !== undefined) {
      let i = lowerBound(node.keys, before, false);
      if (i >= node.keys.length) i = node.keys.length - 1;
      this.path[d] = node;
      this.index[d] = i;
      d++;
      node = node.children[i];
    }
    this.depth = d;
    this.enterBackward(node, lowerBound(node.keys, before, false) - 1);
  }

  /** next moves one entry in the walk's direction. */
  next(): void {
    if (!this.reverse) {
      if (++this.i < this.stop) {
        this.key = this.leafKeys[this.i];
        this.value = this.leafValues[this.i];
        return;
      }
      if (this.lastLeaf) return this.invalidate();
      this.nextLeaf();
    } else {
      if (--this.i >= this.stop) {
        this.key = this.leafKeys[this.i];
        this.value = this.leafValues[this.i];
        return;
      }
      if (this.lastLeaf) return this.invalidate();
      this.prevLeaf();
    }
  }

  /**
   * fill writes up to `max` entries from the current position into `out[0..]` (a fresh array,
   * possibly preallocated: entries are assigned by index, never pushed) and leaves the walker
   * after them; returns how many it wrote.
   */
  fill(mode: FillMode, out: unknown[], max: number): number {
    let count = 0;
    while (this.valid && count < max) {
      const keys = this.leafKeys;
      const values = this.leafValues;
      let i = this.i;
      if (!this.reverse) {
        const stop = Math.min(this.stop, i + (max - count));
        let o = count;
        if (mode === FILL_VALUES) for (; i < stop; i++) out[o++] = values[i];
        else if (mode === FILL_BINARY_KEYS) for (; i < stop; i++) out[o++] = keys[i];
        else if (mode === FILL_ENTRIES) for (; i < stop; i++) out[o++] = { key: keyBytes(keys[i]), value: values[i] };
        else for (; i < stop; i++) out[o++] = keyBytes(keys[i]);
        count = o;
        this.lastKey = keys[i - 1];
        this.i = i - 1;
      } else {
        const stop = Math.max(this.stop, i - (max - count) + 1);
        let o = count;
        if (mode === FILL_VALUES) for (; i >= stop; i--) out[o++] = values[i];
        else if (mode === FILL_BINARY_KEYS) for (; i >= stop; i--) out[o++] = keys[i];
        else if (mode === FILL_ENTRIES) for (; i >= stop; i--) out[o++] = { key: keyBytes(keys[i]), value: values[i] };
        else for (; i >= stop; i--) out[o++] = keyBytes(keys[i]);
        count = o;
        this.lastKey = keys[i + 1];
        this.i = i + 1;
      }
      this.next();
    }
    return count;
  }

  /**
   * visit hands up to `max` entries from the current position to `visitor`, a run of one
   * leaf's values at a time — the leaf's own array, not a copy — and leaves the walker after
   * them; returns how many it handed over. Forward walks only (a run is read low to high).
   */
  visit(max: number, visitor: (values: readonly unknown[], from: number, to: number) => void): number {
    let count = 0;
    while (this.valid && count < max) {
      const from = this.i;
      const to = Math.min(this.stop, from + (max - count));
      this.lastKey = this.leafKeys[to - 1];
      this.i = to - 1;
      const values = this.leafValues;
      this.next();
      count += to - from;
      visitor(values, from, to);
    }
    return count;
  }

  private invalidate(): void {
    this.valid = false;
    this.key = '';
    this.value = undefined;
  }

  private enterForward(leaf: BNode, i: number): void {
    for (;;) {
      const keys = leaf.keys;
      const n = keys.length;
      if (n > 0 && keys[n - 1] >= this.bound) {
        this.stop = lowerBound(keys, this.bound, false);
        this.lastLeaf = true;
      } else {
        this.stop = n;
        this.lastLeaf = false;
      }
      if (i < this.stop) {
        this.setLeaf(leaf, i);
        return;
      }
      if (this.lastLeaf) return this.invalidate();
      const nextLeaf = this.stepLeaf(1);
      if (nextLeaf === undefined) return this.invalidate();
      leaf = nextLeaf;
      i = 0;
    }
  }

  private enterBackward(leaf: BNode, i: number): void {
    for (;;) {
      const keys = leaf.keys;
      if (keys.length > 0 && keys[0] < this.bound) {
        this.stop = lowerBound(keys, this.bound, false);
        this.lastLeaf = true;
      } else {
        this.stop = 0;
        this.lastLeaf = false;
      }
      if (i >= this.stop && i >= 0) {
        this.setLeaf(leaf, i);
        return;
      }
      if (this.lastLeaf) return this.invalidate();
      const prevLeaf = this.stepLeaf(-1);
      if (prevLeaf === undefined) return this.invalidate();
      leaf = prevLeaf;
      i = leaf.keys.length - 1;
    }
  }

  private setLeaf(leaf: BNode, i: number): void {
    this.leafKeys = leaf.keys;
    this.leafValues = leaf.values;
    this.i = i;
    this.valid = true;
    this.key = leaf.keys[i];
    this.value = leaf.values[i];
  }

  private nextLeaf(): void {
    const leaf = this.stepLeaf(1);
    if (leaf === undefined) return this.invalidate();
    this.enterForward(leaf, 0);
  }

  private prevLeaf(): void {
    const leaf = this.stepLeaf(-1);
    if (leaf === undefined) return this.invalidate();
    this.enterBackward(leaf, leaf.keys.length - 1);
  }

  /** stepLeaf moves the path to the neighbouring leaf (dir = 1 right, -1 left). */
  private stepLeaf(dir: 1 | -1): BNode | undefined {
    let d = this.depth - 1;
    while (d >= 0) {
      const i = this.index[d] + dir;
      if (i >= 0 && i < this.path[d].children!.length) break;
      d--;
    }
    if (d < 0) return undefined;
    this.index[d] += dir;
    let node = this.path[d].children![this.index[d]];
    for (d++; d < this.depth; d++) {
      this.path[d] = node;
      const i = dir === 1 ? 0 : node.children!.length - 1;
      this.index[d] = i;
      node = node.children![i];
    }
    this.pathLeaf = node;
    return node;
  }
}
