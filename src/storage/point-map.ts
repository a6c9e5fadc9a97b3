/**
 * point-map.ts — a hash map beside the memory engine's latest committed tree, for exact-key
 * gets (a primary-key lookup, a unique-index probe, a foreign-key check).
 *
 * A B+tree get compares the key with a few dozen stored keys, each a separate heap string: on
 * a large tree that is a cache miss per comparison. A Map finds the key by its hash. The map
 * describes exactly one tree — the engine's latest — so it serves reads whose snapshot is
 * that tree object (autocommit statements, and any transaction begun since the last commit);
 * older snapshots use the tree.
 *
 * Keys of two numbers — a row of a relation whose primary key is one number, the commonest
 * get — are kept apart, in one Map per relation keyed by that number (`getPair`): a lookup
 * then neither builds the key string nor compares it with the stored one. That comparison
 * reads the stored key, a separate heap string, so on a large map it cost a cache miss per
 * get (measured: 110k rows, a get by a fresh key string took 3× a get by number).
 *
 * Keys of three numbers whose last two are small non-negative integers — a row of a relation
 * whose primary key is two such numbers (every Datalog relation of ids, a SQL table keyed by
 * two ids) — are kept apart likewise, the two folded into one exact number (`getTriple`).
 *
 * It costs memory and a little per committed write, so it exists only once gets have asked
 * for it: it is built when the gets answered by the tree since the last build reach a
 * fraction of the tree's size (the build, linear in the size, is then paid for by the gets
 * it will speed up), and from then on every commit keeps it in step.
 */
import type { Value } from '../common/values.js';
import { keyStringOf, treeGet, type BTree, type SKey } from './btree.js';
import { decodeNumbers, KeyWriter } from './keys.js';
import { foldSmallKeyNumbers, isSmallKeyNumber } from './kv.js';

/** Built once the gets the tree answered reach size / BUILD_RATIO. */
const BUILD_RATIO = 16;
/** A commit of at least this many keys (and size / BUILD_RATIO) drops the map instead of feeding it. */
export const BULK_WRITES = 4096;

export class PointMap {
  /** Every key but the number pairs and triples (null until built). */
  private map: Map<SKey, Value> | null = null;
  /** The keys [a, b] of two numbers: pairs.get(a).get(b) (built with `map`). */
  private pairs = new Map<number, Map<number, Value>>();
  /** The keys [a, b, c] of numbers, b and c isSmallKeyNumber: triples.get(a).get(fold(b, c)). */
  private triples = new Map<number, Map<number, Value>>();
  private treeGets = 0;

  /** get answers an exact-key read of `latest`, the tree this map follows. */
  get(latest: BTree<SKey, Value>, key: SKey): Value | undefined {
    if (this.map === null && !this.buildFor(latest)) return treeGet(latest, key);
    const found = this.map!.get(key);
    if (found !== undefined || (this.pairs.size === 0 && this.triples.size === 0)) return found;
    switch (shapeOf(key)) {
      case PAIR:
        return this.pairs.get(numbers[0])?.get(numbers[1]);
      case TRIPLE:
        return this.triples.get(numbers[0])?.get(fold(numbers[1], numbers[2]));
      default:
        return undefined;
    }
  }

  /** getPair is get of the key encoding the tuple [a, b]. */
  getPair(latest: BTree<SKey, Value>, a: number, b: number): Value | undefined {
    if (this.map === null && !this.buildFor(latest)) return treeGet(latest, pairKey(a, b));
    return this.pairs.get(a)?.get(b);
  }

  /** getTriple is get of the key encoding the tuple [a, b, c]; b and c must be isSmallKeyNumber. */
  getTriple(latest: BTree<SKey, Value>, a: number, b: number, c: number): Value | undefined {
    if (this.map === null && !this.buildFor(latest)) return treeGet(latest, tripleKey(a, b, c));
    return this.triples.get(a)?.get(fold(b, c));
  }

