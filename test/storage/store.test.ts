/**
 * store.test.ts — the relation layer (relations.ts) over the memory engine: catalog DDL and its
 * rollback, constraints, index maintenance, range scans, hidden row ids, statistics, and a
 * model-based check of rows and indexes under random inserts, updates and deletes.
 */
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, ConstraintError, NameError, PolyglotError, StateError } from '../../src/common/errors.js';
import type { Row, Value } from '../../src/common/values.js';
import { compareValues } from '../../src/storage/compare.js';
import type { KVEngine } from '../../src/storage/kv.js';
import { createMemoryEngine } from '../../src/storage/memory.js';
import type { ColumnDef, KeyRange, RelationDef, RowCursor, Store, StoreTransaction } from '../../src/storage/relations.js';
import { openStore } from '../../src/storage/store.js';

const col = (name: string, type: ColumnDef['type'] = 'any', notNull = false): ColumnDef => ({ name, type, notNull });

function all(c: RowCursor, batch?: number): Row[] {
  const out: Row[] = [];
  for (let b = c.nextBatch(batch); b !== null; b = c.nextBatch(batch)) out.push(...b);
  return out;
}

function errorOf(f: () => unknown): PolyglotError {
  try {
    f();
  } catch (e) {
    return e as PolyglotError;
  }
  throw new Error('expected an error');
}

let engine: KVEngine;
let store: Store;

beforeEach(async () => {
  engine = createMemoryEngine();
  store = await openStore(engine);
});

/** person(id pk, name not null, age, email unique) with index by_age (age, name DESC). */
async function makePeople(): Promise<RelationDef> {
  const tx = store.begin();
  tx.catalog.createRelation({
    name: 'person',
    kind: 'table',
    columns: [col('id', 'integer'), col('name', 'text', true), col('age', 'integer'), col('email', 'text')],
    primaryKey: [0],
  });
  tx.catalog.createIndex('person', { name: 'by_age', columns: [2, 1], descending: [false, true] });
  tx.catalog.createIndex('person', { name: 'by_email', columns: [3], unique: true });
  const person = tx.catalog.relation('person')!;
  tx.insert(person, [1, 'Ada', 36, 'ada@x']);
  tx.insert(person, [2, 'Bob', 25, 'bob@x']);
  tx.insert(person, [3, 'Cy', 36, null]);
  tx.insert(person, [4, 'Di', null, null]);
  await tx.commit();
  return person;
}

