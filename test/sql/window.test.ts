/**
 * SQL window functions through the whole pipeline: hand-written queries over every function,
 * frame kind and window clause, each answered by SQLite (sql.js) on the same seeded tables and
 * by polyglotdb with the optimizer on and off; plus the misuse errors and the plans.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PolyglotError } from '../../src/index.js';
import { Random, schemaAndData } from './generator.js';
import { Engines } from './window-compare.js';

let engines: Engines;
beforeAll(async () => {
  engines = await Engines.open(schemaAndData(new Random(7)));
});
afterAll(async () => {
  await engines.close();
});

async function agree(queries: string[]): Promise<void> {
  const mismatches: string[] = [];
  for (const q of queries) {
    if ('error' in engines.sqliteOutcome(q)) throw new Error(`SQLite rejects a test query: ${q}: ${JSON.stringify(engines.sqliteOutcome(q))}`);
    const m = await engines.mismatch(q);
    if (m) mismatches.push(m);
  }
  expect(mismatches).toEqual([]);
}

describe('window functions agree with SQLite', () => {
  it('ranking functions over partitions with NULLs and ties', async () => {
    await agree([
      'SELECT id, a, row_number() OVER (ORDER BY a, id) FROM t1',
      'SELECT id, a, rank() OVER (ORDER BY a) FROM t1',
      'SELECT id, a, b, rank() OVER (PARTITION BY b ORDER BY a DESC) FROM t1',
      'SELECT id, dense_rank() OVER (PARTITION BY b ORDER BY a NULLS LAST) FROM t1',
      'SELECT id, percent_rank() OVER (PARTITION BY c ORDER BY a) FROM t1',
      'SELECT id, cume_dist() OVER (PARTITION BY c ORDER BY a DESC NULLS FIRST) FROM t1',
      'SELECT id, rank() OVER (), dense_rank() OVER (), percent_rank() OVER (), cume_dist() OVER () FROM t2',
      'SELECT id, ntile(4) OVER (ORDER BY a, id) FROM t1',
      'SELECT id, ntile(7) OVER (PARTITION BY b % 3 ORDER BY id) FROM t1',
      'SELECT id, ntile(100) OVER (ORDER BY id) FROM t3',
      'SELECT id, row_number() OVER (PARTITION BY a, d ORDER BY id DESC) FROM t2',
    ]);
  });

  it('LAG, LEAD and the value functions', async () => {
    await agree([
      'SELECT id, lag(a) OVER (ORDER BY id), lead(a) OVER (ORDER BY id) FROM t1',
      'SELECT id, lag(a, 2) OVER (PARTITION BY b ORDER BY id), lead(a, 3, -1) OVER (PARTITION BY b ORDER BY id) FROM t1',
      "SELECT id, lag(s, 1, 'none') OVER (ORDER BY s, id) FROM t3",
      'SELECT id, lag(a, 0) OVER (ORDER BY id), lead(a, id % 3) OVER (ORDER BY id) FROM t2',
      "SELECT id, lag(a, -1) OVER (ORDER BY id), lead(a, -2, 0) OVER (ORDER BY id), lag(a, 2.0) OVER (ORDER BY id), lag(a, 1.5) OVER (ORDER BY id), lag(a, NULL) OVER (ORDER BY id), lead(a, '2') OVER (ORDER BY id) FROM t2",
      'SELECT id, first_value(a) OVER (PARTITION BY b ORDER BY id) FROM t1',
      'SELECT id, last_value(a) OVER (PARTITION BY b ORDER BY id) FROM t1',
      'SELECT id, last_value(a) OVER (PARTITION BY b ORDER BY c) FROM t1',
      'SELECT id, nth_value(a, 2) OVER (PARTITION BY c ORDER BY id) FROM t1',
      'SELECT id, nth_value(a, 3) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING) FROM t1',
      'SELECT id, first_value(a) OVER (ORDER BY id ROWS BETWEEN 1 FOLLOWING AND 3 FOLLOWING), last_value(a) OVER (ORDER BY id ROWS BETWEEN 3 PRECEDING AND 1 PRECEDING) FROM t2',
      'SELECT id, first_value(id) OVER (ORDER BY a RANGE BETWEEN 2 PRECEDING AND 2 FOLLOWING) FROM t1',
    ]);
  });

  it('aggregates over the default frame, with and without ORDER BY', async () => {
    await agree([
      'SELECT id, sum(a) OVER () FROM t1',
      'SELECT id, sum(a) OVER (PARTITION BY b) FROM t1',
      'SELECT id, sum(a) OVER (ORDER BY b), count(*) OVER (ORDER BY b), count(a) OVER (ORDER BY b) FROM t1',
      'SELECT id, avg(a) OVER (PARTITION BY c ORDER BY b DESC), total(a) OVER (PARTITION BY c ORDER BY b DESC) FROM t1',
      'SELECT id, min(a) OVER (ORDER BY b NULLS LAST), max(a) OVER (PARTITION BY c ORDER BY b) FROM t1',
      "SELECT id, group_concat(s) OVER (ORDER BY id), group_concat(s, '/') OVER (PARTITION BY b ORDER BY id) FROM t1",
      'SELECT id, count(*) OVER (PARTITION BY a IS NULL) FROM t2',
    ]);
  });

  it('ROWS, RANGE and GROUPS frames', async () => {
    await agree([
      'SELECT id, sum(a) OVER (ORDER BY id ROWS 2 PRECEDING) FROM t1',
      'SELECT id, sum(a) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM t1',
      'SELECT id, avg(a) OVER (PARTITION BY b ORDER BY id ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) FROM t1',
      'SELECT id, count(a) OVER (ORDER BY id ROWS BETWEEN 3 FOLLOWING AND 5 FOLLOWING) FROM t1',
      'SELECT id, min(a) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND 1 PRECEDING), max(a) OVER (ORDER BY id ROWS BETWEEN 4 PRECEDING AND CURRENT ROW) FROM t1',
      'SELECT id, sum(a) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND 2 FOLLOWING) FROM t1',
      'SELECT id, min(a) OVER (PARTITION BY b ORDER BY id ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING), max(a) OVER (ORDER BY a RANGE BETWEEN 2 PRECEDING AND UNBOUNDED FOLLOWING) FROM t1',
      'SELECT id, sum(a) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND 2 PRECEDING) FROM t1',
      'SELECT id, sum(id) OVER (ORDER BY a RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM t1',
      'SELECT id, sum(id) OVER (ORDER BY a DESC RANGE BETWEEN 2 PRECEDING AND CURRENT ROW) FROM t1',
      'SELECT id, count(*) OVER (ORDER BY a NULLS LAST RANGE BETWEEN CURRENT ROW AND 3 FOLLOWING) FROM t1',
      'SELECT id, sum(id) OVER (PARTITION BY b ORDER BY a RANGE BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) FROM t1',
      'SELECT id, sum(id) OVER (ORDER BY a RANGE BETWEEN 2 FOLLOWING AND 4 FOLLOWING) FROM t1',
      'SELECT id, sum(id) OVER (ORDER BY a RANGE BETWEEN CURRENT ROW AND CURRENT ROW) FROM t1',
      'SELECT id, sum(id) OVER (ORDER BY a GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM t1',
      'SELECT id, count(*) OVER (ORDER BY b DESC GROUPS BETWEEN 2 PRECEDING AND CURRENT ROW) FROM t1',
      'SELECT id, max(id) OVER (PARTITION BY c ORDER BY a GROUPS BETWEEN CURRENT ROW AND 2 FOLLOWING) FROM t1',
      'SELECT id, sum(id) OVER (ORDER BY a RANGE BETWEEN 1.5 PRECEDING AND 0.5 FOLLOWING) FROM t1',
    ]);
  });

  it('EXCLUDE clauses', async () => {
    await agree([
      'SELECT id, sum(id) OVER (ORDER BY a ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING EXCLUDE CURRENT ROW) FROM t1',
      'SELECT id, sum(id) OVER (ORDER BY a GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE GROUP) FROM t1',
      'SELECT id, sum(id) OVER (ORDER BY a RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING EXCLUDE TIES) FROM t1',
      'SELECT id, count(*) OVER (ORDER BY a RANGE UNBOUNDED PRECEDING EXCLUDE NO OTHERS), count(*) OVER (ORDER BY a ROWS UNBOUNDED PRECEDING EXCLUDE CURRENT ROW) FROM t1',
      'SELECT id, first_value(id) OVER (ORDER BY a, id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE CURRENT ROW), last_value(id) OVER (ORDER BY a GROUPS CURRENT ROW EXCLUDE TIES) FROM t1',
      'SELECT id, nth_value(id, 2) OVER (ORDER BY a ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING EXCLUDE GROUP) FROM t2',
    ]);
  });

  it('FILTER on window aggregates', async () => {
    await agree([
      'SELECT id, count(*) FILTER (WHERE a > 3) OVER (ORDER BY id) FROM t1',
      'SELECT id, sum(a) FILTER (WHERE b IS NOT NULL) OVER (PARTITION BY c ORDER BY id ROWS 3 PRECEDING) FROM t1',
      'SELECT id, max(a) FILTER (WHERE id % 2 = 0) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING) FROM t1',
    ]);
  });

  it('JSON aggregates over a window', async () => {
    await agree([
      'SELECT id, json_group_array(a) OVER (ORDER BY id ROWS 1 PRECEDING) FROM t1',
      'SELECT id, json_group_object(CAST(id AS TEXT), b) OVER (PARTITION BY c ORDER BY id) FROM t1',
      'SELECT id, json_group_array(json_array(a, b)) OVER (ORDER BY id ROWS 2 PRECEDING) FROM t1',
      'SELECT id, json_array_length(json_group_array(a) OVER (ORDER BY id)) FROM t1',
    ]);
  });

  it('named windows, several windows, windows inside expressions and ORDER BY', async () => {
    await agree([
      'SELECT id, row_number() OVER w, rank() OVER w FROM t1 WINDOW w AS (PARTITION BY b ORDER BY id)',
      'SELECT id, sum(a) OVER (w ROWS 1 PRECEDING) FROM t1 WINDOW w AS (ORDER BY id)',
      'SELECT id, sum(a) OVER (w ORDER BY id) FROM t1 WINDOW w AS (PARTITION BY c)',
      'SELECT id, count(*) OVER w2 FROM t1 WINDOW w1 AS (PARTITION BY b), w2 AS (w1 ORDER BY a)',
      'SELECT id, row_number() OVER (ORDER BY id) * 10, rank() OVER (PARTITION BY b ORDER BY a) + sum(a) OVER (ORDER BY c, id ROWS 1 PRECEDING) FROM t1',
      'SELECT id, coalesce(lag(a) OVER (ORDER BY id), -100) FROM t1',
      'SELECT id, a FROM t1 ORDER BY rank() OVER (ORDER BY a DESC), id',
      'SELECT id, row_number() OVER (ORDER BY a, id) AS rn FROM t1 ORDER BY rn DESC LIMIT 5',
      'SELECT DISTINCT b, count(*) OVER (PARTITION BY b) FROM t1',
      'SELECT id, row_number() OVER (ORDER BY id) FROM t1 WHERE a > 2',
      'SELECT x.id, y.id, row_number() OVER (PARTITION BY x.b ORDER BY x.id, y.id) FROM t1 x JOIN t2 y ON x.a = y.a',
      'SELECT * FROM (SELECT id, rank() OVER (PARTITION BY b ORDER BY a) AS r FROM t1) WHERE r = 1',
      'SELECT * FROM (SELECT id, b, rank() OVER (PARTITION BY b ORDER BY a) AS r FROM t1) WHERE b = 3',
    ]);
  });

  it('windows over grouped rows', async () => {
    await agree([
      'SELECT b, sum(a), rank() OVER (ORDER BY sum(a) DESC) FROM t1 GROUP BY b',
      'SELECT b, sum(sum(a)) OVER () FROM t1 GROUP BY b',
      'SELECT b, count(*), sum(count(*)) OVER (ORDER BY b) FROM t1 GROUP BY b',
      'SELECT b, max(a), lag(max(a)) OVER (ORDER BY b) FROM t1 GROUP BY b HAVING count(*) > 1',
      'SELECT c % 2, avg(a), row_number() OVER (ORDER BY c % 2) FROM t1 GROUP BY c % 2',
    ]);
  });
});

describe('window edge cases', () => {
  it('RANGE offsets over text keys and GROUPS without ORDER BY agree with SQLite', async () => {
    await agree([
      'SELECT id, sum(id) OVER (ORDER BY s RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM t1',
      'SELECT id, sum(id) OVER (ORDER BY CAST(a AS TEXT) RANGE 1 PRECEDING) FROM t1',
      'SELECT id, sum(id) OVER (GROUPS 1 PRECEDING), count(*) OVER (PARTITION BY b GROUPS BETWEEN CURRENT ROW AND 1 FOLLOWING) FROM t1',
      'SELECT sum(a), rank() OVER (ORDER BY sum(a)), count(*) OVER () FROM t1',
      'SELECT id, sum(a) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND 3 PRECEDING), sum(a) OVER (ORDER BY id ROWS BETWEEN 3 FOLLOWING AND 2 FOLLOWING) FROM t1',
    ]);
  });

  it('frame offsets may be parameters, bound per run of a prepared statement', async () => {
    const q = 'SELECT id, sum(a) OVER (ORDER BY id ROWS BETWEEN ? PRECEDING AND ? FOLLOWING) FROM t1 ORDER BY id';
    const prepared = await engines.db.prepare(q);
    for (const params of [
      [0, 0],
      [2, 1],
      [5, 3],
    ]) {
      const expected = engines.sqlite.exec(q, params)[0].values;
      expect((await prepared.run(params)).rows).toEqual(expected);
    }
  });
});

describe('window function errors', () => {
  const misuse = [
    ['SELECT id FROM t1 WHERE row_number() OVER () > 1', 'misuse of window function'],
    ['SELECT b FROM t1 GROUP BY rank() OVER (ORDER BY b)', 'misuse of window function'],
    ['SELECT b FROM t1 GROUP BY b HAVING rank() OVER (ORDER BY b) > 1', 'misuse of window function'],
    ['SELECT row_number() FROM t1', 'misuse of window function row_number()'],
    ['SELECT sum(row_number() OVER ()) OVER () FROM t1', 'misuse of window function'],
    ['SELECT id, count(DISTINCT a) OVER () FROM t1', 'DISTINCT is not supported for window functions'],
    ['SELECT id, rank() FILTER (WHERE a > 1) OVER () FROM t1', 'FILTER clause may only be used with aggregate window functions'],
    ['SELECT id, sum(a) OVER w FROM t1', 'no such window: w'],
    ['SELECT id, sum(a) OVER (w PARTITION BY b) FROM t1 WINDOW w AS (ORDER BY a)', 'cannot override PARTITION clause of window w'],
    ['SELECT id, sum(a) OVER (w ORDER BY b) FROM t1 WINDOW w AS (ORDER BY a)', 'cannot override ORDER BY clause of window w'],
    ['SELECT id, sum(a) OVER (w ORDER BY b) FROM t1 WINDOW w AS (ROWS 1 PRECEDING)', 'cannot override frame specification of window w'],
    ['SELECT id, sum(a) OVER (ORDER BY a, b RANGE 1 PRECEDING) FROM t1', 'RANGE with offset PRECEDING/FOLLOWING requires one ORDER BY expression'],
    ['SELECT id, sum(a) OVER (ORDER BY a ROWS BETWEEN 1 FOLLOWING AND CURRENT ROW) FROM t1', 'unsupported frame specification'],
    ['SELECT id, sum(a) OVER (ORDER BY a ROWS BETWEEN 1 FOLLOWING AND 1 PRECEDING) FROM t1', 'unsupported frame specification'],
    ['SELECT id, sum(a) OVER (ORDER BY a ROWS BETWEEN CURRENT ROW AND 1 PRECEDING) FROM t1', 'unsupported frame specification'],
    ['SELECT id, sum(a) OVER (ORDER BY a ROWS BETWEEN UNBOUNDED FOLLOWING AND UNBOUNDED FOLLOWING) FROM t1', 'unsupported frame specification'],
    ['SELECT id, ntile(0) OVER (ORDER BY a) FROM t1', 'argument of ntile must be a positive integer'],
    ['SELECT id, nth_value(a, 0) OVER (ORDER BY a) FROM t1', 'second argument to nth_value must be a positive integer'],
    ['SELECT id, sum(a) OVER (ORDER BY a ROWS -1 PRECEDING) FROM t1', 'frame starting offset must be a non-negative integer'],
    ['SELECT id, ntile() OVER (ORDER BY a) FROM t1', 'wrong number of arguments to function ntile()'],
    ['SELECT id, lower(s) OVER () FROM t1', 'lower() may not be used as a window function'],
    ['SELECT id, nosuch(a) OVER () FROM t1', 'no such window function: nosuch'],
  ] as const;

  it.each(misuse)('%s', async (q, message) => {
    // SQLite rejects it too (same mistake, possibly worded differently).
    expect('error' in engines.sqliteOutcome(q)).toBe(true);
    const err = await engines.db.sql(q).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PolyglotError);
    expect((err as Error).message).toContain(message);
  });

  it('misuse errors carry the position of the call', async () => {
    const err = (await engines.db.sql('SELECT id\nFROM t1 WHERE  rank() OVER () > 1').catch((e: unknown) => e)) as PolyglotError;
    expect(err).toBeInstanceOf(PolyglotError);
    expect([err.line, err.column]).toEqual([2, 16]);
  });
});

describe('window plans', () => {
  it('EXPLAIN shows one Window node per distinct partitioning and ordering', async () => {
    const r = await engines.db.sql('EXPLAIN SELECT id, rank() OVER (PARTITION BY b ORDER BY a), sum(a) OVER (PARTITION BY b ORDER BY a ROWS 1 PRECEDING), row_number() OVER (ORDER BY id) FROM t1');
    const text = r.rows.map((x) => String(x[0])).join('\n');
    const windows = text.split('\n').filter((l) => l.trim().startsWith('Window'));
    expect(windows).toHaveLength(2);
    expect(text).toMatch(/Window partition \(b#\d+\) order \(a#\d+ asc\) rank#\d+ := sql\.rank\(\) range unbounded-preceding\.\.current-row, sum#\d+ := sql\.sum\(a#\d+\) rows 1 preceding\.\.current-row/);
  });

  it('pushes a filter on partition keys below the window, and no other filter', async () => {
    const plan = async (q: string) => (await engines.db.sql(`EXPLAIN ${q}`)).rows.map((x) => String(x[0]).trim());
    const onKey = await plan('SELECT * FROM (SELECT id, b, rank() OVER (PARTITION BY b ORDER BY a) AS r FROM t1) WHERE b = 3');
    const windowAt = onKey.findIndex((l) => l.startsWith('Window'));
    expect(onKey.slice(windowAt + 1).some((l) => /b#\d+ = 3|sql\.eq b#\d+ 3|\(sql\.eq b/.test(l) || l.includes('range [3'))).toBe(true);
    const onRank = await plan('SELECT * FROM (SELECT id, b, rank() OVER (PARTITION BY b ORDER BY a) AS r FROM t1) WHERE r = 1');
    const filterAt = onRank.findIndex((l) => l.startsWith('Filter'));
    expect(filterAt).toBeGreaterThanOrEqual(0);
    expect(filterAt).toBeLessThan(onRank.findIndex((l) => l.startsWith('Window')));
  });

  it('drops window calls nobody reads', async () => {
    const r = await engines.db.sql('EXPLAIN SELECT id FROM (SELECT id, rank() OVER (ORDER BY a) AS r FROM t1)');
    expect(r.rows.map((x) => String(x[0])).join('\n')).not.toContain('Window');
  });
});
