/**
 * store.ts — the relation layer (relations.ts) over any KVEngine (kv.ts): rows and secondary
 * indexes laid out by layout.ts, the catalog of catalog.ts, statistics of stats.ts.
 *
 *   const store = await openStore(createMemoryEngine());
 *   const tx = store.begin();
 *   const person = tx.catalog.createRelation({ name: 'person', kind: 'table', columns, primaryKey: [0] });
 *   tx.insert(person, [1, 'Ada']);
 *   await tx.commit();
 *
 * Constraints are checked before anything is written, so a failing insert or update leaves no
 * half-written row or index entry. Unique indexes: a NULL in an indexed column never collides
 * (SQL semantics); the check reads the index range of the new values (a serializable conflict
 * if someone else writes there) and, where the engine supports it, declares that range
 * written so that two snapshot-isolation transactions cannot both insert the same value.
 * Read-committed transactions never abort, so they can violate uniqueness when racing.
 *
 * Rows handed to insert/update are copied; rows returned by get and the cursors are the
 * stored arrays themselves (the memory engine keeps them decoded): never mutate them.
 * A hidden row id (primaryKey null) comes from a per-store counter, not from the transaction:
 * ids of rolled-back inserts are skipped, never reused.
 *
 * Index entries carry their row. Where the engine keeps values as given (kv.ts entryValues: the
 * memory engine), every index entry is written with the row it points to as its value — the
 * stored array itself, so an insert allocates nothing for it — and rewritten whenever the row
 * changes, even if the entry's key stays. The commit copies values in key order (memory.ts
 * placed), so the rows of an index range lie together in memory, decoded: an index read takes
 * its rows from the values (EntryRows.fromValue), and neither reads nor decodes the key strings
 * (scattered through the heap: SQL Q3's entries cost twice a row's) nor fetches a row by its
 * primary key. A covering read then gets whole rows (relations.ts allows it). Elsewhere entries
 * hold null and are read from their keys.
 */
import { ConstraintError, NameError, PolyglotError, StateError } from '../common/errors.js';
import type { Row, Value } from '../common/values.js';
import { CatalogCache, highestId, loadCatalog, NEXT_ID_KEY, TxnCatalog, type CatalogHooks, type CatalogMark } from './catalog.js';
import { compareValues } from './compare.js';
import { commonPrefixLength, compareKeys, concatKeys, decodeKeyComponent, decodeKeyInto, EntryDecoder, newReaderToken, prefixEnd, skipKeyComponents } from './keys.js';
import { isSmallKeyNumber } from './kv.js';
import type { Isolation, Key, KVCursor, KVEngine, KVTransaction, Savepoint, TransactionOptions, ValueRunVisitor } from './kv.js';
import { compareSKeys, keyBytes, keyString } from './btree.js';
import { keyOrder, type KeyColumn } from './key-order.js';
import {
  boundKeyBinary,
  boundRangeBinary,
  formatTuple,
  formatValue,
  idPrefix,
  idRange,
  indexEntryKey,
  indexEntryKeyBinary,
  indexValuePrefix,
  rangeBytes,
  rowKey,
} from './layout.js';
import type {
  IndexDef,
  KeyedRowCursor,
  KeyRange,
  RelationDef,
  RelationStats,
  RowCursor,
  RowRunVisitor,
  RowLayout,
  Store,
  StoreTransaction,
} from './relations.js';
import { isInternalColumn } from '../common/columns.js';
import { exactRange, readAll } from './relations.js';
import { RelationSketch, StatsDelta, StatsRegistry, withDelta } from './stats.js';

/** openStore opens the relation layer over `engine` (which the store then owns and closes). */
export async function openStore(engine: KVEngine): Promise<Store> {
  const kv = engine.begin({ readOnly: true });
  try {
    const snap = loadCatalog(kv);
    const storedNext = (kv.get(NEXT_ID_KEY) as number | undefined) ?? 1;
    const nextId = Math.max(storedNext, highestId(snap) + 1);
    const stats = new StatsRegistry();
    let nextRowId = 1;
    for (const rel of snap.byId.values()) {
      stats.markPending(rel.id);
      if (rel.primaryKey === null) {
        const [b, e] = idRange(rel.id);
        const last = kv.scan(b, e, { reverse: true, limit: 1 }).nextBatch(1);
        if (last !== null) nextRowId = Math.max(nextRowId, (decodeKeyComponent(last[0].key, b.length) as number) + 1);
      }
    }
    return new KVStore(engine, new CatalogCache(snap, nextId), stats, nextRowId);
  } finally {
    kv.rollback();
  }
}

class KVStore implements Store {
  constructor(
    readonly engine: KVEngine,
    /** @internal */ readonly catalogs: CatalogCache,
    private readonly stats: StatsRegistry,
    private nextRowIdValue: number,
  ) {}

  begin(options?: TransactionOptions): StoreTransaction {
    return new RelTransaction(this, this.engine.begin(options));
  }

  /** The transaction readLatest hands out while it still reads the latest state. */
  private latestReader: RelTransaction | null = null;
  /** latestReader's isolation and snapshot token, as it began (neither changes while it lasts). */
  private latestReaderIsolation: Isolation | null = null;
  private latestReaderToken: object | null = null;

  readLatest(isolation: Isolation): StoreTransaction | null {
    const engine = this.engine;
    if (engine.latestToken === undefined) return null;
    const shared = this.latestReader;
    // (Asked on every prepared read: the reader's own isolation and token are not asked again.)
    if (shared !== null && this.latestReaderToken === engine.latestToken() && this.latestReaderIsolation === isolation && !shared.finished) return shared;
    // Read-only: ending the one it replaces gives up nothing but its snapshot.
    shared?.rollback();
    const fresh = new RelTransaction(this, engine.begin({ isolation, readOnly: true }));
    this.latestReader = fresh;
    this.latestReaderIsolation = isolation;
    this.latestReaderToken = fresh.snapshotToken();
    return fresh;
  }

  statistics(relationId: number): RelationStats {
    return this.stats.get(relationId, this.sketchBuilder);
  }

  statisticsVersion(): number {
    return this.stats.version;
  }

  /** buildSketch as a function made once (statistics is asked on every run of a cached plan). */
  private readonly sketchBuilder = (id: number) => this.buildSketch(id);

  async close(): Promise<void> {
    await this.engine.close();
  }

  /** @internal nextRowId hands out a hidden row id. */
  nextRowId(): number {
    return this.nextRowIdValue++;
  }

  /** @internal afterCommit publishes a committed transaction's catalog and statistics. */
  afterCommit(catalog: TxnCatalog, delta: StatsDelta | null): void {
    // The shared reader now reads a state that is no longer the latest: end it, so that it
    // does not keep that state alive until the next read asks for a new one.
    this.latestReader?.rollback();
    this.latestReader = null;
    const snap = catalog.changes();
    if (snap !== null) {
      this.catalogs.committed(snap);
      for (const id of catalog.dropped) this.stats.dropped(id);
      // An altered relation's sketch has the old columns: rebuild it from the rows on next use.
      for (const id of catalog.altered) {
        this.stats.dropped(id);
        if (snap.byId.has(id)) this.stats.markPending(id);
      }
      for (const id of catalog.created) {
        const rel = snap.byId.get(id);
        if (rel !== undefined) this.stats.created(id, rel.columns.length);
      }
    }
    if (delta !== null && delta.length > 0) this.stats.apply(delta);
  }

  /** buildSketch computes a relation's statistics by scanning it (relations present at open). */
  private buildSketch(id: number): RelationSketch | undefined {
    const kv = this.engine.begin({ readOnly: true });
    try {
      const rel = this.catalogs.snapshotFor(kv).byId.get(id);
      if (rel === undefined) return undefined;
      const sketch = new RelationSketch(rel.columns.length);
      const cursor = new ValuesCursor(kv.scan(...idRange(id)), planOf(rel).read);
      for (let rows = cursor.nextBatch(); rows !== null; rows = cursor.nextBatch()) for (const r of rows) sketch.add(r);
      return sketch;
    } finally {
      kv.rollback();
    }
  }
}

