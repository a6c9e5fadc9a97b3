import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database } from '../../src/index.js';

/**
 * A prepared statement keeps its plan while the schema and the sizes (by power of two) of the
 * relations it reads stay as they were; the sizes are checked again only after a commit changed
 * some relation's statistics (Store.statisticsVersion).
 */
describe('a prepared plan and the sizes of its relations', () => {
  let db: Database;
  beforeEach(async () => {
    db = await Database.open();
    await db.sql('CREATE TABLE a (id INTEGER PRIMARY KEY, k INTEGER)');
    await db.sql('CREATE TABLE b (id INTEGER PRIMARY KEY, k INTEGER)');
    await db.sql('INSERT INTO a VALUES (1, 1)');
    const rows = Array.from({ length: 300 }, (_, i) => `(${i}, ${i % 7})`).join(', ');
    await db.sql(`INSERT INTO b VALUES ${rows}`);
  });
  afterEach(() => db.close());

  const explain = async (s: { run(): Promise<{ rows: unknown[][] }> }) => (await s.run()).rows.map((r) => String(r[0])).join('\n');

  it('keeps the plan across reads and re-plans when a relation grows by orders of magnitude', async () => {
    const stmt = await db.prepare('EXPLAIN SELECT count(*) FROM a JOIN b ON a.k = b.k');
    const small = await explain(stmt);
    expect(await explain(stmt)).toBe(small);
    // Still within the same power of two: the cached plan stays.
    await db.sql('INSERT INTO b VALUES (1000, 3)');
    expect(await explain(stmt)).toBe(small);
    const rows = Array.from({ length: 5000 }, (_, i) => `(${i + 2}, ${i % 5})`).join(', ');
    await db.sql(`INSERT INTO a VALUES ${rows}`);
    const large = await explain(stmt);
    expect(large).not.toBe(small);
    // The plan made for the new sizes is what a fresh EXPLAIN makes.
    expect(large).toBe((await db.sql('EXPLAIN SELECT count(*) FROM a JOIN b ON a.k = b.k')).rows.map((r) => String(r[0])).join('\n'));
  });

  it('answers from the re-planned statement as from a fresh one', async () => {
    const stmt = await db.prepare('SELECT count(*) FROM a JOIN b ON a.k = b.k');
    expect((await stmt.run()).rows).toEqual((await db.sql('SELECT count(*) FROM a JOIN b ON a.k = b.k')).rows);
    const rows = Array.from({ length: 5000 }, (_, i) => `(${i + 2}, ${i % 5})`).join(', ');
    await db.sql(`INSERT INTO a VALUES ${rows}`);
    expect((await stmt.run()).rows).toEqual((await db.sql('SELECT count(*) FROM a JOIN b ON a.k = b.k')).rows);
  });
});
