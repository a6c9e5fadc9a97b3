/**
 * Transactions through the public API: db.transaction, SQL BEGIN/COMMIT/ROLLBACK/SAVEPOINT,
 * statement-level rollback, isolation levels and optimistic-concurrency conflicts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, ConstraintError, Database } from '../../src/index.js';

let db: Database;
beforeEach(async () => {
  db = await Database.open();
  await db.sql("CREATE TABLE acct (id INTEGER PRIMARY KEY, owner TEXT, balance INTEGER); INSERT INTO acct VALUES (1, 'ann', 100), (2, 'bob', 50)");
});
afterEach(async () => {
  await db.close();
});

const balances = async () => (await db.sql('SELECT id, balance FROM acct ORDER BY id')).rows;

describe('db.transaction', () => {
  it('commits when the callback resolves', async () => {
    const value = await db.transaction(async (tx) => {
      await tx.sql('UPDATE acct SET balance = balance - 30 WHERE id = 1');
      await tx.sql('UPDATE acct SET balance = balance + 30 WHERE id = 2');
      return (await tx.sql('SELECT sum(balance) FROM acct')).rows[0][0];
    });
    expect(value).toBe(150);
    expect(await balances()).toEqual([
      [1, 70],
      [2, 80],
    ]);
  });

  it('rolls back everything when the callback throws', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.sql('UPDATE acct SET balance = 0 WHERE id = 1');
        await tx.sql("INSERT INTO acct VALUES (3, 'cy', 10)");
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await balances()).toEqual([
      [1, 100],
      [2, 50],
    ]);
  });

  it('a failing statement is undone alone; the transaction goes on', async () => {
    await db.transaction(async (tx) => {
      await tx.sql('UPDATE acct SET balance = 1 WHERE id = 1');
      await expect(tx.sql("INSERT INTO acct VALUES (3, 'x', 1), (1, 'dup', 1)")).rejects.toBeInstanceOf(ConstraintError);
      await tx.sql("INSERT INTO acct VALUES (4, 'dee', 4)");
    });
    expect((await db.sql('SELECT id FROM acct ORDER BY id')).rows).toEqual([[1], [2], [4]]);
  });

  it('sees its own writes, others do not until commit', async () => {
    let inside: unknown;
    let outside: unknown;
    await db.transaction(async (tx) => {
      await tx.sql('UPDATE acct SET balance = 999 WHERE id = 2');
      inside = (await tx.sql('SELECT balance FROM acct WHERE id = 2')).rows[0][0];
      outside = (await db.sql('SELECT balance FROM acct WHERE id = 2')).rows[0][0];
    });
    expect(inside).toBe(999);
    expect(outside).toBe(50);
    expect((await db.sql('SELECT balance FROM acct WHERE id = 2')).rows[0][0]).toBe(999);
  });

  it('refuses the handle after the callback and transaction control inside it', async () => {
    let escaped: { sql: (t: string) => Promise<unknown> } | undefined;
    await db.transaction(async (tx) => {
      escaped = tx;
      await expect(tx.sql('COMMIT')).rejects.toMatchObject({ code: 'TRANSACTION_STATE' });
    });
    await expect(escaped!.sql('SELECT 1')).rejects.toMatchObject({ code: 'TRANSACTION_STATE' });
  });
});

describe('isolation and conflicts', () => {
  it('serializable: write skew aborts one of two transactions', async () => {
    // Both read the sum and withdraw if it stays positive: only one may commit (DDIA's doctors on call).
    const withdraw = (id: number) =>
      db.transaction(async (tx) => {
        const total = Number((await tx.sql('SELECT sum(balance) FROM acct')).rows[0][0]);
        await new Promise((r) => setTimeout(r, 5));
        if (total - 120 >= 0) await tx.sql(`UPDATE acct SET balance = balance - 120 WHERE id = ${id}`);
      });
    const results = await Promise.allSettled([withdraw(1), withdraw(2)]);
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect((rejected[0] as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    expect((await db.sql('SELECT sum(balance) FROM acct')).rows[0][0]).toBe(30);
  });

  it('snapshot isolation allows that write skew', async () => {
    const withdraw = (id: number) =>
      db.transaction(
        async (tx) => {
          const total = Number((await tx.sql('SELECT sum(balance) FROM acct')).rows[0][0]);
          await new Promise((r) => setTimeout(r, 5));
          if (total - 120 >= 0) await tx.sql(`UPDATE acct SET balance = balance - 120 WHERE id = ${id}`);
        },
        { isolation: 'snapshot' },
      );
    const results = await Promise.allSettled([withdraw(1), withdraw(2)]);
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    expect((await db.sql('SELECT sum(balance) FROM acct')).rows[0][0]).toBe(-90);
  });

  it('snapshot isolation still prevents lost updates', async () => {
    const add = () =>
      db.transaction(
        async (tx) => {
          const b = Number((await tx.sql('SELECT balance FROM acct WHERE id = 1')).rows[0][0]);
          await new Promise((r) => setTimeout(r, 5));
          await tx.sql(`UPDATE acct SET balance = ${b + 10} WHERE id = 1`);
        },
        { isolation: 'snapshot' },
      );
    const results = await Promise.allSettled([add(), add()]);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect((await db.sql('SELECT balance FROM acct WHERE id = 1')).rows[0][0]).toBe(110);
  });

  it('read-only transactions never abort and cannot write', async () => {
    const reader = db.transaction(
      async (tx) => {
        const before = (await tx.sql('SELECT balance FROM acct WHERE id = 1')).rows[0][0];
        await new Promise((r) => setTimeout(r, 10));
        const after = (await tx.sql('SELECT balance FROM acct WHERE id = 1')).rows[0][0];
        return [before, after];
      },
      { readOnly: true },
    );
    await db.sql('UPDATE acct SET balance = 0 WHERE id = 1');
    expect(await reader).toEqual([100, 100]);
    await expect(db.transaction(async (tx) => tx.sql('DELETE FROM acct'), { readOnly: true })).rejects.toMatchObject({ code: 'READ_ONLY' });
  });
});

describe('SQL transaction statements', () => {
  it('BEGIN … COMMIT spans calls; ROLLBACK discards', async () => {
    await db.sql('BEGIN');
    await db.sql('UPDATE acct SET balance = 0 WHERE id = 1');
    await db.sql('ROLLBACK');
    expect(await balances()).toEqual([
      [1, 100],
      [2, 50],
    ]);
    await db.sql('BEGIN; UPDATE acct SET balance = 7 WHERE id = 2');
    await db.sql('COMMIT');
    expect((await balances())[1]).toEqual([2, 7]);
  });

  it('savepoints roll back part of a transaction', async () => {
    await db.sql(`BEGIN;
      UPDATE acct SET balance = 1 WHERE id = 1;
      SAVEPOINT s1;
      UPDATE acct SET balance = 2 WHERE id = 2;
      ROLLBACK TO s1;
      COMMIT`);
    expect(await balances()).toEqual([
      [1, 1],
      [2, 50],
    ]);
  });

  it('DDL is transactional', async () => {
    await db.sql('BEGIN; CREATE TABLE tmp (x INTEGER); INSERT INTO tmp VALUES (1)');
    expect((await db.sql('SELECT count(*) FROM tmp')).rows).toEqual([[1]]);
    await db.sql('ROLLBACK');
    await expect(db.sql('SELECT * FROM tmp')).rejects.toMatchObject({ code: 'UNKNOWN_NAME' });
  });

  it('COMMIT without BEGIN is an error', async () => {
    await expect(db.sql('COMMIT')).rejects.toMatchObject({ code: 'TRANSACTION_STATE' });
  });
});
