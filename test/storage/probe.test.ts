/**
 * StoreTransaction.probe (an index join's lookup) against the cursors it stands in for: for any
 * prefix, probe returns what scan / scanIndex return for the range [prefix, prefix], in every
 * order of probes (the memory engine's walker keeps its leaf between probes), across commits
 * (a new tree), with the transaction's own writes (merged over the snapshot) and entries-only reads.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../src/common/errors.js';
import type { Row, Value } from '../../src/common/values.js';
import { createMemoryEngine } from '../../src/storage/memory.js';
import type { ColumnDef, IndexDef, RelationDef, RowCursor, Store, StoreTransaction } from '../../src/storage/relations.js';
import { openStore } from '../../src/storage/store.js';

const col = (name: string, type: ColumnDef['type'] = 'any'): ColumnDef => ({ name, type, notNull: false });

function all(c: RowCursor): Row[] {
  const out: Row[] = [];
  for (let b = c.nextBatch(); b !== null; b = c.nextBatch()) out.push(...b);
  return out;
}

/** t(a integer, b text, c any, d integer) keyed (a, b), indexed by (c DESC), by (d, a) and by (b). */
async function makeStore(rows: Row[]): Promise<{ store: Store; rel: RelationDef }> {
  const store = await openStore(createMemoryEngine());
  const tx = store.begin();
  tx.catalog.createRelation({ name: 't', kind: 'table', columns: [col('a', 'integer'), col('b', 'text'), col('c'), col('d', 'integer')], primaryKey: [0, 1] });
  tx.catalog.createIndex('t', { name: 'by_c', columns: [2], descending: [true] });
  tx.catalog.createIndex('t', { name: 'by_da', columns: [3, 0] });
  tx.catalog.createIndex('t', { name: 'by_b', columns: [1] });
  const rel = tx.catalog.relation('t')!;
  const seen = new Set<string>();
  for (const r of rows) {
    const k = `${r[0]}|${r[1]}`;
    if (seen.has(k)) continue;
    seen.add(k);
    tx.insert(rel, r);
  }
  await tx.commit();
  return { store, rel };
}

const rowArb: fc.Arbitrary<Row> = fc.tuple(
  fc.integer({ min: 0, max: 40 }),
  fc.constantFrom('x', 'y', 'z', 'xy', ''),
  fc.oneof(fc.constant(null), fc.integer({ min: -3, max: 3 }), fc.constantFrom('p', 'q')),
  fc.option(fc.integer({ min: 0, max: 6 })),
) as fc.Arbitrary<Row>;

/** A probe: which key (null = primary key, else an index number), a prefix length and values for it. */
const probeArb = fc.record({
  index: fc.constantFrom<number | null>(null, 0, 1, 2),
  length: fc.integer({ min: 0, max: 2 }),
  a: fc.integer({ min: -1, max: 41 }),
  s: fc.constantFrom<Value>('x', 'y', 'z', 'xy', '', null),
  c: fc.oneof(fc.constant<Value>(null), fc.integer({ min: -3, max: 3 }), fc.constantFrom<Value>('p', 'q')),
  d: fc.option(fc.integer({ min: 0, max: 6 })),
  entriesOnly: fc.boolean(),
});
type Probe = typeof probeArb extends fc.Arbitrary<infer T> ? T : never;

/** The prefix values of a probe, for the columns of the key it reads. */
function prefixOf(rel: RelationDef, p: Probe): { index: IndexDef | null; prefix: Value[] } {
  const index = p.index === null ? null : rel.indexes[p.index];
  const columns = index === null ? [0, 1] : [...index.columns, 0, 1];
  const byColumn: Value[] = [p.a, p.s, p.c, p.d];
  return { index, prefix: columns.slice(0, p.length).map((c) => byColumn[c]) };
}

function viaCursor(tx: StoreTransaction, rel: RelationDef, index: IndexDef | null, prefix: Value[], entriesOnly: boolean): Row[] {
  const range = prefix.length === 0 ? undefined : { lower: { values: prefix, inclusive: true }, upper: { values: prefix, inclusive: true } };
  return all(index === null ? tx.scan(rel, range) : tx.scanIndex(rel, index, range, entriesOnly));
}

function check(tx: StoreTransaction, rel: RelationDef, probes: Probe[]): void {
  for (const p of probes) {
    const { index, prefix } = prefixOf(rel, p);
    expect(tx.probe!(rel, index, prefix, p.entriesOnly)).toEqual(viaCursor(tx, rel, index, prefix, p.entriesOnly));
  }
}

describe('probe', () => {
  it('equals the cursors for the same prefix, whatever the order of probes, across commits and own writes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(rowArb, { minLength: 0, maxLength: 300 }),
        fc.array(probeArb, { maxLength: 30 }),
        fc.array(rowArb, { maxLength: 5 }),
        async (rows, probes, more) => {
          const { store, rel } = await makeStore(rows);
          const ascending = [...probes].sort((x, y) => x.a - y.a);
          const reader = store.begin({ readOnly: true });
          check(reader, rel, probes);
          check(reader, rel, ascending);
          // A commit publishes a new tree while the reader keeps its snapshot.
          const writer = store.begin();
          for (const r of more) if (writer.get(rel, [r[0], r[1]]) === undefined) writer.insert(rel, r);
          await writer.commit();
          check(reader, rel, ascending);
          reader.rollback();
          const after = store.begin();
          check(after, rel, ascending);
          // Own writes: probes see them.
          after.insert(rel, [99, 'w', 'p', 3]);
          check(after, rel, [...ascending, { index: 1, length: 1, a: 0, s: null, c: null, d: 3, entriesOnly: false }]);
          after.rollback();
        },
      ),
      { numRuns: 60 },
    );
  });

  it("merges the transaction's own inserts, updates and deletes, made between probes, over the snapshot", async () => {
    const change = fc.record({ op: fc.constantFrom('insert', 'delete', 'update'), row: rowArb, probe: probeArb });
    await fc.assert(
      fc.asyncProperty(fc.array(rowArb, { minLength: 1, maxLength: 200 }), fc.array(change, { minLength: 1, maxLength: 40 }), async (rows, changes) => {
        const { store, rel } = await makeStore(rows);
        const tx = store.begin();
        for (const c of changes) {
          const key = [c.row[0], c.row[1]];
          const old = tx.get(rel, key);
          if (c.op === 'insert' && old === undefined) tx.insert(rel, c.row);
          else if (c.op === 'delete' && old !== undefined) tx.delete(rel, key);
          else if (c.op === 'update' && old !== undefined) tx.update(rel, key, [c.row[0], c.row[1], c.row[3], c.row[2]]);
          // Each probe follows a write: the buffer changed since the last one.
          check(tx, rel, [c.probe]);
        }
        tx.rollback();
      }),
      { numRuns: 80 },
    );
  });

  it('a probed range is in the serializable read set: a concurrent insert into it aborts the commit', async () => {
    const { store, rel } = await makeStore([[1, 'x', 'p', 2]]);
    const reader = store.begin();
    expect(reader.probe!(rel, rel.indexes[1], [5])).toEqual([]);
    const other = store.begin();
    other.insert(rel, [7, 'y', 'q', 5]);
    await other.commit();
    reader.insert(rel, [8, 'z', null, null]);
    await expect(reader.commit()).rejects.toBeInstanceOf(ConflictError);
  });
});