interface StoreSavepoint extends Savepoint {
  readonly owner: RelTransaction;
  readonly kv: Savepoint;
  readonly deltas: number;
  readonly catalog: CatalogMark;
}

/** Per-relation facts the hot paths need, computed once per (immutable) RelationDef. */
interface RelationPlan {
  /** Positions that must not be NULL: NOT NULL columns and primary-key columns. */
  notNull: number[];
  pk: readonly number[] | null;
  /** Turns a stored row into a row of the current columns (null: stored rows are such rows). */
  read: RowConverter | null;
  /** Turns a row of the current columns into the stored form (null: stored as it is). */
  write: RowConverter | null;
  /**
   * Whether an index entry's key alone gives the row: the primary key is every column, rows
   * need no conversion, and every column is text or integer (whose key encoding decodes to the
   * very value stored; a float's -0 would come back as 0).
   */
  keyHoldsRow: boolean;
  /** Per index id: the reader of rows from its entries (entryRows). */
  entryRows: Map<number, EntryRows>;
  /** Per index id and list of columns: the reader of rows of only those columns (entryRows with `columns`). */
  projectedEntryRows: Map<string, EntryRows>;
  /** The reader entryRows gave last for `columns` (that array, by identity) of an index. */
  lastProjected: { index: number; columns: readonly number[]; reader: EntryRows } | null;
}

type RowConverter = (row: Row) => Row;

const plans = new WeakMap<RelationDef, RelationPlan>();

function planOf(rel: RelationDef): RelationPlan {
  let p = plans.get(rel);
  if (p === undefined) {
    const notNull = new Set<number>();
    rel.columns.forEach((c, i) => c.notNull && notNull.add(i));
    for (const i of rel.primaryKey ?? []) notNull.add(i);
    const conv = converters(rel.layout);
    const keyHoldsRow =
      conv.read === null &&
      rel.primaryKey !== null &&
      new Set(rel.primaryKey).size === rel.columns.length &&
      rel.columns.every((c) => c.type === 'text' || c.type === 'integer');
    p = { notNull: [...notNull].sort((a, b) => a - b), pk: rel.primaryKey, ...conv, keyHoldsRow, entryRows: new Map(), projectedEntryRows: new Map(), lastProjected: null };
    plans.set(rel, p);
  }
  return p;
}

/**
 * converters reads and writes rows through a RowLayout (relations.ts). While slots are the
 * column positions (columns were only added), a row as long as the columns is returned as it
 * is and only rows written before an ADD COLUMN are extended with the missing values.
 */
function converters(layout: RowLayout | undefined): { read: RowConverter | null; write: RowConverter | null } {
  if (layout === undefined) return { read: null, write: null };
  const { width, slots } = layout;
  const missing = layout.missing;
  const n = slots.length;
  if (width === n && slots.every((s, i) => s === i)) {
    return {
      read: (row) => {
        if (row.length === n) return row;
        const out = row.slice();
        for (let i = row.length; i < n; i++) out.push(missing[i]);
        return out;
      },
      write: null,
    };
  }
  return {
    read: (row) => {
      const out = new Array<Value>(n);
      for (let i = 0; i < n; i++) out[i] = slots[i] < row.length ? row[slots[i]] : missing[i];
      return out;
    },
    write: (row) => {
      const out = new Array<Value>(width).fill(null);
      for (let i = 0; i < n; i++) out[slots[i]] = row[i];
      return out;
    },
  };
}