describe('catalog', () => {
  it('DDL is transactional: rollback forgets relations and their rows; ids are not reused', async () => {
    const t1 = store.begin();
    const a = t1.catalog.createRelation({ name: 'a', kind: 'table', columns: [col('x')], primaryKey: [0] });
    t1.insert(a, [1]);
    expect(t1.catalog.relation('a')).toBeDefined();
    t1.rollback();
    const t2 = store.begin();
    expect(t2.catalog.relation('a')).toBeUndefined();
    const a2 = t2.catalog.createRelation({ name: 'a', kind: 'table', columns: [col('x')], primaryKey: [0] });
    expect(a2.id).toBeGreaterThan(a.id);
    expect(all(t2.scan(a2))).toEqual([]);
    await t2.commit();
    const t3 = store.begin({ readOnly: true });
    expect(t3.catalog.relations().map((r) => r.name)).toEqual(['a']);
    expect(t3.catalog.relation('a')).toEqual(a2);
    t3.rollback();
  });

  it('read-only transactions see the catalog of their own snapshot, before and after a schema change', async () => {
    const before = store.begin({ readOnly: true });
    expect(before.catalog.relation('b')).toBeUndefined();
    const early = store.begin({ readOnly: true }); // same snapshot, catalog not read yet
    const w = store.begin();
    w.catalog.createRelation({ name: 'b', kind: 'table', columns: [col('x')], primaryKey: [0] });
    await w.commit();
    const after = store.begin({ readOnly: true });
    expect(after.catalog.relation('b')).toBeDefined();
    expect(early.catalog.relation('b')).toBeUndefined();
    const again = store.begin({ readOnly: true });
    expect(again.catalog.relation('b')).toBeDefined();
    for (const t of [before, early, after, again]) t.rollback();
  });

  it('savepoints undo DDL made after them', async () => {
    const tx = store.begin();
    tx.catalog.createRelation({ name: 'keep', kind: 'table', columns: [col('x')], primaryKey: [0] });
    const sp = tx.savepoint();
    const gone = tx.catalog.createRelation({ name: 'gone', kind: 'collection', columns: [col('x')], primaryKey: null });
    tx.insert(gone, [1]);
    tx.catalog.createIndex('keep', { name: 'i', columns: [0] });
    tx.rollbackTo(sp);
    expect(tx.catalog.relation('gone')).toBeUndefined();
    expect(tx.catalog.relation('keep')!.indexes).toEqual([]);
    await tx.commit();
    const r = store.begin();
    expect(r.catalog.relations().map((x) => x.name)).toEqual(['keep']);
    r.rollback();
  });

  it('names: duplicates and unknowns are NameErrors; definitions are validated', () => {
    const tx = store.begin();
    tx.catalog.createRelation({ name: 't', kind: 'table', columns: [col('x'), col('y')], primaryKey: [0] });
    expect(errorOf(() => tx.catalog.createRelation({ name: 't', kind: 'table', columns: [], primaryKey: null }))).toBeInstanceOf(NameError);
    expect(errorOf(() => tx.catalog.dropRelation('nope')).code).toBe('UNKNOWN_NAME');
    expect(errorOf(() => tx.catalog.createIndex('nope', { name: 'i', columns: [0] })).code).toBe('UNKNOWN_NAME');
    expect(errorOf(() => tx.catalog.createIndex('t', { name: 'i', columns: [5] })).code).toBe('INVALID_ARGUMENT');
    expect(errorOf(() => tx.catalog.createIndex('t', { name: 'i', columns: [0], descending: [true, true] })).code).toBe('INVALID_ARGUMENT');
    tx.catalog.createIndex('t', { name: 'i', columns: [1] });
    expect(errorOf(() => tx.catalog.createIndex('t', { name: 'i', columns: [0] })).code).toBe('DUPLICATE_NAME');
    expect(errorOf(() => tx.catalog.dropIndex('t', 'nope')).code).toBe('UNKNOWN_NAME');
    expect(
      errorOf(() => tx.catalog.createRelation({ name: 'u', kind: 'table', columns: [col('x'), col('x')], primaryKey: null })).code,
    ).toBe('DUPLICATE_NAME');
    expect(errorOf(() => tx.catalog.createRelation({ name: 'u', kind: 'table', columns: [col('x')], primaryKey: [1] })).code).toBe(
      'INVALID_ARGUMENT',
    );
    const def = tx.catalog.relation('t')!;
    expect(Object.isFrozen(def) && Object.isFrozen(def.columns) && Object.isFrozen(def.indexes[0])).toBe(true);
    tx.rollback();
  });

  it('dropRelation removes rows and index entries; a new relation of the same name starts empty', async () => {
    await makePeople();
    const t1 = store.begin();
    t1.catalog.dropRelation('person');
    expect(t1.catalog.relation('person')).toBeUndefined();
    const p2 = t1.catalog.createRelation({ name: 'person', kind: 'table', columns: [col('id')], primaryKey: [0] });
    expect(all(t1.scan(p2))).toEqual([]);
    await t1.commit();
    expect(engine.begin().scan(new Uint8Array([0x14]), new Uint8Array([0xff])).nextBatch()?.length ?? 0).toBe(0);
  });

  it('options round-trip; a stale RelationDef is resolved to the transaction\'s definition', async () => {
    const person = await makePeople();
    const t1 = store.begin();
    t1.catalog.createRelation({ name: 'v', kind: 'view', columns: [], primaryKey: null, options: { text: 'SELECT 1', __proto__: 1 } as Record<string, unknown> });
    t1.catalog.createIndex('person', { name: 'by_name', columns: [1] });
    await t1.commit();
    const t2 = store.begin();
    expect(t2.catalog.relation('v')!.options).toEqual({ text: 'SELECT 1' });
    t2.insert(person, [9, 'Zed', 1, null]); // `person` predates by_name: the index is still maintained
    const fresh = t2.catalog.relation('person')!;
    const byName = fresh.indexes.find((i) => i.name === 'by_name')!;
    expect(all(t2.scanIndex(fresh, byName)).map((r) => r[1])).toEqual(['Ada', 'Bob', 'Cy', 'Di', 'Zed']);
    t2.catalog.dropRelation('person');
    expect(errorOf(() => t2.insert(person, [10, 'x', 1, null])).code).toBe('UNKNOWN_NAME');
    t2.rollback();
  });

  it('createIndex backfills; a unique index over duplicates fails and leaves nothing', async () => {
    const person = await makePeople();
    const tx = store.begin();
    const e = errorOf(() => tx.catalog.createIndex('person', { name: 'age_u', columns: [2], unique: true }));
    expect(e).toBeInstanceOf(ConstraintError);
    expect(e.message).toMatch(/age_u.*person.*36/);
    expect(tx.catalog.relation('person')!.indexes.map((i) => i.name)).toEqual(['by_age', 'by_email']);
    const idx = tx.catalog.createIndex('person', { name: 'name_u', columns: [1], unique: true });
    expect(all(tx.scanIndex(person, idx)).map((r) => r[0])).toEqual([1, 2, 3, 4]);
    tx.catalog.dropIndex('person', 'name_u');
    expect(() => tx.scanIndex(person, idx)).toThrow(NameError);
    await tx.commit();
  });
});

