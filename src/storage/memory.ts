/**
 * memory.ts — the `memory` KVEngine (kv.ts): a B+tree of committed state, MVCC snapshots by
 * O(1) clone, optimistic concurrency control at commit. Values are kept as given (decoded).
 *
 * State. `current` is the latest committed tree; it is never mutated once published: a commit
 * clones it (copy-on-write nodes), applies its writes to the clone and publishes the clone.
 * A transaction's snapshot is simply the `current` of its begin. `version` counts commits.
 *
 * A transaction buffers its writes in its own B+tree (key → value or TOMBSTONE) plus a set of
 * cleared ranges; reads merge the snapshot with that buffer (one tree walk when the buffer is
 * empty). While a savepoint is held, every write first logs what it replaces (undo log) and a
 * rollback replays the log backwards; a savepoint is just the log's length. (Cloning the
 * buffer per savepoint made every later write copy a tree path, and a statement-level
 * savepoint per INSERT of a bulk load kept each copy alive.) A cursor works on a clone of the buffer
 * taken when it opens, so writes made while scanning (an UPDATE moving a row forward) are not
 * seen again by that scan.
 *
 * Conflict detection. Every commit of a writing transaction is logged as (version, keys
 * written, ranges cleared or declared) while some other validating transaction is active; the
 * log is trimmed to what the oldest active transaction still needs. At commit:
 *   serializable   — the keys it read (gets of keys it had not written itself) and the parts of
 *                    ranges its cursors actually walked (a limited scan reads only up to its
 *                    last key) are checked against every logged write newer than its snapshot;
 *                    blind writes never conflict (as in FoundationDB).
 *   snapshot       — its written keys and ranges are checked against the same log entries.
 *   read-committed — no check; reads see the latest committed tree (each cursor batch too).
 * A transaction that wrote nothing commits without a check, so read-only ones never abort.
 * A transaction that is neither committed nor rolled back keeps the log from being trimmed.
 */
import { ConflictError, PolyglotError, StateError } from '../common/errors.js';
import type { Value } from '../common/values.js';
import {
  buildKeyTree,
  compareSKeys,
  FILL_BINARY_KEYS,
  FILL_ENTRIES,
  FILL_KEYS,
  FILL_VALUES,
  forEachLeaf,
  keyBytes,
  KeyTreeBuilder,
  keyString,
  newKeyTree,
  treeGet,
  Walker,
  type BTree,
  type FillMode,
  type SKey,
} from './btree.js';
import type {
  Isolation,
  Key,
  KVCursor,
  KVEngine,
  KVEntry,
  KVTransaction,
  Savepoint,
  ScanOptions,
  TransactionOptions,
  ValueRunVisitor,
} from './kv.js';
import { clashing, holding, overlapping, takeAll, takeRuns, withRun, type Pile } from './deferred.js';
import { BULK_WRITES, pairKey, PointMap, tripleKey } from './point-map.js';
import { RangeSet } from './rangeset.js';
import { mergeRuns, sortRun, walkRun, type Run, type RunWalk } from './runs.js';

const TOMBSTONE: unique symbol = Symbol('tombstone');
/** setManyBinary merges a run into the buffer by rebuilding it when the run is at least 1/MERGE_SHARE of it. */
const MERGE_SHARE = 4;
type Slot = Value | typeof TOMBSTONE;

/**
 * mergeBulk builds the tree after a bulk commit in one linear merge: `current`'s entries
 * outside the cleared ranges, overridden or deleted by the writes — the buffer's, and over
 * them the runs `held` aside until the commit (deferManyBinary) — which are placed (above) and
 * whose keys are appended to `written` (null: no transaction will validate against them).
 * The merged entries go straight into the new tree's leaves (KeyTreeBuilder): a load's first
 * commit of 2.9M keys spent more in regrowing pushed-to arrays (and the written list nobody
 * read) than in merging, and then in arrays of all the entries cut into leaves.
 */
function mergeBulk(
  current: BTree<SKey, Value>,
  writes: BTree<SKey, Slot> | null,
  held: readonly Run<Slot>[] | null,
  clears: RangeSet | null,
  written: SKey[] | null,
): BTree<SKey, Value> {
  const old = leafRun(current, clears);
  const tree = new KeyTreeBuilder<Value>();
  const keep = (k: SKey, v: Value): void => tree.add(k, v);
  const buffered = (visit: (k: SKey, v: Slot) => void): void => {
    if (writes !== null)
      forEachLeaf(writes, (ks, vs) => {
        for (let i = 0; i < ks.length; i++) visit(ks[i], vs[i]);
      });
  };
  // The held runs (disjoint, in key order: walked in turn) over the buffer: a held key
  // replaces the buffer's (it was written later).
  const newer: RunWalk<Slot> =
    held === null || held.length === 0
      ? buffered
      : (visit) => {
          let r = 0;
          let hk = held[0].keys;
          let hv = held[0].values;
          let j = 0;
          const step = (): void => {
            while (j === hk.length && r + 1 < held.length) {
              hk = held[++r].keys;
              hv = held[r].values;
              j = 0;
            }
          };
          step();
          buffered((k, v) => {
            while (j < hk.length && hk[j] < k) {
              visit(hk[j], hv[j++]);
              step();
            }
            if (j < hk.length && hk[j] === k) {
              visit(hk[j], hv[j++]);
              step();
            } else visit(k, v);
          });
          for (; j < hk.length; j++) visit(hk[j], hv[j]);
          for (r++; r < held.length; r++) {
            const run = held[r];
            for (let i = 0; i < run.keys.length; i++) visit(run.keys[i], run.values[i]);
          }
        };
  mergeRuns<Value, Slot>(old, newer, keep, (k, v) => {
    written?.push(k);
    if (v !== TOMBSTONE) keep(k, placed(v));
  });
  return tree.finish();
}

/** runsLength is the number of entries of the runs. */
function runsLength(runs: readonly Run<unknown>[] | null): number {
  let n = 0;
  if (runs !== null) for (const r of runs) n += r.keys.length;
  return n;
}

