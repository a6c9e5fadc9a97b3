/**
 * A scan of one key prefix expected to read few rows is read by one StoreTransaction.probe
 * (table-scan.ts ProbeOperator) instead of a cursor. The same plans with a large estimate take
 * the cursor: for any data and prefix — of the primary key or of an index, ascending or
 * descending, covering or not, under a fused projection, with a NULL or a parameter — both
 * give the same rows in the same order, and a probe that finds more rows than a batch holds
 * hands them over in batches. The same with the transaction's own inserts and deletes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Expr, PhysicalPlan } from '../../src/algebra/index.js';
import type { Row, Value } from '../../src/common/values.js';
import { executePlan, openPlan } from '../../src/executor/execute.js';
import { BATCH_SIZE } from '../../src/executor/operator.js';
import { createMemoryEngine } from '../../src/storage/memory.js';
import type { ColumnDef, RelationDef, Store, StoreTransaction } from '../../src/storage/relations.js';
import { openStore } from '../../src/storage/store.js';
import { Cols, col, lit, param, project, range } from './helpers.js';

const column = (name: string, type: ColumnDef['type']): ColumnDef => ({ name, type, notNull: false });

/** t(a integer, b text, c text, d integer) keyed (a, b); indexes (c, d) and (d DESC, a). */
async function makeStore(rows: Row[]): Promise<{ store: Store; rel: RelationDef }> {
  const store = await openStore(createMemoryEngine());
  const tx = store.begin();
  tx.catalog.createRelation({ name: 't', kind: 'table', columns: [column('a', 'integer'), column('b', 'text'), column('c', 'text'), column('d', 'integer')], primaryKey: [0, 1] });
  tx.catalog.createIndex('t', { name: 'by_cd', columns: [2, 3] });
  tx.catalog.createIndex('t', { name: 'by_da', columns: [3, 0], descending: [true, false] });
  const rel = tx.catalog.relation('t')!;
  for (const r of rows) if (tx.get(rel, [r[0], r[1]]) === undefined) tx.insert(rel, r);
  await tx.commit();
  return { store, rel };
}

const rowArb: fc.Arbitrary<Row> = fc.tuple(
  fc.integer({ min: 0, max: 6 }),
  fc.constantFrom('x', 'y', 'xy', ''),
  fc.option(fc.constantFrom('p', 'q', 'pq')),
  fc.option(fc.integer({ min: 0, max: 4 })),
) as fc.Arbitrary<Row>;

/** A scan: the primary key (index -1) or an index, a prefix of one or two of its columns (values by draw), covering, fused columns. */
const scanArb = fc.record({
  index: fc.integer({ min: -1, max: 1 }),
  first: fc.option(fc.integer({ min: 0, max: 6 })),
  second: fc.option(fc.integer({ min: 0, max: 6 })),
  two: fc.boolean(),
  asParam: fc.boolean(),
  covering: fc.boolean(),
  fused: fc.boolean(),
});
type Scan = typeof scanArb extends fc.Arbitrary<infer T> ? T : never;

const TEXTS = ['x', 'y', 'xy', '', 'p', 'q', 'pq'];

/** The value of drawn number `n` for column `c` (NULL for no draw). */
function valueFor(c: number, n: number | null): Value {
  if (n === null) return null;
  return c === 1 || c === 2 ? TEXTS[n] : n;
}

/** plan builds the scan with `estimate` (small: probed; large: a cursor) and the parameters its prefix reads. */
function plan(rel: RelationDef, s: Scan, estimate: number): { plan: PhysicalPlan; params: Value[] } {
  const schema = new Cols().make('a', 'b', 'c', 'd');
  const index = s.index < 0 ? null : rel.indexes[s.index];
  const keyColumns = index === null ? [0, 1] : [...index.columns];
  const prefix = (s.two ? [s.first, s.second] : [s.first]).map((n, i) => valueFor(keyColumns[i], n));
  const params: Value[] = [];
  const exprs: Expr[] = prefix.map((v) => {
    if (!s.asParam) return lit(v);
    params.push(v);
    return param(params.length);
  });
  const r = range([exprs, true], [exprs, true]);
  const base = { schema, estimatedRows: estimate, relation: rel, range: r, reverse: false };
  const covering = index !== null && s.covering;
  const scan: PhysicalPlan = index === null ? { kind: 'table-scan', ...base } : { kind: 'index-scan', ...base, index, ...(covering ? { covering } : {}) };
  if (!s.fused) return { plan: scan, params };
  // Keep the columns a covering read holds (index and key columns), last first: a projection fused into the scan.
  const held = index === null ? [0, 1, 2, 3] : [...new Set([...index.columns, 0, 1])];
  const outputs = held.reverse().map((c) => ({ column: new Cols().one(`o${c}`), expr: col(schema[c]) }));
  return { plan: project(scan, outputs), params };
}

function compare(tx: StoreTransaction, rel: RelationDef, scans: Scan[]): void {
  for (const s of scans) {
    const probed = plan(rel, s, 1);
    const cursor = plan(rel, s, 1e9);
    expect(executePlan(probed.plan, tx, { params: probed.params })).toEqual(executePlan(cursor.plan, tx, { params: cursor.params }));
  }
}

async function checkAll(rows: Row[], scans: Scan[], written: Row[]): Promise<void> {
  const { store, rel } = await makeStore(rows);
  const reader: StoreTransaction = store.begin({ readOnly: true });
  compare(reader, rel, scans);
  reader.rollback();
  // With the transaction's own writes: rows inserted, and rows deleted (those whose key a write repeats).
  const tx = store.begin();
  for (const r of written) {
    const key = [r[0], r[1]];
    if (tx.get(rel, key) === undefined) tx.insert(rel, r);
    else tx.delete(rel, key);
  }
  compare(tx, rel, scans);
  tx.rollback();
}

describe('scans of one key prefix read by a probe', () => {
  it("give the rows a cursor gives, in its order, for any data and prefix, committed or the transaction's own", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(rowArb, { maxLength: 60 }), fc.array(scanArb, { minLength: 1, maxLength: 12 }), fc.array(rowArb, { maxLength: 12 }), checkAll),
      { numRuns: 150 },
    );
  });

  it('hand over more rows than a batch holds in batches (the estimate was too low)', async () => {
    const n = BATCH_SIZE * 2 + 5;
    const { store, rel } = await makeStore(Array.from({ length: n }, (_, i) => [1, `k${String(i).padStart(5, '0')}`, 'p', i % 3]));
    const tx = store.begin({ readOnly: true });
    for (const s of [{ index: -1, first: 1 }, { index: 0, first: 4 /* 'p' */ }]) {
      const { plan: p } = plan(rel, { ...s, second: null, two: false, asParam: false, covering: false, fused: false }, 1);
      const stream = openPlan(p, tx);
      const sizes: number[] = [];
      const keys: Value[] = [];
      for (let b = stream.next(); b !== null; b = stream.next()) {
        sizes.push(b.length);
        for (const r of b) keys.push(r[1]);
      }
      stream.close();
      expect(sizes).toEqual([BATCH_SIZE, BATCH_SIZE, 5]);
      // In key order: by b under the primary key, by d then b under (c, d).
      const order = (i: number) => (s.index < 0 ? '' : String(i % 3)) + `k${String(i).padStart(5, '0')}`;
      expect(keys).toEqual(Array.from({ length: n }, (_, i) => i).sort((x, y) => (order(x) < order(y) ? -1 : 1)).map((i) => `k${String(i).padStart(5, '0')}`));
    }
    tx.rollback();
  });
});