describe('constraints', () => {
  it('primary key, unique index and NOT NULL violations name the relation, constraint and value', async () => {
    const person = await makePeople();
    const tx = store.begin();
    const pk = errorOf(() => tx.insert(person, [1, 'Again', 1, null]));
    expect(pk).toBeInstanceOf(ConstraintError);
    expect(pk.code).toBe('CONSTRAINT_VIOLATION');
    expect(pk.message).toMatch(/PRIMARY KEY.*person.*\(1\)/);
    const uq = errorOf(() => tx.insert(person, [5, 'Eve', 20, 'ada@x']));
    expect(uq.message).toMatch(/UNIQUE.*by_email.*person.*'ada@x'/);
    const nn = errorOf(() => tx.insert(person, [6, null, 20, null]));
    expect(nn.message).toMatch(/NOT NULL.*person\.name/);
    const pkNull = errorOf(() => tx.insert(person, [null, 'x', 20, null]));
    expect(pkNull.message).toMatch(/NOT NULL.*person\.id/);
    expect(errorOf(() => tx.insert(person, [7, 'short'])).code).toBe('INVALID_ARGUMENT');
    // nothing half-written: rows and every index unchanged
    expect(all(tx.scan(person)).map((r) => r[0])).toEqual([1, 2, 3, 4]);
    for (const idx of person.indexes) expect(all(tx.scanIndex(person, idx)).length).toBe(4);
    // NULLs never collide in a unique index
    tx.insert(person, [5, 'Eve', 20, null]);
    // updates: to an existing key or unique value fails; keeping one's own value is fine
    expect(errorOf(() => tx.update(person, [5], [2, 'Eve', 20, null])).message).toMatch(/PRIMARY KEY/);
    expect(errorOf(() => tx.update(person, [5], [5, 'Eve', 20, 'bob@x'])).message).toMatch(/UNIQUE/);
    tx.update(person, [1], [1, 'Ada L.', 37, 'ada@x']);
    expect(errorOf(() => tx.update(person, [99], [99, 'x', 1, null])).code).toBe('INVALID_ARGUMENT');
    await tx.commit();
  });

  it('read-only transactions cannot write', async () => {
    const person = await makePeople();
    const r = store.begin({ readOnly: true });
    const e = errorOf(() => r.insert(person, [8, 'x', 1, null]));
    expect(e).toBeInstanceOf(StateError);
    expect(e.code).toBe('READ_ONLY');
    expect(() => r.catalog.createRelation({ name: 'z', kind: 'table', columns: [], primaryKey: null })).toThrow(StateError);
    r.rollback();
  });

  it('concurrent inserts of one key or unique value: the second to commit aborts', async () => {
    const person = await makePeople();
    for (const isolation of ['serializable', 'snapshot'] as const) {
      const id = isolation === 'serializable' ? 10 : 11;
      const a = store.begin({ isolation });
      const b = store.begin({ isolation });
      a.insert(person, [id, 'A', 1, null]);
      b.insert(person, [id, 'B', 1, null]);
      await a.commit();
      await expect(b.commit()).rejects.toBeInstanceOf(ConflictError);
      const c = store.begin({ isolation });
      const d = store.begin({ isolation });
      c.insert(person, [id + 20, 'C', 1, `dup-${isolation}`]);
      d.insert(person, [id + 40, 'D', 1, `dup-${isolation}`]);
      await c.commit();
      await expect(d.commit()).rejects.toBeInstanceOf(ConflictError);
    }
  });
});