/** leafRun is a tree's entries outside `clears` as one run, copied leaf by leaf. */
function leafRun<V>(tree: BTree<SKey, V>, clears: RangeSet | null): Run<V> {
  const keys = new Array<SKey>(tree.size);
  const values = new Array<V>(keys.length);
  let at = 0;
  forEachLeaf(tree, (ks, vs) => {
    for (let i = 0; i < ks.length; i++) {
      if (clears !== null && clears.contains(ks[i])) continue;
      keys[at] = ks[i];
      values[at++] = vs[i];
    }
  });
  keys.length = at;
  values.length = at;
  return { keys, values };
}

/** One committed write set, kept while an older transaction may still need to validate. */
interface CommitRecord {
  version: number;
  /** Written keys (sets and clears), sorted. */
  keys: SKey[];
  /** Cleared and declared ranges, or null. */
  ranges: RangeSet | null;
}

/** A range a serializable cursor walked; `end` is inclusive when the walk stopped at a key. */
interface ReadRange {
  begin: SKey;
  end: SKey;
  endInclusive: boolean;
}

const ISOLATIONS: readonly Isolation[] = ['serializable', 'snapshot', 'read-committed'];

/** The empty list transactions share until they add to one (frozen: a push onto it throws). */
const NONE: never[] = Object.freeze([]) as never[];

/** createMemoryEngine returns an empty in-memory engine. */
export function createMemoryEngine(options?: MemoryEngineOptions): MemoryEngine {
  return new MemoryEngine(options);
}

export interface MemoryEngineOptions {
  /**
   * A commit writing at least this many keys, and at least a quarter as many as the store
   * holds, rebuilds the tree by merging instead of inserting key by key (default 4096; tests
   * lower it to drive small commits through that path).
   */
  bulkCommitKeys?: number;
}

/**
 * placed returns the value to publish for a committed write: a row is copied so the rows of one
 * commit are allocated one after another, in key order. A transaction's rows were allocated
 * among the garbage of the statements that made them, so the heap scatters them; a scan then
 * misses the cache on every row (measured: a filter over 100k stored rows ran at half the speed
 * of the same loop over fresh copies, and at a fifth over copies in random order). Index entries
 * carry their row (store.ts): each gets its own copy, so an index range's rows lie together too.
 */
function placed(v: Value): Value {
  return Array.isArray(v) ? v.slice() : v;
}

export class MemoryEngine implements KVEngine {
  readonly name = 'memory';
  /** The latest committed state (never mutated after publication). */
  private current: BTree<SKey, Value> = newKeyTree<Value>();
  private version = 0;
  private log: CommitRecord[] = [];
  /** readVersion → number of active validating (serializable/snapshot, writable) transactions. */
  private active = new Map<number, number>();
  private activeCount = 0;
  private closed = false;
  /** Exact-key gets of `current` by hash, once gets ask for it (point-map.ts). */
  private readonly points = new PointMap();
  private readonly bulkCommitKeys: number;

  constructor(options: MemoryEngineOptions = {}) {
    this.bulkCommitKeys = options.bulkCommitKeys ?? BULK_WRITES;
  }

  /** begin starts a transaction on the latest committed state. */
  begin(options: TransactionOptions = {}): KVTransaction {
    if (this.closed) throw new StateError('CLOSED', 'the memory engine is closed');
    const isolation = options.isolation ?? 'serializable';
    if (!ISOLATIONS.includes(isolation)) {
      throw new PolyglotError('INVALID_ARGUMENT', `unknown isolation level '${String(isolation)}'`);
    }
    return new MemoryTransaction(this, isolation, options.readOnly === true, this.current, this.version);
  }

