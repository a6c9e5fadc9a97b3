import { describe, expect, it } from 'vitest';
import { Database } from '../../src/index.js';

// A result's rows belong to the caller: changing them must not change the database, a cached
// plan's constants or a later result. Scans hand the store's row arrays through the executor
// untouched, so every shape that can reach the caller without a projection is tried.
describe('result rows are the caller’s own', () => {
  const queries = [
    'SELECT * FROM t WHERE id = 1',
    'SELECT id, s, v FROM t WHERE id = 2',
    'SELECT s FROM t WHERE id = 3',
    'SELECT * FROM t',
    'SELECT * FROM t WHERE v > 15 ORDER BY v DESC',
    'SELECT * FROM t ORDER BY v LIMIT 2',
    'SELECT * FROM t WHERE id IN (1, 3)',
    'SELECT * FROM t WHERE s >= \'b\'',
    'SELECT * FROM t UNION ALL SELECT * FROM t',
    'SELECT DISTINCT * FROM t',
    'SELECT * FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.t_id = t.id)',
    'SELECT * FROM t WHERE id NOT IN (SELECT t_id FROM u)',
    'SELECT * FROM t EXCEPT SELECT * FROM t WHERE id = 1',
    'SELECT * FROM t INTERSECT SELECT * FROM t WHERE id < 3',
    'SELECT * FROM (VALUES (1, \'x\'), (2, \'y\')) AS c(a, b)',
    'SELECT * FROM t JOIN u ON u.t_id = t.id',
  ];

  async function fixture() {
    const db = await Database.open();
    await db.sql('CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT, v INTEGER)');
    await db.sql('CREATE INDEX t_s ON t (s)');
    await db.sql("INSERT INTO t VALUES (1, 'a', 10), (2, 'b', 20), (3, 'c', 30), (4, 'd', 40)");
    await db.sql('CREATE TABLE u (id INTEGER PRIMARY KEY, t_id INTEGER)');
    await db.sql('INSERT INTO u VALUES (1, 1), (2, 3)');
    return db;
  }

  const scribble = (rows: unknown[][]) => {
    for (const r of rows) for (let i = 0; i < r.length; i++) r[i] = 'changed by the caller';
  };

  it('through db.sql, prepared statements (run and runMany) and a transaction', async () => {
    const db = await fixture();
    const before = (await db.sql('SELECT * FROM t ORDER BY id')).rows.map((r) => [...r]);
    for (const q of queries) {
      const expected = (await db.sql(q)).rows.map((r) => [...r]);
      expect(expected.length, q).toBeGreaterThan(0);
      scribble((await db.sql(q)).rows);
      const prepared = await db.prepare(q);
      scribble((await prepared.run()).rows);
      scribble((await prepared.run()).rows);
      for (const r of await prepared.runMany([[], []])) scribble(r.rows);
      await db.transaction(async (tx) => scribble((await tx.sql(q)).rows));
      expect((await prepared.run()).rows, q).toEqual(expected);
      expect((await db.sql(q)).rows, q).toEqual(expected);
    }
    expect((await db.sql('SELECT * FROM t ORDER BY id')).rows).toEqual(before);
    await db.close();
  });

  it('a point lookup by a parameter hands over a fresh row each run', async () => {
    const db = await fixture();
    const point = await db.prepare('SELECT * FROM t WHERE id = ?');
    const first = (await point.run([2])).rows[0];
    const second = (await point.run([2])).rows[0];
    expect(first).not.toBe(second);
    first[1] = 'changed by the caller';
    expect((await point.run([2])).rows).toEqual([[2, 'b', 20]]);
    const [a, b] = await point.runMany([[4], [4]]);
    expect(a.rows[0]).not.toBe(b.rows[0]);
    await db.close();
  });
});
