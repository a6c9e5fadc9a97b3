/**
 * ALTER TABLE ADD COLUMN with a CHECK: the old rows read the new column's default, so the
 * CHECK must hold for them; when it does not for some row, the ALTER fails naming that row
 * and leaves the table as it was (outside and inside a transaction), as SQLite refuses it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database } from '../../src/index.js';

let db: Database;
beforeEach(async () => {
  db = await Database.open();
  await db.sql('CREATE TABLE t (id INTEGER PRIMARY KEY, a INT); INSERT INTO t VALUES (1, 1), (2, 5)');
});
afterEach(async () => {
  await db.close();
});

describe('ADD COLUMN … CHECK over existing rows', () => {
  it('fails naming the first row that breaks it, and keeps the old schema', async () => {
    await expect(db.sql('ALTER TABLE t ADD COLUMN b INT DEFAULT 3 CHECK (b > a)')).rejects.toThrow('CHECK constraint failed: b > a on t (id, a, b) = (2, 5, 3)');
    expect((await db.sql('SELECT * FROM t ORDER BY id')).rows).toEqual([
      [1, 1],
      [2, 5],
    ]);
    await db.sql('INSERT INTO t VALUES (3, 9)');
  });

  it('rolls back only the ALTER inside a transaction', async () => {
    await db.sql('BEGIN');
    await db.sql('INSERT INTO t VALUES (3, 0)');
    await expect(db.sql('ALTER TABLE t ADD COLUMN b INT DEFAULT 0 CONSTRAINT pos CHECK (b > 0)')).rejects.toThrow(/CHECK constraint failed: pos on t/);
    await db.sql('COMMIT');
    expect((await db.sql('SELECT count(*) FROM t')).rows).toEqual([[3]]);
    expect((await db.sql('SELECT * FROM t WHERE id = 3')).columns).toEqual(['id', 'a']);
  });

  it('adds the column when every row passes, and the CHECK then guards new rows', async () => {
    await db.sql('ALTER TABLE t ADD COLUMN b INT DEFAULT 10 CHECK (b > a)');
    expect((await db.sql('SELECT * FROM t ORDER BY id')).rows).toEqual([
      [1, 1, 10],
      [2, 5, 10],
    ]);
    await expect(db.sql('INSERT INTO t VALUES (3, 20, 10)')).rejects.toThrow(/CHECK constraint failed: b > a/);
    await expect(db.sql('ALTER TABLE t ADD COLUMN c INT CHECK (c IS NULL OR c > 0)')).resolves.toBeDefined();
  });
});