  latestToken(): object {
    return this.current;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.log = [];
    this.points.forget();
    // The walkers shared by every engine may still hold a path into this one's trees.
    for (const w of SHARED_WALKERS) w.reset();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** size is the number of committed keys (diagnostics and tests). */
  get size(): number {
    return this.current.size;
  }

  /** logLength is the number of retained commit records (diagnostics and tests). */
  get logLength(): number {
    return this.log.length;
  }

  /** @internal getFrom reads one key of a committed tree: by hash when it is the latest. */
  getFrom(tree: BTree<SKey, Value>, key: SKey): Value | undefined {
    return tree === this.current ? this.points.get(tree, key) : treeGet(tree, key);
  }

  /** @internal getPairFrom is getFrom of the key encoding [a, b] (point-map.ts). */
  getPairFrom(tree: BTree<SKey, Value>, a: number, b: number): Value | undefined {
    return tree === this.current ? this.points.getPair(tree, a, b) : treeGet(tree, pairKey(a, b));
  }

  /** @internal getPairsFrom is getPairFrom of `a` with each of bs[0..n), into out[i]. */
  getPairsFrom(tree: BTree<SKey, Value>, a: number, bs: readonly number[], out: (Value | undefined)[], n: number): void {
    if (tree === this.current) this.points.getPairs(tree, a, bs, out, n);
    else for (let i = 0; i < n; i++) out[i] = treeGet(tree, pairKey(a, bs[i]));
  }

  /** @internal getTripleFrom is getFrom of the key encoding [a, b, c], b and c small integers (point-map.ts). */
  getTripleFrom(tree: BTree<SKey, Value>, a: number, b: number, c: number): Value | undefined {
    return tree === this.current ? this.points.getTriple(tree, a, b, c) : treeGet(tree, tripleKey(a, b, c));
  }

  /** @internal prefixFrom is the values under the prefix [a, b] of `tree` from the point map, when `tree` is the latest and its part is grouped (point-map.ts). */
  prefixFrom(tree: BTree<SKey, Value>, a: number, b: number): readonly Value[] | undefined {
    return tree === this.current ? this.points.prefix(tree, a, b) : undefined;
  }

  /** @internal expectPrefixesFrom is the point map's expectPrefixes for `tree` (false unless it is the latest). */
  expectPrefixesFrom(tree: BTree<SKey, Value>, a: number, n: number): boolean {
    return tree === this.current && this.points.expectPrefixes(tree, a, n);
  }

  /** @internal latest returns the latest committed tree (read-committed reads). */
  latest(): BTree<SKey, Value> {
    return this.current;
  }

  /** @internal register notes an active validating transaction. */
  register(readVersion: number): void {
    this.active.set(readVersion, (this.active.get(readVersion) ?? 0) + 1);
    this.activeCount++;
  }

  /** @internal unregister forgets it and trims the log to what the others still need. */
  unregister(readVersion: number): void {
    const n = this.active.get(readVersion)!;
    if (n === 1) this.active.delete(readVersion);
    else this.active.set(readVersion, n - 1);
    this.activeCount--;
    if (this.activeCount === 0) {
      this.log.length = 0;
      return;
    }
    let oldest = Infinity;
    for (const v of this.active.keys()) if (v < oldest) oldest = v;
    let drop = 0;
    while (drop < this.log.length && this.log[drop].version <= oldest) drop++;
    if (drop > 0) this.log.splice(0, drop);
  }

    /** @internal commitTransaction validates and applies a transaction's writes, atomically. */
  commitTransaction(tx: MemoryTransaction, held: readonly Run<Slot>[] | null = null): void {
    if (this.closed) throw new StateError('CLOSED', 'the memory engine is closed');
    let writes = tx.writes;
    const clears = tx.clears;
    const heldCount = runsLength(held);
    const hasWrites = (writes !== null && writes.size > 0) || heldCount > 0 || (clears !== null && !clears.isEmpty);
    if (!hasWrites) return;
    if (tx.isolation !== 'read-committed' && this.version > tx.readVersion) {
      let i = this.log.length;
      while (i > 0 && this.log[i - 1].version > tx.readVersion) i--;
      const newer = this.log.slice(i);
      const conflict = tx.isolation === 'serializable' ? tx.readsConflictWith(newer) : tx.writesConflictWith(newer);
      if (conflict) {
        throw new ConflictError(
          tx.isolation === 'serializable'
            ? 'transaction conflict: data it read was changed by a transaction that committed first; retry'
            : 'transaction conflict: data it wrote was also written by a transaction that committed first; retry',
        );
      }
    }
    const keys: SKey[] = [];
    // The written keys are logged only while another transaction may validate against them.
    const logged = this.activeCount > (tx.validating ? 1 : 0);
    let next: BTree<SKey, Value>;
    // A bulk commit (a load, an index build) drops the point map rather than feed it every key:
    // it is rebuilt only if gets ask for it again (point-map.ts).
    const writeCount = (writes === null ? 0 : writes.size) + heldCount;
    this.points.forgetIfBulk(writeCount, this.current.size);
    if (writeCount > 0 && writeCount >= this.bulkCommitKeys && writeCount * 4 >= this.current.size) {
      this.points.forget();
      next = mergeBulk(this.current, writes, held, clears, logged ? keys : null);
    } else {
      // Key by key: the held runs (deferManyBinary's) join the buffer first.
      if (held !== null) {
        for (const run of held) tx.absorb(run);
        writes = tx.writes;
      }
      next = this.applyWrites(writes, clears, keys);
    }
    this.current = next;
    this.version++;
    if (logged) {
      let ranges: RangeSet | null = null;
      if (clears !== null || tx.conflicts !== null) {
        ranges = clears !== null ? clears.clone() : new RangeSet();
        tx.conflicts?.forEach((b, e) => ranges!.add(b, e));
      }
      this.log.push({ version: this.version, keys, ranges });
    }
  }
  /** applyWrites is the committed tree with the buffer's writes applied key by key (a commit too small to merge). */
  private applyWrites(writes: BTree<SKey, Slot> | null, clears: RangeSet | null, keys: SKey[]): BTree<SKey, Value> {
    let next: BTree<SKey, Value>;
    if (this.current.isEmpty && clears === null && writes !== null) {
      // First load into an empty store: adopt the buffer's nodes, then drop its tombstones.
      next = writes.clone() as unknown as BTree<SKey, Value>;
      const dead: SKey[] = [];
      const points = this.points;
      writes.forEachPair((k, v) => {
        keys.push(k);
        if (v === TOMBSTONE) dead.push(k);
        else points.set(k, v);
      });
      if (dead.length > 0) next.deleteKeys(dead);
    } else {
      next = this.current.clone();
      const points = this.points;
      if (clears !== null) {
        clears.forEach((b, e) => {
          points.clearRange(next, b, e);
          next.deleteRange(b, e, false);
        });
      }
      if (writes !== null) {
        writes.forEachPair((k, v) => {
          keys.push(k);
          if (v === TOMBSTONE) {
            next.delete(k);
            points.delete(k);
          } else {
            const stored = placed(v);
            next.set(k, stored);
            points.set(k, stored);
          }
        });
      }
    }
    return next;
  }
}

interface MemorySavepoint extends Savepoint {
  readonly owner: MemoryTransaction;
  /** The undo log's length when the savepoint was taken. */
  readonly mark: number;
}

/** What one write under a savepoint replaced: a key's buffer slot (undefined: none), a range set, or the deferred runs. */
type Undo =
  | { readonly key: SKey; readonly prev: Slot | undefined }
  | { readonly ranges: 'clears' | 'conflicts'; readonly prev: RangeSet | null }
  | { readonly piles: readonly Pile<Slot>[] };

class MemoryTransaction implements KVTransaction {
  finished = false;
  /** Values are kept as given: index entries carry their rows (kv.ts), copied in key order by the commit (placed). */
  readonly entryValues = true;
  /** @internal The write buffer (key → value or TOMBSTONE), created on first write. */
  writes: BTree<SKey, Slot> | null = null;
  /** @internal Ranges cleared by clearRange (writes made after a clear live in `writes`). */
  clears: RangeSet | null = null;
  /** @internal Ranges declared by addWriteConflictRange. */
  conflicts: RangeSet | null = null;
  /** Writes held aside by deferManyBinary, not yet in `writes` (deferred.ts); replaced, never changed in place. */
  private piles: readonly Pile<Slot>[] = NONE;
  /** @internal Whether this transaction is registered for log retention. */
  readonly validating: boolean;
  /** @internal Serializable read set: point reads and walked ranges (null when not tracked). */
  readPoints: SKey[] | null = null;
  readRanges: ReadRange[] | null = null;
  // The three lists start as one shared frozen empty array (most transactions never use them);
  // the first push makes a transaction its own (a push onto NONE would throw, never pass silently).
  private savepoints: MemorySavepoint[] = NONE;
  /** Held savepoints' undo log, oldest first; empty while none is held. */
  private undo: Undo[] = NONE;
  /** Cursors opened since the last write, which may still read the live buffer (MemoryCursor). */
  private liveCursors: MemoryCursor[] = NONE;

