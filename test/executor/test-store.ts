/**
 * test-store.ts — executor tests run against the real store (storage/store.ts over the memory
 * engine). TestTransaction wraps one of its transactions to count what the executor asks for
 * (cursors opened and closed, batches read, point reads) and to cut the store's batches to
 * `batchSize` rows, so tests can check batch boundaries and that Limit stops reading.
 * Transactions are never committed: every test defines its relations privately.
 */
import type { Row, Value } from '../../src/common/values.js';
import type { Savepoint } from '../../src/storage/kv.js';
import { createMemoryEngine } from '../../src/storage/memory.js';
import type {
  Catalog,
  IndexDef,
  KeyRange,
  KeyedRowCursor,
  RelationDef,
  RelationStats,
  RowCursor,
  StoreTransaction,
} from '../../src/storage/relations.js';
import { openStore } from '../../src/storage/store.js';

const store = await openStore(createMemoryEngine());

export class TxStats {
  cursorsOpened = 0;
  cursorsClosed = 0;
  batchesRead = 0;
  gets = 0;
  probes = 0;
  /** getMany calls (BatchReadingTransaction) and the keys they read. */
  batchReads = 0;
  batchKeys = 0;
}

class CountingCursor implements RowCursor {
  private closed = false;
  constructor(
    private readonly inner: RowCursor,
    private readonly stats: TxStats,
    private readonly batch: number,
  ) {
    stats.cursorsOpened++;
  }
  nextBatch(max = 1024): Row[] | null {
    const b = this.inner.nextBatch(Math.min(max, this.batch));
    if (b !== null) this.stats.batchesRead++;
    return b;
  }
  close(): void {
    if (!this.closed) this.stats.cursorsClosed++;
    this.closed = true;
    this.inner.close();
  }
}

export class TestTransaction implements StoreTransaction {
  readonly stats = new TxStats();
  /** Most rows per store batch (tests use small values to exercise batch boundaries). */
  batchSize = 1024;
  protected readonly tx: StoreTransaction = store.begin();

  get isolation() {
    return this.tx.isolation;
  }
  get readOnly() {
    return this.tx.readOnly;
  }
  get finished() {
    return this.tx.finished;
  }
  get catalog(): Catalog {
    return this.tx.catalog;
  }

  /** define creates a relation (column type any, nullable) with optional indexes and rows. */
  define(
    name: string,
    columns: string[],
    primaryKey: number[] | null,
    rows: Value[][] = [],
    indexes: { columns: number[]; descending?: boolean[] }[] = [],
  ): RelationDef {
    const cat = this.tx.catalog;
    cat.createRelation({ name, kind: 'table', columns: columns.map((c) => ({ name: c, type: 'any', notNull: false })), primaryKey });
    indexes.forEach((ix, i) => cat.createIndex(name, { name: `${name}_ix${i}`, columns: ix.columns, descending: ix.descending }));
    const def = cat.relation(name) as RelationDef;
    for (const r of rows) this.tx.insert(def, r);
    return def;
  }

  insert(relation: RelationDef, row: Row): Value[] {
    return this.tx.insert(relation, row);
  }
  get(relation: RelationDef, key: Value[]): Row | undefined {
    this.stats.gets++;
    return this.tx.get(relation, key);
  }
  update(relation: RelationDef, key: Value[], row: Row): void {
    this.tx.update(relation, key, row);
  }
  delete(relation: RelationDef, key: Value[]): boolean {
    return this.tx.delete(relation, key);
  }
  scan(relation: RelationDef, range?: KeyRange): RowCursor {
    return new CountingCursor(this.tx.scan(relation, range), this.stats, this.batchSize);
  }
  scanKeyed(relation: RelationDef, range?: KeyRange): KeyedRowCursor {
    return this.tx.scanKeyed(relation, range);
  }
  scanIndex(relation: RelationDef, index: IndexDef, range?: KeyRange, entriesOnly?: boolean, columns?: readonly number[]): RowCursor {
    return new CountingCursor(this.tx.scanIndex(relation, index, range, entriesOnly, columns), this.stats, this.batchSize);
  }
  savepoint(): Savepoint {
    return this.tx.savepoint();
  }
  rollbackTo(savepoint: Savepoint): void {
    this.tx.rollbackTo(savepoint);
  }
  release(savepoint: Savepoint): void {
    this.tx.release(savepoint);
  }
  commit(): Promise<void> {
    return this.tx.commit();
  }
  rollback(): void {
    this.tx.rollback();
  }
}

