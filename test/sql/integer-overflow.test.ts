/**
 * 64-bit integers at their ends, as SQLite has them: +, -, * and / past 64 bits give a real,
 * abs() and sum() past them fail with "integer overflow", CAST clamps and reads text by its
 * integer prefix, the bit operators work on all 64 bits. Every answer is checked against sql.js
 * and, where JavaScript could hide the difference, by exact value and typeof().
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compare, openPeers, type Peers } from './ddl-peer.js';

const MAX = 9223372036854775807n;
const MIN = -9223372036854775808n;

let p: Peers;
beforeAll(async () => {
  p = await openPeers(`CREATE TABLE big (id INTEGER PRIMARY KEY, a INTEGER, r REAL, t TEXT, b BLOB);
    INSERT INTO big VALUES (1, 9223372036854775807, 1e30, '1e3', X'3132'), (2, -9223372036854775808, -1e30, '  -12abc', X'332E35'),
      (3, 9007199254740993, 9.2233720368547758e18, '99999999999999999999', X''), (4, 1, 2.5, 'x', NULL);`);
});
afterAll(async () => {
  await p.close();
});

const one = async (sql: string) => (await p.db.sql(sql)).rows[0];

describe('integer arithmetic past 64 bits', () => {
  it('turns +, -, * and / past 64 bits into reals, as SQLite', async () => {
    const [sum, diff, prod, neg, quot] = await one(
      'SELECT 9223372036854775807 + 1, -9223372036854775808 - 1, 9223372036854775807 * 2, -(-9223372036854775808), (-9223372036854775808) / -1',
    );
    for (const v of [sum, diff, prod, neg, quot]) expect(typeof v).toBe('number');
    expect(sum).toBe(2 ** 63);
    expect(diff).toBe(-(2 ** 63));
    expect(prod).toBe(2 ** 64);
    expect(neg).toBe(2 ** 63);
    expect(await one('SELECT typeof(a + 1), typeof(a - 1), a - 1, typeof(-a) FROM big WHERE id = 1')).toEqual(['real', 'integer', MAX - 1n, 'integer']);
    expect(await one('SELECT typeof(a - 1), typeof(-a), -a FROM big WHERE id = 2')).toEqual(['real', 'real', 2 ** 63]);
  });

  it('keeps exact 64-bit integers inside the range', async () => {
    expect(await one('SELECT a - 1 + 1, a / 3, a % 10 FROM big WHERE id = 1')).toEqual([MAX, 3074457345618258602n, 7]);
    expect(await one('SELECT a + 1, a * 1, -a FROM big WHERE id = 3')).toEqual([9007199254740994n, 9007199254740993n, -9007199254740993n]);
  });

  it('fails abs() and sum() past 64 bits with integer overflow', async () => {
    await expect(p.db.sql('SELECT abs(a) FROM big WHERE id = 2')).rejects.toThrow(/integer overflow/);
    await expect(p.db.sql('SELECT sum(a) FROM big WHERE id IN (1, 4)')).rejects.toThrow(/integer overflow/);
    await expect(p.db.sql('SELECT sum(a) FROM big WHERE id IN (2, 4)')).resolves.toBeDefined();
    expect(await one('SELECT total(a) > 9e18, avg(a) > 4e18 FROM big WHERE id IN (1, 4)')).toEqual([true, true]);
  });

  it('agrees with SQLite on every row', async () => {
    const exprs = ['a + 1', 'a - 1', 'a * 2', 'a / -1', 'a % -1', '-a', 'typeof(a + 1)', 'typeof(-a)', 'a + 0.5', 'a & 1', 'a | 0', '~a', 'a >> 1', 'a << 1', 'r & 1', '~r'];
    expect(await compare(p, exprs.map((e) => `SELECT id, ${e} FROM big ORDER BY id`))).toEqual([]);
  });
});

describe('CAST at the edges', () => {
  it('CAST AS INTEGER: text by its integer prefix, reals truncated and clamped, blobs as text', async () => {
    const rows = (await p.db.sql('SELECT CAST(r AS INTEGER), CAST(t AS INTEGER), CAST(b AS INTEGER) FROM big ORDER BY id')).rows;
    expect(rows).toEqual([
      [MAX, 1, 12],
      [MIN, -12, 3],
      [MAX, MAX, 0],
      [2, 0, null],
    ]);
    expect(await one("SELECT CAST(1e17 AS INTEGER), typeof(CAST(1e17 AS INTEGER)), CAST(-3.99 AS INTEGER), CAST('+7' AS INTEGER), CAST('-' AS INTEGER)")).toEqual([
      100000000000000000n,
      'integer',
      -3,
      7,
      0,
    ]);
  });

  it('agrees with SQLite on CAST AS INTEGER / REAL / NUMERIC / TEXT of every column', async () => {
    const exprs: string[] = [];
    for (const c of ['a', 'r', 't', 'b']) for (const ty of ['INTEGER', 'REAL', 'NUMERIC', 'TEXT']) exprs.push(`CAST(${c} AS ${ty})`, `typeof(CAST(${c} AS ${ty}))`);
    expect(await compare(p, exprs.map((e) => `SELECT id, ${e} FROM big ORDER BY id`))).toEqual([]);
  });

  it('writes a REAL as a real in ||, even when integral, as SQLite', async () => {
    await p.db.sql('CREATE TABLE money (r REAL, i INT)');
    p.sqlite.exec('CREATE TABLE money (r REAL, i INT)');
    expect(
      await compare(p, [
        'INSERT INTO money VALUES (3, 3), (2.5, 2), (-0.0, 0), (NULL, NULL), (1e20, 1)',
        "SELECT r || '|' || i, 'v=' || r, r || i, CAST(r AS TEXT) || 'x' FROM money",
        "SELECT 'a' || 1.0, 1.0 || '', -0.0 || '', 0.1 + 0.2 || '', 1.0 / 3 || ''",
      ]),
    ).toEqual([]);
    expect(await one("SELECT 'a' || 1.0, 2.0 || 3")).toEqual(['a1.0', '2.03']);
  });

  it('typeof tells a REAL column value and a real beyond 2^53 from an integer', async () => {
    await p.db.sql('CREATE TABLE reals (x REAL)');
    await p.db.sql('INSERT INTO reals VALUES (3), (3.5)');
    expect((await p.db.sql('SELECT typeof(x) FROM reals')).rows).toEqual([['real'], ['real']]);
    expect(await one('SELECT typeof(9223372036854775808), typeof(9223372036854775807), typeof(1e300)')).toEqual(['real', 'integer', 'real']);
  });
});