  constructor(
    private readonly engine: MemoryEngine,
    readonly isolation: Isolation,
    readonly readOnly: boolean,
    private readonly snapshot: BTree<SKey, Value>,
    readonly readVersion: number,
  ) {
    this.validating = !readOnly && isolation !== 'read-committed';
    if (this.validating) engine.register(readVersion);
    if (!readOnly && isolation === 'serializable') {
      this.readPoints = [];
      this.readRanges = [];
    }
  }

  /** @internal base is the committed tree this transaction reads now. */
  base(): BTree<SKey, Value> {
    return this.isolation === 'read-committed' ? this.engine.latest() : this.snapshot;
  }

  snapshotToken(): object | null {
    return this.isolation === 'read-committed' ? null : this.snapshot;
  }

  /** @internal checkActive throws unless the transaction may still be used. */
  checkActive(): void {
    if (this.finished) throw new StateError('TRANSACTION_STATE', 'the transaction is already committed or rolled back');
    if (this.engine.isClosed) throw new StateError('CLOSED', 'the memory engine is closed');
  }

  /** @internal watch registers a cursor reading the live buffer. */
  watch(c: MemoryCursor): void {
    let live = this.liveCursors;
    if (live === NONE) live = this.liveCursors = [];
    if (live.length >= 64) {
      // Many cursors and no write (lookups in a loop): forget the finished ones.
      let n = 0;
      for (let i = 0; i < live.length; i++) if (!live[i].isDone) live[n++] = live[i];
      live.length = n;
    }
    live.push(c);
  }

  /** beforeWrite gives every open cursor its own O(1) copy of the buffer before the buffer changes. */
  private beforeWrite(): void {
    const live = this.liveCursors;
    if (live.length === 0) return;
    for (let i = 0; i < live.length; i++) live[i].freeze();
    live.length = 0;
  }

  private checkWritable(): void {
    this.checkActive();
    if (this.readOnly) throw new StateError('READ_ONLY', 'cannot write in a read-only transaction');
  }

  get(key: Key): Value | undefined {
    this.checkActive();
    return this.getString(keyString(key));
  }

  /** @internal getString is get on a binary-string key. */
  getString(key: SKey): Value | undefined {
    if (this.piles.length > 0 && holding(this.piles, key)) this.settle(key, key, true);
    if (this.writes !== null) {
      const s = treeGet(this.writes, key);
      if (s !== undefined) return s === TOMBSTONE ? undefined : s;
    }
    if (this.clears !== null && this.clears.contains(key)) return undefined;
    if (this.readPoints !== null) this.readPoints.push(key);
    return this.engine.getFrom(this.base(), key);
  }

  getBinary(key: SKey): Value | undefined {
    this.checkActive();
    return this.getString(key);
  }

  /**
   * emptyBinary says whether no key in [begin, end) is visible here: none held aside, none in the
   * buffer (a deletion counts as a key: the answer is then a cautious false), none in the
   * snapshot, and no cleared range (cautious too). A descent or two; records no read.
   */
  emptyBinary(begin: SKey, end: SKey): boolean {
    this.checkActive();
    if (begin >= end) return true;
    if (this.piles.length > 0 && overlapping(this.piles, begin, end, false)) return false;
    if (this.clears !== null && !this.clears.isEmpty) return false;
    if (this.writes !== null && hasKeyIn(this.writes, begin, end)) return false;
    return !hasKeyIn(this.base(), begin, end);
  }

  noteReadsBinary(points: readonly SKey[], ranges: readonly SKey[]): void {
    this.checkActive();
    const readPoints = this.readPoints;
    if (readPoints !== null) for (let i = 0; i < points.length; i++) readPoints.push(points[i]);
    const readRanges = this.readRanges;
    if (readRanges !== null) for (let i = 0; i + 1 < ranges.length; i += 2) readRanges.push({ begin: ranges[i], end: ranges[i + 1], endInclusive: false });
  }

  getNumberPair(a: number, b: number): Value | undefined {
    this.checkActive();
    // Own writes, cleared ranges and recorded reads are kept by key string.
    if (this.writes !== null || this.clears !== null || this.readPoints !== null || this.piles.length > 0) return this.getString(pairKey(a, b));
    return this.engine.getPairFrom(this.base(), a, b);
  }

  getNumberPairs(a: number, bs: readonly number[], out: (Value | undefined)[], n: number): void {
    this.checkActive();
    if (this.writes !== null || this.clears !== null || this.readPoints !== null || this.piles.length > 0) {
      for (let i = 0; i < n; i++) out[i] = this.getString(pairKey(a, bs[i]));
      return;
    }
    this.engine.getPairsFrom(this.base(), a, bs, out, n);
  }

  getNumberTriple(a: number, b: number, c: number): Value | undefined {
    this.checkActive();
    if (this.writes !== null || this.clears !== null || this.readPoints !== null || this.piles.length > 0) return this.getString(tripleKey(a, b, c));
    return this.engine.getTripleFrom(this.base(), a, b, c);
  }

  probeNumberPrefix(a: number, b: number): readonly Value[] | undefined {
    this.checkActive();
    // Own writes, cleared ranges, recorded reads and held runs take probeBinary's way.
    if (this.writes !== null || this.clears !== null || this.readPoints !== null || this.readRanges !== null || this.piles.length > 0) return undefined;
    return this.engine.prefixFrom(this.base(), a, b);
  }

