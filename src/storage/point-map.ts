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
 * Probes of a one-number prefix of a part's keys — a relation keyed by ids looked up by its
 * first column (`within(child, parent)` by child, every Datalog relation of ids) — are answered
 * likewise once a part's probes pay for it (`prefix`): the part's values grouped by the key's
 * second number, each group in key order (a key whose second component is not a number is under
 * no number's prefix: left out). A commit writing into such a part drops its groups (they are
 * rebuilt after as many probes again). The same serves an index's part (its entries carry their
 * rows: store.ts), and a join about to make many such probes may say so first (expectPrefixes),
 * so that it learns whether they are answered by hash before it chooses to read the part whole.
 *
 * The map is kept per part of the key space — the keys whose first component is one number,
 * that is one relation or one index (layout.ts) — and each part is built on its own: a build
 * costs the part's size, not the whole store's, so a few hundred gets of a small table pay for
 * its map even beside a store of millions of triples. (InnoDB's adaptive hash index is built
 * likewise, from the pages lookups hit.) A part is built once the gets the tree answered for it
 * reach a fraction of its size; from then on every commit keeps it in step. Keys whose first
 * component is not a number are always read from the tree.
 */
import type { Value } from '../common/values.js';
import { keyBytes, keyString, keyStringOf, treeGet, type BTree, type SKey } from './btree.js';
import { decodeKey, decodeNumbers, KeyWriter, leadingNumber } from './keys.js';
import { foldSmallKeyNumbers, isSmallKeyNumber } from './kv.js';
import { idRange } from './layout.js';

/** A part is built once the gets the tree answered for it reach its size / BUILD_RATIO. */
const BUILD_RATIO = 16;
/** A commit of at least this many keys (and size / BUILD_RATIO) drops the maps instead of feeding them. */
export const BULK_WRITES = 4096;

/** The keys under one leading number (one relation or index), by hash once built. */
interface Part {
  /** Gets the tree answered for this part since it was last dropped (while not built). */
  gets: number;
  /** The gets count at which the part's size is next compared with it (doubles each time). */
  nextCheck: number;
  built: boolean;
  /** Keys [a, b] of two numbers: pairs.get(b). */
  readonly pairs: NumberTable;
  /** Keys [a, b, c] of numbers, b and c isSmallKeyNumber: triples.get(fold(b, c)). */
  readonly triples: Map<number, Value>;
  /** Prefix probes the tree answered for this part since its groups were last dropped, and when to next compare its size with them. */
  probes: number;
  nextProbeCheck: number;
  /** Once built: the values of the keys [a, b, …] by the number b, in key order (prefix). */
  groups: Map<number, Value[]> | null;
  /** Once built: whether most keys' second components are numbers (grouped), not other values (left out). */
  numbered: boolean;
}

const NO_VALUES: readonly Value[] = [];
/** A part of more keys is never grouped (rdf_quads' hundreds of thousands: a build would cost a load's worth of decoding); SQL knows (85,256 rows) and its index are. */
const GROUP_LIMIT = 1 << 17;

export class PointMap {
  /** Parts by leading number; a part exists once a get asked for it. */
  private parts = new Map<number, Part>();
  /** Every key of a built part that is neither a number pair nor a small triple. */
  private others = new Map<SKey, Value>();
  private builtParts = 0;
  /** The leading number of the built part partFor returned last (NaN: none), and that part. */
  private lastNumber = NaN;
  private lastPart: Part | null = null;
  /** Parts whose prefix groups are built. */
  private groupedParts = 0;

  /** get answers an exact-key read of `latest`, the tree this map follows. */
  get(latest: BTree<SKey, Value>, key: SKey): Value | undefined {
    if (this.builtParts > 0) {
      const found = this.others.get(key);
      if (found !== undefined) return found;
    }
    const shape = shapeOf(key);
    if (shape === UNMAPPED) return treeGet(latest, key);
    // Kept apart: a build in partFor classifies other keys through `numbers`.
    const b = numbers[1];
    const c = numbers[2];
    const part = this.partFor(latest, numbers[0]);
    if (part === null) return treeGet(latest, key);
    switch (shape) {
      case PAIR:
        return part.pairs.get(b);
      case TRIPLE:
        return part.triples.get(fold(b, c));
      default:
        return this.others.get(key); // a built part holds every other key there (looked at above unless just built)
    }
  }

