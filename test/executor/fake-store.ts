/**
 * fake-store.ts — a small in-memory StoreTransaction for executor tests: relations are sorted
 * arrays of rows, ranges are honoured on key prefixes (storage/compare.ts order, descending
 * index components reversed), batches are handed out as fresh arrays of the stored rows.
 * It counts cursor batches and closes so tests can check that Limit stops reading.
 */
import type { Row, Value } from '../../src/common/values.js';
import { ConstraintError } from '../../src/common/errors.js';
import { compareValues } from '../../src/storage/compare.js';
import type {
  Catalog,
  IndexDef,
  KeyBound,
  KeyRange,
  KeyedRowCursor,
  RelationDef,
  RowCursor,
  StoreTransaction,
} from '../../src/storage/relations.js';
import type { Savepoint } from '../../src/storage/kv.js';

interface Table {
  def: RelationDef;
  /** [key, row] sorted by key. */
  entries: { key: Value[]; row: Row }[];
  nextRowId: number;
}

function compareKeys(a: readonly Value[], b: readonly Value[], desc: readonly boolean[] = []): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareValues(a[i], b[i]);
    if (c !== 0) return desc[i] ? -c : c;
  }
  return 0;
}

function inRange(key: readonly Value[], range: KeyRange | undefined, desc: readonly boolean[] = []): boolean {
  const check = (b: KeyBound | null | undefined, lower: boolean): boolean => {
    if (!b) return true;
    const c = compareKeys(key.slice(0, b.values.length), b.values, desc);
    if (lower) return b.inclusive ? c >= 0 : c > 0;
    return b.inclusive ? c <= 0 : c < 0;
  };
  return check(range?.lower, true) && check(range?.upper, false);
}

export class FakeStats {
  cursorsOpened = 0;
  cursorsClosed = 0;
  batchesRead = 0;
  gets = 0;
}

class ArrayCursor implements RowCursor {
  private pos = 0;
  private closed = false;
  constructor(
    private readonly rows: Row[],
    private readonly stats: FakeStats,
    private readonly batch: number,
  ) {
    stats.cursorsOpened++;
  }
  nextBatch(max = 1024): Row[] | null {
    if (this.closed || this.pos >= this.rows.length) return null;
    const n = Math.min(max, this.batch);
    const b = this.rows.slice(this.pos, this.pos + n);
    this.pos += n;
    this.stats.batchesRead++;
    return b;
  }
  close(): void {
    if (!this.closed) this.stats.cursorsClosed++;
    this.closed = true;
  }
}

export class FakeTransaction implements StoreTransaction {
  readonly isolation = 'serializable' as const;
  readonly readOnly = false;
  readonly finished = false;
  readonly stats = new FakeStats();
  private readonly tables = new Map<number, Table>();
  private nextId = 1;
  /** Rows per store batch (tests use small values to exercise batch boundaries). */
  batchSize = 1024;

  get catalog(): Catalog {
    throw new Error('fake store: no catalog');
  }

  /** define creates a relation with optional indexes and rows. */
  define(
    name: string,
    columns: string[],
    primaryKey: number[] | null,
    rows: Row[] = [],
    indexes: { columns: number[]; descending?: boolean[] }[] = [],
  ): RelationDef {
    const id = this.nextId++;
    const def: RelationDef = {
      id,
      name,
      kind: 'table',
      columns: columns.map((c) => ({ name: c, type: 'any', notNull: false })),
      primaryKey,
      indexes: indexes.map((ix, i) => ({
        id: this.nextId++,
        name: `${name}_ix${i}`,
        columns: ix.columns,
        descending: ix.descending ?? ix.columns.map(() => false),
        unique: false,
      })),
    };
    this.tables.set(id, { def, entries: [], nextRowId: 1 });
    for (const r of rows) this.insert(def, r);
    return def;
  }

  private table(rel: RelationDef): Table {
    const t = this.tables.get(rel.id);
    if (!t) throw new Error(`fake store: no relation ${rel.name}`);
    return t;
  }

  insert(relation: RelationDef, row: Row): Value[] {
    const t = this.table(relation);
    const key = relation.primaryKey ? relation.primaryKey.map((i) => row[i]) : [t.nextRowId++];
    const at = t.entries.findIndex((e) => compareKeys(e.key, key) >= 0);
    if (at >= 0 && compareKeys(t.entries[at].key, key) === 0) throw new ConstraintError(`duplicate key ${JSON.stringify(key)}`);
    t.entries.splice(at < 0 ? t.entries.length : at, 0, { key, row: Object.freeze([...row]) as Row });
    return key;
  }

  get(relation: RelationDef, key: Value[]): Row | undefined {
    this.stats.gets++;
    return this.table(relation).entries.find((e) => compareKeys(e.key, key) === 0 && e.key.length === key.length)?.row;
  }

  update(relation: RelationDef, key: Value[], row: Row): void {
    if (!this.delete(relation, key)) throw new Error('fake store: update of a missing row');
    this.insert(relation, row);
  }

  delete(relation: RelationDef, key: Value[]): boolean {
    const t = this.table(relation);
    const at = t.entries.findIndex((e) => compareKeys(e.key, key) === 0);
    if (at < 0) return false;
    t.entries.splice(at, 1);
    return true;
  }

  scan(relation: RelationDef, range?: KeyRange): RowCursor {
    let rows = this.table(relation)
      .entries.filter((e) => inRange(e.key, range))
      .map((e) => e.row);
    if (range?.reverse) rows = rows.reverse();
    if (range?.limit !== undefined) rows = rows.slice(0, range.limit);
    return new ArrayCursor(rows, this.stats, this.batchSize);
  }

  scanKeyed(): KeyedRowCursor {
    throw new Error('fake store: scanKeyed not supported');
  }

  scanIndex(relation: RelationDef, index: IndexDef, range?: KeyRange): RowCursor {
    const t = this.table(relation);
    const desc = index.descending;
    const entries = t.entries.map((e) => ({ key: [...index.columns.map((i) => e.row[i]), ...e.key], row: e.row }));
    entries.sort((a, b) => compareKeys(a.key, b.key, desc));
    let rows = entries.filter((e) => inRange(e.key, range, desc)).map((e) => e.row);
    if (range?.reverse) rows = rows.reverse();
    return new ArrayCursor(rows, this.stats, this.batchSize);
  }

  savepoint(): Savepoint {
    throw new Error('fake store: no savepoints');
  }
  rollbackTo(): void {}
  async commit(): Promise<void> {}
  rollback(): void {}
}
