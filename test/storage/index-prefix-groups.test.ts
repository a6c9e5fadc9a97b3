/**
 * Prefix groups of index parts (store.ts probeIndexNumberPrefix over point-map.ts `prefix`): a
 * probe of an index by one number, whose entries carry their rows (entryValues), answered from
 * the groups of the index's part. Against the same store with the engine's probeNumberPrefix
 * hidden (every probe walks the tree): random commits of inserts, deletes and updates of a
 * relation keyed by its whole row (a Datalog relation of ids) with an index on each later column
 * — one descending, one over text — then every index and the primary key probed by each value
 * often enough for the groups to be built, whole rows and chosen columns, by probe and by a
 * prober (StoreTransaction.prober), by the latest snapshot, by older snapshots and by a
 * transaction with its own writes: the answers are equal, row for row in key order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Row, Value } from '../../src/common/values.js';
import type { KVEngine, KVTransaction } from '../../src/storage/kv.js';
import { createMemoryEngine } from '../../src/storage/memory.js';
import type { ColumnDef, RelationDef, Store, StoreTransaction } from '../../src/storage/relations.js';
import { openStore } from '../../src/storage/store.js';

const col = (name: string, type: ColumnDef['type']): ColumnDef => ({ name, type, notNull: true });

/** counted is `engine` counting the prefix probes its groups answered; `hidden` hides probeNumberPrefix instead. */
function wrap(engine: KVEngine, hidden: boolean, answered: { n: number }): KVEngine {
  const wrapTx = (tx: KVTransaction): KVTransaction =>
    new Proxy(tx, {
      get(target, p) {
        if (p === 'probeNumberPrefix') {
          if (hidden) return undefined;
          return (a: number, b: number) => {
            const got = target.probeNumberPrefix!(a, b);
            if (got !== undefined) answered.n++;
            return got;
          };
        }
        const v = Reflect.get(target, p, target) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
  return {
    name: engine.name,
    begin: (options) => wrapTx(engine.begin(options)),
    latestToken: engine.latestToken === undefined ? undefined : () => engine.latestToken!(),
    close: () => engine.close(),
  };
}

/** A row of r(a, b, c, d): ids a, b, c, and d text. */
const rowArb: fc.Arbitrary<Row> = fc.tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: -2, max: 6 }), fc.integer({ min: 0, max: 4 }), fc.constantFrom('x', 'y', 'z'));
const opArb = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('insert' as const), rows: fc.array(rowArb, { minLength: 1, maxLength: 12 }) }), weight: 4 },
  { arbitrary: fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('update' as const), pick: fc.nat(), b: fc.integer({ min: -2, max: 6 }) }), weight: 2 },
);
type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;

async function makeStore(engine: KVEngine): Promise<Store> {
  const store = await openStore(engine);
  const tx = store.begin();
  tx.catalog.createRelation({
    name: 'r',
    kind: 'datalog',
    columns: [col('a', 'integer'), col('b', 'integer'), col('c', 'integer'), col('d', 'text')],
    primaryKey: [0, 1, 2, 3],
  });
  tx.catalog.createIndex('r', { name: 'r_by_b', columns: [1, 2, 3] });
  tx.catalog.createIndex('r', { name: 'r_by_c', columns: [2, 3], descending: [true, false] });
  tx.catalog.createIndex('r', { name: 'r_by_d', columns: [3] });
  await tx.commit();
  return store;
}

const relOf = (tx: StoreTransaction): RelationDef => tx.catalog.relation('r')!;

function rowsOf(tx: StoreTransaction): Row[] {
  const out: Row[] = [];
  const c = tx.scan(relOf(tx));
  for (let b = c.nextBatch(64); b !== null; b = c.nextBatch(64)) out.push(...b);
  return out;
}

/** apply writes one step's changes in `tx`. */
function apply(tx: StoreTransaction, op: Op): void {
  const rel = relOf(tx);
  const rows = rowsOf(tx);
  if (op.op === 'insert') {
    for (const r of op.rows) if (tx.get(rel, r) === undefined) tx.insert(rel, r.slice());
  } else if (rows.length > 0) {
    const old = rows[op.pick % rows.length];
    tx.delete(rel, old);
    const next = [old[0], op.op === 'update' ? op.b : old[1], old[2], old[3]];
    if (op.op === 'update' && tx.get(rel, next) === undefined) tx.insert(rel, next);
  }
}

const PREFIXES: Value[] = [-2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 'x', 'y'];

/**
 * probes reads every index and the primary key by each of PREFIXES, whole rows and one chosen
 * column, `rounds` times (the groups are built after enough probes): by probe, and by a prober
 * of the relation or index (its answers copied: they may be the store's own arrays).
 */
function probes(tx: StoreTransaction, rounds: number): Value[] {
  const rel = relOf(tx);
  const out: Value[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const index of [...rel.indexes, null]) {
      const whole = tx.prober!(rel, index);
      const narrow = index === null ? null : tx.prober!(rel, index, false, [0]);
      for (const v of PREFIXES) {
        out.push(tx.probe!(rel, index, [v]));
        out.push([...whole([v])]);
        if (index !== null) {
          out.push(tx.probe!(rel, index, [v], false, [0]));
          out.push([...narrow!([v])]);
        }
      }
    }
  }
  return out;
}

describe('prefix groups of index parts', () => {
  it('answer index probes by one number as the tree does, through commits, old snapshots and own writes', async () => {
    const answered = { n: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(opArb, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 8 }), async (commits) => {
        const engine = createMemoryEngine();
        const grouped = await makeStore(wrap(engine, false, answered));
        const plain = await makeStore(wrap(createMemoryEngine(), true, answered));
        const old: [StoreTransaction, StoreTransaction][] = [];
        for (const ops of commits) {
          const txs = [grouped.begin(), plain.begin()];
          for (const op of ops) for (const tx of txs) apply(tx, op);
          // Own writes: the transaction reads them through the tree.
          expect(probes(txs[0], 1)).toEqual(probes(txs[1], 1));
          for (const tx of txs) await tx.commit();
          const readers = [grouped.begin({ readOnly: true }), plain.begin({ readOnly: true })];
          expect(probes(readers[0], 4)).toEqual(probes(readers[1], 4));
          old.push(readers as [StoreTransaction, StoreTransaction]);
        }
        // Snapshots older than the groups' tree read their own.
        for (const [a, b] of old) {
          expect(probes(a, 1)).toEqual(probes(b, 1));
          a.rollback();
          b.rollback();
        }
      }),
      { numRuns: 60 },
    );
    // The groups answered some probes (else this compared the tree with itself).
    expect(answered.n).toBeGreaterThan(0);
  });
});