  expectNumberPrefixes(a: number, n: number): boolean {
    this.checkActive();
    if (this.writes !== null || this.clears !== null || this.readPoints !== null || this.readRanges !== null || this.piles.length > 0) return false;
    return this.engine.expectPrefixesFrom(this.base(), a, n);
  }

  probeBinary(begin: SKey, end: SKey, keys: SKey[] | null, values: Value[] | null, at = (keys ?? values)?.length ?? 0): number {
    this.checkActive();
    if (begin < end && this.piles.length > 0) this.settle(begin, end, false);
    if (this.clears !== null && !this.clears.isEmpty) return -1;
    if (begin >= end) return at;
    // The whole range is read, as a cursor that ran to its end records it.
    if (this.readRanges !== null) this.readRanges.push({ begin, end, endInclusive: false });
    const writes = this.writes;
    if (writes === null || writes.size === 0) return probeWalker.collect(this.base(), begin, end, keys, values, at);
    // With writes (a load's later batches probing the dictionary it filled): the buffer's
    // entries in the range merged over the snapshot's, as a cursor would, without one.
    const wk: SKey[] = [];
    const wv: Slot[] = [];
    bufferProbeWalker.forget(); // the buffer changes between probes: no kept path
    bufferProbeWalker.collect(writes, begin, end, wk, wv, 0);
    if (wk.length === 0) return probeWalker.collect(this.base(), begin, end, keys, values, at);
    const snapshot: Run<Value> = { keys: [], values: [] };
    probeWalker.collect(this.base(), begin, end, snapshot.keys, snapshot.values, 0);
    return mergeProbe(snapshot, { keys: wk, values: wv }, keys, values, at);
  }

  scan(begin: Key, end: Key, options: ScanOptions = {}): KVCursor {
    this.checkActive();
    const limit = options.limit;
    if (limit !== undefined && !(limit >= 0)) {
      throw new PolyglotError('INVALID_ARGUMENT', `scan limit must be a non-negative number, not ${String(limit)}`);
    }
    const b = keyString(begin);
    const e = keyString(end);
    if (b < e && this.piles.length > 0) this.settle(b, e, false);
    return new MemoryCursor(this, b, e, options.reverse === true, limit ?? Infinity);
  }

  set(key: Key, value: Value): void {
    this.setBinary(keyString(key), value);
  }

  setBinary(key: SKey, value: Value): void {
    this.checkWritable();
    if (this.piles.length > 0 && holding(this.piles, key)) this.settle(key, key, true);
    this.beforeWrite();
    if (value === undefined) throw new PolyglotError('INVALID_ARGUMENT', 'cannot store undefined');
    this.put(key, value);
  }

  setManyBinary(keys: readonly SKey[], values: readonly Value[], handOver = false): void {
    this.checkWritable();
    const n = keys.length;
    if (n === 0) return;
    for (let i = 0; i < n; i++) if (values[i] === undefined) throw new PolyglotError('INVALID_ARGUMENT', 'cannot store undefined');
    // Sorted, the run costs one sort; set one by one into a large buffer, each key cost a
    // descent to a leaf elsewhere in the heap (measured: 2.4M quad keys, 4.8–6.3 s one by one,
    // 1.3 s sorted and merged).
    const run = sortRun<Slot>(keys, values, null, handOver);
    if (this.piles.length > 0) this.settle(run.keys[0], run.keys[n - 1], true);
    this.beforeWrite();
    this.writeRun(run);
  }

  /**
   * deferManyBinary is setManyBinary of keys that all lie in [begin, end), held aside as a
   * sorted run (deferred.ts) until a read or write meets that range, or the commit. Nothing
   * changes for a reader: whatever reads there first settles the runs into the buffer.
   */
  deferManyBinary(begin: SKey, end: SKey, keys: readonly SKey[], values: readonly Value[], handOver = false): void {
    this.checkWritable();
    const n = keys.length;
    if (n === 0) return;
    for (let i = 0; i < n; i++) if (values[i] === undefined) throw new PolyglotError('INVALID_ARGUMENT', 'cannot store undefined');
    const run = sortRun<Slot>(keys, values, null, handOver);
    if (!(begin <= run.keys[0] && run.keys[n - 1] < end)) throw new PolyglotError('INVALID_ARGUMENT', 'deferred keys must lie in the range given with them');
    // Piles never overlap: one over part of this range (another range's) is settled first.
    if (clashing(this.piles, begin, end)) this.settle(begin, end, false);
    if (this.savepoints.length > 0) this.undo.push({ piles: this.piles });
    this.piles = withRun(this.piles, begin, end, run);
  }

  /** settle writes the deferred runs meeting [begin, end) ([begin, end] when `inclusive`) into the buffer. */
  private settle(begin: SKey, end: SKey, inclusive: boolean): void {
    if (!overlapping(this.piles, begin, end, inclusive)) return;
    const { run, rest } = takeRuns(this.piles, begin, end, inclusive);
    if (this.savepoints.length > 0) this.undo.push({ piles: this.piles });
    this.piles = rest;
    this.beforeWrite();
    this.writeRun(run);
  }

  /** writeRun writes a sorted run into the buffer: merged when large beside it, else key by key. */
  /** @internal absorb writes runs the commit was handed (commit's `held`) into the buffer, for a commit key by key. */
  absorb(run: Run<Slot>): void {
    this.writeRun(run);
  }

  private writeRun(run: Run<Slot>): void {
    const n = run.keys.length;
    const writes = this.writes;
    if (writes === null || n * MERGE_SHARE >= writes.size) this.mergeRun(run);
    else for (let i = 0; i < n; i++) this.put(run.keys[i], run.values[i]);
  }

