/**
 * Statements inside a transaction are planned with the rows its own writes added or removed
 * (StoreTransaction.statistics): a relation empty when the transaction began but filled by it
 * is estimated at its size, and a rollback to a savepoint takes the rows back out.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database } from '../../src/index.js';

let db: Database;
beforeEach(async () => {
  db = await Database.open();
  await db.sql('CREATE TABLE big (id INTEGER PRIMARY KEY, v INTEGER)');
});
afterEach(async () => {
  await db.close();
});

const fill = (from: number, count: number) =>
  `INSERT INTO big WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${count}) SELECT ${from} + i, i % 7 FROM n`;
const estimate = async (run: (sql: string) => Promise<{ rows: unknown[][] }>) => String((await run('EXPLAIN SELECT * FROM big')).rows[0][0]).match(/est\. (\d+) rows/)?.[1];

describe('statistics inside a transaction', () => {
  it("count the transaction's own inserts", async () => {
    await db.transaction(async (tx) => {
      expect(await estimate((s) => tx.sql(s))).toBe('1');
      await tx.sql(fill(0, 2000));
      expect(await estimate((s) => tx.sql(s))).toBe('2000');
      await tx.sql('DELETE FROM big WHERE id > 1500');
      expect(await estimate((s) => tx.sql(s))).toBe('1500');
    });
    // Committed: the store's own figures agree.
    expect(await estimate((s) => db.sql(s))).toBe('1500');
  });

  it('drop the rows a rollback to a savepoint takes back', async () => {
    await db.sql('BEGIN');
    await db.sql(fill(0, 2000));
    await db.sql('SAVEPOINT s');
    await db.sql(fill(5000, 1000));
    expect(await estimate((s) => db.sql(s))).toBe('3000');
    await db.sql('ROLLBACK TO s');
    expect(await estimate((s) => db.sql(s))).toBe('2000');
    await db.sql('ROLLBACK');
    expect(await estimate((s) => db.sql(s))).toBe('1');
  });
});
