/**
 * UPDATE … SET (a, b) = (x, y) and = (SELECT x, y …) (SQLite, PostgreSQL), in ON CONFLICT DO
 * UPDATE too; and CHECK failures that name the table, its columns and the offending row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compare, openPeers, type Peers } from './ddl-peer.js';

let p: Peers;
beforeAll(async () => {
  p = await openPeers(`CREATE TABLE t (id INTEGER PRIMARY KEY, a INT, b INT);
    CREATE TABLE s (x INT, y INT);
    INSERT INTO t VALUES (1, 1, 2), (2, 3, 4), (3, 5, NULL);
    INSERT INTO s VALUES (1, 10), (3, 30);
    CREATE TABLE kv (k TEXT PRIMARY KEY, v INT, n INT);
    INSERT INTO kv VALUES ('a', 1, 0);
    CREATE TABLE acct (id INTEGER PRIMARY KEY, owner TEXT, balance INT, CONSTRAINT nonneg CHECK (balance >= 0));
    INSERT INTO acct VALUES (1, 'ann', 10);`);
});
afterAll(async () => {
  await p.close();
});

describe('tuple assignments', () => {
  it('assigns every column from the row as it was', async () => {
    await p.db.sql('UPDATE t SET (a, b) = (b, a + b) WHERE id = 1');
    p.sqlite.exec('UPDATE t SET (a, b) = (b, a + b) WHERE id = 1');
    expect((await p.db.sql('SELECT a, b FROM t WHERE id = 1')).rows).toEqual([[2, 3]]);
    await p.db.sql("INSERT INTO kv VALUES ('a', 5, 0) ON CONFLICT (k) DO UPDATE SET (v, n) = (excluded.v, n + 1)");
    expect((await p.db.sql('SELECT v, n FROM kv')).rows).toEqual([[5, 1]]);
  });

  it('rejects a wrong number of values with its position', async () => {
    await expect(p.db.sql('UPDATE t SET (a, b) = (1, 2, 3)')).rejects.toThrow(/2 columns assigned 3 values \(line 1, column 14\)/);
    await expect(p.db.sql('UPDATE t SET (a, b) = (SELECT 1)')).rejects.toThrow(/2 columns assigned 1 values/);
    await expect(p.db.sql('UPDATE t SET (a, nope) = (1, 2)')).rejects.toThrow(/no column named nope/);
  });

  it('agrees with SQLite', async () => {
    expect(
      await compare(p, [
        'UPDATE t SET (b, a) = (a * 10, b) WHERE id = 2',
        'SELECT * FROM t ORDER BY id',
        'UPDATE t SET (a, b) = (SELECT x * 100, y FROM s WHERE s.x = t.a)',
        'SELECT * FROM t ORDER BY id',
        'UPDATE t SET (a) = (7) WHERE id = 3',
        'SELECT * FROM t ORDER BY id',
      ]),
    ).toEqual([]);
  });
});

describe('CHECK failures name the row', () => {
  it('says which constraint, table, columns and values', async () => {
    await expect(p.db.sql("INSERT INTO acct VALUES (2, 'bob''s', -5)")).rejects.toThrow("CHECK constraint failed: nonneg on acct (id, owner, balance) = (2, 'bob''s', -5)");
    await expect(p.db.sql('UPDATE acct SET balance = balance - 20')).rejects.toThrow("CHECK constraint failed: nonneg on acct (id, owner, balance) = (1, 'ann', -10)");
    expect((await p.db.sql('SELECT * FROM acct')).rows).toEqual([[1, 'ann', 10]]);
  });
});