function convertAll(rows: Row[], read: RowConverter): Row[] {
  const out = new Array<Row>(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = read(rows[i]);
  return out;
}

class RelTransaction implements StoreTransaction, CatalogHooks {
  readonly catalog: TxnCatalog;
  /** admit's answer, reused from row to row. */
  private readonly admitted: Admitted = { copy: [], key: [], rk: '', entries: [], prefixes: [], stored: null };
  /** Row changes for the statistics, made on the first write (most transactions only read). */
  private delta: StatsDelta | null = null;
  /** Whether index entries carry their rows (kv.ts entryValues): written with them, read from them. */
  private readonly entryValues: boolean;
  readonly coveringRowsStored: boolean;

  constructor(
    private readonly store: KVStore,
    private readonly kv: KVTransaction,
  ) {
    this.catalog = new TxnCatalog(kv, store.catalogs, this);
    this.entryValues = kv.entryValues === true;
    this.coveringRowsStored = this.entryValues;
  }

  private changes(): StatsDelta {
    return (this.delta ??= new StatsDelta());
  }

  get isolation() {
    return this.kv.isolation;
  }

  statistics(relationId: number): RelationStats {
    const committed = this.store.statistics(relationId);
    return this.delta === null ? committed : withDelta(committed, this.delta.netRows(relationId));
  }
  get readOnly(): boolean {
    return this.kv.readOnly;
  }
  get finished(): boolean {
    return this.kv.finished;
  }

  /** @internal snapshotToken is the KV transaction's (kv.ts), null when it has none. */
  snapshotToken(): object | null {
    return this.kv.snapshotToken?.() ?? null;
  }

  insert(relation: RelationDef, row: Row): Value[] {
    const rel = this.resolve(relation);
    const kv = this.kv;
    // A KV store taking binary-string keys gets each key built once, as a string (no byte copy).
    const binary = kv.setBinary !== undefined && kv.getBinary !== undefined;
    const { copy, key, rk, entries, stored } = this.admit(rel, row, binary, null);
    const n = rel.indexes.length;
    const entryValue = this.entryValues ? stored : null;
    if (binary) {
      kv.setBinary!(rk as string, stored);
      for (let i = 0; i < n; i++) kv.setBinary!(entries[i] as string, entryValue);
    } else {
      kv.set(rk as Key, stored);
      for (let i = 0; i < n; i++) kv.set(entries[i] as Key, entryValue);
    }
    this.changes().push(rel.id, 1, copy);
    return key;
  }

  insertMany(relation: RelationDef, rows: readonly Row[], ignore: boolean): Row[] {
    const kv = this.kv;
    if (kv.setManyBinary === undefined || kv.setBinary === undefined || kv.getBinary === undefined) {
      const out: Row[] = [];
      for (const row of rows) if (this.insertOrSkip(relation, row, ignore)) out.push(row);
      return out;
    }
    const rel = this.resolve(relation);
    const n = rows.length;
    // What this call writes is handed over at the end: the keys of rows accepted so far, and of
    // the unique values they took, are what a later row of the call must not repeat.
    const pk = rel.primaryKey;
    const repeats = pk === null ? null : keyRepeats(rows, pk);
    const pending = new PendingRows(
      repeats === null ? new Set() : null,
      repeats,
      rel.indexes.map((index) => (index.unique ? new Set<string>() : null)),
    );
    // Into a relation (a unique index) this transaction sees empty, no row can collide with a
    // stored one: its gets (probes) are skipped, and reported as made (noteReadsBinary).
    if (kv.emptyBinary !== undefined && kv.noteReadsBinary !== undefined) pending.skipEmpty(kv, rel);
    const indexCount = rel.indexes.length;
    // Sized once: pushed to by the hundred thousand, these arrays were copied at every growth.
    const accepted: AcceptedRows = { copies: new Array<Row>(n), keys: new Array<string>(n), stored: new Array<Value>(n), entries: rel.indexes.map(() => new Array<string>(n)) };
    const out = new Array<Row>(n);
    let count = 0;
    try {
      for (let r = 0; r < n; r++) {
        const row = rows[r];
        try {
          const { copy, rk, entries, stored } = this.admit(rel, row, true, pending, r, true);
          accepted.copies[count] = copy;
          accepted.keys[count] = rk as string;
          accepted.stored[count] = stored;
          for (let i = 0; i < indexCount; i++) accepted.entries[i][count] = entries[i] as string;
          out[count++] = row;
        } catch (e) {
          if (!ignore || !(e instanceof ConstraintError)) throw e;
        }
      }
    } finally {
      if (pending.points !== null) kv.noteReadsBinary!(pending.points, pending.ranges!);
    }
    if (count < n) {
      accepted.copies.length = accepted.keys.length = accepted.stored.length = out.length = count;
      for (const e of accepted.entries) e.length = count;
    }
    // Every row accepted: the copies hold the rows' values, so keyRepeats' key order and the
    // columns it read are the run's too (not sorted twice).
    const known = repeats !== null && count === n ? repeats : null;
    const { keys, values, deferred } = bulkRun(rel, accepted, kv.deferManyBinary !== undefined, known, this.entryValues);
    // The run's arrays were made for this call: the engine may keep them (no copy).
    kv.setManyBinary(keys, values, true);
    for (const d of deferred) kv.deferManyBinary!(d.begin, d.end, d.keys, d.values, true);
    this.changes().pushAdded(rel.id, accepted.copies);
    return out;
  }

  /**
   * admit checks a row for insertion into `rel` (NOT NULL, primary key, unique indexes) and
   * builds what is written: its stored form, its key, and one entry key per index — binary
   * strings when `binary`. `pending` (insertMany) holds the keys and unique values of rows
   * accepted but not written yet: the row must not repeat them, and joins them once accepted.
   * The answer and its `entries` are this transaction's scratch, overwritten by the next admit:
   * a bulk insert admits rows by the hundred thousand, and three small objects per row were
   * garbage the moment their keys were copied out. `owned`: the caller hands the row over
   * (insertMany), so it is kept as it is; the commit copies what it publishes anyway (memory.ts
   * placed), and a second copy here was 47 MB per load that lived until then.
   */
  private admit(rel: RelationDef, row: Row, binary: boolean, pending: PendingRows | null, at = 0, owned = false): Admitted {
    const plan = planOf(rel);
    checkRow(rel, plan, row);
    const copy = owned ? row : row.slice();
    const kv = this.kv;
    const key: Value[] = plan.pk !== null ? pick(copy, plan.pk) : [this.store.nextRowId()];
    const rk = binary ? boundKeyBinary(rel.id, key, undefined) : rowKey(rel.id, key);
    if (plan.pk !== null) {
      if (pending !== null && pending.has(at, rk as string)) throw duplicateKey(rel, key);
      if (pending !== null && pending.points !== null) pending.points.push(rk as string);
      else if ((binary ? kv.getBinary!(rk as string) : kv.get(rk as Key)) !== undefined) throw duplicateKey(rel, key);
    }
    const indexes = rel.indexes;
    const out = this.admitted;
    const { entries, prefixes } = out;
    let unique = false;
    for (let i = 0; i < indexes.length; i++) {
      const index = indexes[i];
      if (index.unique) {
        prefixes[i] = this.checkUnique(rel, index, copy, pending?.uniques[i] ?? undefined, pending !== null && pending.emptyUniques !== null && pending.emptyUniques[i] ? pending.ranges : null);
        unique = true;
      }
      entries[i] = binary ? indexEntryKeyBinary(index, copy, key) : indexEntryKey(index, copy, key);
    }
    if (pending !== null) {
      pending.add(at, rk as string);
      if (unique) for (let i = 0; i < indexes.length; i++) if (indexes[i].unique && prefixes[i] !== null) pending.uniques[i]!.add(prefixes[i]!);
    }
    out.copy = copy;
    out.key = key;
    out.rk = rk;
    out.stored = plan.write === null ? copy : plan.write(copy);
    return out;
  }

  /** insertOrSkip inserts a row; with `ignore`, a row the constraints reject is skipped (false). */
  private insertOrSkip(relation: RelationDef, row: Row, ignore: boolean): boolean {
    try {
      this.insert(relation, row);
      return true;
    } catch (e) {
      if (!ignore || !(e instanceof ConstraintError)) throw e;
      return false;
    }
  }

  get(relation: RelationDef, key: Value[]): Row | undefined {
    const rel = this.resolve(relation);
    checkKey(rel, key);
    const row = getStored(this.kv, rel.id, key) as Row | undefined;
    const read = planOf(rel).read;
    return row === undefined || read === null ? row : read(row);
  }

  getter(relation: RelationDef): (key: readonly Value[]) => Row | undefined {
    const rel = this.resolve(relation);
    const read = planOf(rel).read;
    const kv = this.kv;
    const id = rel.id;
    const width = rel.primaryKey === null ? 1 : rel.primaryKey.length;
    return (key) => {
      if (key.length !== width) checkKey(rel, key as Value[]);
      const row = getStored(kv, id, key) as Row | undefined;
      return row === undefined || read === null ? row : read(row);
    };
  }

  getMany(relation: RelationDef, keys: readonly Value[], out: (Row | undefined)[], n: number): void {
    const rel = this.resolve(relation);
    if (rel.primaryKey !== null && rel.primaryKey.length !== 1) {
      throw new PolyglotError('INVALID_ARGUMENT', `getMany of ${rel.name}: its primary key has ${rel.primaryKey.length} columns, not one`);
    }
    const kv = this.kv;
    const id = rel.id;
    if (kv.getNumberPairs !== undefined && allNumbers(keys, n)) kv.getNumberPairs(id, keys as readonly number[], out, n);
    else {
      const key: Value[] = [null];
      for (let i = 0; i < n; i++) {
        key[0] = keys[i];
        out[i] = getStored(kv, id, key) as Row | undefined;
      }
    }
    const read = planOf(rel).read;
    if (read !== null) {
      for (let i = 0; i < n; i++) {
        const row = out[i];
        if (row !== undefined) out[i] = read(row);
      }
    }
  }

  update(relation: RelationDef, key: Value[], row: Row): void {
    const rel = this.resolve(relation);
    const plan = planOf(rel);
    checkKey(rel, key);
    checkRow(rel, plan, row);
    const oldKey = rowKey(rel.id, key);
    const before = this.kv.get(oldKey) as Row | undefined;
    const old = before === undefined || plan.read === null ? before : plan.read(before);
    if (old === undefined) {
      throw new PolyglotError('INVALID_ARGUMENT', `update of ${rel.name}: no row with key ${formatTuple(key)}`);
    }
    const copy = row.slice();
    let newPk: Value[] = key;
    let newKey = oldKey;
    if (plan.pk !== null) {
      newPk = pick(copy, plan.pk);
      newKey = rowKey(rel.id, newPk);
    }
    const moved = compareKeys(oldKey, newKey) !== 0;
    if (moved && this.kv.get(newKey) !== undefined) throw duplicateKey(rel, newPk);
    const stored = plan.write === null ? copy : plan.write(copy);
    // Entries carrying their row are rewritten even where their key stays (the row changed).
    const entryValue = this.entryValues ? stored : null;
    const changes: Key[] = [];
    const kept: Key[] = [];
    for (const index of rel.indexes) {
      const before = indexEntryKey(index, old, key);
      const after = indexEntryKey(index, copy, newPk);
      if (compareKeys(before, after) === 0) {
        if (entryValue !== null) kept.push(after);
        continue;
      }
      if (index.unique && index.columns.some((c) => compareValues(old[c], copy[c]) !== 0)) this.checkUnique(rel, index, copy);
      changes.push(before, after);
    }
    if (moved) this.kv.clear(oldKey);
    this.kv.set(newKey, stored);
    for (let i = 0; i < changes.length; i += 2) {
      this.kv.clear(changes[i]);
      this.kv.set(changes[i + 1], entryValue);
    }
    for (let i = 0; i < kept.length; i++) this.kv.set(kept[i], entryValue);
    this.changes().push(rel.id, -1, old);
    this.changes().push(rel.id, 1, copy);
  }

  delete(relation: RelationDef, key: Value[]): boolean {
    const rel = this.resolve(relation);
    checkKey(rel, key);
    const rk = rowKey(rel.id, key);
    const stored = this.kv.get(rk) as Row | undefined;
    if (stored === undefined) return false;
    const read = planOf(rel).read;
    const old = read === null ? stored : read(stored);
    this.kv.clear(rk);
    for (const index of rel.indexes) this.kv.clear(indexEntryKey(index, old, key));
    this.changes().push(rel.id, -1, old);
    return true;
  }

  scan(relation: RelationDef, range?: KeyRange): RowCursor {
    const rel = this.resolve(relation);
    return new ValuesCursor(this.kv.scan(...rangeBytes(rel.id, range), scanOptions(range)), planOf(rel).read);
  }

  scanKeyed(relation: RelationDef, range?: KeyRange): KeyedRowCursor {
    const rel = this.resolve(relation);
    const cursor = this.kv.scan(...rangeBytes(rel.id, range), scanOptions(range));
    const read = planOf(rel).read;
    return rel.primaryKey !== null ? new KeyedByPkCursor(cursor, rel.primaryKey, read) : new KeyedByRowIdCursor(cursor, idPrefix(rel.id).length, read);
  }

  scanIndex(relation: RelationDef, index: IndexDef, range?: KeyRange, entriesOnly = false, columns?: readonly number[]): RowCursor {
    const rel = this.resolve(relation);
    const def = rel.indexes.find((i) => i.id === index.id);
    if (def === undefined) throw new NameError('UNKNOWN_NAME', `relation "${rel.name}" has no index "${index.name}"`);
    const [begin, end] = rangeBytes(def.id, range, def.descending);
    const cursor = this.kv.scan(begin, end, scanOptions(range));
    const plan = planOf(rel);
    if (this.entryValues) return new EntryValueCursor(cursor, entryRows(rel, plan, def, columns));
    if (columns !== undefined) return new IndexEntryCursor(cursor, entryRows(rel, plan, def, columns), commonPrefixLength(begin, end));
    // Where the key holds the whole row (RelationPlan.keyHoldsRow), the entry alone always gives it.
    if (plan.keyHoldsRow || entriesOnly) return new IndexEntryCursor(cursor, entryRows(rel, plan, def), commonPrefixLength(begin, end));
    return new IndexRowCursor(cursor, this.kv, rel.id, idPrefix(def.id).length, def.columns.length, plan.read);
  }

  hashedProbes(relation: RelationDef, index: IndexDef | null, n: number): boolean {
    const kv = this.kv;
    if (kv.expectNumberPrefixes === undefined) return false;
    const rel = this.resolve(relation);
    const def = index === null ? null : rel.indexes.find((i) => i.id === index.id);
    if (def === undefined) return false;
    // Answered by hash where probe would answer from the part's groups.
    const part = this.groupedPart(rel, def);
    return part >= 0 && kv.expectNumberPrefixes(part, n);
  }

  /**
   * groupedPart is the engine part whose groups (kv.ts probeNumberPrefix) may answer a probe of
   * a one-number prefix: the relation's own for its primary key; an index's where its entries
   * carry their rows and it ascends in its first column (a descending one keeps its keys in
   * another order); else -1.
   */
  private groupedPart(rel: RelationDef, def: IndexDef | null): number {
    if (def === null) return rel.id;
    return this.entryValues && def.descending?.[0] !== true ? def.id : -1;
  }

  prober(relation: RelationDef, index: IndexDef | null, entriesOnly = false, columns?: readonly number[]): (prefix: readonly Value[]) => readonly Row[] {
    const rel = this.resolve(relation);
    const def = index === null ? null : (rel.indexes.find((i) => i.id === index.id) ?? null);
    if (index !== null && def === null) throw new NameError('UNKNOWN_NAME', `relation "${rel.name}" has no index "${index.name}"`);
    const kv = this.kv;
    const plan = planOf(rel);
    const part = kv.probeNumberPrefix === undefined ? -1 : this.groupedPart(rel, def);
    const reader = part >= 0 && def !== null ? entryRows(rel, plan, def, columns) : null;
    // Whether a group's values are the answer's rows as they are: stored rows, read without conversion or narrowing.
    const asStored = plan.read === null && (def === null || columns === undefined);
    return (prefix) => {
      const n = prefix[0];
      if (part >= 0 && prefix.length === 1 && typeof n === 'number') {
        const stored = (kv.probeNumberPrefix as NonNullable<KVTransaction['probeNumberPrefix']>)(part, n);
        if (stored !== undefined) return asStored ? (stored as readonly Row[]) : groupRows(stored, plan, reader);
      }
      return this.probe(relation, index, prefix, entriesOnly, columns);
    };
  }

  probe(relation: RelationDef, index: IndexDef | null, prefix: readonly Value[], entriesOnly = false, columns?: readonly number[]): Row[] {
    const rel = this.resolve(relation);
    let def: IndexDef | null = null;
    if (index !== null) {
      // An indexed loop: for…of allocated an iterator result per index on this hot path.
      const indexes = rel.indexes;
      for (let i = 0; i < indexes.length; i++) if (indexes[i].id === index.id) def = indexes[i];
      if (def === null) throw new NameError('UNKNOWN_NAME', `relation "${rel.name}" has no index "${index.name}"`);
    }
    const kv = this.kv;
    const plan = planOf(rel);
    const n = prefix[0];
    if (prefix.length === 1 && typeof n === 'number' && kv.probeNumberPrefix !== undefined) {
      // A relation keyed by ids looked up by its first column: answered from the part's groups (point-map.ts), no key strings.
      const part = this.groupedPart(rel, def);
      const stored = part < 0 ? undefined : kv.probeNumberPrefix(part, n);
      if (stored !== undefined) return groupRows(stored, plan, def === null ? null : entryRows(rel, plan, def, columns));
    }
    if (kv.probeBinary !== undefined && kv.getBinary !== undefined) {
      // Keys stay binary strings: the prefix is converted once, the entries never. The walk
      // writes into arrays reused from probe to probe; the answer is a new array of its size.
      const [begin, end] = boundRangeBinary(def === null ? rel.id : def.id, prefix, def?.descending);
      if (def === null) {
        const n = kv.probeBinary(begin, end, null, probeValues, 0);
        if (n >= 0) {
          const rows = new Array<Row>(n);
          const read = plan.read;
          for (let i = 0; i < n; i++) {
            const stored = probeValues[i] as Row;
            probeValues[i] = null;
            rows[i] = read === null ? stored : read(stored);
          }
          if (n > PROBE_SCRATCH_KEPT) probeValues.length = 0;
          return rows;
        }
      } else if (this.entryValues) {
        // Entries carry their rows: the values are read, neither the keys nor the rows by key.
        const n = kv.probeBinary(begin, end, null, probeValues, 0);
        if (n >= 0) {
          const rows = new Array<Row>(n);
          const reader = entryRows(rel, plan, def, columns);
          for (let i = 0; i < n; i++) {
            rows[i] = reader.fromValue(probeValues[i]);
            probeValues[i] = null;
          }
          if (n > PROBE_SCRATCH_KEPT) probeValues.length = 0;
          return rows;
        }
      } else {
        const n = kv.probeBinary(begin, end, probeKeys, null, 0);
        if (n >= 0) {
          const rows = new Array<Row>(n);
          const prefixLength = idPrefix(def.id).length;
          if (columns !== undefined || plan.keyHoldsRow || entriesOnly) {
            const reader = entryRows(rel, plan, def, columns);
            // Every key found starts with the bounds' common prefix.
            const known = n > 1 ? commonPrefixLength(begin, end) : 0;
            const token = n > 1 ? newReaderToken() : 0;
            for (let i = 0; i < n; i++) rows[i] = reader.fromBinary(probeKeys[i], known, token);
          } else {
            const relationPrefix = binaryIdPrefix(rel.id);
            for (let i = 0; i < n; i++) rows[i] = rowOfEntry(kv, relationPrefix, probeKeys[i], prefixLength, def.columns.length, plan.read);
          }
          emptyProbeKeys(n);
          return rows;
        }
      }
    }
    const range = exactRange(prefix as Value[]);
    return readAll(def === null ? this.scan(rel, range) : this.scanIndex(rel, def, range, entriesOnly, columns));
  }

  savepoint(): Savepoint {
    const sp: StoreSavepoint = {
      __savepoint: true,
      owner: this,
      kv: this.kv.savepoint(),
      deltas: this.delta === null ? 0 : this.delta.length,
      catalog: this.catalog.mark(),
    };
    return sp;
  }

  rollbackTo(savepoint: Savepoint): void {
    const sp = savepoint as StoreSavepoint;
    if (sp.owner !== this) throw new StateError('TRANSACTION_STATE', 'the savepoint belongs to another transaction');
    this.kv.rollbackTo(sp.kv);
    this.delta?.truncate(sp.deltas);
    this.catalog.restore(sp.catalog);
  }

  release(savepoint: Savepoint): void {
    const sp = savepoint as StoreSavepoint;
    if (sp.owner !== this) throw new StateError('TRANSACTION_STATE', 'the savepoint belongs to another transaction');
    this.kv.release(sp.kv);
  }

  async commit(): Promise<void> {
    await this.kv.commit();
    this.store.afterCommit(this.catalog, this.delta);
  }

  rollback(): void {
    this.kv.rollback();
  }

  /** resolve returns this transaction's definition of `relation` (callers may hold an older one). */
  private resolve(relation: RelationDef): RelationDef {
    const rel = this.catalog.current().byId.get(relation.id);
    if (rel === undefined) throw new NameError('UNKNOWN_NAME', `relation "${relation.name}" does not exist`);
    return rel;
  }

  /**
   * checkUnique throws if some row other than this one already has the row's values in `index`
   * — stored, or among `pending` (the values, as binary-string prefixes, of rows an insertMany
   * accepted but has not written yet). Returns the row's prefix (null when a value is NULL).
   */
  private checkUnique(rel: RelationDef, index: IndexDef, row: Row, pending?: Set<string>, unread: string[] | null = null): string | null {
    const cols = index.columns;
    for (let i = 0; i < cols.length; i++) if (row[cols[i]] === null) return null;
    const kv = this.kv;
    // A KV store taking binary-string keys is probed for the range: one walk, no cursor, and the
    // prefix is built once as the string `pending` holds (a cursor per term was 3% of a load).
    // Where the index is empty here (PendingRows.skipEmpty), only the call's own rows can
    // collide: the probe is skipped and its range noted in `unread` as read.
    if (unread !== null || (kv.probeBinary !== undefined && kv.getBinary !== undefined)) {
      const [begin, end] = boundRangeBinary(index.id, pick(row, cols), index.descending);
      let hits = 0;
      if (unread !== null) unread.push(begin, end);
      else {
        hits = kv.probeBinary!(begin, end, probeKeys, null, 0);
        emptyProbeKeys(hits);
      }
      if (hits >= 0) {
        if (hits > 0 || (pending !== undefined && pending.has(begin))) throw uniqueViolation(rel, index, row);
        if (kv.isolation === 'snapshot') kv.addWriteConflictRange?.(keyBytes(begin), keyBytes(end));
        return pending === undefined ? null : begin;
      }
    }
    const begin = indexValuePrefix(index, row);
    const end = prefixEnd(begin);
    const prefix = pending === undefined ? null : keyString(begin);
    const cursor = kv.scan(begin, end, { limit: 1 });
    const hit = cursor.nextKeys !== undefined ? cursor.nextKeys(1) : cursor.nextBatch(1);
    cursor.close();
    if (hit !== null || (prefix !== null && pending!.has(prefix))) throw uniqueViolation(rel, index, row);
    // Serializable validation already covers the range read above; snapshot isolation only
    // compares write sets, so declare the range written.
    if (kv.isolation === 'snapshot') kv.addWriteConflictRange?.(begin, end);
    return prefix;
  }

  /** @internal backfill fills a new index from the relation's rows (CatalogHooks, for catalog.createIndex). */
  backfill(rel: RelationDef, index: IndexDef): void {
    const kv = this.kv;
    const many = kv.setManyBinary !== undefined;
    const write = planOf(rel).write;
    const carry = this.entryValues;
    // Per batch of the scan: its rows, their entries' keys and values (arrays of the batch's size,
    // joined at the end: pushed to by the hundred thousand, arrays are copied at every growth).
    const batches: { rows: Row[]; entries: string[]; values: Value[] }[] = [];
    // The values of rows whose entries are not written yet, for the unique check.
    const pending = many && index.unique ? new Set<string>() : undefined;
    const cursor = this.scanKeyed(rel);
    for (let batch = cursor.nextBatch(); batch !== null; batch = cursor.nextBatch()) {
      const { keys, rows } = batch;
      const entries = new Array<string>(rows.length);
      const values = new Array<Value>(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i];
        if (index.unique) {
          const prefix = this.checkUnique(rel, index, row, pending);
          if (prefix !== null) pending?.add(prefix);
        }
        // The row in its stored form, for an entry that carries it (the scan's rows are read through the current columns).
        values[i] = !carry ? null : write === null ? row : write(row);
        if (many) entries[i] = indexEntryKeyBinary(index, row, keys[i]);
        else kv.set(indexEntryKey(index, row, keys[i]), values[i]);
      }
      if (many) batches.push({ rows, entries, values });
    }
    if (!many) return;
    const rows = joined(batches.map((b) => b.rows));
    const entries = joined(batches.map((b) => b.entries));
    const values = joined(batches.map((b) => b.values));
    // In row order the entries are in random index order: set one by one, each descended to
    // another leaf of the write buffer (a fifth of a bulk load's time went there). Put in index
    // order by key-order.ts where it can (integer columns), they are one sorted run; else the
    // run is sorted (runs.ts sortRun: by comparisons of positions, where entries carry rows).
    const pk = rel.primaryKey;
    const order = pk === null || index.descending.some((d) => d) ? null : keyOrder(rows, [...index.columns, ...pk]);
    if (order === null) kv.setManyBinary!(entries, values, true);
    else {
      const n = order.length;
      const sortedEntries = new Array<string>(n);
      const sortedValues = new Array<Value>(n);
      for (let j = 0; j < n; j++) {
        sortedEntries[j] = entries[order[j]];
        sortedValues[j] = values[order[j]];
      }
      kv.setManyBinary!(sortedEntries, sortedValues, true);
    }
  }
}