  /**
   * mergeRun rebuilds the buffer as one linear merge of its entries with a sorted run (a run
   * key replaces an equal buffer key), logging what each run key replaced while a savepoint is held.
   */
  private mergeRun(run: Run<Slot>): void {
    const logging = this.savepoints.length > 0;
    const writes = this.writes;
    if (writes === null || writes.size === 0) {
      // Nothing to merge with: the run is the buffer.
      if (logging) for (const key of run.keys) this.undo.push({ key, prev: undefined });
      this.writes = buildKeyTree(run.keys, run.values);
      return;
    }
    const old = leafRun(writes, null);
    if (compareSKeys(old.keys[old.keys.length - 1], run.keys[0]) < 0) {
      // The run lies wholly after the buffer (a load's quads after the terms it interned, which
      // have the lower relation id): the two concatenated are the merge, in two array copies.
      if (logging) for (const key of run.keys) this.undo.push({ key, prev: undefined });
      this.writes = buildKeyTree(old.keys.concat(run.keys), old.values.concat(run.values));
      return;
    }
    const undo = this.undo;
    const mk = new Array<SKey>(old.keys.length + run.keys.length);
    const mv = new Array<Slot>(mk.length);
    let at = 0;
    const keep = (k: SKey, v: Slot): void => {
      mk[at] = k;
      mv[at++] = v;
    };
    mergeRuns<Slot, Slot>(old, walkRun(run), keep, (k, v, prev) => {
      if (logging) undo.push({ key: k, prev });
      keep(k, v);
    });
    mk.length = at;
    mv.length = at;
    this.writes = buildKeyTree(mk, mv);
  }

  clear(key: Key): void {
    this.checkWritable();
    const k = keyString(key);
    if (this.piles.length > 0 && holding(this.piles, k)) this.settle(k, k, true);
    this.beforeWrite();
    this.put(k, TOMBSTONE);
  }

  /** put writes a buffer slot, logging the one it replaces while a savepoint is held. */
  private put(k: SKey, slot: Slot): void {
    const writes = (this.writes ??= newKeyTree<Slot>());
    if (this.savepoints.length === 0) writes.set(k, slot);
    // Under a savepoint: a key new to the buffer (the common case: a load, an index build)
    // is added in one descent; only one written before needs its previous slot looked up.
    else if (writes.set(k, slot, false)) this.undo.push({ key: k, prev: undefined });
    else {
      this.undo.push({ key: k, prev: treeGet(writes, k) });
      writes.set(k, slot);
    }
  }

  clearRange(begin: Key, end: Key): void {
    this.checkWritable();
    const b = keyString(begin);
    const e = keyString(end);
    if (b >= e) return;
    if (this.piles.length > 0) this.settle(b, e, false);
    this.beforeWrite();
    if (this.savepoints.length > 0) {
      const undo = this.undo;
      this.writes?.forRange(b, e, false, (key, prev) => void undo.push({ key, prev }));
      undo.push({ ranges: 'clears', prev: this.clears?.clone() ?? null });
    }
    this.writes?.deleteRange(b, e, false);
    (this.clears ??= new RangeSet()).add(b, e);
  }

  addWriteConflictRange(begin: Key, end: Key): void {
    this.checkWritable();
    if (this.savepoints.length > 0) this.undo.push({ ranges: 'conflicts', prev: this.conflicts?.clone() ?? null });
    (this.conflicts ??= new RangeSet()).add(keyString(begin), keyString(end));
  }

  savepoint(): Savepoint {
    this.checkActive();
    if (this.savepoints === NONE) this.savepoints = [];
    if (this.undo === NONE) this.undo = [];
    const sp: MemorySavepoint = { __savepoint: true, owner: this, mark: this.undo.length };
    this.savepoints.push(sp);
    return sp;
  }

  rollbackTo(savepoint: Savepoint): void {
    this.checkActive();
    const i = this.held(savepoint);
    const sp = this.savepoints[i];
    this.savepoints.length = i + 1; // savepoints taken after this one are released
    if (this.undo.length === sp.mark) return;
    this.beforeWrite();
    const undo = this.undo;
    for (let j = undo.length - 1; j >= sp.mark; j--) {
      const u = undo[j];
      if ('key' in u) {
        if (u.prev === undefined) this.writes?.delete(u.key);
        else this.writes?.set(u.key, u.prev);
      } else if ('piles' in u) this.piles = u.piles;
      else if (u.ranges === 'clears') this.clears = u.prev;
      else this.conflicts = u.prev;
    }
    undo.length = sp.mark;
  }

  release(savepoint: Savepoint): void {
    this.checkActive();
    this.savepoints.length = this.held(savepoint); // with those taken after it
    if (this.savepoints.length === 0) this.undo = NONE;
  }

  /** held is a savepoint's place among those held, or throws. */
  private held(savepoint: Savepoint): number {
    const sp = savepoint as MemorySavepoint;
    const i = this.savepoints.indexOf(sp);
    if (sp.owner !== this || i < 0) {
      throw new StateError('TRANSACTION_STATE', 'unknown savepoint (taken in another transaction, or released by an earlier rollback)');
    }
    return i;
  }

  async commit(): Promise<void> {
    this.checkActive();
    try {
      let held: Run<Slot>[] | null = null;
      if (this.piles.length > 0) {
        // Nothing can roll back to a savepoint any more: settle without logging what it replaces.
        if (this.savepoints.length > 0) this.savepoints.length = 0;
        // Snapshot isolation checks its write set against the buffer: settle there. Otherwise the
        // commit takes the held runs as they are (a bulk commit merges them in its one pass).
        if (this.isolation === 'snapshot') this.settle('', '\uffff', true);
        else {
          held = takeAll(this.piles);
          this.piles = NONE;
        }
      }
      this.engine.commitTransaction(this, held);
    } finally {
      this.finish();
    }
  }

  /** rollback discards the writes; on a finished transaction it does nothing. */
  rollback(): void {
    if (!this.finished) this.finish();
  }

