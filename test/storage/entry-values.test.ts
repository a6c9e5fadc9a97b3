/**
 * Index entries that carry their row (kv.ts entryValues, store.ts): a store over the memory
 * engine, whose entries do, against the same store over the same engine with the capability
 * hidden, whose entries are null and read from their keys. Random sequences of inserts (one by
 * one and in bulk), updates that change indexed columns, only other columns, or the primary key,
 * deletes, statements rolled back to a savepoint, aborted and committed transactions, ALTER TABLE
 * (add and drop a column), CREATE INDEX over existing rows, and readers whose snapshot predates
 * later writes: after every step every index read — whole rows, entries only, chosen columns,
 * ranges, probes — answers the same in both stores.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Row, Value } from '../../src/common/values.js';
import type { KVEngine, KVTransaction } from '../../src/storage/kv.js';
import { createMemoryEngine } from '../../src/storage/memory.js';
import type { ColumnDef, IndexDef, RelationDef, RowCursor, Store, StoreTransaction } from '../../src/storage/relations.js';
import { openStore } from '../../src/storage/store.js';

const col = (name: string, type: ColumnDef['type']): ColumnDef => ({ name, type, notNull: false });

function all(c: RowCursor): Row[] {
  const out: Row[] = [];
  for (let b = c.nextBatch(4); b !== null; b = c.nextBatch(4)) out.push(...b);
  return out;
}

/** withoutEntryValues is `engine` with the capability hidden: its store writes null entries and decodes keys. */
function withoutEntryValues(engine: KVEngine): KVEngine {
  const hide = (tx: KVTransaction): KVTransaction =>
    new Proxy(tx, {
      get(target, p) {
        if (p === 'entryValues') return undefined;
        const v = Reflect.get(target, p, target) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
  return {
    name: engine.name,
    begin: (options) => hide(engine.begin(options)),
    latestToken: engine.latestToken === undefined ? undefined : () => engine.latestToken!(),
    close: () => engine.close(),
  };
}

/** The widest row any step writes: a integer, b text (primary key), c any, d integer (indexed), e any (not indexed), then added columns. */
const rowArb: fc.Arbitrary<Value[]> = fc.tuple(
  fc.integer({ min: 0, max: 30 }),
  fc.constantFrom('x', 'y', 'xy', '', 'Acme Labs'),
  fc.oneof(fc.constant(null), fc.integer({ min: -3, max: 3 }), fc.constantFrom('p', 'q'), fc.constant(2.5)),
  fc.option(fc.integer({ min: 0, max: 6 })),
  fc.oneof(fc.constant(null), fc.integer({ min: -100, max: 100 }), fc.string({ maxLength: 3 })),
  fc.option(fc.integer({ min: 0, max: 9 })),
  fc.option(fc.constantFrom('u', 'v')),
);

const opArb = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('insert' as const), row: rowArb }), weight: 6 },
  { arbitrary: fc.record({ op: fc.constant('insertMany' as const), rows: fc.array(rowArb, { maxLength: 40 }) }), weight: 2 },
  {
    arbitrary: fc.record({ op: fc.constant('update' as const), pick: fc.nat(), row: rowArb, change: fc.constantFrom('indexed', 'other', 'key') }),
    weight: 5,
  },
  { arbitrary: fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('rolledBack' as const), rows: fc.array(rowArb, { maxLength: 4 }), pick: fc.nat() }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constantFrom('commit' as const, 'abort' as const, 'snapshot' as const) }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constantFrom('addColumn' as const, 'dropColumn' as const, 'createIndex' as const) }), weight: 1 },
);
type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;

/** A store and its current transaction; `readers` are read-only transactions begun earlier. */
interface Side {
  store: Store;
  tx: StoreTransaction;
  readers: StoreTransaction[];
}

async function makeSide(engine: KVEngine): Promise<Side> {
  const store = await openStore(engine);
  const tx = store.begin();
  tx.catalog.createRelation({
    name: 't',
    kind: 'table',
    columns: [col('a', 'integer'), col('b', 'text'), col('c', 'any'), col('d', 'integer'), col('e', 'any')],
    primaryKey: [0, 1],
  });
  tx.catalog.createIndex('t', { name: 'by_c', columns: [2], descending: [true] });
  tx.catalog.createIndex('t', { name: 'by_da', columns: [3, 0] });
  tx.catalog.createIndex('t', { name: 'by_b', columns: [1] });
  await tx.commit();
  return { store, tx: store.begin(), readers: [] };
}