describe('index maintenance and range scans', () => {
  it('index entries follow inserts, updates (of indexed columns and of the key) and deletes', async () => {
    const person = await makePeople();
    const [byAge, byEmail] = person.indexes;
    const tx = store.begin();
    // by_age: age ASC (NULL first), name DESC, then pk
    expect(all(tx.scanIndex(person, byAge)).map((r) => r[0])).toEqual([4, 2, 3, 1]);
    tx.update(person, [2], [2, 'Bob', 40, 'bob@y']);
    tx.update(person, [3], [30, 'Cy', 36, null]); // key change
    tx.delete(person, [4]);
    expect(tx.delete(person, [4])).toBe(false);
    expect(all(tx.scanIndex(person, byAge)).map((r) => r[0])).toEqual([30, 1, 2]);
    expect(all(tx.scanIndex(person, byEmail)).map((r) => r[3])).toEqual([null, 'ada@x', 'bob@y']);
    expect(tx.get(person, [3])).toBeUndefined();
    expect(tx.get(person, [30])).toEqual([30, 'Cy', 36, null]);
    await tx.commit();
    const r = store.begin();
    expect(all(r.scanIndex(person, byAge), 1).map((x) => x[0])).toEqual([30, 1, 2]);
    expect(all(r.scanIndex(person, byAge, { reverse: true, limit: 2 })).map((x) => x[0])).toEqual([2, 1]);
    r.rollback();
  });

  it('primary-key ranges: inclusive/exclusive, prefixes of a composite key, reverse, limit', async () => {
    const tx = store.begin();
    const t = tx.catalog.createRelation({ name: 't', kind: 'table', columns: [col('a'), col('b'), col('v')], primaryKey: [0, 1] });
    for (let a = 1; a <= 3; a++) for (let b = 1; b <= 3; b++) tx.insert(t, [a, b, `${a}${b}`]);
    const v = (range?: KeyRange): Value[] => all(tx.scan(t, range)).map((r) => r[2]);
    expect(v()).toEqual(['11', '12', '13', '21', '22', '23', '31', '32', '33']);
    expect(v({ lower: { values: [2], inclusive: true } })).toEqual(['21', '22', '23', '31', '32', '33']);
    expect(v({ lower: { values: [2], inclusive: false } })).toEqual(['31', '32', '33']);
    expect(v({ upper: { values: [2], inclusive: true } })).toEqual(['11', '12', '13', '21', '22', '23']);
    expect(v({ upper: { values: [2], inclusive: false } })).toEqual(['11', '12', '13']);
    expect(v({ lower: { values: [2, 2], inclusive: true }, upper: { values: [3, 1], inclusive: true } })).toEqual(['22', '23', '31']);
    expect(v({ lower: { values: [2, 2], inclusive: false }, upper: { values: [3], inclusive: false } })).toEqual(['23']);
    expect(v({ lower: { values: [2], inclusive: true }, reverse: true, limit: 4 })).toEqual(['33', '32', '31', '23']);
    expect(v({ lower: { values: [3], inclusive: true }, upper: { values: [1], inclusive: true } })).toEqual([]);
    const keyed = tx.scanKeyed(t, { lower: { values: [3], inclusive: true } }).nextBatch()!;
    expect(keyed.keys).toEqual([[3, 1], [3, 2], [3, 3]]);
    expect(keyed.rows.map((r) => r[2])).toEqual(['31', '32', '33']);
    tx.rollback();
  });

  it('index ranges are in index order: bounds over a DESC column start from the larger value', async () => {
    const tx = store.begin();
    const t = tx.catalog.createRelation({ name: 's', kind: 'table', columns: [col('id'), col('score')], primaryKey: [0] });
    const idx = tx.catalog.createIndex('s', { name: 'score_desc', columns: [1], descending: [true] });
    [50, 90, 70, 90, 10].forEach((s, i) => tx.insert(t, [i, s]));
    const ids = (range?: KeyRange): Value[] => all(tx.scanIndex(t, idx, range)).map((r) => r[0]);
    expect(ids()).toEqual([1, 3, 2, 0, 4]); // 90 (ids 1, 3), 70, 50, 10
    expect(ids({ lower: { values: [70], inclusive: true } })).toEqual([2, 0, 4]); // score <= 70
    expect(ids({ upper: { values: [70], inclusive: false } })).toEqual([1, 3]); // score > 70
    expect(ids({ lower: { values: [90], inclusive: false }, upper: { values: [10], inclusive: false } })).toEqual([2, 0]);
    expect(ids({ lower: { values: [90, 3], inclusive: true } })).toEqual([3, 2, 0, 4]); // bound reaches into the pk
    expect(ids({ reverse: true, limit: 2 })).toEqual([4, 0]);
    tx.rollback();
  });

  it('hidden row ids: increasing, returned by insert, usable as keys', async () => {
    const tx = store.begin();
    const c = tx.catalog.createRelation({ name: 'log', kind: 'collection', columns: [col('msg')], primaryKey: null });
    const idx = tx.catalog.createIndex('log', { name: 'msg', columns: [0] });
    const k1 = tx.insert(c, ['b']);
    const k2 = tx.insert(c, ['a']);
    const k3 = tx.insert(c, ['b']);
    expect((k2[0] as number) > (k1[0] as number) && (k3[0] as number) > (k2[0] as number)).toBe(true);
    expect(tx.scanKeyed(c).nextBatch()!.keys).toEqual([k1, k2, k3]);
    tx.update(c, k1, ['c']);
    expect(tx.get(c, k1)).toEqual(['c']);
    expect(all(tx.scanIndex(c, idx))).toEqual([['a'], ['b'], ['c']]);
    expect(tx.delete(c, k2)).toBe(true);
    expect(all(tx.scan(c))).toEqual([['c'], ['b']]);
    expect(all(tx.scan(c, { lower: { values: [k3[0]], inclusive: true } }))).toEqual([['b']]);
    await tx.commit();
    // a second store on the same engine continues after the last row id
    const again = await openStore(engine);
    const t2 = again.begin();
    const k4 = t2.insert(t2.catalog.relation('log')!, ['d']);
    expect(k4[0] as number).toBeGreaterThan(k3[0] as number);
    t2.rollback();
  });

  it('rows are copied on the way in', async () => {
    const person = await makePeople();
    const tx = store.begin();
    const row: Row = [50, 'Mut', 1, null];
    tx.insert(person, row);
    row[1] = 'changed';
    expect(tx.get(person, [50])![1]).toBe('Mut');
    tx.rollback();
  });
});