  private finish(): void {
    this.finished = true;
    this.writes = null;
    this.clears = null;
    this.conflicts = null;
    this.piles = NONE;
    this.readPoints = null;
    this.readRanges = null;
    // (Setting an array's length is a runtime call: skip it for the empty arrays of most transactions.)
    if (this.savepoints.length > 0) this.savepoints.length = 0;
    if (this.undo.length > 0) this.undo = NONE;
    if (this.liveCursors.length > 0) this.liveCursors.length = 0;
    if (this.validating) this.engine.unregister(this.readVersion);
  }

  /** @internal readsConflictWith says whether a newer commit wrote something this transaction read. */
  readsConflictWith(records: CommitRecord[]): boolean {
    const points = this.readPoints!.slice().sort(compareSKeys);
    const ranges = new RangeSet();
    for (const r of this.readRanges!) ranges.add(r.begin, r.endInclusive ? r.end + '\u0000' : r.end);
    const hasPoint = (k: SKey): boolean => {
      const i = lowerBound(points, k);
      return i < points.length && points[i] === k;
    };
    const pointIn = (b: SKey, e: SKey): boolean => {
      const i = lowerBound(points, b);
      return i < points.length && points[i] < e;
    };
    for (const rec of records) {
      for (const k of rec.keys) if (hasPoint(k) || ranges.contains(k)) return true;
      let hit = false;
      rec.ranges?.forEach((b, e) => {
        if (!hit && (pointIn(b, e) || ranges.overlaps(b, e))) hit = true;
      });
      if (hit) return true;
    }
    return false;
  }

  /** @internal writesConflictWith says whether a newer commit wrote something this transaction wrote. */
  writesConflictWith(records: CommitRecord[]): boolean {
    const writes = this.writes;
    const wrote = (k: SKey): boolean =>
      (writes !== null && writes.has(k)) || this.clears?.contains(k) === true || this.conflicts?.contains(k) === true;
    const wroteIn = (b: SKey, e: SKey): boolean => {
      if (writes !== null) {
        const p = writes.getPairOrNextHigher(b);
        if (p !== undefined && p[0] < e) return true;
      }
      return this.clears?.overlaps(b, e) === true || this.conflicts?.overlaps(b, e) === true;
    };
    for (const rec of records) {
      for (const k of rec.keys) if (wrote(k)) return true;
      let hit = false;
      rec.ranges?.forEach((b, e) => {
        if (!hit && wroteIn(b, e)) hit = true;
      });
      if (hit) return true;
    }
    return false;
  }
}

// A cursor's first batch (and every batch of a merged walk) seeks afresh, so these walkers hold
// no state between batches and can be shared (a batch is filled synchronously, start to end).
const baseWalker = new Walker();
const bufferWalker = new Walker();
/** probeBinary's walkers (of the snapshot, of the write buffer): a probe reads its range to the end synchronously. */
const probeWalker = new Walker();
const bufferProbeWalker = new Walker();
const SHARED_WALKERS = [baseWalker, bufferWalker, probeWalker, bufferProbeWalker];

/** mergeProbe appends the snapshot's entries overridden by the buffer's (TOMBSTONE deletes), in key order. */
function mergeProbe(snapshot: Run<Value>, buffer: Run<Slot>, keys: SKey[] | null, values: Value[] | null, at: number): number {
  let n = at;
  const keep = (k: SKey, v: Value): void => {
    if (keys !== null) keys[n] = k;
    if (values !== null) values[n] = v;
    n++;
  };
  mergeRuns<Value, Slot>(snapshot, walkRun(buffer), keep, (k, v) => {
    if (v !== TOMBSTONE) keep(k, v);
  });
  return n;
}

/** hasKeyIn says whether `tree` holds a key in [begin, end). */
function hasKeyIn(tree: BTree<SKey, unknown>, begin: SKey, end: SKey): boolean {
  const p = tree.getPairOrNextHigher(begin);
  return p !== undefined && p[0] < end;
}

function lowerBound(keys: SKey[], k: SKey): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < k) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * MemoryCursor walks [begin, end) of the merged view batch by batch. Each batch re-seeks just
 * after the last key it returned (O(log n) per batch), so a read-committed cursor sees commits
 * made between batches and nothing holds tree positions across batches.
 *
 * It sees the transaction's writes as they were when it opened: it reads the live buffer
 * until the transaction is about to write while the cursor is open, and then takes an O(1)
 * clone (freeze). Cloning eagerly at open would make every later write copy a tree path,
 * which a unique-index check (open, read one key, close) before each insert cannot afford.
 */
/** How many slots a cursor's first batch preallocates (later batches: the whole batch). */
const FIRST_BATCH = 16;

class MemoryCursor implements KVCursor {
  private done: boolean;
  private remaining: number;
  private resume: SKey | null = null;
  private lastKey: SKey | null = null;
  private writes: BTree<SKey, Slot> | null;
  private clears: RangeSet | null;
  private read: ReadRange | null = null;
  /**
   * A long direct scan's own walker and the tree it walks: the next batch continues from its
   * position instead of descending from the root (a descent compares keys scattered in the heap).
   */
  private own: Walker | null = null;
  private ownTree: BTree<SKey, Value> | null = null;

  constructor(
    private readonly tx: MemoryTransaction,
    private readonly begin: SKey,
    private readonly end: SKey,
    private readonly reverse: boolean,
    limit: number,
  ) {
    this.remaining = limit;
    this.done = limit === 0 || begin >= end;
    this.writes = tx.writes !== null && tx.writes.size > 0 ? tx.writes : null;
    this.clears = tx.clears !== null && !tx.clears.isEmpty ? tx.clears : null;
    if (!this.done && (this.writes !== null || this.clears !== null)) tx.watch(this);
  }

  /** @internal isDone says whether the cursor has ended (exhausted or closed). */
  get isDone(): boolean {
    return this.done;
  }

  /** @internal freeze stops reading the live buffer: the transaction is about to change it. */
  freeze(): void {
    if (this.done) return;
    this.writes = this.writes?.clone() ?? null;
    this.clears = this.clears?.clone() ?? null;
  }

  nextBatch(max?: number): KVEntry[] | null {
    return this.fill(FILL_ENTRIES, max) as KVEntry[] | null;
  }

