/**
 * StoreTransaction.insertMany (a plain INSERT's or an RDF batch's rows at once, their keys
 * sorted into the memory engine's write buffer) against the inserts it stands in for: for any
 * stored rows and any rows to insert — repeating each other's keys and unique values, with
 * NULLs —, it accepts and writes exactly what successive inserts accept, rejects with the same
 * error when not ignoring, and a rollback to a savepoint taken before it undoes it. Over a
 * relation of integer columns its run is laid out sorted (store.ts bulkRun, key-order.ts) for
 * some indexes and left to the write buffer's sort for others (a descending column, a NULL).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConflictError, ConstraintError } from '../../src/common/errors.js';
import type { Row } from '../../src/common/values.js';
import { createMemoryEngine } from '../../src/storage/memory.js';
import type { ColumnDef, RelationDef, RowCursor, Store, StoreTransaction } from '../../src/storage/relations.js';
import { openStore } from '../../src/storage/store.js';

const col = (name: string, type: ColumnDef['type'] = 'any'): ColumnDef => ({ name, type, notNull: false });

function all(c: RowCursor): Row[] {
  const out: Row[] = [];
  for (let b = c.nextBatch(); b !== null; b = c.nextBatch()) out.push(...b);
  return out;
}

/** t(a integer key, b text unique, c any) indexed by (c). */
async function makeStore(rows: Row[], bulkCommitKeys?: number): Promise<{ store: Store; rel: RelationDef }> {
  const store = await openStore(createMemoryEngine({ bulkCommitKeys }));
  const tx = store.begin();
  tx.catalog.createRelation({ name: 't', kind: 'table', columns: [col('a', 'integer'), col('b', 'text'), col('c')], primaryKey: [0] });
  tx.catalog.createIndex('t', { name: 'by_b', columns: [1], unique: true });
  tx.catalog.createIndex('t', { name: 'by_c', columns: [2] });
  const rel = tx.catalog.relation('t')!;
  for (const r of rows) {
    try {
      tx.insert(rel, r);
    } catch (e) {
      if (!(e instanceof ConstraintError)) throw e;
    }
  }
  await tx.commit();
  return { store, rel };
}

/** u(a integer, b integer, c integer) keyed by (b, a), indexed by (c) unique, (c, a) and (b descending). */
async function makeIntStore(rows: Row[]): Promise<{ store: Store; rel: RelationDef }> {
  const store = await openStore(createMemoryEngine());
  const tx = store.begin();
  tx.catalog.createRelation({ name: 'u', kind: 'table', columns: [col('a', 'integer'), col('b', 'integer'), col('c', 'integer')], primaryKey: [1, 0] });
  tx.catalog.createIndex('u', { name: 'by_c', columns: [2], unique: true });
  tx.catalog.createIndex('u', { name: 'by_ca', columns: [2, 0] });
  tx.catalog.createIndex('u', { name: 'by_b_desc', columns: [1], descending: [true] });
  const rel = tx.catalog.relation('u')!;
  oneByOne(tx, rel, rows, true);
  await tx.commit();
  return { store, rel };
}

/** Everything a transaction sees of t: its rows and both indexes. */
function contents(tx: StoreTransaction, rel: RelationDef): Row[][] {
  return [all(tx.scan(rel)), ...rel.indexes.map((i) => all(tx.scanIndex(rel, i)))];
}

/** What successive inserts do: the rows accepted, or the first error. */
function oneByOne(tx: StoreTransaction, rel: RelationDef, rows: Row[], ignore: boolean): Row[] | Error {
  const out: Row[] = [];
  for (const r of rows) {
    try {
      tx.insert(rel, r);
      out.push(r);
    } catch (e) {
      if (!ignore || !(e instanceof ConstraintError)) return e as Error;
    }
  }
  return out;
}

const rowArb: fc.Arbitrary<Row> = fc.tuple(
  fc.integer({ min: 0, max: 30 }),
  fc.option(fc.constantFrom('x', 'y', 'z', 'w', 'v', 'u'), { freq: 4 }),
  fc.oneof(fc.constant(null), fc.integer({ min: -2, max: 2 }), fc.constantFrom('p', 'q')),
) as fc.Arbitrary<Row>;