  /** buildFor counts a get the tree answers and builds the map once they pay for it; true when built. */
  private buildFor(latest: BTree<SKey, Value>): boolean {
    if (++this.treeGets * BUILD_RATIO < latest.size) return false;
    this.build(latest);
    return true;
  }

  /**
   * forgetIfBulk drops the map before a bulk commit (a load, an index build) of `writes` keys
   * onto a tree of `size` keys: keeping it in step would cost about what a rebuild does, which
   * gets may never ask for. Gets then count from zero again toward a rebuild.
   */
  forgetIfBulk(writes: number, size: number): void {
    if (this.map !== null && writes >= BULK_WRITES && writes * BUILD_RATIO >= size) this.forget();
  }

  /** forget drops the map (a commit rebuilt the tree wholesale). */
  forget(): void {
    this.map = null;
    this.pairs = new Map();
    this.triples = new Map();
    this.treeGets = 0;
  }

  get built(): boolean {
    return this.map !== null;
  }

  /** set records a committed write (no-op until built). */
  set(key: SKey, value: Value): void {
    const map = this.map;
    if (map === null) return;
    const shape = shapeOf(key);
    if (shape === OTHER) map.set(key, value);
    else {
      const sides = shape === PAIR ? this.pairs : this.triples;
      let inner = sides.get(numbers[0]);
      if (inner === undefined) sides.set(numbers[0], (inner = new Map()));
      inner.set(shape === PAIR ? numbers[1] : fold(numbers[1], numbers[2]), value);
    }
  }

  /** delete records a committed delete (no-op until built). */
  delete(key: SKey): void {
    const map = this.map;
    if (map === null) return;
    const shape = shapeOf(key);
    if (shape === OTHER) map.delete(key);
    else if (shape === PAIR) this.pairs.get(numbers[0])?.delete(numbers[1]);
    else this.triples.get(numbers[0])?.delete(fold(numbers[1], numbers[2]));
  }

  /** clearRange records a committed range delete: `before` is the tree the range is deleted from. */
  clearRange(before: BTree<SKey, Value>, begin: SKey, end: SKey): void {
    if (this.map === null) return;
    before.forRange(begin, end, false, (k) => this.delete(k));
  }

  private build(tree: BTree<SKey, Value>): void {
    this.map = new Map<SKey, Value>();
    this.pairs = new Map();
    this.triples = new Map();
    tree.forEachPair((k, v) => this.set(k, v));
  }
}

const fold = foldSmallKeyNumbers;

const OTHER = 0;
const PAIR = 1;
const TRIPLE = 2;

/** The numbers of the key shapeOf last classified as PAIR or TRIPLE. */
const numbers = [0, 0, 0];
const bytes = new Uint8Array(36);

/** shapeOf classifies `key`: two numbers (PAIR), three numbers the last two small (TRIPLE), or OTHER; leaves them in `numbers`. */
function shapeOf(key: SKey): number {
  const n = key.length;
  // Three numbers take at most 36 bytes.
  if (n > 36) return OTHER;
  for (let i = 0; i < n; i++) bytes[i] = key.charCodeAt(i);
  if (decodeNumbers(bytes, n, numbers, 2)) return PAIR;
  return decodeNumbers(bytes, n, numbers, 3) && isSmallKeyNumber(numbers[1]) && isSmallKeyNumber(numbers[2]) ? TRIPLE : OTHER;
}

const writer = new KeyWriter();

/** pairKey encodes the tuple [a, b] as a binary-string key. */
export function pairKey(a: number, b: number): SKey {
  writer.reset().value(a).value(b);
  return keyStringOf(writer.buffer, writer.length);
}

/** tripleKey encodes the tuple [a, b, c] as a binary-string key. */
export function tripleKey(a: number, b: number, c: number): SKey {
  writer.reset().value(a).value(b).value(c);
  return keyStringOf(writer.buffer, writer.length);
}
