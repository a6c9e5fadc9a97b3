/**
 * CREATE INDEX on expressions (src/relational/generated.ts): each indexed expression is a hidden
 * column computed on INSERT/UPDATE and filled for the rows already there; an expression equal
 * to it is read from that column, so the optimizer's index selection applies. Answers must
 * equal SQLite's (sql.js) on random data with NULLs, with and without index selection; EXPLAIN
 * must show the index; UNIQUE, refused expressions and ALTER TABLE must behave as in SQLite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/index.js';
import { Random } from './generator.js';
import { compare, generatedMismatches, openPeers, physicalPlan, runOurs, type Peers } from './ddl-peer.js';

const WORDS = ['Bob', 'bob', 'BOB', 'alice', 'Alice', 'carl', 'éa', 'Éa', 'x', '', '12', 'ab', 'AB'];

function rows(r: Random, n: number, from: number): string {
  const out: string[] = [];
  for (let i = from; i < from + n; i++) {
    const s = r.chance(0.15) ? 'NULL' : `'${r.pick(WORDS)}'`;
    const a = r.chance(0.15) ? 'NULL' : String(r.int(-5, 5));
    const b = r.chance(0.15) ? 'NULL' : String(r.int(-5, 5));
    const c = r.chance(0.15) ? 'NULL' : r.chance(0.5) ? String(r.int(0, 9)) : `'${r.int(0, 9)}'`;
    out.push(`(${i}, ${s}, ${a}, ${b}, ${c})`);
  }
  return out.join(', ');
}

const SETUP = (r: Random): string[] => [
  'CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT, a INTEGER, b INTEGER, c)',
  `INSERT INTO t VALUES ${rows(r, 150, 1)}`,
  // Indexes created over rows already there, then more rows written through them.
  'CREATE INDEX t_lower ON t (lower(s))',
  'CREATE INDEX t_sum ON t (a + b, id DESC)',
  'CREATE INDEX t_abs ON t (b, abs(a) DESC)',
  'CREATE INDEX t_co ON t (coalesce(c, -1))',
  `INSERT INTO t VALUES ${rows(r, 150, 151)}`,
  'CREATE TABLE u (k INTEGER, s TEXT)',
  'CREATE INDEX u_len ON u (length(s) * 2)',
  `INSERT INTO u VALUES ${Array.from({ length: 60 }, (_, i) => `(${i % 20}, ${r.chance(0.2) ? 'NULL' : `'${r.pick(WORDS)}'`})`).join(', ')}`,
];

function query(r: Random): string {
  const w = () => `'${r.pick(WORDS)}'`.toLowerCase();
  const n = () => r.int(-8, 8);
  switch (r.int(0, 10)) {
    case 0:
      return `SELECT id, s FROM t WHERE lower(s) = ${w()}`;
    case 1:
      return `SELECT id FROM t WHERE lower(s) ${r.pick(['<', '<=', '>', '>='])} ${w()}`;
    case 2:
      return `SELECT id, a, b FROM t WHERE a + b ${r.pick(['=', '<', '>=', '<>'])} ${n()}`;
    case 3:
      return `SELECT id FROM t WHERE a + b IN (${n()}, ${n()}, '${n()}') AND id > ${r.int(0, 300)}`;
    case 4:
      return `SELECT id, a + b FROM t WHERE a + b BETWEEN ${n()} AND ${n()} ORDER BY a + b, id`;
    case 5:
      return `SELECT id FROM t WHERE b = ${n()} AND abs(a) ${r.pick(['=', '>', '<'])} ${r.int(0, 5)}`;
    case 6:
      return `SELECT id, coalesce(c, -1) FROM t WHERE coalesce(c, -1) ${r.pick(['=', '>'])} ${r.pick(['3', "'3'", '-1'])}`;
    case 7:
      // The right side of a LEFT JOIN is padded with NULLs: coalesce of a padded row is not its hidden column.
      return `SELECT t.id, u.id FROM t LEFT JOIN t AS u ON u.id = t.id + ${r.pick([0, 200, 400])} WHERE coalesce(u.c, -1) = -1 AND t.id < 40`;
    case 8:
      return `SELECT lower(s), count(*) FROM t GROUP BY lower(s) HAVING count(*) > ${r.int(0, 20)}`;
    case 9:
      return `SELECT u.k, t.id FROM u JOIN t ON length(u.s) * 2 = t.a + b WHERE u.k < ${r.int(0, 20)}`;
    default:
      return `SELECT k FROM u WHERE length(s) * 2 ${r.pick(['=', '>'])} ${r.int(0, 12)}`;
  }
}

describe('indexes on expressions', () => {
  let db: Database;
  let peers: Peers;
  const r = new Random(18);
  const setup = SETUP(r);

  beforeAll(async () => {
    peers = await openPeers(setup.join(';\n'));
    ({ db } = peers);
  });
  afterAll(() => peers.close());

  it('answer as SQLite does and as without index selection', async () => {
    const mismatches = await generatedMismatches(peers, 300, () => query(r), ['select-indexes']);
    expect(mismatches.slice(0, 3)).toEqual([]);
  });

  it('are read for an equal expression: equality, ranges, IN', async () => {
    expect(await physicalPlan(peers, "SELECT id FROM t WHERE lower(s) = 'bob'")).toMatch(/IndexScan t using t_lower range \["bob" \.\. "bob"\]/);
    expect(await physicalPlan(peers, 'SELECT id FROM t WHERE a + b > 3')).toMatch(/IndexScan t using t_sum range \(3 \.\. \+inf\)/);
    expect(await physicalPlan(peers, 'SELECT id FROM t WHERE a + b IN (1, 2)')).toMatch(/IndexScan t using t_sum/);
    expect(await physicalPlan(peers, 'SELECT id FROM t WHERE b = 2 AND abs(a) = 3')).toMatch(/IndexScan t using t_abs range \[2, 3 \.\. 2, 3\]/);
    expect(await physicalPlan(peers, "UPDATE t SET c = c WHERE lower(s) = 'zz'")).toMatch(/IndexScan t using t_lower/);
    // A different expression is not the index's.
    expect(await physicalPlan(peers, "SELECT id FROM t WHERE upper(s) = 'BOB'")).not.toMatch(/t_lower/);
  });

  it('stay invisible to SELECT *, INSERT without a column list, and names', async () => {
    const peers2 = await openPeers("CREATE TABLE v (x INTEGER, y TEXT); INSERT INTO v VALUES (5, 'e'), (NULL, 'f'); CREATE INDEX v_e ON v (x * 10, upper(y))");
    try {
      expect(
        await compare(peers2, [
          "INSERT INTO v VALUES (1, 'a'), (2, NULL)",
          'SELECT * FROM v',
          'SELECT v.* FROM v',
          "INSERT INTO v SELECT * FROM v WHERE x = 1",
          'SELECT x, y FROM v WHERE x * 10 = 10',
          "SELECT x, y FROM v WHERE x * 10 = 50 AND upper(y) = 'E'",
          "INSERT INTO v VALUES (3, 'c') RETURNING *",
          'PRAGMA table_info(v)',
          'PRAGMA index_info(v_e)',
        ]),
      ).toEqual([]);
      // No name reaches the hidden column, and no suggestion shows it.
      const hidden = await runOurs(peers2, 'SELECT "#v_e.1" FROM v');
      expect(hidden).toEqual({ ok: false, error: expect.stringMatching(/^no such column: #v_e\.1 \(line/) });
    } finally {
      await peers2.close();
    }
  });

  it('UNIQUE on an expression is enforced on INSERT, UPDATE and CREATE, naming the index and the value', async () => {
    const p = await openPeers("CREATE TABLE w (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO w VALUES (1, 'Ann'), (2, 'bob'), (3, NULL), (4, NULL)");
    try {
      expect(await compare(p, ['CREATE UNIQUE INDEX w_name ON w (lower(name))', "INSERT INTO w VALUES (5, 'ANN')", "UPDATE w SET name = 'BOB' WHERE id = 1", "INSERT INTO w VALUES (6, 'carl')", 'INSERT INTO w VALUES (7, NULL)', "INSERT OR IGNORE INTO w VALUES (8, 'CARL')", 'SELECT * FROM w'])).toEqual([]);
      await expect(p.db.sql("INSERT INTO w VALUES (10, 'aNN')")).rejects.toThrow(/UNIQUE constraint "w_name" failed on w: \('ann'\)/);
      await expect(p.db.sql("UPDATE w SET name = 'ann' WHERE id = 2")).rejects.toThrow(/UNIQUE constraint "w_name" failed on w: \('ann'\)/);
      // A CREATE refused for duplicates leaves nothing behind.
      // 'Ann' and 'bob' have one length: a CREATE refused for duplicates leaves nothing behind.
      expect(await compare(p, ['CREATE UNIQUE INDEX w_len ON w (length(name))', 'DROP INDEX w_len', 'SELECT * FROM w WHERE length(name) = 3', 'SELECT * FROM w'])).toEqual([]);
      await expect(p.db.sql('CREATE UNIQUE INDEX w_len ON w (length(name))')).rejects.toThrow(/UNIQUE constraint "w_len" failed on w: \(3\)/);
      expect(await physicalPlan(p, 'SELECT * FROM w WHERE length(name) = 3')).not.toMatch(/w_len/);
    } finally {
      await p.close();
    }
  });

  it('refuses what SQLite refuses in an index expression, with its position', async () => {
    const p = await openPeers("CREATE TABLE z (x INTEGER, y TEXT); INSERT INTO z VALUES (1, 'a')");
    try {
      expect(await compare(p, ['CREATE INDEX z1 ON z (random())', "CREATE INDEX z2 ON z (x + random())", "CREATE INDEX z3 ON z (datetime('now'))", 'CREATE INDEX z4 ON z (nope + 1)', 'CREATE INDEX z5 ON z (count(x))', 'CREATE INDEX z6 ON z ((SELECT 1))'])).toEqual([]);
      await expect(p.db.sql('CREATE INDEX z1 ON z (x, random())')).rejects.toThrow(/non-deterministic functions prohibited in index expressions \(line 1, column 26\)/);
      await expect(p.db.sql("CREATE INDEX z1 ON z (\n  datetime('now'))")).rejects.toThrow(/non-deterministic functions prohibited in index expressions \(line 2, column 3\)/);
      await expect(p.db.sql('CREATE INDEX z1 ON z (x + ?)')).rejects.toThrow(/parameters prohibited in index expressions/);
    } finally {
      await p.close();
    }
  });

  it('keeps ALTER TABLE, DROP INDEX, views and triggers working', async () => {
    const p = await openPeers(
      "CREATE TABLE m (id INTEGER PRIMARY KEY, name TEXT, n INT); INSERT INTO m VALUES (1, 'Ann', 1), (2, 'bob', 2), (3, NULL, 3); CREATE TABLE log (x); CREATE TRIGGER m_up AFTER UPDATE ON m BEGIN INSERT INTO log VALUES (new.id); END; CREATE VIEW mv AS SELECT id, lower(name) AS l FROM m",
    );
    try {
      expect(
        await compare(p, [
          'CREATE INDEX m_l ON m (lower(name))',
          'SELECT count(*) FROM log', // filling the index fired no trigger
          'ALTER TABLE m DROP COLUMN name', // refused: the index reads it
          'ALTER TABLE m DROP COLUMN n',
          "ALTER TABLE m ADD COLUMN extra TEXT DEFAULT 'e'",
          'SELECT * FROM m',
          "INSERT INTO m VALUES (4, 'DAN', 'x')",
          'ALTER TABLE m RENAME COLUMN name TO nm',
          "SELECT id FROM m WHERE lower(nm) = 'dan'",
          "SELECT * FROM mv WHERE l = 'ann'",
          'ALTER TABLE m RENAME TO mm',
          "INSERT INTO mm VALUES (5, 'Eve', 'y')",
          "SELECT id FROM mm WHERE lower(nm) IN ('eve', 'ann')",
          'DROP INDEX m_l',
          'ALTER TABLE mm DROP COLUMN nm',
          'SELECT * FROM mm',
          'INSERT INTO mm VALUES (6, NULL)',
          'SELECT * FROM mm',
        ]),
      ).toEqual([]);
      expect(await physicalPlan(p, "SELECT id FROM mm WHERE extra = 'e'")).not.toMatch(/m_l/);
      expect((await runOurs(p, 'SELECT * FROM mm')).ok).toBe(true);
    } finally {
      await p.close();
    }
  });

  it('follow INSERT, UPDATE and DELETE of a row', async () => {
    await db.sql("INSERT INTO t VALUES (1000, 'ZZtop', 1, 1, NULL)");
    expect((await db.sql("SELECT id FROM t WHERE lower(s) = 'zztop'")).rows).toEqual([[1000]]);
    await db.sql("UPDATE t SET s = 'other' WHERE id = 1000");
    expect((await db.sql("SELECT id FROM t WHERE lower(s) = 'zztop'")).rows).toEqual([]);
    expect((await db.sql("SELECT id FROM t WHERE lower(s) = 'other'")).rows).toEqual([[1000]]);
    await db.sql('DELETE FROM t WHERE id = 1000');
  });
});

describe('generated columns (GENERATED ALWAYS AS … STORED | VIRTUAL)', () => {
  it('are computed on INSERT and UPDATE, typed by their declaration, and refused as targets, as in SQLite', async () => {
    const p = await openPeers();
    try {
      expect(
        await compare(p, [
          'CREATE TABLE g (id INTEGER PRIMARY KEY, a INT, b TEXT, s INT GENERATED ALWAYS AS (a * 2) STORED, l TEXT AS (lower(b)) VIRTUAL, n AS (a + 0.5), t TEXT AS (a * 2))',
          "INSERT INTO g VALUES (1, 2, 'X')",
          "INSERT INTO g (id, a, b) VALUES (2, NULL, 'Yy'), (3, '7', NULL), (4, -3, 'Zz')",
          'INSERT INTO g (id, s) VALUES (5, 1)',
          "INSERT INTO g VALUES (5, 1, 'q', 2)",
          'SELECT *, typeof(s), typeof(n), typeof(t) FROM g',
          'UPDATE g SET a = 10 WHERE id = 1',
          'UPDATE g SET s = 1',
          "SELECT id FROM g WHERE t = '20'",
          "SELECT id FROM g WHERE a * 2 = '20'",
          'SELECT id, s FROM g WHERE s > 5 ORDER BY s',
          'CREATE INDEX g_s ON g (s)',
          'SELECT id FROM g WHERE s = 14',
          'INSERT INTO g (id, a, b) SELECT id + 10, a, b FROM g RETURNING *',
          "INSERT INTO g (id, a, b) VALUES (1, 5, 'w') ON CONFLICT (id) DO UPDATE SET a = excluded.a",
          'SELECT * FROM g ORDER BY id',
          'CREATE TABLE h (a INT, r AS (random()))',
          'CREATE TABLE h (a INT, r AS (a) DEFAULT 1)',
          'ALTER TABLE g DROP COLUMN a',
          'ALTER TABLE g RENAME COLUMN a TO aa',
          'ALTER TABLE g RENAME COLUMN s TO ss',
          "INSERT INTO g (id, aa, b) VALUES (30, 3, 'Q')",
          'ALTER TABLE g DROP COLUMN l',
          "INSERT INTO g VALUES (31, 1, 'z')",
          'SELECT * FROM g ORDER BY id',
          'SELECT id FROM g WHERE ss = 6',
        ]),
      ).toEqual([]);
      await expect(p.db.sql('CREATE TABLE h (a INT, r AS (a + random()))')).rejects.toThrow(/non-deterministic functions prohibited in generated columns \(line 1, column 30\)/);
      // SQLite accepts datetime('now') here and fails the first row written; it is refused at once.
      await expect(p.db.sql("CREATE TABLE h (a INT, r AS (datetime('now')))")).rejects.toThrow(/non-deterministic functions prohibited in generated columns/);
    } finally {
      await p.close();
    }
  });
});
