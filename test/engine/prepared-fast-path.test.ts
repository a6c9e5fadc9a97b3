/**
 * PreparedStatement.run with parameters only takes Session.runPrepared: a cached read-only plan
 * outside a transaction runs with no options object, and a point plan keeps its relation's
 * getter for the transaction of its last run (point-plan.ts). Its answers must equal the
 * general path's — the same statement run with options (runOne), and the same text unprepared
 * with index selection off (a scan) — on random tables, with writes between runs, inside and
 * outside transactions, and after DDL that invalidates the plan.
 */
import { describe, expect, it } from 'vitest';
import { Database, PolyglotError, StateError } from '../../src/index.js';
import { Random } from '../sql/generator.js';

const SCAN = { optimizer: { disabled: ['select-indexes'] } };

describe('prepared runs with parameters only', () => {
  it('answer as the general path does, through writes, transactions and DDL', async () => {
    for (const seed of [1, 2]) {
      const r = new Random(seed);
      const int = (n: number) => r.int(0, n - 1);
      const db = await Database.open();
      await db.sql('CREATE TABLE a (id INTEGER PRIMARY KEY, v INTEGER, s TEXT)');
      await db.sql('CREATE TABLE b (x INTEGER, y TEXT, w INTEGER, PRIMARY KEY (x, y))');
      const insA = await db.prepare('INSERT OR REPLACE INTO a (id, v, s) VALUES (?, ?, ?)');
      const insB = await db.prepare('INSERT OR REPLACE INTO b VALUES (?, ?, ?)');
      await insA.runMany(Array.from({ length: 200 }, (_, i) => [i, int(1000), `s${int(50)}`]));
      await insB.runMany(Array.from({ length: 200 }, (_, i) => [i % 40, `y${i % 5}`, int(1000)]));
      const queries: [string, () => unknown[]][] = [
        ['SELECT s, v FROM a WHERE id = ?', () => [int(260) - 20]],
        ['SELECT v FROM a WHERE id = ? AND v > ?', () => [int(220), int(1000)]],
        ['SELECT w FROM b WHERE x = ? AND y = ?', () => [int(45), `y${int(6)}`]],
        ['SELECT count(*) FROM a WHERE v < ?', () => [int(1000)]],
      ];
      const prepared = await Promise.all(queries.map(([text]) => db.prepare(text)));
      let open = false;
      let column = 0;
      for (let step = 0; step < 300; step++) {
        const op = int(100);
        if (op < 12) await insA.run([int(260), int(1000), `s${int(50)}`]);
        else if (op < 16) await db.sql('DELETE FROM a WHERE id = ?', [int(260)]);
        else if (op < 20) await db.sql('UPDATE a SET v = v + 1 WHERE id % 7 = ?', [int(7)]);
        else if (op < 24) await insB.run([int(45), `y${int(6)}`, int(1000)]);
        else if (op < 27 && !open) {
          await db.sql('BEGIN');
          open = true;
        } else if (op < 30 && open) {
          await db.sql(int(2) === 0 ? 'COMMIT' : 'ROLLBACK');
          open = false;
        } else if (op < 31) await db.sql(`ALTER TABLE a ADD COLUMN c${column++} INTEGER`);
        else {
          const q = int(queries.length);
          const params = queries[q][1]() as (number | string)[];
          const got = (await prepared[q].run(params)).rows;
          expect(got, `seed ${seed} step ${step}: ${queries[q][0]} ${JSON.stringify(params)}`).toEqual((await prepared[q].run(params, {})).rows);
          expect(got, `seed ${seed} step ${step}: ${queries[q][0]} ${JSON.stringify(params)} (scan)`).toEqual((await db.sql(queries[q][0], params, SCAN)).rows);
        }
      }
      await db.close();
    }
  });

  it('see the writes of db.transaction once committed, and of an open BEGIN at once', async () => {
    const db = await Database.open();
    await db.sql('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
    const read = await db.prepare('SELECT v FROM t WHERE id = ?');
    expect((await read.run([1])).rows).toEqual([]);
    await db.transaction(async (tx) => {
      await tx.sql("INSERT INTO t VALUES (1, 'one')");
    });
    expect((await read.run([1])).rows).toEqual([['one']]);
    await db.sql('BEGIN');
    await db.sql("UPDATE t SET v = 'uno' WHERE id = 1");
    expect((await read.run([1])).rows).toEqual([['uno']]);
    await db.sql('ROLLBACK');
    expect((await read.run([1])).rows).toEqual([['one']]);
    await db.sql('DROP TABLE t');
    await db.sql('CREATE TABLE t (id INTEGER PRIMARY KEY, w INTEGER, v TEXT)');
    await db.sql("INSERT INTO t VALUES (1, 5, 'again')");
    expect((await read.run([1])).rows).toEqual([['again']]);
    await db.close();
  });

  it('reject with a PolyglotError, never throw, on bad parameters or a closed database', async () => {
    const db = await Database.open();
    await db.sql('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
    const read = await db.prepare('SELECT v FROM t WHERE id = ?');
    expect((await read.run([1])).rows).toEqual([]);
    for (const bad of [[], undefined, 5, { id: 1 }] as never[]) {
      let result: Promise<unknown> | undefined;
      expect(() => (result = read.run(bad))).not.toThrow();
      await expect(result).rejects.toBeInstanceOf(PolyglotError);
      await expect(read.run(bad)).rejects.toThrow(/missing query parameter/);
    }
    expect((await read.run([1])).rows).toEqual([]);
    await db.close();
    await expect(read.run([1])).rejects.toBeInstanceOf(StateError);
  });
});