/**
 * ProbingTransaction also offers the store's optional probe and prober (counted) and statistics, which
 * TestTransaction leaves out so that index joins read through the counted cursors: a Fixpoint's
 * fused lookups (fixpoint-lookups.ts) and its choice of hashing a relation need them.
 */
export class ProbingTransaction extends TestTransaction {
  probe(relation: RelationDef, index: IndexDef | null, prefix: readonly Value[], entriesOnly?: boolean, columns?: readonly number[]): Row[] {
    this.stats.probes++;
    return (this.tx.probe as NonNullable<StoreTransaction['probe']>)(relation, index, prefix, entriesOnly, columns);
  }
  /** prober passes on the store's, each lookup counted as a probe. */
  prober(relation: RelationDef, index: IndexDef | null, entriesOnly?: boolean, columns?: readonly number[]): (prefix: readonly Value[]) => readonly Row[] {
    const inner = (this.tx.prober as NonNullable<StoreTransaction['prober']>)(relation, index, entriesOnly, columns);
    return (prefix) => {
      this.stats.probes++;
      return inner(prefix);
    };
  }
  statistics(relationId: number): RelationStats {
    return (this.tx.statistics as NonNullable<StoreTransaction['statistics']>)(relationId);
  }
}

/**
 * CoveringRowsTransaction is ProbingTransaction passing on the store's coveringRowsStored (the
 * memory engine's index entries carry their rows: a covering read returns the stored rows) and
 * recording the `columns` each probe (or prober's lookup) asked for.
 */
export class CoveringRowsTransaction extends ProbingTransaction {
  readonly probedColumns: (readonly number[] | undefined)[] = [];
  get coveringRowsStored(): boolean | undefined {
    return this.tx.coveringRowsStored;
  }
  override probe(relation: RelationDef, index: IndexDef | null, prefix: readonly Value[], entriesOnly?: boolean, columns?: readonly number[]): Row[] {
    this.probedColumns.push(columns);
    return super.probe(relation, index, prefix, entriesOnly, columns);
  }
  override prober(relation: RelationDef, index: IndexDef | null, entriesOnly?: boolean, columns?: readonly number[]): (prefix: readonly Value[]) => readonly Row[] {
    const inner = super.prober(relation, index, entriesOnly, columns);
    return (prefix) => {
      this.probedColumns.push(columns);
      return inner(prefix);
    };
  }
}

/**
 * HashedProbingTransaction is a ProbingTransaction whose store says that it answers probes by a
 * prefix of one value by hash (relations.ts hashedProbes; the memory store says so of a relation
 * whose prefix groups are built, point-map.ts).
 */
export class HashedProbingTransaction extends ProbingTransaction {
  hashedProbes(): boolean {
    return true;
  }
}

/**
 * BatchReadingTransaction also offers the store's optional getMany (counted): an index join by a
 * whole one-column primary key then reads a left batch's rows at once (index-join.ts prepare).
 */
export class BatchReadingTransaction extends TestTransaction {
  getMany(relation: RelationDef, keys: readonly Value[], out: (Row | undefined)[], n: number): void {
    this.stats.batchReads++;
    this.stats.batchKeys += n;
    (this.tx.getMany as NonNullable<StoreTransaction['getMany']>)(relation, keys, out, n);
  }
}
