/**
 * relations.ts — the relation layer's contract: how every model's data is rows in the one store.
 *
 * A relation is a named set (or bag) of rows with typed columns, a primary key (or a hidden
 * row id) and secondary indexes. Tables, document collections, vertex and edge sets, quad
 * indexes and Datalog relations are all relations (DESIGN.md, "How each model lives in the one
 * store"). Layout in the key space (tuple-encoded, see keys.ts):
 *   [0, ...]                         the catalog (relation and index definitions), itself stored here
 *   [relationId, pk...]          →   the full row (Value[]), in column order
 *   [indexId, cols..., pk...]    →   null (the key carries everything; pk locates the row)
 * Relation ids and index ids share one number space, so every key range is owned by exactly one.
 *
 * The catalog is transactional: DDL commits or rolls back with the data.
 * Statistics are kept current on commit (not transactional; they are estimates for the optimizer).
 */
import type { Row, Value, ValueType } from '../common/values.js';
import type { Isolation, Savepoint, TransactionOptions } from './kv.js';

export type RelationKind = 'table' | 'collection' | 'vertex' | 'edge' | 'quad' | 'dictionary' | 'datalog' | 'view' | 'system';

export interface ColumnDef {
  readonly name: string;
  readonly type: ValueType;
  readonly notNull: boolean;
}

export interface IndexDef {
  readonly id: number;
  readonly name: string;
  /** Positions of the indexed columns in the relation's row. */
  readonly columns: readonly number[];
  /** One flag per indexed column: true stores that component descending. */
  readonly descending: readonly boolean[];
  readonly unique: boolean;
}

export interface RelationDef {
  readonly id: number;
  readonly name: string;
  readonly kind: RelationKind;
  readonly columns: readonly ColumnDef[];
  /** Positions of the primary-key columns, or null for a hidden, engine-assigned row id. */
  readonly primaryKey: readonly number[] | null;
  readonly indexes: readonly IndexDef[];
  /** Free-form, model-specific metadata (a view's text, a collection's schema versions…). */
  readonly options?: Readonly<Record<string, unknown>>;
  /** How stored rows map to columns once columns were added or dropped; absent while row position i is column i. */
  readonly layout?: RowLayout;
  /** Foreign keys from this relation's columns to another relation's (enforced by the executor's Write). */
  readonly foreignKeys?: readonly ForeignKeyDef[];
}

/**
 * RowLayout: columns live in physical slots that are only ever appended (ALTER TABLE never
 * rewrites stored rows). A stored row therefore carries the layout version it was written
 * under as its length: slots at or past that length did not exist then, and read as the
 * column's `missing` value (the DEFAULT of an added column). A dropped column's slot stays
 * in old rows but no column maps to it, so its value never surfaces; rows written later hold
 * null there.
 */
export interface RowLayout {
  /** Slots of a row written now. */
  readonly width: number;
  /** The slot of each column, in column order. */
  readonly slots: readonly number[];
  /** Each column's value in rows written before its slot existed. */
  readonly missing: readonly Value[];
}

export type ForeignKeyAction = 'no action' | 'restrict' | 'cascade' | 'set null' | 'set default';

/** A foreign key: `columns` of this relation reference `parentColumns` (names) of relation `parent`. */
export interface ForeignKeyDef {
  readonly name: string;
  /** Positions in this relation's row. */
  readonly columns: readonly number[];
  /** The referenced relation's name (it may not exist yet, as SQLite allows). */
  readonly parent: string;
  /** Names of the referenced columns; [] means the parent's primary key. */
  readonly parentColumns: readonly string[];
  readonly onDelete: ForeignKeyAction;
  readonly onUpdate: ForeignKeyAction;
  /** For SET DEFAULT: each column's default value. */
  readonly defaults?: readonly Value[];
}