describe('statistics', () => {
  it('are applied at commit, not after rollback or a conflict', async () => {
    const person = await makePeople();
    let s = store.statistics(person.id);
    expect(s.rowCount).toBe(4);
    expect(s.columns[2]).toEqual({ distinct: 2, nulls: 1, min: 25, max: 36, frequent: new Map([[36, 2], [25, 1]]) });
    expect(s.columns[3].nulls).toBe(2);
    expect(s.columns[1].min).toBe('Ada');

    const t1 = store.begin();
    t1.insert(person, [5, 'Eve', 99, null]);
    t1.delete(person, [1]);
    t1.rollback();
    expect(store.statistics(person.id).rowCount).toBe(4);
    expect(store.statistics(person.id).columns[2].max).toBe(36);

    const a = store.begin();
    const b = store.begin();
    a.get(person, [2]);
    a.insert(person, [6, 'F', 70, null]);
    b.update(person, [2], [2, 'Bob', 26, 'bob@x']);
    await b.commit();
    await expect(a.commit()).rejects.toBeInstanceOf(ConflictError);
    s = store.statistics(person.id);
    expect(s.rowCount).toBe(4);
    expect(s.columns[2].max).toBe(36);

    const t2 = store.begin();
    const sp = t2.savepoint();
    t2.insert(person, [7, 'G', 1, null]);
    t2.rollbackTo(sp);
    t2.delete(person, [4]);
    t2.insert(person, [8, 'H', 18, 'h@x']);
    await t2.commit();
    s = store.statistics(person.id);
    expect(s.rowCount).toBe(4);
    expect(s.columns[2].nulls).toBe(0);
    expect(s.columns[2].min).toBe(18);

    expect(store.statistics(12345)).toEqual({ rowCount: 0, columns: [] });
  });

  it('distinct counts are close for many rows; relations present at open are scanned on demand', async () => {
    const tx = store.begin();
    const t = tx.catalog.createRelation({ name: 'big', kind: 'table', columns: [col('id'), col('mod'), col('s')], primaryKey: [0] });
    for (let i = 0; i < 20000; i++) tx.insert(t, [i, i % 100, `s${i % 5000}`]);
    await tx.commit();
    const s = store.statistics(t.id);
    expect(s.rowCount).toBe(20000);
    expect(Math.abs(s.columns[0].distinct - 20000) / 20000).toBeLessThan(0.05);
    expect(s.columns[1].distinct).toBe(100);
    expect(Math.abs(s.columns[2].distinct - 5000) / 5000).toBeLessThan(0.05);
    const reopened = await openStore(engine);
    const s2 = reopened.statistics(t.id);
    expect(s2.rowCount).toBe(20000);
    // 100 distinct values (at most stats.ts FREQUENT): counted exactly, 200 rows each.
    expect(s2.columns[1]).toEqual({ distinct: 100, nulls: 0, min: 0, max: 99, frequent: new Map(Array.from({ length: 100 }, (_, v) => [v, 200])) });
    const d = store.begin();
    d.catalog.dropRelation('big');
    await d.commit();
    expect(store.statistics(t.id)).toEqual({ rowCount: 0, columns: [] });
  });
});

