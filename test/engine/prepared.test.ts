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

// runMany: one statement, many parameter sets, one transaction.
describe('runMany runs a prepared statement per parameter set in one transaction', () => {
  async function db() {
    const d = await Database.open();
    await d.sql('CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER NOT NULL, s TEXT)');
    await d.sql("INSERT INTO t VALUES (1, 10, 'a'), (2, 20, 'b'), (3, 30, 'c')");
    return d;
  }

  it('answers each parameter set as run() would, in order', async () => {
    const d = await db();
    const point = await d.prepare('SELECT s, v FROM t WHERE id = ?');
    const ids = [3, 1, 9, 2, 2, null];
    const many = await point.runMany(ids.map((id) => [id]));
    const single = [];
    for (const id of ids) single.push((await point.run([id])).rows);
    expect(many.map((r) => r.rows)).toEqual(single);
    expect(many[0].columns).toEqual(['s', 'v']);
    expect(await point.runMany([])).toEqual([]);
    const named = await d.prepare('SELECT id FROM t WHERE v >= :min ORDER BY id');
    expect((await named.runMany([{ min: 20 }, { min: 30 }])).map((r) => r.rows)).toEqual([[[2], [3]], [[3]]]);
    await d.close();
  });

  it('applies the writes of all runs, or of none when one fails', async () => {
    const d = await db();
    const ins = await d.prepare('INSERT INTO t VALUES (?, ?, ?)');
    const done = await ins.runMany([
      [4, 40, 'd'],
      [5, 50, 'e'],
    ]);
    expect(done.map((r) => r.rowsAffected)).toEqual([1, 1]);
    await expect(
      ins.runMany([
        [6, 60, 'f'],
        [7, null, 'g'],
        [8, 80, 'h'],
      ]),
    ).rejects.toThrow(/NOT NULL/);
    await expect(ins.runMany([[9, 90, 'i'], [1, 10, 'dup']])).rejects.toThrow(/PRIMARY KEY/);
    await expect(ins.runMany([[10, 100, 'j'], [11]])).rejects.toThrow();
    expect((await d.sql('SELECT id FROM t ORDER BY id')).rows).toEqual([[1], [2], [3], [4], [5]]);
    await expect(ins.runMany('nope' as never)).rejects.toThrow(/array of parameter sets/);
    await d.close();
  });

  it('inside a transaction: a failing call undoes only its own runs; ROLLBACK undoes the rest', async () => {
    const d = await db();
    const ins = await d.prepare('INSERT INTO t VALUES (?, ?, ?)');
    await d.sql('BEGIN');
    await ins.runMany([[4, 40, 'd']]);
    await expect(ins.runMany([[5, 50, 'e'], [4, 0, 'dup']])).rejects.toThrow(/PRIMARY KEY/);
    expect((await d.sql('SELECT id FROM t ORDER BY id')).rows).toEqual([[1], [2], [3], [4]]);
    await d.sql('ROLLBACK');
    expect((await d.sql('SELECT count(*) FROM t')).rows).toEqual([[3]]);
    const bump = await d.prepare('UPDATE t SET v = v + ? WHERE id = ?');
    await d.sql('BEGIN');
    await bump.runMany([[1, 1], [2, 2]]);
    await d.sql('COMMIT');
    expect((await d.sql('SELECT v FROM t ORDER BY id')).rows).toEqual([[11], [22], [30]]);
    await d.close();
  });
});

// A point get's key range keeps a filter for key values that are not plain (PFilter.exactForKeys),
// skipped on each run whose values are plain: every kind of value must answer as a scan does.
describe('a prepared point lookup through a projection', () => {
  it('answers as a scan does for every kind of key value, run after run', async () => {
    const d = await Database.open();
    await d.sql('CREATE TABLE n (id INTEGER PRIMARY KEY, s TEXT)');
    await d.sql("INSERT INTO n VALUES (1, 'one'), (2, 'two'), (3, 'three')");
    await d.sql('CREATE TABLE k (id TEXT PRIMARY KEY, s TEXT)');
    await d.sql("INSERT INTO k VALUES ('1', 'text one'), ('a', 'text a'), ('2.5', 'text 2.5')");
    const values = [2, '2', 2.0, 2.5, '2.5', '1', 'a', 1n, true, null, Number.NaN, new Uint8Array([0x31]), 3, 'three'];
    for (const table of ['n', 'k']) {
      const point = await d.prepare(`SELECT s FROM ${table} WHERE id = ?`);
      for (const v of [...values, ...values.reverse()]) {
        const scan = await d.sql(`SELECT s FROM ${table} WHERE id = ?`, [v], { optimizer: { disabled: ['select-indexes'] } });
        expect((await point.run([v])).rows, `${table} ${String(v)}`).toEqual(scan.rows);
      }
    }
    await d.close();
  });
});