  /** getPair is get of the key encoding the tuple [a, b]. */
  getPair(latest: BTree<SKey, Value>, a: number, b: number): Value | undefined {
    const part = this.partFor(latest, a);
    return part === null ? treeGet(latest, pairKey(a, b)) : part.pairs.get(b);
  }

  /**
   * getPairs is getPair of `a` with each of bs[0..n), into out[i]: the part is found (and its
   * gets counted) once, then one tight loop of Map gets, whose cache misses overlap.
   */
  getPairs(latest: BTree<SKey, Value>, a: number, bs: readonly number[], out: (Value | undefined)[], n: number): void {
    const part = this.partFor(latest, a, n);
    if (part === null) {
      for (let i = 0; i < n; i++) out[i] = treeGet(latest, pairKey(a, bs[i]));
      return;
    }
    const pairs = part.pairs;
    for (let i = 0; i < n; i++) out[i] = pairs.get(bs[i]);
  }

  /** getTriple is get of the key encoding the tuple [a, b, c]; b and c must be isSmallKeyNumber. */
  getTriple(latest: BTree<SKey, Value>, a: number, b: number, c: number): Value | undefined {
    const part = this.partFor(latest, a);
    return part === null ? treeGet(latest, tripleKey(a, b, c)) : part.triples.get(fold(b, c));
  }

  /**
   * partFor is the built part of leading number `a`, or null while the tree answers its gets:
   * it counts the `gets` asked, and at each doubling of the count compares the part's size with
   * it (counting at most gets × BUILD_RATIO keys), building the part once the gets pay for it.
   */
  private partFor(latest: BTree<SKey, Value>, a: number, gets = 1): Part | null {
    // The part asked last (lookups in a loop ask for one relation), found without hashing.
    if (a === this.lastNumber) return this.lastPart;
    let part = this.parts.get(a);
    if (part === undefined) {
      part = newPart();
      this.parts.set(a, part);
    }
    if (part.built) return this.remember(a, part);
    part.gets += gets;
    if (part.gets < part.nextCheck) return null;
    part.nextCheck = part.gets * 2;
    const [begin, end] = partRange(a);
    const limit = part.gets * BUILD_RATIO;
    if (countUpTo(latest, begin, end, limit) > limit) return null;
    this.build(latest, part, begin, end);
    return this.remember(a, part);
  }

  /** remember makes built part `part` (of leading number `a`) the one partFor finds first. */
  private remember(a: number, part: Part): Part {
    this.lastNumber = a;
    this.lastPart = part;
    return part;
  }

  /**
   * prefix is the values of the keys [a, b, …] of `latest` in key order (a probe of the prefix
   * [a, b]; the caller must not change the array), or undefined while the tree answers such
   * probes: the part's keys are grouped by their second number once the probes counted reach its
   * size / BUILD_RATIO (checked at each doubling, as partFor does for gets), if it holds at most
   * GROUP_LIMIT keys.
   */
  prefix(latest: BTree<SKey, Value>, a: number, b: number): readonly Value[] | undefined {
    const groups = this.groupsOf(latest, a, 1);
    return groups === null ? undefined : (groups.get(b) ?? NO_VALUES);
  }

  /**
   * expectPrefixes counts `n` probes of one-number prefixes of part `a` about to be made (a
   * join's lookups, told before it chooses between them and reading the part whole) as prefix
   * counts each, and says whether the part's groups answer them — built now if they pay.
   */
  expectPrefixes(latest: BTree<SKey, Value>, a: number, n: number): boolean {
    const groups = this.groupsOf(latest, a, n);
    // A part whose keys are mostly under no number (an index of names) is probed by other values, through the tree.
    return groups !== null && (this.parts.get(a) as Part).numbered;
  }

  /** groupsOf is part `a`'s groups, counting `probes` more toward building them; null while the tree answers its prefix probes. */
  private groupsOf(latest: BTree<SKey, Value>, a: number, probes: number): Map<number, Value[]> | null {
    let part = this.parts.get(a);
    if (part === undefined) {
      part = newPart();
      this.parts.set(a, part);
    }
    if (part.groups !== null) return part.groups;
    part.probes += probes;
    if (part.probes < part.nextProbeCheck) return null;
    part.nextProbeCheck = part.probes * 2;
    const [begin, end] = partRange(a);
    const limit = Math.min(part.probes * BUILD_RATIO, GROUP_LIMIT);
    if (countUpTo(latest, begin, end, limit) > limit) return null;
    const groups = new Map<number, Value[]>();
    part.numbered = groupBySecond(latest, begin, end, groups);
    part.groups = groups;
    this.groupedParts++;
    return groups;
  }