/** What insertMany does: the rows accepted, or its error. */
function insertManyOrError(tx: StoreTransaction, rel: RelationDef, rows: Row[], ignore: boolean): Row[] | Error {
  try {
    return tx.insertMany!(rel, rows, ignore);
  } catch (e) {
    return e as Error;
  }
}

/**
 * againstOneByOne: over a store holding `stored`, inserting `rows` at once after the
 * transaction's own `before` accepts, writes and rejects what successive inserts do; the
 * statistics the transaction plans with agree; a rollback to a savepoint taken before undoes it.
 */
async function againstOneByOne(stored: Row[], before: Row[], rows: Row[], ignore: boolean): Promise<void> {
  const { store, rel } = await makeStore(stored);
  // `before`: the transaction's own earlier writes, so the run merges into a buffer.
  const expected = store.begin();
  oneByOne(expected, rel, before, true);
  const want = oneByOne(expected, rel, rows, ignore);
  const tx = store.begin();
  oneByOne(tx, rel, before, true);
  const untouched = contents(tx, rel);
  const rowCount = () => tx.statistics!(rel.id).rowCount;
  const countBefore = rowCount();
  const sp = tx.savepoint();
  const got = insertManyOrError(tx, rel, rows, ignore);
  if (want instanceof Error) {
    expect(got).toBeInstanceOf(ConstraintError);
    expect((got as Error).message).toBe(want.message);
    // A rejected call wrote nothing, and the statistics the transaction plans with say so.
    expect(contents(tx, rel)).toEqual(untouched);
    expect(rowCount()).toBe(countBefore);
  } else {
    expect(got).toEqual(want);
    expect(contents(tx, rel)).toEqual(contents(expected, rel));
    expect(rowCount()).toBe(expected.statistics!(rel.id).rowCount);
  }
  tx.rollbackTo(sp);
  expect(contents(tx, rel)).toEqual(untouched);
  expect(rowCount()).toBe(countBefore);
  expected.rollback();
  tx.rollback();
}