/** One ALTER of a relation's columns or name (Catalog.alterRelation). */
export type RelationChange =
  | { readonly kind: 'add-column'; readonly column: ColumnDef; readonly missing: Value }
  | { readonly kind: 'drop-column'; readonly position: number }
  | { readonly kind: 'rename-column'; readonly position: number; readonly to: string }
  | { readonly kind: 'rename'; readonly to: string }
  | { readonly kind: 'add-foreign-key'; readonly foreignKey: ForeignKeyDef }
  /** Only replaces the options (given beside the change). */
  | { readonly kind: 'options' };

/**
 * AUTO_KEY_OPTION names a relation option: the position of an integer primary-key column
 * whose NULL is replaced, when a row is written, by one more than the largest key so far
 * (SQLite's rowid and INTEGER PRIMARY KEY). Applied by the executor's Write operator.
 */
export const AUTO_KEY_OPTION = 'autoKey';

/**
 * SEQUENCE_OPTION names a relation option `{ relation, name }` that makes its automatic keys
 * never reused (SQLite's AUTOINCREMENT): the largest key ever inserted is kept in the row
 * `[name, largest]` of `relation` (keyed by its first column), written in the inserting
 * transaction (so rolled back with it), and a NULL key becomes one more than the larger of it
 * and the largest key stored.
 */
export const SEQUENCE_OPTION = 'sequence';

/** The value of SEQUENCE_OPTION. */
export interface SequenceOption {
  readonly relation: string;
  readonly name: string;
}

/** exactRange is the inclusive range of one key prefix: every key that starts with `values` (what a probe reads). */
export function exactRange(values: Value[]): KeyRange {
  const at = { values, inclusive: true };
  return { lower: at, upper: at };
}

/** readAll reads a cursor's rows to its end into one array, and closes it. */
export function readAll(cursor: RowCursor): Row[] {
  try {
    const out: Row[] = [];
    for (let b = cursor.nextBatch(); b !== null; b = cursor.nextBatch()) for (let i = 0; i < b.length; i++) out.push(b[i]);
    return out;
  } finally {
    cursor.close();
  }
}

export interface NewRelation {
  name: string;
  kind: RelationKind;
  columns: ColumnDef[];
  primaryKey: number[] | null;
  options?: Record<string, unknown>;
  foreignKeys?: ForeignKeyDef[];
}

export interface NewIndex {
  name: string;
  columns: number[];
  descending?: boolean[];
  unique?: boolean;
}

/**
 * A bound on a key prefix: the first `values.length` key columns compared with `values`.
 * For a row scan the key columns are the primary key (or the row id); for an index scan they
 * are the index's columns followed by the primary key.
 */
export interface KeyBound {
  values: Value[];
  inclusive: boolean;
}

export interface KeyRange {
  lower?: KeyBound | null;
  upper?: KeyBound | null;
  reverse?: boolean;
  limit?: number;
}

/**
 * Receives a run of rows, `rows[from..to)` in key order. The array may be the store's own
 * (kv.ts ValueRunVisitor): read it during the call, never keep or change it; the rows may be kept.
 */
export type RowRunVisitor = (rows: readonly Row[], from: number, to: number) => void;

/** A batch cursor over rows: batches keep per-row calls out of the executor's loops. */
export interface RowCursor {
  /** nextBatch returns up to `max` rows in key order, or null at the end. Rows are shared: never mutate them. */
  nextBatch(max?: number): Row[] | null;
  /**
   * Optional: the same walk as nextBatch, handing up to `max` rows to `visit` in runs without
   * copying them into a batch; returns how many rows it walked, 0 only at the end.
   */
  visitRows?(max: number, visit: RowRunVisitor): number;
  close(): void;
}

/** A batch cursor over rows paired with their primary keys (the row id for hidden-key relations). */
export interface KeyedRowCursor {
  nextBatch(max?: number): { keys: Value[][]; rows: Row[] } | null;
  close(): void;
}

