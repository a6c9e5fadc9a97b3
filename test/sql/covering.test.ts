/**
 * Covering index reads and narrowed joins (optimizer/physical/narrow.ts): an index scan or
 * index join that reads only index and primary-key columns decodes its rows from the index
 * entries; a join whose output columns are not all read carries only those read. Generated
 * queries over nullable, multi-column, descending and text indexes answer as SQLite does and as
 * with the pass switched off; EXPLAIN says `covering` exactly when no other column is read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/index.js';
import { Random } from './generator.js';
import { generatedMismatches, openPeers, sortedRows, type Peers } from './ddl-peer.js';

const WORDS = ['ant', 'Bee', 'cat', 'dog', 'émeu', '𝒳yz', 'bee'];

const SETUP = (r: Random): string[] => {
  const nullable = (s: string) => (r.chance(0.12) ? 'NULL' : s);
  const t: string[] = [];
  for (let i = 1; i <= 300; i++) {
    t.push(`(${i}, ${nullable(String(r.int(0, 30)))}, ${nullable(`'${r.pick(WORDS)}'`)}, ${nullable(String(r.int(-5, 5)))}, ${nullable(String(r.int(0, 9) / 2))}, '${r.pick(WORDS)}${i}')`);
  }
  const p: string[] = [];
  for (let i = 1; i <= 120; i++) p.push(`(${r.int(0, 30)}, ${i}, ${nullable(`'${r.pick(WORDS)}'`)}, ${r.int(0, 40)})`);
  return [
    'CREATE TABLE t (id INTEGER PRIMARY KEY, parent INTEGER, w TEXT, n INTEGER, x REAL, note TEXT)',
    'CREATE INDEX t_parent ON t (parent)',
    'CREATE INDEX t_wn ON t (w, n DESC)',
    'CREATE INDEX t_x ON t (x)',
    'CREATE TABLE p (g INTEGER, k INTEGER, label TEXT, v INTEGER, PRIMARY KEY (g, k))',
    'CREATE INDEX p_label ON p (label, v)',
    `INSERT INTO t VALUES ${t.join(', ')}`,
    `INSERT INTO p VALUES ${p.join(', ')}`,
  ];
};

/** query writes a query whose plan is likely an index scan or an index join (a few outer rows probing an index). */
function query(r: Random): string {
  const word = `'${r.pick(WORDS)}'`;
  const id = r.int(1, 300);
  switch (r.int(0, 7)) {
    case 0:
      return `SELECT c.id, c.parent FROM t o JOIN t c ON c.parent = o.id WHERE o.id IN (${id}, ${r.int(1, 300)}, ${r.int(1, 30)})`;
    case 1:
      return `SELECT c.id, c.note FROM t o JOIN t c ON c.parent = o.id WHERE o.id = ${r.int(0, 30)}`;
    case 2:
      return `SELECT id, n FROM t WHERE w = ${word}${r.chance(0.5) ? ` AND n > ${r.int(-5, 5)}` : ''}`;
    case 3:
      return `SELECT id, x FROM t WHERE x > ${r.int(0, 9) / 2}`;
    case 4:
      return `SELECT g, k, v FROM p WHERE label = ${word} AND v < ${r.int(0, 40)}`;
    case 5:
      return `WITH RECURSIVE d(id) AS (SELECT ${r.int(0, 30)} UNION SELECT t.id FROM t JOIN d ON t.parent = d.id) SELECT count(*), sum(id) FROM d`;
    case 6:
      return `SELECT o.note, count(*) FROM t o JOIN t c ON c.parent = o.id JOIN p ON p.g = c.n WHERE o.id < ${r.int(1, 40)} GROUP BY o.note`;
    default:
      return `SELECT o.id, c.w, c.n FROM t o LEFT JOIN t c ON c.w = o.w AND c.n = o.n WHERE o.id BETWEEN ${id} AND ${id + 3}`;
  }
}

describe('covering index reads and narrowed joins', () => {
  let db: Database;
  let sqlite: import('sql.js').Database;
  let peers: Peers;
  const r = new Random(11);
  const setup = SETUP(r);

  beforeAll(async () => {
    peers = await openPeers(setup.join(';\n'));
    ({ db, sqlite } = peers);
  });
  afterAll(() => peers.close());

  it('agree with SQLite and with narrowing off, and some plans are covering', async () => {
    let covering = 0;
    const mismatches = await generatedMismatches(peers, 300, () => query(r), ['narrow-columns'], async (q) => {
      if (/ covering/.test(String(await db.explain('sql', q)))) covering++;
    });
    expect(mismatches.slice(0, 3)).toEqual([]);
    expect(covering).toBeGreaterThan(50);
  });

  it('reads the index alone when only index and primary-key columns are read', async () => {
    const plan = async (q: string) => String(await db.explain('sql', q));
    expect(await plan("SELECT id, n FROM t WHERE w = 'cat'")).toMatch(/IndexScan t using t_wn range \["cat" \.\. "cat"\] covering/);
    expect(await plan("SELECT id, note FROM t WHERE w = 'cat'")).not.toMatch(/covering/);
    // A REAL column's -0 would come back from the key as 0: such columns are read from the row.
    expect(await plan('SELECT id, x FROM t WHERE x > 1')).not.toMatch(/covering/);
    expect(await plan('SELECT c.id FROM t o JOIN t c ON c.parent = o.id WHERE o.id = 3')).toMatch(/IndexJoin inner t using t_parent .* covering/);
    expect(await plan('SELECT c.note FROM t o JOIN t c ON c.parent = o.id WHERE o.id = 3')).not.toMatch(/covering/);
    expect(await plan('WITH RECURSIVE d(id) AS (SELECT 1 UNION SELECT t.id FROM t JOIN d ON t.parent = d.id) SELECT id FROM d')).toMatch(
      /IndexJoin inner t using t_parent keys \(id#\d+\) .* covering/,
    );
    expect(await plan("SELECT g, k FROM p WHERE label = 'cat'")).toMatch(/IndexScan p using p_label .* covering/);
  });

  it('carries only the columns read through a chain of joins', async () => {
    const q = 'SELECT a.note, count(*) FROM t a JOIN t b ON b.parent = a.id JOIN t c ON c.parent = b.id GROUP BY a.note';
    // (Without eager aggregation, which would count c's rows per parent before joining them.)
    const text = String(await db.explain('sql', q, { optimizer: { disabled: ['select-indexes', 'eager-aggregate'] } }));
    // The lower join's output keeps a.note and b.id (the upper join's key), not six columns of each table.
    expect(text).toMatch(/Project (note#\d+, id#\d+|id#\d+, note#\d+)\s+\(est/);
    expect(sortedRows((await db.sql(q)).rows)).toBe(sortedRows(sqlite.exec(q)[0]?.values ?? []));
  });
});
