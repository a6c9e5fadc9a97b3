/**
 * kv.ts — the storage contract every engine implements (memory now; file and postgres later).
 *
 * Shaped like FoundationDB's: an ordered map from byte-string keys to values, read and written
 * only through transactions. Keys are produced by the order-preserving tuple encoding in
 * `keys.ts`, so byte order is value order and a relation, an index or a prefix of either is a
 * contiguous key range. Values are `Value`s (normally tuples): an engine that persists them
 * serializes them with `codec.ts`; the memory engine keeps them decoded so hot scans pay no
 * decoding (DESIGN.md: "the memory engine may keep decoded tuples beside keys").
 *
 * Reads are synchronous (the memory engine answers from RAM, the executor's inner loops must
 * not await per batch); commit is asynchronous (a durable engine fsyncs, a remote one
 * round-trips). See docs/architecture.md, "Why reads are synchronous".
 *
 * Isolation (optimistic concurrency control over MVCC snapshots):
 *   serializable    (default) reads see the snapshot taken at begin; at commit every key range
 *                   the transaction read is checked against writes committed since that
 *                   snapshot; any overlap aborts with ConflictError.
 *   snapshot        reads see the snapshot; at commit only write-write overlap aborts.
 *   read-committed  every read sees the latest committed state; commit never aborts.
 * A read-only transaction never aborts (it only reads its snapshot).
 */
import type { Value } from '../common/values.js';

export type Key = Uint8Array;

export type Isolation = 'serializable' | 'snapshot' | 'read-committed';

export interface TransactionOptions {
  isolation?: Isolation;
  readOnly?: boolean;
}

export interface KVEntry {
  readonly key: Key;
  readonly value: Value;
}

export interface ScanOptions {
  /** Walk from the end of the range toward its beginning. */
  reverse?: boolean;
  /** Stop after this many entries. */
  limit?: number;
}

/**
 * Receives one run of a walk's values, `values[from..to)` in range order. The array is a
 * window onto the engine's storage (a B+tree leaf): read it during the call, never keep it or
 * change it (the values themselves may be kept, as from any batch).
 */
export type ValueRunVisitor = (values: readonly Value[], from: number, to: number) => void;

/** A cursor over a key range; batches keep per-entry call overhead out of the executor. */
export interface KVCursor {
  /** nextBatch returns up to `max` entries (default 1024) in range order, or null at the end. */
  nextBatch(max?: number): KVEntry[] | null;
  /** close releases the cursor early (e.g. under LIMIT). */
  close(): void;
  /**
   * Optional fast paths (the memory engine has them): the same walk as nextBatch, advancing
   * the same cursor, but returning only the values or only the keys — no KVEntry per row.
   */
  nextValues?(max?: number): Value[] | null;
  nextKeys?(max?: number): Key[] | null;
  /** The keys in the binary-string form of getBinary below (one char per byte): not copied to bytes. */
  nextBinaryKeys?(max?: number): string[] | null;
  /**
   * Optional: the same walk as nextValues, advancing the same cursor, but handing the values
   * to `visit` in runs without copying them into a batch (a filter or an aggregate reading a
   * whole relation then touches each stored row once). Returns how many entries it walked:
   * 0 only at the end.
   */
  visitValues?(max: number, visit: ValueRunVisitor): number;
}