export interface ColumnStats {
  /** Estimated number of distinct non-null values. */
  distinct: number;
  /** Number of nulls (estimate). */
  nulls: number;
  min: Value | undefined;
  max: Value | undefined;
  /**
   * Exact row counts per value while the column holds few distinct values (stats.ts FREQUENT;
   * absent beyond): what an equality with a constant keeps when values are skewed — RDF's
   * predicate column is the case in point (counts per predicate).
   */
  frequent?: ReadonlyMap<Value, number>;
}

export interface RelationStats {
  rowCount: number;
  columns: ColumnStats[];
  /**
   * For a value of a column with `frequent` counts: the estimated distinct values of each column
   * (by position) among the rows holding it — what a join on another column keeps after an
   * equality with that value (the subjects of one RDF predicate, not of every quad).
   * Undefined for other columns and values.
   */
  distinctAmong?: (column: number, value: Value) => readonly number[] | undefined;
}

export interface Catalog {
  /** relation returns the definition, or undefined. Names are case-sensitive; front ends normalize. */
  relation(name: string): RelationDef | undefined;
  relations(): RelationDef[];
  createRelation(def: NewRelation): RelationDef;
  dropRelation(name: string): void;
  /**
   * alterRelation changes a relation's columns or name without touching its rows (RowLayout),
   * shifting index, key and foreign-key positions past a dropped column; `options`, when given,
   * replaces the relation's options. Dropping a key or indexed column is refused. Renames
   * follow into other relations' foreign keys.
   */
  alterRelation(name: string, change: RelationChange, options?: Record<string, unknown>): RelationDef;
  createIndex(relation: string, index: NewIndex): IndexDef;
  dropIndex(relation: string, index: string): void;
}

export interface StoreTransaction {
  readonly isolation: Isolation;
  readonly readOnly: boolean;
  readonly finished: boolean;
  readonly catalog: Catalog;