/** joined is the arrays' elements in one array, in order. */
function joined<T>(parts: readonly T[][]): T[] {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Array<T>(n);
  let at = 0;
  for (const p of parts) for (let i = 0; i < p.length; i++) out[at++] = p[i];
  return out;
}

/** What admit built for a row: its copy, key, row key, index entry keys (the first of `entries`, one per index) and stored form. */
interface Admitted {
  copy: Row;
  key: Value[];
  rk: Key | string;
  entries: (Key | string)[];
  /** Per unique index, the row's value prefix (checkUnique); other places are stale. */
  prefixes: (string | null)[];
  stored: Value;
}

/** The rows an insertMany accepted, by position: their copies, row keys, stored forms, and per index their entry keys. */
interface AcceptedRows {
  copies: Row[];
  keys: string[];
  stored: Value[];
  entries: string[][];
}

/**
 * bulkRun lays out what an insertMany writes as one run: the rows under the relation's id and
 * each index's entries under its own, the groups in the order of those id prefixes (a key
 * starts with its group's prefix, so the groups do not interleave), each group in key order
 * where keyOrder can tell it from the row columns its keys encode. setManyBinary then finds the
 * run sorted and does not sort it (runs.ts sortRun). A group keyOrder cannot order (other
 * values, a descending column, hidden row ids) is left as it came, and sortRun sorts the run.
 * With `defer`, the rows and the entries of each index that is not unique are set apart, each
 * group with its key range, for deferManyBinary: held until something reads or writes in that
 * range (a later insert's key check settles the rows; a unique index, which every insert reads
 * to check, is written at once), else merged by the commit in its one pass. The rows written at
 * once were merged into the write buffer (rebuilt whole) and again by the commit: a load's
 * 591k quads, twice.
 */
