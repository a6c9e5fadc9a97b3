/**
 * changes(), total_changes() and last_insert_rowid(): the database's counters, read by SQL as
 * SQLite's connection counters are, statement by statement against SQLite (sql.js); and the
 * WriteResult an INSERT, UPDATE or DELETE returns to JavaScript.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database, WriteResult } from '../../src/index.js';
import { compare, openPeers, type Peers } from './ddl-peer.js';

let p: Peers;
beforeEach(async () => {
  p = await openPeers();
});
afterEach(async () => {
  await p.close();
});

const COUNTERS = 'SELECT changes(), total_changes(), last_insert_rowid()';

describe('change counters against SQLite', () => {
  it('count inserts, updates, deletes and upserts, and keep the last rowid an insert made', async () => {
    const diffs = await compare(p, [
      COUNTERS,
      'CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT UNIQUE, n INTEGER)',
      'CREATE TABLE u (v TEXT, n INTEGER)',
      COUNTERS,
      "INSERT INTO t (v, n) VALUES ('a', 1), ('b', 2), ('c', 3)",
      COUNTERS,
      "INSERT INTO t VALUES (40, 'd', 4)",
      COUNTERS,
      'UPDATE t SET n = n + 1 WHERE n >= 2',
      COUNTERS,
      'UPDATE t SET n = 0 WHERE n > 100',
      COUNTERS,
      "INSERT INTO u VALUES ('x', 1), ('y', 2)",
      COUNTERS,
      'SELECT count(*) FROM t',
      COUNTERS,
      "INSERT OR IGNORE INTO t (v, n) VALUES ('a', 9)",
      COUNTERS,
      "INSERT INTO t (v, n) VALUES ('a', 9) ON CONFLICT (v) DO UPDATE SET n = excluded.n",
      COUNTERS,
      "INSERT OR REPLACE INTO t (id, v, n) VALUES (2, 'bb', 7)",
      COUNTERS,
      "INSERT INTO t (v, n) VALUES ('a', 1)",
      COUNTERS,
      'DELETE FROM t WHERE n < 5',
      COUNTERS,
      "INSERT INTO t (v, n) VALUES ('e', 5) RETURNING id",
      'SELECT changes(), total_changes()',
      'DELETE FROM u',
      COUNTERS,
      'SELECT changes() + 1, typeof(last_insert_rowid()) FROM t WHERE id = last_insert_rowid() OR id = 40 ORDER BY id',
    ]);
    expect(diffs).toEqual([]);
  });

  it('keep their values across transactions and failed statements', async () => {
    const diffs = await compare(p, [
      'CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)',
      "INSERT INTO t (v) VALUES ('a'), ('b')",
      'BEGIN',
      "INSERT INTO t (v) VALUES ('c')",
      COUNTERS,
      'ROLLBACK',
      COUNTERS,
      "INSERT INTO t (v) VALUES ('d'), (NULL)",
      COUNTERS,
      "INSERT INTO t (v) VALUES ('e')",
      COUNTERS,
      'UPDATE t SET v = NULL',
      COUNTERS,
      'SELECT changes(1)',
    ]);
    expect(diffs).toEqual([]);
  });
});

describe('change counters and triggers', () => {
  it('count the statement’s own rows in changes() and its triggers’ too in total_changes(), and keep its own last rowid', async () => {
    const diffs = await compare(p, [
      'CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)',
      'CREATE TABLE log (id INTEGER PRIMARY KEY, what TEXT)',
      "INSERT INTO log VALUES (100, 'start')",
      "CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN INSERT INTO log (what) VALUES ('ins ' || new.v); INSERT INTO log (what) VALUES ('again'); END",
      "INSERT INTO t (v) VALUES ('a'), ('b')",
      COUNTERS,
      "UPDATE log SET what = upper(what) WHERE id > 100",
      COUNTERS,
      'SELECT * FROM log ORDER BY id',
    ]);
    expect(diffs).toEqual([]);
  });
});

describe('a write result', () => {
  it('reports rows affected and the last inserted rowid, and prepared statements read the counters as they are at each run', async () => {
    const db = await Database.open();
    await db.sql('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
    const r = await db.sql("INSERT INTO t (v) VALUES ('a'), ('b')");
    expect(r).toBeInstanceOf(WriteResult);
    expect(r.rowsAffected).toBe(2);
    expect((r as WriteResult).lastInsertRowid).toBe(2);
    const read = await db.prepare('SELECT changes(), last_insert_rowid(), ?');
    expect((await read.run(['p'])).rows).toEqual([[2, 2, 'p']]);
    await db.sql("INSERT INTO t VALUES (7, 'c')");
    expect((await read.run(['q'])).rows).toEqual([[1, 7, 'q']]);
    const del = (await db.sql('DELETE FROM t')) as WriteResult;
    expect([del.rowsAffected, del.lastInsertRowid]).toEqual([3, null]);
    expect((await db.sql('SELECT changes(), total_changes(), last_insert_rowid()')).rows).toEqual([[3, 6, 7]]);
    // An EXPLAIN of a write changes nothing it counts; a prepared write counts each run.
    await db.sql("EXPLAIN INSERT INTO t (v) VALUES ('x')");
    const ins = await db.prepare('INSERT INTO t (v) VALUES (?)');
    await ins.run(['y']);
    const last = (await ins.run(['z'])) as WriteResult;
    expect(last.lastInsertRowid).toBe(2);
    expect((await db.sql('SELECT changes(), total_changes(), last_insert_rowid()')).rows).toEqual([[1, 8, 2]]);
    await db.close();
  });
});
