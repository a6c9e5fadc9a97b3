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