function bulkRun(rel: RelationDef, rows: AcceptedRows, defer: boolean, known: KeyRepeats | null, entryValues: boolean): { keys: string[]; values: Value[]; deferred: BulkGroup[] } {
  const pk = rel.primaryKey;
  const groups: { id: number; columns: readonly number[] | null; keys: string[]; values: Value[] | null; deferred: boolean }[] = [
    { id: rel.id, columns: pk, keys: rows.keys, values: rows.stored, deferred: defer },
    ...rel.indexes.map((index, i) => ({
      id: index.id,
      columns: pk === null || index.descending.some((d) => d) ? null : [...index.columns, ...pk],
      keys: rows.entries[i],
      values: entryValues ? rows.stored : null,
      deferred: defer && !index.unique,
    })),
  ];
  groups.sort((a, b) => compareSKeys(binaryIdPrefix(a.id), binaryIdPrefix(b.id)));
  const n = rows.keys.length;
  const written = groups.filter((g) => !g.deferred).length;
  const keys = new Array<string>(n * written);
  const values = new Array<Value>(n * written);
  const deferred: BulkGroup[] = [];
  let at = 0;
  const read = known?.columns ?? new Map<number, KeyColumn>();
  const orders = known?.orders ?? new Map<string, Uint32Array>();
  for (const g of groups) {
    const order = g.columns === null ? null : known !== null && g.id === rel.id ? known.order : keyOrder(rows.copies, g.columns, read, orders);
    if (g.deferred) {
      const [begin, end] = boundRangeBinary(g.id, [], undefined);
      const given = g.values ?? new Array<Value>(n).fill(null);
      if (order === null) deferred.push({ begin, end, keys: g.keys, values: given });
      else {
        const inOrder = new Array<string>(n);
        const valuesInOrder = g.values === null ? given : new Array<Value>(n);
        for (let i = 0; i < n; i++) inOrder[i] = g.keys[order[i]];
        if (g.values !== null) for (let i = 0; i < n; i++) valuesInOrder[i] = g.values[order[i]];
        deferred.push({ begin, end, keys: inOrder, values: valuesInOrder });
      }
      continue;
    }
    for (let i = 0; i < n; i++, at++) {
      const r = order === null ? i : order[i];
      keys[at] = g.keys[r];
      values[at] = g.values === null ? null : g.values[r];
    }
  }
  return { keys, values, deferred };
}

