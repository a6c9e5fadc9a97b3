/**
 * Constraint violations name the constraint and the row they refused (issue 3), and leave the
 * table as it was: NOT NULL, UNIQUE on columns and on an expression (whose hidden column stays
 * out of the message).
 */
import { describe, expect, it } from 'vitest';
import { Database } from '../../src/index.js';

async function rowsOf(db: Database, sql: string): Promise<unknown[][]> {
  return [...(await db.sql(sql))].map((r) => [...(r as unknown[])]);
}

describe('constraint errors', () => {
  it('NOT NULL names the column and the row, on INSERT and UPDATE', async () => {
    const db = await Database.open();
    await db.sql("CREATE TABLE acct (id INTEGER PRIMARY KEY, owner TEXT NOT NULL, email TEXT UNIQUE); INSERT INTO acct VALUES (1, 'ann', 'a@x')");
    await expect(db.sql("INSERT INTO acct VALUES (2, NULL, 'b@x')")).rejects.toThrow("NOT NULL constraint failed: acct.owner on acct (id, owner, email) = (2, NULL, 'b@x')");
    await expect(db.sql('UPDATE acct SET owner = NULL')).rejects.toThrow("NOT NULL constraint failed: acct.owner on acct (id, owner, email) = (1, NULL, 'a@x')");
    expect(await rowsOf(db, 'SELECT * FROM acct')).toEqual([[1, 'ann', 'a@x']]);
    await db.close();
  });

  it('UNIQUE names the index, its columns, the key and the row being written', async () => {
    const db = await Database.open();
    await db.sql("CREATE TABLE acct (id INTEGER PRIMARY KEY, owner TEXT, email TEXT UNIQUE); INSERT INTO acct VALUES (1, 'ann', 'a@x')");
    await expect(db.sql("INSERT INTO acct VALUES (2, 'bob', 'a@x')")).rejects.toThrow(
      `UNIQUE constraint "autoindex_acct_1" failed on acct (email): ('a@x') already exists, writing acct (id, owner, email) = (2, 'bob', 'a@x')`,
    );
    await db.sql('CREATE TABLE pair (a INT, b INT); CREATE UNIQUE INDEX pair_ab ON pair (a, b); INSERT INTO pair VALUES (1, 2)');
    await expect(db.sql('INSERT INTO pair VALUES (1, 2)')).rejects.toThrow('UNIQUE constraint "pair_ab" failed on pair (a, b): (1, 2) already exists, writing pair (rowid, a, b) = (2, 1, 2)');
    expect(await rowsOf(db, 'SELECT count(*) FROM acct')).toEqual([[1]]);
    expect(await rowsOf(db, 'SELECT count(*) FROM pair')).toEqual([[1]]);
    await db.close();
  });

  it('UNIQUE on an expression shows the key, not the hidden column that holds it', async () => {
    const db = await Database.open();
    await db.sql("CREATE TABLE w (id INT PRIMARY KEY, name TEXT); CREATE UNIQUE INDEX w_name ON w (lower(name)); INSERT INTO w VALUES (1, 'Ann')");
    const err = await db.sql("INSERT INTO w VALUES (2, 'ANN')").then(
      () => null,
      (e: Error) => e.message,
    );
    expect(err).toBe(`UNIQUE constraint "w_name" failed on w: ('ann') already exists, writing w (id, name) = (2, 'ANN')`);
    expect(await rowsOf(db, 'SELECT * FROM w')).toEqual([[1, 'Ann']]);
    await db.close();
  });
});
