/**
 * INSERT … ON CONFLICT (upsert), INSERT OR IGNORE/REPLACE, DEFAULT VALUES and RETURNING,
 * checked statement by statement against SQLite (sql.js).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConstraintError } from '../../src/index.js';
import { compare, openPeers, type Peers } from './ddl-peer.js';

let p: Peers;
beforeEach(async () => {
  p = await openPeers();
});
afterEach(async () => {
  await p.close();
});

describe('upsert against SQLite', () => {
  it('DO NOTHING and DO UPDATE with excluded and WHERE', async () => {
    const diffs = await compare(p, [
      'CREATE TABLE kv (k TEXT PRIMARY KEY, v INTEGER, n INTEGER DEFAULT 0, u TEXT UNIQUE)',
      "INSERT INTO kv (k, v, u) VALUES ('a', 1, 'ua'), ('b', 2, 'ub')",
      "INSERT INTO kv (k, v) VALUES ('a', 10) ON CONFLICT DO NOTHING",
      "INSERT INTO kv (k, v) VALUES ('a', 10) ON CONFLICT (k) DO NOTHING",
      'SELECT * FROM kv ORDER BY k',
      "INSERT INTO kv (k, v) VALUES ('a', 10), ('c', 3) ON CONFLICT (k) DO UPDATE SET v = excluded.v + kv.v, n = n + 1",
      'SELECT * FROM kv ORDER BY k',
      "INSERT INTO kv (k, v) VALUES ('a', 5), ('b', 50) ON CONFLICT (k) DO UPDATE SET v = excluded.v WHERE excluded.v > kv.v",
      'SELECT * FROM kv ORDER BY k',
      "INSERT INTO kv (k, v, u) VALUES ('z', 0, 'ua') ON CONFLICT (u) DO UPDATE SET n = 100",
      'SELECT * FROM kv ORDER BY k',
      "INSERT INTO kv (k, v, u) VALUES ('a', 0, 'ub') ON CONFLICT (k) DO UPDATE SET u = excluded.u",
      "INSERT INTO kv (k, v, u) VALUES ('q', 0, 'ub') ON CONFLICT (k) DO UPDATE SET v = 1",
      "INSERT INTO kv (k, v) VALUES ('d', 1), ('d', 2) ON CONFLICT (k) DO UPDATE SET v = v * 10 + excluded.v",
      'SELECT * FROM kv ORDER BY k',
      "INSERT INTO kv (k, v) VALUES ('a', 1) ON CONFLICT (v) DO NOTHING",
      "INSERT INTO kv (k, v) VALUES ('a', 7) ON CONFLICT (k) DO UPDATE SET v = excluded.v RETURNING k, v, n",
      "INSERT INTO kv AS t (k, v) VALUES ('b', 7) ON CONFLICT (k) DO UPDATE SET v = t.v + excluded.v RETURNING *",
      'SELECT * FROM kv ORDER BY k',
    ]);
    expect(diffs).toEqual([]);
  });

  it('upserts into a rowid table with an INTEGER PRIMARY KEY and a composite unique key', async () => {
    const diffs = await compare(p, [
      'CREATE TABLE c (id INTEGER PRIMARY KEY, a INT, b INT, hits INT DEFAULT 1, UNIQUE (a, b))',
      'INSERT INTO c (a, b) VALUES (1, 1), (1, 2), (2, 1)',
      'INSERT INTO c (a, b) VALUES (1, 2), (3, 3), (1, 2) ON CONFLICT (b, a) DO UPDATE SET hits = hits + 1',
      'SELECT * FROM c ORDER BY id',
      'INSERT INTO c (id, a, b) VALUES (1, 9, 9) ON CONFLICT (id) DO UPDATE SET a = excluded.a, b = excluded.b',
      'SELECT * FROM c ORDER BY id',
      'INSERT INTO c (a, b) VALUES (NULL, 1), (NULL, 1) ON CONFLICT (a, b) DO UPDATE SET hits = 0',
      'SELECT * FROM c ORDER BY id',
    ]);
    expect(diffs).toEqual([]);
  });

  it('OR IGNORE, OR REPLACE, REPLACE INTO, DEFAULT VALUES and RETURNING', async () => {
    const diffs = await compare(p, [
      "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT 'anon', score REAL DEFAULT 1.5)",
      'INSERT INTO t DEFAULT VALUES',
      'INSERT INTO t DEFAULT VALUES RETURNING id, name, score',
      "INSERT INTO t VALUES (1, 'x', 2)",
      "INSERT OR IGNORE INTO t VALUES (1, 'x', 2), (5, 'y', 3)",
      "INSERT OR REPLACE INTO t VALUES (1, 'r', 9)",
      "REPLACE INTO t VALUES (2, 'rr', 8)",
      "INSERT OR ABORT INTO t VALUES (2, 'a', 1)",
      "INSERT OR FAIL INTO t VALUES (2, 'a', 1)",
      'SELECT * FROM t ORDER BY id',
      'UPDATE t SET score = score * 2 WHERE id > 1 RETURNING id, score',
      'DELETE FROM t WHERE id = 5 RETURNING *',
      "UPDATE OR IGNORE t SET id = id + 1 RETURNING id",
      "UPDATE OR IGNORE t SET name = NULL WHERE id = 2",
      "UPDATE OR ABORT t SET id = 1 WHERE id = 2",
      'SELECT * FROM t ORDER BY id',
    ]);
    expect(diffs).toEqual([]);
  });

  it('leaves nothing behind when a row of an upsert fails', async () => {
    await p.db.sql("CREATE TABLE kv (k TEXT PRIMARY KEY, v INTEGER NOT NULL); INSERT INTO kv VALUES ('a', 1)");
    const e = await p.db.sql("INSERT INTO kv VALUES ('b', 2), ('a', 3) ON CONFLICT (k) DO UPDATE SET v = NULL").catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ConstraintError);
    expect((await p.db.sql('SELECT * FROM kv')).rows).toEqual([['a', 1]]);
  });
});

describe('REPLACE against SQLite', () => {
  it('INSERT OR REPLACE deletes every row it collides with, on the key and on each unique index', async () => {
    const diffs = await compare(p, [
      'CREATE TABLE u (id INTEGER PRIMARY KEY, a INT UNIQUE, b INT UNIQUE, c TEXT)',
      "INSERT INTO u VALUES (1, 1, 1, 'p'), (2, 2, 2, 'q'), (3, 3, 3, 'r')",
      "INSERT OR REPLACE INTO u VALUES (4, 1, 2, 's')",
      'SELECT * FROM u ORDER BY id',
      "REPLACE INTO u VALUES (3, 1, NULL, 't'), (NULL, NULL, 2, 'v')",
      'SELECT * FROM u ORDER BY id',
      'CREATE TABLE h (a UNIQUE, b UNIQUE)',
      'INSERT INTO h VALUES (1, 1), (2, 2), (3, 3)',
      'INSERT OR REPLACE INTO h VALUES (1, 2)',
      'SELECT rowid, * FROM h ORDER BY rowid',
      'INSERT OR REPLACE INTO h VALUES (3, NULL), (NULL, 3), (NULL, NULL)',
      'SELECT rowid, * FROM h ORDER BY rowid',
      'CREATE TABLE m (x INT, y INT, z INT, UNIQUE (x, y))',
      'CREATE UNIQUE INDEX mz ON m (z)',
      'INSERT INTO m VALUES (1, 1, 1), (1, 2, 2), (2, 1, 3)',
      'INSERT OR REPLACE INTO m VALUES (1, 2, 3) RETURNING *',
      'SELECT rowid, * FROM m ORDER BY rowid',
    ]);
    expect(diffs).toEqual([]);
  });

  it('UPDATE OR REPLACE deletes the other rows the new values collide with', async () => {
    const diffs = await compare(p, [
      'CREATE TABLE u (id INTEGER PRIMARY KEY, a INT UNIQUE, b INT UNIQUE)',
      'INSERT INTO u VALUES (1, 1, 1), (2, 2, 2), (3, 3, 3), (4, 4, 4)',
      'UPDATE OR REPLACE u SET a = 3 WHERE id = 4',
      'SELECT * FROM u ORDER BY id',
      'UPDATE OR REPLACE u SET id = 1, b = 2 WHERE id = 4',
      'SELECT * FROM u ORDER BY id',
      'INSERT INTO u VALUES (5, 5, 5), (6, 6, 6), (7, 7, 7)',
      'UPDATE OR REPLACE u SET a = a + 1',
      'SELECT * FROM u ORDER BY id',
      'UPDATE OR REPLACE u SET b = 7 WHERE id = 5 RETURNING *',
      'SELECT * FROM u ORDER BY id',
    ]);
    expect(diffs).toEqual([]);
  });

  it('REPLACE deletes through foreign keys (a cascade follows, a restriction refuses)', async () => {
    const diffs = await compare(p, [
      'PRAGMA foreign_keys = ON',
      'CREATE TABLE par (id INTEGER PRIMARY KEY, k INT UNIQUE)',
      'CREATE TABLE ch (x INT REFERENCES par (id) ON DELETE CASCADE)',
      'INSERT INTO par VALUES (1, 10), (2, 20)',
      'INSERT INTO ch VALUES (1), (2)',
      'INSERT OR REPLACE INTO par VALUES (1, 11)',
      'SELECT * FROM ch ORDER BY x',
      'INSERT OR REPLACE INTO par VALUES (3, 20)',
      'SELECT * FROM ch ORDER BY x',
      'CREATE TABLE ch2 (x INT REFERENCES par (id))',
      'INSERT INTO ch2 VALUES (3)',
      'INSERT OR REPLACE INTO par VALUES (4, 20)',
      'SELECT * FROM par ORDER BY id',
    ]);
    expect(diffs).toEqual([]);
  });

  it('a REPLACE that fails on another constraint leaves every row as it was', async () => {
    await p.db.sql("CREATE TABLE u (id INTEGER PRIMARY KEY, a INT UNIQUE, b TEXT NOT NULL CHECK (b <> 'no')); INSERT INTO u VALUES (1, 1, 'x'), (2, 2, 'y')");
    await expect(p.db.sql("INSERT OR REPLACE INTO u VALUES (3, 1, 'z'), (4, 2, 'no')")).rejects.toThrow(/CHECK constraint failed/);
    await expect(p.db.sql('UPDATE OR REPLACE u SET a = 2, b = NULL WHERE id = 1')).rejects.toThrow(/NOT NULL/);
    expect((await p.db.sql('SELECT * FROM u ORDER BY id')).rows).toEqual([[1, 1, 'x'], [2, 2, 'y']]);
  });
});

describe('ON CONFLICT targets', () => {
  it('an expression an index is on, and a target WHERE, against SQLite', async () => {
    const diffs = await compare(p, [
      'CREATE TABLE e (x INT, y INT, n INT DEFAULT 0)',
      'CREATE UNIQUE INDEX ei ON e (x + y)',
      'INSERT INTO e (x, y) VALUES (1, 2)',
      'INSERT INTO e (x, y) VALUES (2, 1) ON CONFLICT (x+y) DO NOTHING',
      'INSERT INTO e (x, y) VALUES (0, 3), (5, 5) ON CONFLICT (x + y) DO UPDATE SET n = n + 1',
      'SELECT * FROM e ORDER BY x',
      'INSERT INTO e (x, y) VALUES (2, 1) ON CONFLICT (x) DO NOTHING',
      'INSERT INTO e (x, y) VALUES (2, 1) ON CONFLICT (x * y) DO NOTHING',
      'INSERT INTO e (x, y) VALUES (2, 1) ON CONFLICT (zz) DO NOTHING',
      'CREATE TABLE l (s TEXT)',
      'CREATE UNIQUE INDEX li ON l (lower(s))',
      "INSERT INTO l VALUES ('Ab')",
      "INSERT INTO l VALUES ('aB') ON CONFLICT (lower(s)) DO UPDATE SET s = excluded.s",
      'SELECT * FROM l ORDER BY s',
      'CREATE TABLE w (a INT UNIQUE, b INT)',
      'INSERT INTO w VALUES (1, 1)',
      'INSERT INTO w VALUES (1, 5) ON CONFLICT (a) WHERE b > 0 DO UPDATE SET b = excluded.b',
      'INSERT INTO w VALUES (1, 6) ON CONFLICT (a) WHERE nope > 0 DO UPDATE SET b = excluded.b',
      'SELECT * FROM w ORDER BY a',
    ]);
    expect(diffs).toEqual([]);
  });

  it('a target that matches no unique index is refused, naming it and its position', async () => {
    await p.db.sql('CREATE TABLE e (x INT, y INT); CREATE UNIQUE INDEX ei ON e (x + y)');
    await expect(p.db.sql('INSERT INTO e VALUES (1, 2) ON CONFLICT (x, y) DO NOTHING')).rejects.toThrow(/does not match any PRIMARY KEY or UNIQUE constraint: no unique index of e is on \(x, y\).*line 1, column 29/);
    await expect(p.db.sql('INSERT INTO e VALUES (1, 2) ON CONFLICT (x * y) DO NOTHING')).rejects.toThrow(/no index of e is on x \* y.*column 42/);
  });

  it('ON CONFLICT ON CONSTRAINT names a unique index or the primary key (PostgreSQL)', async () => {
    await p.db.sql("CREATE TABLE k (id INT PRIMARY KEY, code TEXT, hits INT DEFAULT 1); CREATE UNIQUE INDEX k_code ON k (code); INSERT INTO k (id, code) VALUES (1, 'a')");
    await p.db.sql("INSERT INTO k (id, code) VALUES (2, 'a') ON CONFLICT ON CONSTRAINT k_code DO UPDATE SET hits = k.hits + 1");
    await p.db.sql("INSERT INTO k (id, code) VALUES (1, 'z') ON CONFLICT ON CONSTRAINT k_pkey DO UPDATE SET hits = k.hits + 10");
    await p.db.sql("INSERT INTO k (id, code) VALUES (1, 'q') ON CONFLICT ON CONSTRAINT k_pkey DO NOTHING");
    expect((await p.db.sql('SELECT * FROM k')).rows).toEqual([[1, 'a', 12]]);
    await expect(p.db.sql("INSERT INTO k VALUES (3, 'b', 0) ON CONFLICT ON CONSTRAINT k_cod DO NOTHING")).rejects.toThrow(/constraint "k_cod" for table k does not exist; did you mean "k_code"\?.*line 1, column 60/);
    await p.db.sql('CREATE TABLE r (v INT UNIQUE)');
    await expect(p.db.sql('INSERT INTO r VALUES (1) ON CONFLICT ON CONSTRAINT r_pkey DO NOTHING')).rejects.toThrow(/constraint "r_pkey" for table r does not exist/);
  });
});

describe('OR FAIL, OR ABORT and OR ROLLBACK against SQLite', () => {
  it('FAIL keeps the rows written before the failing one, ABORT none, ROLLBACK ends the transaction', async () => {
    const diffs = await compare(p, [
      'CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT UNIQUE)',
      "INSERT INTO t VALUES (3, 'c')",
      "INSERT OR FAIL INTO t VALUES (1, 'a'), (2, 'b'), (3, 'x'), (4, 'd')",
      'SELECT * FROM t ORDER BY id',
      "INSERT OR ABORT INTO t VALUES (5, 'e'), (6, 'c')",
      'SELECT * FROM t ORDER BY id',
      'UPDATE OR FAIL t SET id = id + 1',
      'SELECT * FROM t ORDER BY id',
      'BEGIN',
      "INSERT INTO t VALUES (10, 'z')",
      "INSERT OR FAIL INTO t VALUES (11, 'y'), (12, 'z')",
      "INSERT OR ABORT INTO t VALUES (13, 'w'), (14, 'y')",
      'SELECT * FROM t ORDER BY id',
      "INSERT OR ROLLBACK INTO t VALUES (15, 'q'), (10, 'r')",
      'COMMIT',
      'SELECT * FROM t ORDER BY id',
      'BEGIN',
      "UPDATE OR ROLLBACK t SET v = 'b' WHERE id = 1",
      'ROLLBACK',
      'SELECT * FROM t ORDER BY id',
    ]);
    expect(diffs).toEqual([]);
  });
});