/** One index's entries of an insertMany, held aside (deferManyBinary): its key range, the keys, their values (null). */
interface BulkGroup {
  begin: string;
  end: string;
  keys: string[];
  values: Value[];
}

/**
 * The rows an insertMany accepted but has not written yet: their row keys, and per index their
 * unique values (null: not unique). The keys are a set of key strings, or — where keyRepeats
 * could group the call's rows by key — per group whether one of its rows was accepted: a set
 * of 591k fresh key strings, each hashed to be looked up and again to be added, was a tenth of
 * a load.
 */
class PendingRows {
  /** Per group leader (keyRepeats), whether a row of its group was accepted. */
  private readonly taken: Uint8Array | null;

  constructor(
    private readonly keys: Set<string> | null,
    private readonly repeats: KeyRepeats | null,
    readonly uniques: (Set<string> | null)[],
  ) {
    this.taken = repeats === null ? null : new Uint8Array(repeats.lead.length);
  }

  /**
   * Set by skipEmpty when the relation is empty for the transaction: the row keys whose gets were
   * skipped, and the [begin, end) ranges of the unique probes skipped (in the indexes flagged
   * in `emptyUniques`), for noteReadsBinary. Null: gets and probes are made.
   */
  points: string[] | null = null;
  ranges: string[] | null = null;
  emptyUniques: boolean[] | null = null;

  /** skipEmpty turns the skipping on when `kv` sees no row of `rel` (per unique index: no entry). */
  skipEmpty(kv: KVTransaction, rel: RelationDef): void {
    const [begin, end] = boundRangeBinary(rel.id, [], undefined);
    if (!kv.emptyBinary!(begin, end)) return;
    this.points = [];
    this.ranges = [];
    this.emptyUniques = rel.indexes.map((index) => {
      if (!index.unique) return false;
      const [b, e] = boundRangeBinary(index.id, [], undefined);
      return kv.emptyBinary!(b, e);
    });
  }

  /** has says whether a row with the key of row `at` (key string `rk`) was accepted. */
  has(at: number, rk: string): boolean {
    if (this.repeats === null) return this.keys!.has(rk);
    const lead = this.repeats.lead[at];
    return lead >= 0 && this.taken![lead] === 1;
  }

  /** add records row `at` (key string `rk`) as accepted. */
  add(at: number, rk: string): void {
    if (this.repeats === null) this.keys!.add(rk);
    else {
      const lead = this.repeats.lead[at];
      if (lead >= 0) this.taken![lead] = 1;
    }
  }
}

/** The fewest rows of an insertMany grouped by keyRepeats (fewer go through a set of keys). */
const REPEATS_MIN_ROWS = 256;

/**
 * Rows grouped by key (keyRepeats): per row, the first row of the call with its key, or -1
 * when no other row has it; the rows' key order (keyOrder) and the columns read for it.
 */
interface KeyRepeats {
  lead: Int32Array;
  order: Uint32Array;
  columns: Map<number, KeyColumn>;
  /** The orders keyOrder made (by their deciding columns), for the indexes' orders of the same rows. */
  orders: Map<string, Uint32Array>;
}

/**
 * keyRepeats groups the rows of an insertMany by their values in the key columns `pk`, when
 * keyOrder can order them (integer key columns): rows in key order, a run of equal keys is a
 * group, led by its first row (the order is stable). Null when keyOrder cannot order them.
 */
function keyRepeats(rows: readonly Row[], pk: readonly number[]): KeyRepeats | null {
  const n = rows.length;
  // A few rows are cheaper in a set than in keyOrder's passes over its 2,048 counts.
  if (n < REPEATS_MIN_ROWS) return null;
  for (let i = 0; i < n; i++) if (!Array.isArray(rows[i])) return null;
  const columns = new Map<number, KeyColumn>();
  const orders = new Map<string, Uint32Array>();
  const order = keyOrder(rows, pk, columns, orders);
  if (order === null) return null;
  const values = pk.map((c) => columns.get(c)!.values);
  const lead = new Int32Array(n).fill(-1);
  for (let j = 1; j < n; j++) {
    const a = order[j - 1];
    const b = order[j];
    let same = true;
    for (let c = 0; c < values.length && same; c++) same = values[c][a] === values[c][b];
    if (same) lead[b] = lead[a] = lead[a] >= 0 ? lead[a] : a;
  }
  return { lead, order, columns, orders };
}

function scanOptions(range: KeyRange | undefined): { reverse?: boolean; limit?: number } {
  return range === undefined ? {} : { reverse: range.reverse, limit: range.limit };
}

function pick(row: Row, positions: readonly number[]): Value[] {
  const out = new Array<Value>(positions.length);
  for (let i = 0; i < positions.length; i++) out[i] = row[positions[i]];
  return out;
}

function checkRow(rel: RelationDef, plan: RelationPlan, row: Row): void {
  if (!Array.isArray(row) || row.length !== rel.columns.length) {
    throw new PolyglotError(
      'INVALID_ARGUMENT',
      `a row of ${rel.name} has ${rel.columns.length} values, not ${Array.isArray(row) ? row.length : typeof row}`,
    );
  }
  const nn = plan.notNull;
  for (let i = 0; i < nn.length; i++) {
    if (row[nn[i]] === null) {
      throw new ConstraintError(`NOT NULL constraint failed: ${rel.name}.${rel.columns[nn[i]].name} on ${rowText(rel, row)}`);
    }
  }
  for (let i = 0; i < row.length; i++) {
    if (row[i] === undefined) throw new PolyglotError('INVALID_ARGUMENT', `${rel.name}.${rel.columns[i].name} is undefined`);
  }
}

/**
 * getStored reads the stored row of `key` in relation `id`, through the KV store's fast paths
 * for keys of one number and of two small integers, else by its binary-string key (without the
 * intermediate byte copy where the store takes those).
 */
