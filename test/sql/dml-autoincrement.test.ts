/**
 * AUTOINCREMENT (keys never reused, the largest kept in sqlite_sequence and rolled back with its
 * transaction) and the rowid/INTEGER PRIMARY KEY rule without it (one more than the largest),
 * statement by statement against SQLite (sql.js).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compare, openPeers, type Peers } from './ddl-peer.js';

let p: Peers;
beforeEach(async () => {
  p = await openPeers();
});
afterEach(async () => {
  await p.close();
});

describe('AUTOINCREMENT against SQLite', () => {
  it('never reuses a key, counts keys given, and keeps the largest in sqlite_sequence', async () => {
    const diffs = await compare(p, [
      'CREATE TABLE a (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT)',
      "INSERT INTO a (v) VALUES ('x'), ('y'), ('z')",
      'DELETE FROM a WHERE id = 3',
      "INSERT INTO a (v) VALUES ('w')",
      'SELECT * FROM a ORDER BY id',
      'SELECT * FROM sqlite_sequence ORDER BY name',
      "INSERT INTO a VALUES (10, 'ten')",
      'DELETE FROM a WHERE id >= 4',
      "INSERT INTO a (v) VALUES ('q'), ('r')",
      "INSERT INTO a VALUES (NULL, 's'), (20, 't'), (NULL, 'u')",
      'SELECT * FROM a ORDER BY id',
      'SELECT * FROM sqlite_sequence ORDER BY name',
      "INSERT OR IGNORE INTO a VALUES (1, 'dup')",
      "INSERT INTO a (v) SELECT v || '!' FROM a WHERE id < 3",
      'SELECT * FROM a ORDER BY id',
      "UPDATE sqlite_sequence SET seq = 100 WHERE name = 'a'",
      "INSERT INTO a (v) VALUES ('after')",
      'SELECT * FROM a ORDER BY id',
      'SELECT * FROM sqlite_sequence ORDER BY name',
    ]);
    expect(diffs).toEqual([]);
  });

  it('rolls the largest key back with the transaction and with a failed statement', async () => {
    const diffs = await compare(p, [
      'CREATE TABLE a (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT NOT NULL)',
      "INSERT INTO a (v) VALUES ('x')",
      'BEGIN',
      "INSERT INTO a (v) VALUES ('t1'), ('t2')",
      'ROLLBACK',
      'SELECT * FROM sqlite_sequence ORDER BY name',
      "INSERT INTO a (v) VALUES ('y'), (NULL)",
      'SELECT * FROM sqlite_sequence ORDER BY name',
      "INSERT INTO a (v) VALUES ('z')",
      'SELECT * FROM a ORDER BY id',
    ]);
    expect(diffs).toEqual([]);
  });

  it('follows the table through DROP and RENAME, and refuses AUTOINCREMENT off an INTEGER PRIMARY KEY', async () => {
    const diffs = await compare(p, [
      'CREATE TABLE a (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT)',
      'CREATE TABLE b (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT)',
      "INSERT INTO a (v) VALUES ('x'), ('y')",
      "INSERT INTO b (v) VALUES ('x')",
      'DELETE FROM a',
      'ALTER TABLE a RENAME TO c',
      'SELECT * FROM sqlite_sequence ORDER BY name',
      "INSERT INTO c (v) VALUES ('z')",
      'SELECT * FROM c ORDER BY id',
      'CREATE TABLE a (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT)',
      "INSERT INTO a (v) VALUES ('fresh')",
      'SELECT * FROM a ORDER BY id',
      'DROP TABLE c',
      'SELECT * FROM sqlite_sequence ORDER BY name',
      'DROP TABLE sqlite_sequence',
      'CREATE TABLE bad (id INT PRIMARY KEY AUTOINCREMENT)',
      'CREATE TABLE bad (id TEXT PRIMARY KEY AUTOINCREMENT)',
      'CREATE TABLE bad (id INTEGER, v INTEGER PRIMARY KEY AUTOINCREMENT)',
      "INSERT INTO bad (v) VALUES (1)",
      'SELECT * FROM sqlite_sequence ORDER BY name',
    ]);
    expect(diffs).toEqual([]);
    await expect(p.db.sql('CREATE TABLE e (id TEXT PRIMARY KEY AUTOINCREMENT)')).rejects.toThrow(/only allowed on an INTEGER PRIMARY KEY \(column id\).*line 1, column 25/);
  });

  it('without AUTOINCREMENT a key is one more than the largest, counting keys given in the same statement', async () => {
    const diffs = await compare(p, [
      'CREATE TABLE c (id INTEGER PRIMARY KEY, v)',
      "INSERT INTO c VALUES (10, 'a'), (NULL, 'b')",
      "INSERT INTO c (v) VALUES ('c')",
      'DELETE FROM c WHERE id > 10',
      "INSERT INTO c VALUES (NULL, 'd'), (5, 'e'), (NULL, 'f')",
      'SELECT * FROM c ORDER BY id',
      'CREATE TABLE r (x, y)',
      "INSERT INTO r (rowid, x) VALUES (7, 'a'), (NULL, 'b')",
      "INSERT INTO r VALUES (5, 'c')",
      'SELECT rowid, * FROM r ORDER BY rowid',
    ]);
    expect(diffs).toEqual([]);
  });
});
