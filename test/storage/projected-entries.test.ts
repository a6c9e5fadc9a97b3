/**
 * StoreTransaction.scanIndex with `columns` (a projection of a covering index read, decoded
 * from the entries into rows of only those columns) against the whole entry rows it narrows,
 * and StoreTransaction.getter against get: for any data, range, columns and order of columns,
 * scans in both directions, with the transaction's own writes and after a commit.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Row, Value } from '../../src/common/values.js';
import { createMemoryEngine } from '../../src/storage/memory.js';
import type { ColumnDef, KeyRange, RelationDef, RowCursor, Store, StoreTransaction } from '../../src/storage/relations.js';
import { openStore } from '../../src/storage/store.js';

const col = (name: string, type: ColumnDef['type']): ColumnDef => ({ name, type, notNull: false });

function all(c: RowCursor): Row[] {
  const out: Row[] = [];
  for (let b = c.nextBatch(3); b !== null; b = c.nextBatch(3)) out.push(...b);
  return out;
}

/** t(a integer, b text, c text, d integer, e text) keyed (a, b); indexes (c, d), (d DESC, a) and (b). */
async function makeStore(rows: Row[]): Promise<{ store: Store; rel: RelationDef }> {
  const store = await openStore(createMemoryEngine());
  const tx = store.begin();
  tx.catalog.createRelation({
    name: 't',
    kind: 'table',
    columns: [col('a', 'integer'), col('b', 'text'), col('c', 'text'), col('d', 'integer'), col('e', 'text')],
    primaryKey: [0, 1],
  });
  tx.catalog.createIndex('t', { name: 'by_cd', columns: [2, 3] });
  tx.catalog.createIndex('t', { name: 'by_da', columns: [3, 0], descending: [true, false] });
  tx.catalog.createIndex('t', { name: 'by_b', columns: [1] });
  const rel = tx.catalog.relation('t')!;
  insertNew(tx, rel, rows);
  await tx.commit();
  return { store, rel };
}

function insertNew(tx: StoreTransaction, rel: RelationDef, rows: Row[]): void {
  for (const r of rows) if (tx.get(rel, [r[0], r[1]]) === undefined) tx.insert(rel, r);
}

const rowArb: fc.Arbitrary<Row> = fc.tuple(
  fc.integer({ min: -5, max: 60 }),
  fc.constantFrom('x', 'y', 'xy', '', 'Acme Labs', 'é'),
  fc.option(fc.constantFrom('p', 'q', 'pq', 'Acme', 'Acme Labs')),
  fc.option(fc.integer({ min: -3, max: 2000 })),
  fc.string({ maxLength: 3 }),
) as fc.Arbitrary<Row>;

/** A read: an index, a range over its first column, a direction and the columns wanted (index or key columns, in some order). */
const readArb = fc.record({
  index: fc.integer({ min: 0, max: 2 }),
  low: fc.option(fc.integer({ min: 0, max: 4 })),
  reverse: fc.boolean(),
  pick: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
});
type Read = typeof readArb extends fc.Arbitrary<infer T> ? T : never;

const LOWS: Value[][] = [['p'], ['q'], [1000], [0], ['x']];

function check(tx: StoreTransaction, rel: RelationDef, reads: Read[]): void {
  for (const r of reads) {
    const index = rel.indexes[r.index];
    const held = [...new Set([...index.columns, 0, 1])];
    // Distinct held columns, in the order the draw names them.
    const columns: number[] = [];
    for (const k of r.pick) {
      const c = held[k % held.length];
      if (!columns.includes(c)) columns.push(c);
    }
    const low = r.low === null ? null : LOWS[r.low];
    const range: KeyRange = { reverse: r.reverse, ...(low !== null && typeof low[0] === (r.index === 1 ? 'number' : 'string') ? { lower: { values: low, inclusive: true } } : {}) };
    const whole = all(tx.scanIndex(rel, index, range, true));
    expect(all(tx.scanIndex(rel, index, range, true, columns))).toEqual(whole.map((row) => columns.map((c) => row[c])));
  }
}

describe('projected index entries', () => {
  it('equal the whole entry rows narrowed to the columns, in any order, across own writes and commits', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(rowArb, { maxLength: 200 }), fc.array(readArb, { minLength: 1, maxLength: 12 }), fc.array(rowArb, { maxLength: 6 }), async (rows, reads, more) => {
        const { store, rel } = await makeStore(rows);
        const reader = store.begin({ readOnly: true });
        check(reader, rel, reads);
        const writer = store.begin();
        insertNew(writer, rel, more);
        // Own writes are merged over the snapshot.
        check(writer, rel, reads);
        await writer.commit();
        check(reader, rel, reads);
        reader.rollback();
        const after = store.begin({ readOnly: true });
        check(after, rel, reads);
        after.rollback();
      }),
      { numRuns: 60 },
    );
  });

  it('rejects columns an index does not hold, or one named twice', async () => {
    const { store, rel } = await makeStore([[1, 'x', 'p', 3, 'e']]);
    const tx = store.begin({ readOnly: true });
    expect(() => all(tx.scanIndex(rel, rel.indexes[2], {}, true, [4]))).toThrow(/storage bug/);
    expect(() => all(tx.scanIndex(rel, rel.indexes[2], {}, true, [0, 0]))).toThrow(/storage bug/);
    expect(all(tx.scanIndex(rel, rel.indexes[2], {}, true, [1, 0]))).toEqual([['x', 1]]);
    tx.rollback();
  });
});

describe('getter', () => {
  it('reads what get reads, for stored keys, missing keys and own writes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(rowArb, { maxLength: 100 }), fc.array(rowArb, { maxLength: 6 }), fc.array(rowArb, { maxLength: 20 }), async (rows, more, keys) => {
        const { store, rel } = await makeStore(rows);
        const tx = store.begin();
        insertNew(tx, rel, more);
        const get = tx.getter!(rel);
        for (const k of [...rows, ...more, ...keys]) expect(get([k[0], k[1]])).toEqual(tx.get(rel, [k[0], k[1]]));
        expect(() => get([1])).toThrow(/key of t has 2 values/);
        tx.rollback();
      }),
      { numRuns: 40 },
    );
  });
});