function getStored(kv: KVTransaction, id: number, key: readonly Value[]): Value | undefined {
  const k0 = key[0];
  if (key.length === 1 && typeof k0 === 'number' && kv.getNumberPair !== undefined) return kv.getNumberPair(id, k0);
  if (key.length === 2 && kv.getNumberTriple !== undefined) {
    const k1 = key[1];
    if (typeof k0 === 'number' && typeof k1 === 'number' && isSmallKeyNumber(k0) && isSmallKeyNumber(k1)) return kv.getNumberTriple(id, k0, k1);
  }
  return kv.getBinary !== undefined ? kv.getBinary(boundKeyBinary(id, key, undefined)) : kv.get(rowKey(id, key));
}

/**
 * groupRows is probe's answer from a group of the engine's part (kv.ts probeNumberPrefix), in a
 * new array: a primary-key part's stored rows read through the relation's reader, an index
 * part's values (the rows its entries carry) read as the index branch of probe reads them
 * (EntryRows.fromValue).
 */
function groupRows(stored: readonly Value[], plan: RelationPlan, reader: EntryRows | null): Row[] {
  if (reader !== null) {
    const rows = new Array<Row>(stored.length);
    for (let i = 0; i < stored.length; i++) rows[i] = reader.fromValue(stored[i]);
    return rows;
  }
  const read = plan.read;
  return read === null ? (stored.slice() as Row[]) : stored.map((r) => read(r as Row));
}

/** allNumbers says whether values[0..n) are all numbers. */
function allNumbers(values: readonly Value[], n: number): boolean {
  for (let i = 0; i < n; i++) if (typeof values[i] !== 'number') return false;
  return true;
}

function checkKey(rel: RelationDef, key: Value[]): void {
  const n = rel.primaryKey === null ? 1 : rel.primaryKey.length;
  if (!Array.isArray(key) || key.length !== n) {
    throw new PolyglotError('INVALID_ARGUMENT', `a key of ${rel.name} has ${n} values, not ${Array.isArray(key) ? key.length : typeof key}`);
  }
}

function uniqueViolation(rel: RelationDef, index: IndexDef, row: Row): ConstraintError {
  const shown = index.columns.filter((c) => !isInternalColumn(rel.columns[c].name));
  const cols = shown.length === index.columns.length ? ` (${shown.map((c) => rel.columns[c].name).join(', ')})` : '';
  return new ConstraintError(`UNIQUE constraint "${index.name}" failed on ${rel.name}${cols}: ${formatTuple(pick(row, index.columns))} already exists, writing ${rowText(rel, row)}`);
}

/** rowText names a row by its relation's columns and values, as constraint errors show the row they refused. */
function rowText(rel: RelationDef, row: Row): string {
  const shown = rel.columns.flatMap((c, i) => (isInternalColumn(c.name) ? [] : [i]));
  return `${rel.name} (${shown.map((i) => rel.columns[i].name).join(', ')}) = ${formatTuple(pick(row, shown))}`;
}

function duplicateKey(rel: RelationDef, key: Value[]): ConstraintError {
  const cols = rel.primaryKey!.map((c) => rel.columns[c].name).join(', ');
  return new ConstraintError(`PRIMARY KEY constraint failed on ${rel.name} (${cols}): ${formatTuple(key)} already exists`);
}

/** ValuesCursor yields the stored rows of a row range. */
class ValuesCursor implements RowCursor {
  constructor(
    private readonly c: KVCursor,
    private readonly read: RowConverter | null,
  ) {}
  nextBatch(max?: number): Row[] | null {
    let rows: Row[] | null;
    if (this.c.nextValues !== undefined) rows = this.c.nextValues(max) as Row[] | null;
    else rows = this.c.nextBatch(max)?.map((e) => e.value as Row) ?? null;
    return rows === null || this.read === null ? rows : convertAll(rows, this.read);
  }
  visitRows(max: number, visit: RowRunVisitor): number {
    // Stored rows are the rows only when no schema change left older versions to convert.
    if (this.read === null && this.c.visitValues !== undefined) return this.c.visitValues(max, visit as ValueRunVisitor);
    const rows = this.nextBatch(max);
    if (rows === null) return 0;
    visit(rows, 0, rows.length);
    return rows.length;
  }
  close(): void {
    this.c.close();
  }
}

class KeyedByPkCursor implements KeyedRowCursor {
  constructor(
    private readonly c: KVCursor,
    private readonly pk: readonly number[],
    private readonly read: RowConverter | null,
  ) {}
  nextBatch(max?: number): { keys: Value[][]; rows: Row[] } | null {
    const stored = (this.c.nextValues !== undefined ? this.c.nextValues(max) : this.c.nextBatch(max)?.map((e) => e.value)) as
      | Row[]
      | null
      | undefined;
    if (stored == null) return null;
    const rows = this.read === null ? stored : convertAll(stored, this.read);
    return { keys: rows.map((r) => pick(r, this.pk)), rows };
  }
  close(): void {
    this.c.close();
  }
}

class KeyedByRowIdCursor implements KeyedRowCursor {
  constructor(
    private readonly c: KVCursor,
    private readonly prefixLength: number,
    private readonly read: RowConverter | null,
  ) {}
  nextBatch(max?: number): { keys: Value[][]; rows: Row[] } | null {
    const b = this.c.nextBatch(max);
    if (b === null) return null;
    const keys = new Array<Value[]>(b.length);
    const rows = new Array<Row>(b.length);
    for (let i = 0; i < b.length; i++) {
      keys[i] = [decodeKeyComponent(b[i].key, this.prefixLength)];
      rows[i] = this.read === null ? (b[i].value as Row) : this.read(b[i].value as Row);
    }
    return { keys, rows };
  }
  close(): void {
    this.c.close();
  }
}

/**
 * EntryRows reads rows from the entries of one index: the index columns and the primary key
 * from the key, every other column null. Its positions map the key's components (index
 * columns, then primary key) to row positions; -1 skips a component: a hidden row id, or a
 * primary-key column an index column already gave. Components after the last one read are
 * left out, so decoding stops there (an index of a relation whose key is the whole row — RDF's
 * quads — is read from its columns alone). One per index and relation version, shared by its
 * cursors and probes: its decoder reuses the last key's leading values (keys.ts EntryDecoder),
 * which holds across cursors since it compares bytes.
 */
class EntryRows {
  private readonly decoder: EntryDecoder;
  private readonly blank: Value[];

  constructor(
    private readonly prefixLength: number,
    private readonly positions: Int32Array,
    width: number,
    /** The relation's reader of stored rows (RelationPlan.read), for fromValue. */
    private readonly read: RowConverter | null,
    /** The columns read (entryRows' `columns`), or null for whole rows. */
    private readonly columns: readonly number[] | null,
  ) {
    this.decoder = new EntryDecoder(prefixLength, positions);
    this.blank = new Array<Value>(width).fill(null);
  }

  /**
   * fromValue reads the row of an entry that carries its row (kv.ts entryValues): the stored row
   * itself for a whole row — every column, not only the entry's (scanIndex allows it) — or its
   * `columns`. Nothing is decoded and the key is not read.
   */
  fromValue(value: Value): Row {
    if (!Array.isArray(value)) throw new Error('storage bug: an index entry without its row');
    const stored = this.read === null ? (value as Row) : this.read(value as Row);
    const columns = this.columns;
    if (columns === null) return stored;
    const row = this.blank.slice();
    for (let i = 0; i < columns.length; i++) row[i] = stored[columns[i]];
    return row;
  }

  /** fromBinary reads the row of a key in binary-string form; `known` and `owner` as EntryDecoder.decode's. */
  fromBinary(key: string, known = 0, owner = 0): Row {
    const row = this.blank.slice();
    this.decoder.decode(key, row, known, owner);
    return row;
  }

  /** fromBytes reads the row of a key as bytes. */
  fromBytes(key: Uint8Array): Row {
    const row = this.blank.slice();
    decodeKeyInto(key, this.prefixLength, this.positions, row);
    return row;
  }
}

/**
 * entryRows is the reader of rows from the entries of `index`: whole rows (the index and
 * primary-key columns, every other column null), or with `columns` rows of only those columns,
 * in that order (each an index or primary-key column, none twice): components nobody reads are
 * skipped, and decoding stops after the last one read.
 */
