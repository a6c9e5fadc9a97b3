/**
 * Differential tests: generated queries answered by polyglotdb must equal SQLite's (sql.js),
 * and polyglotdb's answers must not change when the optimizer is switched off.
 */
import initSqlJs from 'sql.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/index.js';
import type { Value } from '../../src/index.js';
import { canonical } from './canonical.js';
import { query, Random, schemaAndData } from './generator.js';

const SEEDS = [1, 2, 3];
const QUERIES_PER_SEED = 250;

type Rows = unknown[][];

describe.each(SEEDS)('generated queries, seed %i', (seed) => {
  let db: Database;
  let sqlite: import('sql.js').Database;
  const r = new Random(seed);
  const setup = schemaAndData(r);
  const queries = Array.from({ length: QUERIES_PER_SEED }, () => query(r));

  beforeAll(async () => {
    db = await Database.open();
    await db.sql(setup.join(';\n'));
    const SQL = await initSqlJs();
    sqlite = new SQL.Database();
    sqlite.exec(setup.join(';\n'));
  });
  afterAll(async () => {
    await db.close();
    sqlite.close();
  });

  it('agree with SQLite', async () => {
    const mismatches: string[] = [];
    for (const q of queries) {
      const ordered = /ORDER BY/.test(q);
      const expected = sqlite.exec(q)[0]?.values ?? [];
      let actual: Rows;
      try {
        actual = (await db.sql(q)).rows as Value[][];
      } catch (e) {
        mismatches.push(`${q}\n  error: ${(e as Error).message}`);
        continue;
      }
      const a = canonical(actual, ordered);
      const b = canonical(expected, ordered);
      if (JSON.stringify(a) !== JSON.stringify(b)) mismatches.push(`${q}\n  ours:   ${a.slice(0, 5).join(' ')}\n  sqlite: ${b.slice(0, 5).join(' ')}`);
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it('answer the same with the optimizer off', async () => {
    const mismatches: string[] = [];
    for (const q of queries) {
      const ordered = /ORDER BY/.test(q);
      const on = canonical((await db.sql(q)).rows, ordered);
      const off = canonical((await db.sql(q, [], { optimizer: { disabled: ['all', 'select-indexes'] } })).rows, ordered);
      if (JSON.stringify(on) !== JSON.stringify(off)) mismatches.push(q);
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });
});