const relOf = (tx: StoreTransaction): RelationDef => tx.catalog.relation('t')!;

/** fit cuts or pads a generated row to the relation's width. */
const fit = (rel: RelationDef, row: Value[]): Row => Array.from({ length: rel.columns.length }, (_, i) => row[i] ?? null);

/** rowsOf is the relation's rows in key order. */
const rowsOf = (tx: StoreTransaction): Row[] => all(tx.scan(relOf(tx)));

/** apply runs one step on one side (the other side gets the same step). */
async function apply(side: Side, op: Op): Promise<void> {
  const { tx } = side;
  const rel = relOf(tx);
  const insertNew = (row: Row): void => {
    if (tx.get(rel, [row[0], row[1]]) === undefined) tx.insert(rel, row);
  };
  switch (op.op) {
    case 'insert':
      insertNew(fit(rel, op.row));
      return;
    case 'insertMany':
      tx.insertMany!(
        rel,
        op.rows.map((r) => fit(rel, r)),
        true,
      );
      return;
    case 'update': {
      const rows = rowsOf(tx);
      if (rows.length === 0) return;
      const old = rows[op.pick % rows.length];
      const next = old.slice();
      const given = fit(rel, op.row);
      if (op.change === 'indexed') [next[2], next[3]] = [given[2], given[3]];
      else if (op.change === 'key') next[0] = given[0];
      else for (let i = 4; i < next.length; i++) next[i] = given[i];
      if (op.change === 'key' && next[0] !== old[0] && tx.get(rel, [next[0], next[1]]) !== undefined) return;
      tx.update(rel, [old[0], old[1]], next);
      return;
    }
    case 'delete': {
      const rows = rowsOf(tx);
      if (rows.length > 0) tx.delete(rel, rows[op.pick % rows.length].slice(0, 2));
      return;
    }
    case 'rolledBack': {
      // A statement that fails: its writes (inserts, an update, a delete) are undone.
      const sp = tx.savepoint();
      for (const r of op.rows) insertNew(fit(rel, r));
      const rows = rowsOf(tx);
      if (rows.length > 0) {
        const old = rows[op.pick % rows.length];
        const next = old.slice();
        next[3] = next[3] === null ? 1 : null;
        if (next.length > 4) next[4] = 'changed';
        tx.update(rel, [old[0], old[1]], next);
        tx.delete(rel, rows[(op.pick + 1) % rows.length].slice(0, 2));
      }
      tx.rollbackTo(sp);
      return;
    }
    case 'commit':
      await tx.commit();
      side.tx = side.store.begin();
      return;
    case 'abort':
      tx.rollback();
      side.tx = side.store.begin();
      return;
    case 'snapshot':
      side.readers.push(side.store.begin({ readOnly: true }));
      return;
    case 'addColumn':
      if (rel.columns.length < 7) tx.catalog.alterRelation('t', { kind: 'add-column', column: col(`x${rel.columns.length}`, 'any'), missing: rel.columns.length });
      return;
    case 'dropColumn': {
      // The last column when no index reads it (e or an added one).
      const last = rel.columns.length - 1;
      if (last >= 4 && !rel.indexes.some((i) => i.columns.includes(last))) tx.catalog.alterRelation('t', { kind: 'drop-column', position: last });
      return;
    }
    case 'createIndex':
      if (rel.indexes.length < 4 && rel.columns.length > 4) tx.catalog.createIndex('t', { name: 'by_ed', columns: [4, 3] });
      return;
  }
}