function entryRows(rel: RelationDef, plan: RelationPlan, index: IndexDef, columns?: readonly number[]): EntryRows {
  if (columns === undefined) return entryRowsOf(rel, plan, index);
  // A caller passing the same array again (an index join's lookups, one per left row) skips building its name.
  const last = plan.lastProjected;
  if (last !== null && last.columns === columns && last.index === index.id) return last.reader;
  const reader = entryRowsOf(rel, plan, index, columns);
  plan.lastProjected = { index: index.id, columns, reader };
  return reader;
}

function entryRowsOf(rel: RelationDef, plan: RelationPlan, index: IndexDef, columns?: readonly number[]): EntryRows {
  const cached = columns === undefined ? plan.entryRows : plan.projectedEntryRows;
  const name = columns === undefined ? index.id : `${index.id}:${columns.join(',')}`;
  let reader = (cached as Map<number | string, EntryRows>).get(name);
  if (reader === undefined) {
    const fromIndex = new Set(index.columns);
    const all = [...index.columns, ...(rel.primaryKey ?? [-1]).map((c) => (fromIndex.has(c) ? -1 : c))];
    // Row positions become slots of the narrow row; a component no slot reads is skipped.
    const slots = columns === undefined ? all : all.map((c) => (c < 0 ? -1 : columns.indexOf(c)));
    if (columns !== undefined && (new Set(columns).size !== columns.length || columns.some((c) => !slots.includes(columns.indexOf(c))))) {
      throw new Error(`storage bug: columns ${columns.join(',')} are not distinct columns of index ${index.name}`);
    }
    while (slots.length > 0 && slots[slots.length - 1] < 0) slots.pop();
    reader = new EntryRows(idPrefix(index.id).length, Int32Array.from(slots), columns === undefined ? rel.columns.length : columns.length, plan.read, columns ?? null);
    (cached as Map<number | string, EntryRows>).set(name, reader);
  }
  return reader;
}

/** rowOfEntry fetches the row an index entry (binary string) points to by the primary key at its end. */
function rowOfEntry(kv: KVTransaction, relationPrefix: string, key: string, indexPrefixLength: number, indexColumns: number, read: RowConverter | null): Row {
  const at = skipKeyComponents(binaryScratch(key), indexPrefixLength, indexColumns);
  const row = (kv.getBinary as (key: string) => Value | undefined)(relationPrefix + key.substring(at)) as Row | undefined;
  if (row === undefined) throw new Error(`storage bug: index entry without a row (${formatValue(keyBytes(key))})`);
  return read === null ? row : read(row);
}

/**
 * What probe's walks write into, reused from probe to probe (a fresh array per probe, grown by
 * push, was a third of what a Datalog lookup allocated). Slots are emptied once read, so
 * nothing of a closed store stays reachable from here; a probe that read many entries drops
 * the arrays' storage instead of keeping it.
 */
const probeKeys: string[] = [];
const probeValues: Value[] = [];
const PROBE_SCRATCH_KEPT = 4096;

function emptyProbeKeys(n: number): void {
  if (n > PROBE_SCRATCH_KEPT) probeKeys.length = 0;
  else for (let i = 0; i < n; i++) probeKeys[i] = '';
}

/** A reusable byte copy of one binary-string key at a time (probe decodes entries from it). */
let scratch = new Uint8Array(256);

/** binaryScratch copies a binary-string key into the scratch bytes (valid until the next call). */
function binaryScratch(key: string): Uint8Array {
  const n = key.length;
  if (n > scratch.length) scratch = new Uint8Array(Math.max(n, scratch.length * 2));
  const b = scratch;
  for (let i = 0; i < n; i++) b[i] = key.charCodeAt(i);
  return b;
}

const binaryIdPrefixes = new Map<number, string>();

/** binaryIdPrefix is idPrefix as a binary string. */
function binaryIdPrefix(id: number): string {
  let p = binaryIdPrefixes.get(id);
  if (p === undefined) {
    p = keyString(idPrefix(id));
    if (binaryIdPrefixes.size > 100_000) binaryIdPrefixes.clear();
    binaryIdPrefixes.set(id, p);
  }
  return p;
}

/** keysAsBytes is a cursor's next batch of keys as bytes (without a KVEntry each where the engine can). */
function keysAsBytes(c: KVCursor, max: number | undefined): Key[] | null {
  return c.nextKeys !== undefined ? c.nextKeys(max) : (c.nextBatch(max)?.map((e) => e.key) ?? null);
}

/**
 * IndexEntryCursor decodes rows from index entries alone (scanIndex's entriesOnly): the index
 * columns and the primary key from the key, every other column null; no row is fetched.
 */
class IndexEntryCursor implements RowCursor {
  /** This cursor's name to the shared decoder (EntryDecoder.decode's owner). */
  private readonly token = newReaderToken();

  constructor(
    private readonly c: KVCursor,
    private readonly reader: EntryRows,
    /** The leading bytes every key of the range has (commonPrefixLength of its bounds). */
    private readonly known = 0,
  ) {}

  nextBatch(max?: number): Row[] | null {
    const reader = this.reader;
    if (this.c.nextBinaryKeys !== undefined) {
      const keys = this.c.nextBinaryKeys(max);
      if (keys === null) return null;
      const rows = new Array<Row>(keys.length);
      const { known, token } = this;
      for (let i = 0; i < keys.length; i++) rows[i] = reader.fromBinary(keys[i], known, token);
      return rows;
    }
    const keys = keysAsBytes(this.c, max);
    if (keys === null) return null;
    const rows = new Array<Row>(keys.length);
    for (let i = 0; i < keys.length; i++) rows[i] = reader.fromBytes(keys[i]);
    return rows;
  }
  close(): void {
    this.c.close();
  }
}

/** EntryValueCursor reads rows from the values of index entries that carry their rows (kv.ts entryValues). */
class EntryValueCursor implements RowCursor {
  constructor(
    private readonly c: KVCursor,
    private readonly reader: EntryRows,
  ) {}

  nextBatch(max?: number): Row[] | null {
    const values = this.c.nextValues !== undefined ? this.c.nextValues(max) : (this.c.nextBatch(max)?.map((e) => e.value) ?? null);
    if (values === null) return null;
    const reader = this.reader;
    const rows = values as Row[];
    for (let i = 0; i < rows.length; i++) rows[i] = reader.fromValue(values[i]);
    return rows;
  }
  close(): void {
    this.c.close();
  }
}

/** IndexRowCursor walks index entries and fetches each entry's row by the pk at the key's end. */
class IndexRowCursor implements RowCursor {
  constructor(
    private readonly c: KVCursor,
    private readonly kv: KVTransaction,
    private readonly relationId: number,
    private readonly indexPrefixLength: number,
    private readonly columnCount: number,
    private readonly read: RowConverter | null,
  ) {}
  nextBatch(max?: number): Row[] | null {
    const { kv, indexPrefixLength, columnCount, read } = this;
    if (this.c.nextBinaryKeys !== undefined && kv.getBinary !== undefined) {
      // Keys stay binary strings, as in probe: no bytes per entry, no key built as bytes.
      const keys = this.c.nextBinaryKeys(max);
      if (keys === null) return null;
      const relationPrefix = binaryIdPrefix(this.relationId);
      const rows = new Array<Row>(keys.length);
      for (let i = 0; i < keys.length; i++) rows[i] = rowOfEntry(kv, relationPrefix, keys[i], indexPrefixLength, columnCount, read);
      return rows;
    }
    const keys = keysAsBytes(this.c, max);
    if (keys === null) return null;
    const relationPrefix = idPrefix(this.relationId);
    const rows = new Array<Row>(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const at = skipKeyComponents(key, indexPrefixLength, columnCount);
      const row = kv.get(concatKeys(relationPrefix, key.subarray(at))) as Row | undefined;
      if (row === undefined) throw new Error(`storage bug: index entry without a row (${formatValue(key)})`);
      rows[i] = read === null ? row : read(row);
    }
    return rows;
  }
  close(): void {
    this.c.close();
  }
}
