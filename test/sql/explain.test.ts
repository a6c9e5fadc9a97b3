/**
 * EXPLAIN shows the optimizer's choices: key ranges for primary-key and indexed predicates,
 * hash joins for equi-joins, and a join order that follows the statistics.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database } from '../../src/index.js';

let db: Database;
beforeEach(async () => {
  db = await Database.open();
});
afterEach(async () => {
  await db.close();
});

async function fill(table: string, rows: number, cols: (i: number) => (number | string)[]): Promise<void> {
  const values: string[] = [];
  for (let i = 0; i < rows; i++) values.push(`(${cols(i).map((v) => (typeof v === 'string' ? `'${v}'` : v)).join(', ')})`);
  for (let i = 0; i < values.length; i += 500) await db.sql(`INSERT INTO ${table} VALUES ${values.slice(i, i + 500).join(', ')}`);
}

/** innermostJoin returns the tables scanned directly under the most deeply nested join of a plan. */
function innermostJoin(plan: string): string[] {
  const lines = plan.split('\n');
  let best = -1;
  let depth = -1;
  lines.forEach((l, i) => {
    const d = l.length - l.trimStart().length;
    if (/Join/.test(l) && d > depth) {
      depth = d;
      best = i;
    }
  });
  const tables: string[] = [];
  for (let i = best + 1; i < lines.length; i++) {
    const d = lines[i].length - lines[i].trimStart().length;
    if (d <= depth) break;
    const m = /(?:TableScan|IndexScan) (\w+)/.exec(lines[i]);
    if (m) tables.push(m[1]);
  }
  return tables.sort();
}

describe('EXPLAIN', () => {
  it('uses a primary-key range for a key predicate and an index range for an indexed column', async () => {
    await db.sql('CREATE TABLE person (id INTEGER PRIMARY KEY, name TEXT, age INTEGER); CREATE INDEX person_age ON person (age)');
    await fill('person', 200, (i) => [i, `p${i}`, i % 90]);
    const byKey = await db.explain('sql', 'SELECT name FROM person WHERE id = 42');
    expect(byKey.physical).toMatch(/TableScan person range \[42 \.\. 42\]/);
    const byRange = await db.explain('sql', 'SELECT name FROM person WHERE age >= 30 AND age < 40');
    expect(byRange.physical).toMatch(/IndexScan person using person_age range \[30 \.\. 40\)/);
    const noIndex = await db.explain('sql', "SELECT id FROM person WHERE name = 'p7'");
    expect(noIndex.physical).toMatch(/TableScan person  \(/);
    // The same through SQL's EXPLAIN statement.
    const viaSql = await db.sql('EXPLAIN SELECT name FROM person WHERE id = ?', [7]);
    expect(viaSql.columns).toEqual(['plan']);
    // A parameter takes the key column's affinity when bound ('7' finds 7), inside the range.
    expect(viaSql.rows.map((r) => r[0]).join('\n')).toMatch(/TableScan person range \[\(sql\.numeric_affinity \$1\) \.\. \(sql\.numeric_affinity \$1\)\]/);
    expect((await db.sql('SELECT name FROM person WHERE id = ?', ['7'])).rows).toEqual((await db.sql('SELECT name FROM person WHERE id = 7')).rows);
  });

  it('joins two scans on an equality with a hash join', async () => {
    await db.sql('CREATE TABLE a (id INTEGER PRIMARY KEY, x INTEGER); CREATE TABLE b (id INTEGER PRIMARY KEY, x INTEGER)');
    await fill('a', 300, (i) => [i, i % 50]);
    await fill('b', 300, (i) => [i, i % 70]);
    const e = await db.explain('sql', 'SELECT a.id, b.id FROM a JOIN b ON a.x = b.x');
    expect(e.physical).toMatch(/HashJoin inner on \(x#\d+\) = \(x#\d+\)/);
  });

  it('EXPLAIN ANALYZE reports actual rows per operator', async () => {
    await db.sql('CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)');
    await fill('t', 100, (i) => [i, i % 10]);
    const e = await db.explain('sql', 'SELECT v, count(*) FROM t GROUP BY v', { analyze: true });
    expect(e.physical).toMatch(/HashAggregate .* actual 10 rows/);
    expect(e.physical).toMatch(/TableScan t .* actual 100 rows/);
  });

  it('changes the join order when the statistics change', async () => {
    await db.sql(`
      CREATE TABLE r (id INTEGER PRIMARY KEY, k INTEGER);
      CREATE TABLE s (id INTEGER PRIMARY KEY, k INTEGER, m INTEGER);
      CREATE TABLE t (id INTEGER PRIMARY KEY, m INTEGER)`);
    const query = 'SELECT count(*) FROM r JOIN s ON r.k = s.k JOIN t ON s.m = t.m';
    // r is tiny and selective, t is large: join r with s first.
    await fill('r', 5, (i) => [i, i]);
    await fill('s', 400, (i) => [i, i % 200, i % 20]);
    await fill('t', 2000, (i) => [i, i % 20]);
    const before = innermostJoin((await db.explain('sql', query, { optimizer: { disabled: ['select-indexes'] } })).physical);
    expect(before).toEqual(['r', 's']);
    // Now r is large and t tiny and selective: join s with t first.
    await db.sql('DELETE FROM t WHERE id >= 5');
    await db.sql('UPDATE t SET m = 1000 + id');
    await fill('r', 3000, (i) => [10 + i, i % 200]);
    const after = innermostJoin((await db.explain('sql', query, { optimizer: { disabled: ['select-indexes'] } })).physical);
    expect(after).toEqual(['s', 't']);
  });

  it('lists every optimizer pass with its time', async () => {
    const e = await db.explain('sql', 'SELECT 1 + 2');
    expect(e.passes.map((p) => p.name)).toEqual(['fold-constants', 'decorrelate', 'push-filters', 'push-limits', 'gather-joins', 'carry-constants', 'distinct-keys', 'distribute-joins', 'eager-aggregate', 'order-joins', 'prune-columns', 'physical-plan']);
    expect(e.logical).toMatch(/\(extend \(\S+ 3\)\)|3/);
  });
});