  nextValues(max?: number): Value[] | null {
    return this.fill(FILL_VALUES, max) as Value[] | null;
  }

  nextKeys(max?: number): Key[] | null {
    return this.fill(FILL_KEYS, max) as Key[] | null;
  }

  nextBinaryKeys(max?: number): string[] | null {
    return this.fill(FILL_BINARY_KEYS, max) as string[] | null;
  }

  visitValues(max: number, visit: ValueRunVisitor): number {
    if (this.done) return 0;
    if (this.reverse || this.writes !== null || this.clears !== null) {
      // Runs are read low to high and the merged view has no stored array to lend: a batch.
      const batch = this.nextValues(max);
      if (batch === null) return 0;
      visit(batch, 0, batch.length);
      return batch.length;
    }
    this.tx.checkActive();
    const n = this.batchSize(max);
    const tree = this.tx.base();
    // Always the cursor's own walker: the visitor may open other cursors (a subquery in a
    // predicate), which would reposition a shared one under this walk.
    let w = this.own;
    if (w === null || this.ownTree !== tree) {
      w = this.own ??= new Walker();
      this.ownTree = tree;
      this.seek(w, tree);
    }
    const count = w.visit(n, visit as (values: readonly unknown[], from: number, to: number) => void);
    if (count > 0) this.lastKey = w.lastKey;
    this.walked(count, n);
    return count;
  }

  close(): void {
    this.done = true;
    this.writes = null;
    this.clears = null;
    this.own = null;
    this.ownTree = null;
  }

  private batchSize(max: number | undefined): number {
    const want = max === undefined ? 1024 : max >= 1 ? Math.floor(max) : 1;
    return want < this.remaining ? want : this.remaining;
  }

  /** walked does a batch's bookkeeping: what is left, the end, where to resume, the read set. */
  private walked(count: number, n: number): void {
    this.remaining -= count;
    const exhausted = count < n;
    if (exhausted || this.remaining === 0) this.close();
    if (count > 0) this.resume = this.lastKey;
    if (this.tx.readRanges !== null) this.recordRead(exhausted);
  }

  private fill(mode: FillMode, max: number | undefined): unknown[] | null {
    if (this.done) return null;
    this.tx.checkActive();
    const n = this.batchSize(max);
    const direct = this.writes === null && this.clears === null;
    // A direct walk assigns by index into a preallocated batch (no growth copies); trimmed below.
    // A cursor's first batch starts small and grows as it fills: most cursors are index probes
    // and point ranges reading a few entries, for which a 1024-slot array is mostly garbage.
    const size = this.resume === null ? FIRST_BATCH : 1024;
    const out: unknown[] = direct ? new Array(n < size ? n : size) : [];
    const count = direct ? this.fillDirect(mode, out, n) : this.fillMerged(mode, out, n);
    if (direct && out.length !== count) out.length = count;
    this.walked(count, n);
    return count === 0 ? null : out;
  }

  private seek(w: Walker, tree: BTree<SKey, unknown>): void {
    if (!this.reverse) w.seekForward(tree, this.resume ?? this.begin, this.resume !== null, this.end);
    else w.seekBackward(tree, this.resume ?? this.end, this.begin);
  }

  private fillDirect(mode: FillMode, out: unknown[], n: number): number {
    const tree = this.tx.base();
    let w: Walker;
    if (this.own !== null && this.ownTree === tree) {
      // Still on the tree the last batch walked: go on from where it stopped, no descent.
      w = this.own;
    } else if (this.resume !== null) {
      // A second batch: the scan is long enough to keep a walker of its own between batches.
      w = this.own ??= new Walker();
      this.ownTree = tree;
      this.seek(w, tree);
    } else {
      w = baseWalker;
      this.seek(w, tree);
    }
    const count = w.fill(mode, out, n);
    if (count > 0) this.lastKey = w.lastKey;
    return count;
  }

  private fillMerged(mode: FillMode, out: unknown[], n: number): number {
    const tree = this.tx.base();
    const a = baseWalker;
    const b = bufferWalker;
    this.seek(a, tree);
    if (this.writes !== null) this.seek(b, this.writes);
    else b.valid = false;
    const clears = this.clears;
    const reverse = this.reverse;
    let count = 0;
    while (count < n) {
      let fromBuffer: boolean;
      if (a.valid && b.valid) {
        const c = compareSKeys(a.key, b.key);
        if (c === 0) a.next();
        fromBuffer = c === 0 || (reverse ? c < 0 : c > 0);
      } else if (a.valid) {
        fromBuffer = false;
      } else if (b.valid) {
        fromBuffer = true;
      } else {
        break;
      }
      let key: SKey;
      let value: unknown;
      if (fromBuffer) {
        key = b.key;
        value = b.value;
        b.next();
        if (value === TOMBSTONE) continue;
      } else {
        key = a.key;
        const cleared = clears !== null ? clears.find(key) : undefined;
        if (cleared !== undefined) {
          if (!reverse) a.seekForward(tree, cleared[1], false, this.end);
          else a.seekBackward(tree, cleared[0], this.begin);
          continue;
        }
        value = a.value;
        a.next();
      }
      if (mode === FILL_VALUES) out.push(value);
      else if (mode === FILL_BINARY_KEYS) out.push(key);
      else if (mode === FILL_ENTRIES) out.push({ key: keyBytes(key), value });
      else out.push(keyBytes(key));
      this.lastKey = key;
      count++;
    }
    return count;
  }

  /** recordRead extends this cursor's entry in the serializable read set to what it walked. */
  private recordRead(exhausted: boolean): void {
    let r = this.read;
    if (r === null) {
      r = this.read = { begin: this.begin, end: this.end, endInclusive: false };
      this.tx.readRanges!.push(r);
    }
    if (exhausted || this.resume === null) {
      r.begin = this.begin;
      r.end = this.end;
      r.endInclusive = false;
    } else if (!this.reverse) {
      r.end = this.resume;
      r.endInclusive = true;
    } else {
      r.begin = this.resume;
    }
  }
}