  /** insert adds a row; throws ConstraintError on a duplicate key or unique-index value, or a NULL in a NOT NULL column. Returns the row's key. */
  insert(relation: RelationDef, row: Row): Value[];
  /**
   * insertMany inserts rows as successive inserts would (a row conflicting with an earlier one
   * of the call is a conflict too) and returns those inserted. `ignore`: a row an insert would
   * reject with a ConstraintError is skipped; otherwise the error is thrown. Optional: a store
   * may take the rows' keys at once (sorted into its write buffer rather than one by one).
   * The rows are handed over: the store may keep them as they are, so the caller must not
   * change them afterwards.
   */
  insertMany?(relation: RelationDef, rows: readonly Row[], ignore: boolean): Row[];
  /** get returns the row with primary key `key`, or undefined. */
  get(relation: RelationDef, key: Value[]): Row | undefined;
  /**
   * getter is `get` of one relation for many keys (an index join's lookups by the whole primary
   * key): the relation is resolved once, each call only reads. Valid while the relation's
   * definition stays as it is (one statement). Optional: callers fall back to get.
   */
  getter?(relation: RelationDef): (key: readonly Value[]) => Row | undefined;
  /**
   * getMany is `get` of the rows whose primary key is the one value keys[i] (never NULL), into
   * out[i] (undefined: no row), for each i < n: an index join's lookups for a batch of left rows
   * at once. Only for a relation keyed by one column (or by its row id). Optional: callers fall
   * back to getter.
   */
  getMany?(relation: RelationDef, keys: readonly Value[], out: (Row | undefined)[], n: number): void;
  /** update replaces the row under `key` with `row` (which may change the key); maintains indexes. */
  update(relation: RelationDef, key: Value[], row: Row): void;
  /** delete removes the row under `key`; returns whether it existed. */
  delete(relation: RelationDef, key: Value[]): boolean;
  /** scan reads rows in primary-key order within `range` (bounds over the primary key). */
  scan(relation: RelationDef, range?: KeyRange): RowCursor;
  /** scanKeyed is scan with each row's key, for updates and deletes. */
  scanKeyed(relation: RelationDef, range?: KeyRange): KeyedRowCursor;
  /**
   * scanIndex reads the rows whose index entries fall in `range` (bounds over the index columns),
   * in index order. With `entriesOnly`, rows are decoded from the entries alone, without
   * fetching them: the index columns and the primary key hold their values, every other column
   * null (a covering read, for a caller that reads no other column; key encoding keeps text,
   * integers, booleans and blobs exactly, a float's -0 comes back as 0). An implementation may
   * ignore the flag and return whole rows. With `columns` (positions of distinct index or
   * primary-key columns), rows hold only those columns, in that order, decoded from the entries:
   * a projection of a covering read, which builds no whole row and decodes no other component.
   */
  scanIndex(relation: RelationDef, index: IndexDef, range?: KeyRange, entriesOnly?: boolean, columns?: readonly number[]): RowCursor;
  /**
   * probe reads the rows whose key — the primary key (index null), or the index columns then
   * the primary key — starts with `prefix`: what scan/scanIndex return for the inclusive range
   * [prefix, prefix], in key order, as one array and without a cursor (an index nested-loop
   * join's lookup, a scan of few rows). `entriesOnly` and `columns` (of an index) as scanIndex.
   * Optional: callers fall back to the scans.
   */
  probe?(relation: RelationDef, index: IndexDef | null, prefix: readonly Value[], entriesOnly?: boolean, columns?: readonly number[]): Row[];
  /**
   * prober is `probe` of one relation (index null) or index for many prefixes (a join's lookups):
   * the relation and index resolved once, each call only reads. Its answer is read-only and may
   * be the store's own array (no copy per lookup), valid until the next call or write. Valid
   * while the relation's definition stays as it is (one statement). Optional: callers fall back
   * to probe.
   */
  prober?(relation: RelationDef, index: IndexDef | null, entriesOnly?: boolean, columns?: readonly number[]): (prefix: readonly Value[]) => readonly Row[];
  /**
   * Whether a covering read without `columns` (scanIndex, probe) returns the stored rows as they
   * are — index entries carry them (kv.ts entryValues) — so it allocates nothing per entry, where
   * asking for `columns` makes a row per entry. Optional (absent: a covering read decodes each
   * entry, and `columns` makes it decode less).
   */
  readonly coveringRowsStored?: boolean;
  /**
   * hashedProbes: `n` probes of the relation (index null) or index by a prefix of one number are
   * about to be made; whether the store answers them by hash rather than by a walk of its tree —
   * each then costs about what reading a few stored rows does, so a join making them reads the
   * relation whole later, if at all. The store may count them toward building that hash (point-map.ts).
   * Optional: callers assume walks.
   */
  hashedProbes?(relation: RelationDef, index: IndexDef | null, n: number): boolean;
  /**
   * statistics is Store.statistics as this transaction sees the relation: with the rows its own
   * writes added or removed. Optional: planners fall back to the store's committed figures.
   */
  statistics?(relationId: number): RelationStats;

  savepoint(): Savepoint;
  rollbackTo(savepoint: Savepoint): void;
  /** release forgets a savepoint (and later ones) once its statement succeeded: writes stop paying for a rollback to it. */
  release(savepoint: Savepoint): void;
  commit(): Promise<void>;
  rollback(): void;
}

export interface Store {
  begin(options?: TransactionOptions): StoreTransaction;
  /**
   * readLatest returns a read-only transaction on the latest committed state, or null when the
   * engine cannot tell that a transaction still reads it. The transaction is shared: the store
   * hands the same one to every caller until a commit moves the state on, so an autocommit
   * read (a point lookup) begins and ends no transaction of its own. Callers use it within one
   * synchronous step and never end it.
   */
  readLatest(isolation: Isolation): StoreTransaction | null;
  /** statistics returns the current estimates for a relation (zeros for an unknown or empty one). */
  statistics(relationId: number): RelationStats;
  /**
   * statisticsVersion changes whenever any relation's statistics may have changed (a commit
   * that wrote rows, a relation created or dropped): a cached plan that checked its relations'
   * sizes at one version need not check them again until it moves.
   */
  statisticsVersion(): number;
  close(): Promise<void>;
}
