import { describe, expect, it } from 'vitest';
import { Database } from '../../src/index.js';

// A prepared statement compiles its plan once; every run binds its own parameters.
describe('prepared statements reuse their compiled plan', () => {
  async function db() {
    const d = await Database.open();
    await d.sql('CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER, s TEXT)');
    await d.sql("INSERT INTO t VALUES (1, 10, 'a'), (2, 20, 'b'), (3, 30, 'c'), (4, 40, 'd')");
    return d;
  }

  it('binds new parameters on every run (point lookups, expressions, LIMIT)', async () => {
    const d = await db();
    const point = await d.prepare('SELECT s FROM t WHERE id = ?');
    expect((await point.run([2])).rows).toEqual([['b']]);
    expect((await point.run([4])).rows).toEqual([['d']]);
    expect((await point.run([9])).rows).toEqual([]);
    expect((await point.run([null])).rows).toEqual([]);
    const expr = await d.prepare('SELECT s FROM t WHERE v > ? * 10 ORDER BY id LIMIT ?');
    expect((await expr.run([1, 2])).rows).toEqual([['b'], ['c']]);
    expect((await expr.run([2, 5])).rows).toEqual([['c'], ['d']]);
    const named = await d.prepare('SELECT id FROM t WHERE v = :v + 0');
    expect((await named.run({ v: 30 })).rows).toEqual([[3]]);
    expect((await named.run({ v: 10 })).rows).toEqual([[1]]);
    await expect(named.run({})).rejects.toThrow(/missing query parameter/);
    expect((await named.run({ v: 40 })).rows).toEqual([[4]]);
    await d.close();
  });

  it('sees writes made between runs, inside and outside transactions', async () => {
    const d = await db();
    const point = await d.prepare('SELECT v FROM t WHERE id = ?');
    const ins = await d.prepare('INSERT INTO t VALUES (?, ?, ?)');
    await ins.run([5, 50, 'e']);
    expect((await point.run([5])).rows).toEqual([[50]]);
    await d.sql('BEGIN');
    await ins.run([6, 60, 'f']);
    expect((await point.run([6])).rows).toEqual([[60]]);
    await d.sql('ROLLBACK');
    expect((await point.run([6])).rows).toEqual([]);
    await d.sql('ALTER TABLE t ADD COLUMN w INTEGER').catch(() => undefined);
    expect((await point.run([5])).rows).toEqual([[50]]);
    await d.close();
  });
});