  /** dropGroups drops the prefix groups of the part holding `key` (a commit writes there). */
  private dropGroups(key: SKey): void {
    const n = Math.min(key.length, 10);
    for (let i = 0; i < n; i++) bytes[i] = key.charCodeAt(i);
    const a = leadingNumber(bytes, n);
    const part = a === undefined ? undefined : this.parts.get(a);
    if (part === undefined || part.groups === null) return;
    this.groupedParts--;
    part.groups = null;
    part.probes = 0;
    part.nextProbeCheck = 1;
  }

  /**
   * forgetIfBulk drops the maps before a bulk commit (a load, an index build) of `writes` keys
   * onto a tree of `size` keys: keeping them in step would cost about what a rebuild does, which
   * gets may never ask for. Gets then count from zero again toward rebuilds.
   */
  forgetIfBulk(writes: number, size: number): void {
    if ((this.builtParts > 0 || this.groupedParts > 0) && writes >= BULK_WRITES && writes * BUILD_RATIO >= size) this.forget();
  }

  /** forget drops every part (a commit rebuilt the tree wholesale). */
  forget(): void {
    this.parts = new Map();
    this.others = new Map();
    this.builtParts = 0;
    this.lastNumber = NaN;
    this.lastPart = null;
    this.groupedParts = 0;
  }

  /** Whether any part is built. */
  get built(): boolean {
    return this.builtParts > 0;
  }

  /** set records a committed write (no-op unless the key's part is built). */
  set(key: SKey, value: Value): void {
    if (this.groupedParts > 0) this.dropGroups(key);
    if (this.builtParts === 0) return;
    const shape = shapeOf(key);
    if (shape === UNMAPPED) return;
    const part = this.parts.get(numbers[0]);
    if (part === undefined || !part.built) return;
    if (shape === OTHER) this.others.set(key, value);
    else if (shape === PAIR) part.pairs.set(numbers[1], value);
    else part.triples.set(fold(numbers[1], numbers[2]), value);
  }

  /** delete records a committed delete (no-op unless the key's part is built). */
  delete(key: SKey): void {
    if (this.groupedParts > 0) this.dropGroups(key);
    if (this.builtParts === 0) return;
    const shape = shapeOf(key);
    if (shape === UNMAPPED) return;
    const part = this.parts.get(numbers[0]);
    if (part === undefined || !part.built) return;
    if (shape === OTHER) this.others.delete(key);
    else if (shape === PAIR) part.pairs.delete(numbers[1]);
    else part.triples.delete(fold(numbers[1], numbers[2]));
  }

  /** clearRange records a committed range delete: `before` is the tree the range is deleted from. */
  clearRange(before: BTree<SKey, Value>, begin: SKey, end: SKey): void {
    if (this.builtParts === 0 && this.groupedParts === 0) return;
    before.forRange(begin, end, false, (k) => this.delete(k));
  }

  private build(tree: BTree<SKey, Value>, part: Part, begin: SKey, end: SKey): void {
    part.built = true;
    part.gets = 0;
    this.builtParts++;
    tree.forRange(begin, end, false, (k, v) => this.set(k, v));
  }
}

/**
 * NumberTable holds a part's values by one number: in an array indexed by the number while every
 * key is a non-negative integer and the keys stay dense (a primary key 0, 1, 2, …), else in a
 * Map. An array's slot is read without hashing: one cache miss per get where a large Map takes
 * two (its bucket and its entry lie apart). Measured on one store, 1000 awaited prepared lookups
 * among 100k rows, the table as an array / as a Map: 0.58-0.65 of the CPU time.
 */
export class NumberTable {
  private dense: (Value | undefined)[] | null = [];
  private map: Map<number, Value> | null = null;

  get(k: number): Value | undefined {
    const dense = this.dense;
    if (dense !== null) return k >= 0 && k < dense.length ? dense[k] : undefined;
    return (this.map as Map<number, Value>).get(k);
  }