describe('rows and indexes against a model', () => {
  type Op = { kind: 'insert'; row: Row } | { kind: 'update'; id: number; row: Row } | { kind: 'delete'; id: number } | { kind: 'savepoint' } | { kind: 'rollbackTo' };
  const rowArb = fc.tuple(fc.integer({ min: 0, max: 15 }), fc.option(fc.integer({ min: 0, max: 5 })), fc.option(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f')));
  const opArb: fc.Arbitrary<Op> = fc.oneof(
    rowArb.map((r) => ({ kind: 'insert' as const, row: r as Row })),
    fc.tuple(fc.integer({ min: 0, max: 15 }), rowArb).map(([id, r]) => ({ kind: 'update' as const, id, row: r as Row })),
    fc.integer({ min: 0, max: 15 }).map((id) => ({ kind: 'delete' as const, id })),
    fc.constant({ kind: 'savepoint' as const }),
    fc.constant({ kind: 'rollbackTo' as const }),
  );

  it('scan and scanIndex always equal the model; constraint errors change nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { maxLength: 40 }), async (ops) => {
        const s = await openStore(createMemoryEngine());
        const tx: StoreTransaction = s.begin();
        const t = tx.catalog.createRelation({ name: 't', kind: 'table', columns: [col('id'), col('g'), col('u')], primaryKey: [0] });
        tx.catalog.createIndex('t', { name: 'g', columns: [1], descending: [true] });
        tx.catalog.createIndex('t', { name: 'u', columns: [2], unique: true });
        const rel = tx.catalog.relation('t')!;
        let model = new Map<number, Row>();
        const saves: Map<number, Row>[] = [];
        const sps: ReturnType<StoreTransaction['savepoint']>[] = [];
        const uniqueOk = (row: Row, except?: number): boolean =>
          row[2] === null || ![...model.values()].some((r) => r[0] !== except && r[2] === row[2]);
        for (const op of ops) {
          if (op.kind === 'savepoint') {
            sps.push(tx.savepoint());
            saves.push(new Map(model));
            continue;
          }
          if (op.kind === 'rollbackTo') {
            if (sps.length === 0) continue;
            tx.rollbackTo(sps[sps.length - 1]);
            model = new Map(saves[saves.length - 1]);
            continue;
          }
          const expectFail = (ok: boolean, f: () => void): void => {
            if (ok) f();
            else expect(f).toThrow(ConstraintError);
          };
          if (op.kind === 'insert') {
            const id = op.row[0] as number;
            expectFail(!model.has(id) && uniqueOk(op.row), () => tx.insert(rel, op.row));
            if (!model.has(id) && uniqueOk(op.row)) model.set(id, op.row);
          } else if (op.kind === 'update') {
            if (!model.has(op.id)) {
              expect(() => tx.update(rel, [op.id], op.row)).toThrow(PolyglotError);
              continue;
            }
            const newId = op.row[0] as number;
            const ok = (newId === op.id || !model.has(newId)) && uniqueOk(op.row, op.id);
            expectFail(ok, () => tx.update(rel, [op.id], op.row));
            if (ok) {
              model.delete(op.id);
              model.set(newId, op.row);
            }
          } else {
            expect(tx.delete(rel, [op.id])).toBe(model.has(op.id));
            model.delete(op.id);
          }
          const rows = [...model.values()];
          expect(all(tx.scan(t))).toEqual([...rows].sort((a, b) => (a[0] as number) - (b[0] as number)));
          const byG = [...rows].sort((a, b) => -compareValues(a[1], b[1]) || (a[0] as number) - (b[0] as number));
          expect(all(tx.scanIndex(rel, rel.indexes[0]), 3)).toEqual(byG);
          const byU = [...rows].sort((a, b) => compareValues(a[2], b[2]) || (a[0] as number) - (b[0] as number));
          expect(all(tx.scanIndex(rel, rel.indexes[1]))).toEqual(byU);
        }
        await tx.commit();
        expect(s.statistics(t.id).rowCount).toBe(model.size);
      }),
      { numRuns: 150 },
    );
  });
});