describe('insertMany', () => {
  it('accepts, writes and rejects what successive inserts do, and a savepoint rollback undoes it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(rowArb, { maxLength: 40 }), fc.array(rowArb, { maxLength: 20 }), fc.array(rowArb, { minLength: 1, maxLength: 60 }), fc.boolean(), againstOneByOne),
      { numRuns: 150 },
    );
  });

  it('as successive inserts with hundreds of rows (grouped by key, store.ts keyRepeats), keys repeated or not', async () => {
    // 256 rows and more are grouped by key in key order instead of kept in a set of keys; the
    // rows repeat keys (a in 0..30) and unique values, so a row rejected for its unique value
    // leaves its key free for a later row.
    const many = fc.array(rowArb, { minLength: 256, maxLength: 400 });
    // Keys that never repeat, some large (every digit of the radix sort), now and then every row accepted.
    const distinct = fc.tuple(fc.uniqueArray(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { minLength: 256, maxLength: 300 }), fc.boolean()).map(([keys, clash]) => keys.map((a, i): Row => [a, clash && i % 7 === 0 ? 'x' : null, i % 3]));
    await fc.assert(fc.asyncProperty(fc.array(rowArb, { maxLength: 40 }), fc.array(rowArb, { maxLength: 20 }), fc.oneof(many, distinct), fc.boolean(), againstOneByOne), { numRuns: 60 });
  });

  it('over integer columns, writes what successive inserts do, its run laid out sorted where it can be', async () => {
    // Values over every digit of key-order.ts's radix sort; c is now and then NULL (that group is sorted by the buffer).
    const big = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 2 ** 11, max: 2 ** 23 }), fc.constant(2 ** 32 - 1));
    const intRowArb = fc.tuple(fc.integer({ min: 0, max: 9 }), big, fc.option(big, { freq: 8 })) as fc.Arbitrary<Row>;
    await fc.assert(
      fc.asyncProperty(fc.array(intRowArb, { maxLength: 20 }), fc.oneof(fc.array(intRowArb, { minLength: 1, maxLength: 80 }), fc.array(intRowArb, { minLength: 256, maxLength: 300 })), fc.boolean(), async (stored, rows, ignore) => {
        const { store, rel } = await makeIntStore(stored);
        const expected = store.begin();
        const want = oneByOne(expected, rel, rows, ignore);
        const tx = store.begin();
        const got = insertManyOrError(tx, rel, rows, ignore);
        if (want instanceof Error) expect((got as Error).message).toBe(want.message);
        else {
          expect(got).toEqual(want);
          expect(contents(tx, rel)).toEqual(contents(expected, rel));
          await tx.commit();
          const reader = store.begin({ readOnly: true });
          expect(contents(reader, rel)).toEqual(contents(expected, rel));
          reader.rollback();
        }
        expected.rollback();
        tx.rollback();
      }),
      { numRuns: 150 },
    );
  });

  it('commits what it wrote, through the bulk merge and the key-by-key commit alike', async () => {
    for (const bulkCommitKeys of [1, 1_000_000]) {
      const { store, rel } = await makeStore([[1, 'x', 'p']], bulkCommitKeys);
      const tx = store.begin();
      expect(tx.insertMany!(rel, [[2, 'y', 'q'], [1, 'z', null], [3, 'x', null], [4, null, 1], [5, null, 1]], true)).toEqual([[2, 'y', 'q'], [4, null, 1], [5, null, 1]]);
      await tx.commit();
      const reader = store.begin({ readOnly: true });
      expect(all(reader.scan(rel))).toEqual([[1, 'x', 'p'], [2, 'y', 'q'], [4, null, 1], [5, null, 1]]);
      expect(all(reader.scanIndex(rel, rel.indexes[0])).map((r) => r[0])).toEqual([4, 5, 1, 2]);
      reader.rollback();
    }
  });

  it('holds its rows aside until a get, a scan or a later insert of the transaction reads their range', async () => {
    // bulkRun defers the rows like the entries of non-unique indexes (memory.ts deferManyBinary):
    // what the transaction reads must be what it would read had they been written at once.
    const { store, rel } = await makeStore([[1, 'x', 'p']]);
    const tx = store.begin();
    const rows: Row[] = Array.from({ length: 300 }, (_, i) => [i + 2, `b${i}`, i % 3]);
    expect(tx.insertMany!(rel, rows, false)).toHaveLength(300);
    expect(tx.get(rel, [150])).toEqual([150, 'b148', 148 % 3]);
    const sp = tx.savepoint();
    // A later call repeating a held key is refused as successive inserts would refuse it.
    expect(tx.insertMany!(rel, [[5, 'new', 0], [400, 'other', 0], [401, 'b7', 0]], true)).toEqual([[400, 'other', 0]]);
    expect(() => tx.insertMany!(rel, [[6, 'n1', 0], [402, 'n2', 0]], false)).toThrow(ConstraintError);
    tx.rollbackTo(sp);
    expect(all(tx.scan(rel))).toEqual([[1, 'x', 'p'], ...rows]);
    await tx.commit();
    const reader = store.begin({ readOnly: true });
    expect(all(reader.scan(rel))).toEqual([[1, 'x', 'p'], ...rows]);
    reader.rollback();
  });

  it('keeps the rows handed to it until the commit, which publishes copies of them', async () => {
    // insertMany does not copy its rows (the caller hands them over); the commit copies each
    // row it publishes (memory.ts placed), so the committed tree holds none of the caller's arrays.
    for (const bulkCommitKeys of [1, 1_000_000]) {
      const { store, rel } = await makeStore([[1, 'x', 'p']], bulkCommitKeys);
      const given: Row[] = [[2, 'y', 'q'], [3, 'z', null], [4, null, 1]];
      const tx = store.begin();
      expect(tx.insertMany!(rel, given, false)).toEqual(given);
      expect(all(tx.scan(rel))).toEqual([[1, 'x', 'p'], ...given]);
      await tx.commit();
      const reader = store.begin({ readOnly: true });
      const stored = all(reader.scan(rel));
      expect(stored).toEqual([[1, 'x', 'p'], ...given]);
      for (const row of stored) expect(given.includes(row)).toBe(false);
      reader.rollback();
    }
  });

  it('over batches under statement savepoints, committed unread, writes what successive inserts do', async () => {
    // A load: one insertMany per statement, each under a savepoint that is released or (now and
    // then) rolled back, the non-unique index's entries held aside (memory.ts deferManyBinary)
    // and read, if at all, only after some batches; then one commit.
    const step = fc.record({ rows: fc.array(rowArb, { minLength: 1, maxLength: 30 }), undo: fc.nat(5), read: fc.nat(5), cursor: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(fc.array(rowArb, { maxLength: 20 }), fc.array(step, { minLength: 1, maxLength: 6 }), fc.constantFrom(1, 1_000_000), async (stored, steps, bulk) => {
        const { store, rel } = await makeStore(stored, bulk);
        const expected = store.begin();
        const tx = store.begin();
        for (const { rows, undo, read, cursor } of steps) {
          // A cursor open over the index before the batch sees the index as it was.
          const open = cursor ? tx.scanIndex(rel, rel.indexes[1]) : null;
          const seen = cursor ? all(expected.scanIndex(rel, rel.indexes[1])) : null;
          const sp = tx.savepoint();
          const got = tx.insertMany!(rel, rows, true);
          if (undo === 0) {
            tx.rollbackTo(sp);
          } else {
            expect(got).toEqual(oneByOne(expected, rel, rows, true));
            tx.release(sp);
          }
          if (open !== null) expect(all(open)).toEqual(seen);
          if (read === 0) expect(contents(tx, rel)).toEqual(contents(expected, rel));
        }
        await tx.commit();
        const reader = store.begin({ readOnly: true });
        expect(contents(reader, rel)).toEqual(contents(expected, rel));
        reader.rollback();
        expected.rollback();
      }),
      { numRuns: 150 },
    );
  });

  it('leaves a cursor opened before it reading what it saw', async () => {
    const { store, rel } = await makeStore([[1, 'x', 'p']]);
    const tx = store.begin();
    tx.insert(rel, [2, 'y', 'q']);
    const cursor = tx.scan(rel);
    tx.insertMany!(rel, [[3, 'z', null], [0, 'w', null]], false);
    expect(all(cursor)).toEqual([[1, 'x', 'p'], [2, 'y', 'q']]);
    expect(all(tx.scan(rel)).map((r) => r[0])).toEqual([0, 1, 2, 3]);
    tx.rollback();
  });

  it('into a relation it sees empty (no gets made), refuses or skips what successive inserts do', async () => {
    // The empty relation's gets and unique probes are skipped (store.ts PendingRows.skipEmpty):
    // only the call's own rows can collide, in the key or the unique value, small calls and
    // calls grouped by key alike; a second call meets the first one's rows as stored.
    const rows = fc.oneof(fc.array(rowArb, { minLength: 1, maxLength: 60 }), fc.array(rowArb, { minLength: 256, maxLength: 300 }));
    await fc.assert(
      fc.asyncProperty(rows, rows, fc.boolean(), async (first, second, ignore) => {
        const { store, rel } = await makeStore([]);
        const expected = store.begin();
        const tx = store.begin();
        for (const batch of [first, second]) {
          const want = oneByOne(expected, rel, batch, ignore);
          const got = insertManyOrError(tx, rel, batch, ignore);
          if (want instanceof Error) {
            expect((got as Error).message).toBe(want.message);
            break;
          }
          expect(got).toEqual(want);
          expect(contents(tx, rel)).toEqual(contents(expected, rel));
        }
        expected.rollback();
        tx.rollback();
      }),
      { numRuns: 100 },
    );
  });

  it('into a relation it saw empty, validates the gets and probes it skipped', async () => {
    // A serializable transaction relied on the keys and unique values it inserted being absent:
    // a commit since its snapshot that wrote one of them makes it conflict, and one that wrote
    // others does not.
    for (const [other, conflicts] of [
      [[5, 'q', null], true], // the same key
      [[9, 'b', null], true], // the same unique value
      [[9, 'q', null], false],
    ] as [Row, boolean][]) {
      const { store, rel } = await makeStore([]);
      const tx = store.begin({ isolation: 'serializable' });
      const rival = store.begin();
      rival.insert(rel, other);
      await rival.commit();
      expect(tx.insertMany!(rel, [[5, 'a', null], [6, 'b', 1]], false)).toHaveLength(2);
      if (conflicts) await expect(tx.commit()).rejects.toBeInstanceOf(ConflictError);
      else await tx.commit();
    }
  });
});