/** The reads compared: every index scanned whole (rows, entries only, chosen columns), in ranges, and probed. */
function reads(tx: StoreTransaction): unknown[] {
  const rel = relOf(tx);
  const pk = rel.primaryKey!;
  const out: unknown[] = [rows(tx, rel)];
  for (const index of rel.indexes) {
    const covered = [...new Set([...index.columns, ...pk])];
    // Entries-only rows may hold more than the covered columns: compare those.
    const cover = (r: Row): Value[] => covered.map((c) => r[c]);
    out.push(all(tx.scanIndex(rel, index)));
    out.push(all(tx.scanIndex(rel, index, undefined, true)).map(cover));
    out.push(all(tx.scanIndex(rel, index, undefined, false, covered)));
    out.push(all(tx.scanIndex(rel, index, undefined, false, [...covered].reverse())));
    out.push(all(tx.scanIndex(rel, index, { reverse: true, limit: 5 })));
    const firsts = [...new Set(all(tx.scanIndex(rel, index, undefined, false, [index.columns[0]])).map((r) => r[0]))];
    for (const v of firsts.slice(0, 6)) {
      out.push(tx.probe!(rel, index, [v]));
      out.push(tx.probe!(rel, index, [v], true).map(cover));
      out.push(tx.probe!(rel, index, [v], true, [...new Set([pk[1], index.columns[0]])]));
      out.push(all(tx.scanIndex(rel, index, { lower: { values: [v], inclusive: false } })));
    }
  }
  return out;
}

function rows(tx: StoreTransaction, rel: RelationDef): Row[] {
  return all(tx.scan(rel));
}

async function both(sides: [Side, Side], op: Op): Promise<void> {
  for (const side of sides) await apply(side, op);
  const [withValues, plain] = sides;
  expect(reads(withValues.tx)).toEqual(reads(plain.tx));
  for (let i = 0; i < withValues.readers.length; i++) expect(reads(withValues.readers[i])).toEqual(reads(plain.readers[i]));
}

describe('index entries carrying their row', () => {
  it('are read as the same rows as entries read from their keys, after any writes, rollbacks, schema changes and commits', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 40 }), fc.boolean(), async (ops, smallBulk) => {
        // A small bulk threshold sends commits through the bulk merge (memory.ts mergeBulk).
        const options = smallBulk ? { bulkCommitKeys: 8 } : {};
        const sides: [Side, Side] = [await makeSide(createMemoryEngine(options)), await makeSide(withoutEntryValues(createMemoryEngine(options)))];
        expect(sides[0].tx.probe).toBeDefined();
        for (const op of ops) await both(sides, op);
        await both(sides, { op: 'commit' });
        for (const side of sides) await side.store.close();
      }),
      { numRuns: 40 },
    );
  });

  it('hold the stored row itself: a covering read of a whole row gives every column, not only the entry’s', async () => {
    const store = await openStore(createMemoryEngine());
    const tx = store.begin();
    tx.catalog.createRelation({ name: 'p', kind: 'table', columns: [col('id', 'integer'), col('name', 'text'), col('city', 'integer')], primaryKey: [0] });
    const index: IndexDef = tx.catalog.createIndex('p', { name: 'by_city', columns: [2] });
    const rel = tx.catalog.relation('p')!;
    tx.insert(rel, [1, 'Ada', 7]);
    tx.insert(rel, [2, 'Bob', 7]);
    await tx.commit();
    const reader = store.begin({ readOnly: true });
    expect(reader.probe!(rel, index, [7], true)).toEqual([
      [1, 'Ada', 7],
      [2, 'Bob', 7],
    ]);
    expect(reader.probe!(rel, index, [7], true, [0])).toEqual([[1], [2]]);
    // An update of a column no index reads rewrites the entries' rows.
    const w = store.begin();
    w.update(rel, [1], [1, 'Ada L.', 7]);
    expect(w.probe!(rel, index, [7])).toEqual([
      [1, 'Ada L.', 7],
      [2, 'Bob', 7],
    ]);
    await w.commit();
    // The older reader keeps its snapshot.
    expect(all(reader.scanIndex(rel, index))).toEqual([
      [1, 'Ada', 7],
      [2, 'Bob', 7],
    ]);
    expect(all(store.begin({ readOnly: true }).scanIndex(rel, index, undefined, true))).toEqual([
      [1, 'Ada L.', 7],
      [2, 'Bob', 7],
    ]);
    await store.close();
  });
});