  set(k: number, value: Value): void {
    const dense = this.dense;
    if (dense !== null) {
      // Within the array or just past its end (a gap would leave holes V8 may store sparsely).
      if (Number.isInteger(k) && k >= 0 && k <= dense.length + DENSE_GAP) {
        if (k > dense.length) for (let i = dense.length; i < k; i++) dense.push(undefined);
        dense[k] = value;
        return;
      }
      this.toMap(dense);
    }
    (this.map as Map<number, Value>).set(k, value);
  }

  delete(k: number): void {
    const dense = this.dense;
    if (dense === null) (this.map as Map<number, Value>).delete(k);
    else if (k >= 0 && k < dense.length && Number.isInteger(k)) dense[k] = undefined;
  }

  /** How many keys hold a value. */
  get size(): number {
    if (this.dense === null) return (this.map as Map<number, Value>).size;
    let n = 0;
    for (const v of this.dense) if (v !== undefined) n++;
    return n;
  }

  private toMap(dense: readonly (Value | undefined)[]): void {
    const map = new Map<number, Value>();
    for (let i = 0; i < dense.length; i++) if (dense[i] !== undefined) map.set(i, dense[i] as Value);
    this.map = map;
    this.dense = null;
  }
}

/** The most absent keys a NumberTable's array takes at its end at once (more turns it into a Map). */
const DENSE_GAP = 64;

function newPart(): Part {
  return { gets: 0, nextCheck: 1, built: false, pairs: new NumberTable(), triples: new Map(), probes: 0, nextProbeCheck: 1, groups: null, numbered: false };
}

/**
 * groupBySecond groups the values of the keys in [begin, end) by their second component into
 * `groups`, in key order, leaving out the keys whose second component is not a number (null,
 * text, a bigint: each encoded apart from every number, keys.ts), which are under no number's
 * prefix; whether it grouped at least as many keys as it left out.
 */
function groupBySecond(tree: BTree<SKey, Value>, begin: SKey, end: SKey, groups: Map<number, Value[]>): boolean {
  let skipped = 0;
  let kept = 0;
  tree.forRange(begin, end, false, (k: SKey, v: Value) => {
    const b = secondNumber(k);
    if (b === undefined) {
      skipped++;
      return;
    }
    kept++;
    const group = groups.get(b);
    if (group === undefined) groups.set(b, [v]);
    else group.push(v);
  });
  return kept >= skipped;
}

/** secondNumber is a key's second component when that is a number, else undefined. */
function secondNumber(key: SKey): number | undefined {
  const t = decodeKey(keyBytes(key));
  return t.length >= 2 && typeof t[1] === 'number' ? t[1] : undefined;
}

/** countUpTo counts the keys in [begin, end), stopping once past `limit`. */
function countUpTo(tree: BTree<SKey, Value>, begin: SKey, end: SKey, limit: number): number {
  let n = 0;
  const stop = { break: limit + 1 };
  const found = tree.forRange(begin, end, false, (() => (++n > limit ? stop : undefined)) as () => void);
  return typeof found === 'number' ? Math.min(found, n) : limit + 1;
}

/** partRange is the key range [begin, end) of every key whose first component is the number `a`. */
function partRange(a: number): [SKey, SKey] {
  const [begin, end] = idRange(a);
  return [keyString(begin), keyString(end)];
}

const fold = foldSmallKeyNumbers;

const OTHER = 0;
const PAIR = 1;
const TRIPLE = 2;
/** A key whose first component is not a number: no part holds it. */
const UNMAPPED = 3;

/** The numbers of the key shapeOf last classified (numbers[0]: its part). */
const numbers = [0, 0, 0];
/** Three numbers take at most 36 bytes; the first alone at most 10. */
const bytes = new Uint8Array(36);

/**
 * shapeOf classifies `key`: two numbers (PAIR), three numbers the last two small (TRIPLE),
 * another key under a leading number (OTHER), or UNMAPPED; leaves its numbers in `numbers`.
 */
function shapeOf(key: SKey): number {
  const n = Math.min(key.length, 36);
  for (let i = 0; i < n; i++) bytes[i] = key.charCodeAt(i);
  if (key.length <= 36) {
    if (decodeNumbers(bytes, n, numbers, 2)) return PAIR;
    if (decodeNumbers(bytes, n, numbers, 3) && isSmallKeyNumber(numbers[1]) && isSmallKeyNumber(numbers[2])) return TRIPLE;
  }
  const first = leadingNumber(bytes, n);
  if (first === undefined) return UNMAPPED;
  numbers[0] = first;
  return OTHER;
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
