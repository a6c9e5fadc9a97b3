/**
 * A column a filter equates with a constant has one distinct value among the rows it keeps
 * (optimizer/estimate.ts): a group-by on it makes one group, and a join of two such columns
 * (`t.k = 5 AND u.k2 = t.k`: carry-constants gives u its own `u.k2 = 5`) keeps every pair of
 * the rows kept, not one in ten.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/index.js';

let db: Database;
beforeAll(async () => {
  db = await Database.open();
  await db.sql('CREATE TABLE t (id INTEGER PRIMARY KEY, k INTEGER); CREATE TABLE u (id INTEGER PRIMARY KEY, k2 INTEGER)');
  await db.sql(`INSERT INTO t VALUES ${Array.from({ length: 1000 }, (_, i) => `(${i}, ${i % 100})`).join(', ')}`);
  await db.sql(`INSERT INTO u VALUES ${Array.from({ length: 500 }, (_, i) => `(${i}, ${i % 50})`).join(', ')}`);
});
afterAll(async () => {
  await db.close();
});

/** estimateOf reads the estimate EXPLAIN prints on the first line matching `operator`. */
async function estimateOf(q: string, operator: RegExp): Promise<number> {
  const plan = (await db.explain('sql', q)).physical;
  const line = plan.split('\n').find((l) => operator.test(l));
  return Number(/\(est\. (\d+) rows/.exec(line ?? '')?.[1]);
}

describe('a column equated with a constant', () => {
  it('makes one group', async () => {
    const q = 'SELECT k, count(*) FROM t WHERE k = 5 GROUP BY k';
    expect(await estimateOf(q, /HashAggregate/)).toBe(1);
    expect((await db.sql(q)).rows).toEqual([[5, 10]]);
  });

  it('joins every kept row with every kept row of a column equated with the same constant', async () => {
    // Every pair read, not counted: a count(*) would group t first (eager-aggregate.ts).
    const q = 'SELECT t.id, u.id FROM t JOIN u ON u.k2 = t.k WHERE t.k = 5';
    const rows = await estimateOf(q, /Join/);
    expect(rows).toBeGreaterThan(60);
    expect(rows).toBeLessThan(160);
    expect((await db.sql(q)).rows).toHaveLength(100);
  });
});