export interface KVTransaction {
  readonly isolation: Isolation;
  readonly readOnly: boolean;
  /**
   * Optional: true when the engine keeps values as given, in memory (it serializes nothing), so
   * that the relation layer stores under each index entry, as its value, the row the entry
   * points to — a pointer to an array it holds anyway (store.ts, "Index entries carry their
   * row"). Index reads then take their rows from the values, neither decoding keys nor fetching
   * rows. Unset: index entries are written with the value null and read from their keys.
   */
  readonly entryValues?: boolean;
  /** get returns the value under `key` as this transaction sees it, or undefined. */
  get(key: Key): Value | undefined;
  /**
   * scan reads keys k with begin <= k < end, seeing this transaction's own writes — those made
   * before the cursor was opened (an UPDATE that moves rows ahead of its scan never meets them).
   */
  scan(begin: Key, end: Key, options?: ScanOptions): KVCursor;
  /**
   * Optional fast path for short reads (index probes) in engines that keep keys as binary
   * strings (one char per byte, btree.ts): `getBinary` is get, `probeBinary` writes every
   * entry of [begin, end) — keys into `keys`, values into `values`, either may be null — from
   * position `at` on (default: the end of the array), without a cursor and without converting
   * keys to bytes, and returns the position after the last. It returns -1, having written
   * nothing, when it cannot answer directly (e.g. the transaction cleared a range); then the
   * caller scans. Positions past the returned one are the caller's (reused arrays keep them).
   */
  getBinary?(key: string): Value | undefined;
  probeBinary?(begin: string, end: string, keys: string[] | null, values: Value[] | null, at?: number): number;
  /**
   * Optional, with getBinary: whether this transaction sees no key in [begin, end) — an engine
   * may answer false when unsure — recording no read. A caller that then skips gets and probes
   * in that range (all would miss: a first load into an empty relation) reports them with
   * noteReadsBinary, so that the transaction validates as if it had made them.
   */
  emptyBinary?(begin: string, end: string): boolean;
  /**
   * Optional, with emptyBinary: record the keys `points` as read by getBinary and the ranges
   * `ranges` (begin, end, begin, end, …) as read by probeBinary, each found empty.
   */
  noteReadsBinary?(points: readonly string[], ranges: readonly string[]): void;
  /**
   * Optional: get of the key encoding the tuple [a, b] (keys.ts) — a row of a relation whose
   * primary key is one number — without the caller building the key.
   */
  getNumberPair?(a: number, b: number): Value | undefined;
  /** Optional, with getNumberPair: getNumberPair(a, bs[i]) into out[i] for each i < n (an index join's lookups of a batch). */
  getNumberPairs?(a: number, bs: readonly number[], out: (Value | undefined)[], n: number): void;
  /** Optional: get of the key encoding [a, b, c], b and c isSmallKeyNumber. */
  getNumberTriple?(a: number, b: number, c: number): Value | undefined;
  /**
   * Optional: the values of every key [a, b, …] in key order (probeBinary's answer for the
   * prefix [a, b], which the caller must not change), or undefined when the engine answers this
   * one through probeBinary instead (a buffer of writes, recorded reads, no prefix map yet).
   */
  probeNumberPrefix?(a: number, b: number): readonly Value[] | undefined;
  /**
   * Optional, with probeNumberPrefix: `n` probes of prefixes [a, b] (b a number) are about to be
   * made; whether probeNumberPrefix will answer them (the engine may count them toward building
   * what answers them, as it counts the probes themselves).
   */
  expectNumberPrefixes?(a: number, n: number): boolean;
  /** Optional, with getBinary: set on a binary-string key (a row inserted without byte copies of its keys). */
  setBinary?(key: string, value: Value): void;
  /**
   * Optional, with setBinary: setBinary of each key (all distinct, in any order) to the value at
   * the same position, at once — an engine may sort them and merge them into its buffer in one
   * pass (a bulk insert's millions of keys) instead of one insertion each. `handOver`: the
   * caller made the arrays for this call and will not touch them again, so the engine may keep
   * them instead of a copy.
   */
  setManyBinary?(keys: readonly string[], values: readonly Value[], handOver?: boolean): void;
  /**
   * Optional, with setManyBinary: setManyBinary of keys that all lie in [begin, end), which the
   * engine may hold aside and write only when something reads or writes in that range, or at
   * commit — a bulk insert's secondary-index entries, read by nothing until the load is over.
   * What the transaction sees is the same as after setManyBinary (reads in the range see them).
   */
  deferManyBinary?(begin: string, end: string, keys: readonly string[], values: readonly Value[], handOver?: boolean): void;
  /** set writes `value` under `key` (visible to this transaction at once, to others at commit). */
  set(key: Key, value: Value): void;
  /** clear removes `key`. */
  clear(key: Key): void;
  /** clearRange removes every key k with begin <= k < end. */
  clearRange(begin: Key, end: Key): void;
  /**
   * Optional (FoundationDB's addWriteConflictRange): declare [begin, end) written without
   * writing it, so that under snapshot isolation two transactions that each check "no key in
   * this range" and then insert into it (a unique index) cannot both commit.
   */
  addWriteConflictRange?(begin: Key, end: Key): void;
  /** savepoint marks the current writes so that a failing statement can undo only its own. */
  savepoint(): Savepoint;
  /** rollbackTo undoes every write made after `savepoint` was taken. */
  rollbackTo(savepoint: Savepoint): void;
  /** release forgets `savepoint` and those taken after it, keeping their writes (nothing to undo to any more). */
  release(savepoint: Savepoint): void;
  /** commit makes the writes durable and visible, or rejects with ConflictError and writes nothing. */
  commit(): Promise<void>;
  /** rollback discards the writes; the transaction is finished. */
  rollback(): void;
  /** True once commit or rollback has been called. */
  readonly finished: boolean;
  /**
   * Optional: an object standing for the committed state this transaction reads — two
   * transactions given the same object read the same committed data — or null while that
   * state moves (read committed). Layers above key what they decoded from a snapshot by it.
   */
  snapshotToken?(): object | null;
}

/** An opaque marker returned by KVTransaction.savepoint. */
export interface Savepoint {
  readonly __savepoint: true;
}

export interface KVEngine {
  readonly name: string;
  /** begin starts a transaction on the latest committed state. */
  begin(options?: TransactionOptions): KVTransaction;
  /**
   * Optional: the snapshotToken (KVTransaction) a transaction begun now would have. A
   * transaction whose token is this one still reads the latest committed state.
   */
  latestToken?(): object;
  /** close releases the engine; further begins throw StateError('CLOSED'). */
  close(): Promise<void>;
}

/** Integers below this fold two to one exact number (2^26 · 2^26 = 2^52 < 2^53): KVTransaction.getNumberTriple. */
const SMALL_KEY_NUMBER = 2 ** 26;

/** isSmallKeyNumber says whether `x` may be the second or third number of getNumberTriple. */
export function isSmallKeyNumber(x: number): boolean {
  return x >= 0 && x < SMALL_KEY_NUMBER && Number.isInteger(x);
}

/** foldSmallKeyNumbers folds two isSmallKeyNumber numbers into one exact number, distinct for distinct pairs. */
export function foldSmallKeyNumbers(b: number, c: number): number {
  return b * SMALL_KEY_NUMBER + c;
}
