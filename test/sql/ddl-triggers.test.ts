/**
 * CREATE TRIGGER / DROP TRIGGER: kept in the catalog with SQLite's naming rules (firing is
 * tested in dml-triggers.test.ts).
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

describe('triggers against SQLite', () => {
  it('creates, names and drops triggers', async () => {
    const diffs = await compare(p, [
      'CREATE TABLE t1 (x INTEGER, y VARCHAR(8))',
      "INSERT INTO t1 VALUES (1, 'true')",
      'CREATE TRIGGER r1 UPDATE ON t1 BEGIN SELECT 1; END',
      'CREATE TRIGGER r1 UPDATE ON t1 BEGIN SELECT 1; END',
      'CREATE TRIGGER IF NOT EXISTS r1 UPDATE ON t1 BEGIN SELECT 1; END',
      'CREATE TRIGGER r2 AFTER INSERT ON t1 FOR EACH ROW WHEN new.x > 0 BEGIN SELECT new.y; SELECT 2; END',
      'CREATE TRIGGER r3 BEFORE DELETE ON t1 BEGIN SELECT old.x; END',
      'CREATE TRIGGER r4 BEFORE DELETE ON nope BEGIN SELECT 1; END',
      "INSERT INTO t1 VALUES (2, 'two')",
      'UPDATE t1 SET x = x + 1',
      'DELETE FROM t1 WHERE x = 3',
      'SELECT * FROM t1 ORDER BY x',
      'DROP TRIGGER r1',
      'DROP TRIGGER r1',
      'DROP TRIGGER IF EXISTS r1',
      'CREATE TRIGGER r1 UPDATE ON t1 BEGIN SELECT 1; END',
      'BEGIN',
      'DROP TABLE t1',
      'ROLLBACK',
      'DROP TRIGGER r2',
      'DROP TABLE t1',
      'DROP TRIGGER r3',
      'CREATE TABLE t1 (x)',
      'CREATE TRIGGER r3 INSERT ON t1 BEGIN SELECT 1; END',
    ]);
    expect(diffs).toEqual([]);
  });

  it('checks the names in a trigger body when it fires, as SQLite does', async () => {
    const diffs = await compare(p, [
      'CREATE TABLE t (x)',
      'CREATE TRIGGER w AFTER INSERT ON t BEGIN INSERT INTO log VALUES (new.x); END',
      'INSERT INTO t VALUES (1)',
      'CREATE TABLE log (x)',
      'INSERT INTO t VALUES (2)',
      'SELECT * FROM log',
      'SELECT * FROM t',
    ]);
    expect(diffs).toEqual([]);
  });
});
