/**
 * Equalities that share a column make a class (optimizer/equivalence.ts): `a.x = b.y AND a.x =
 * c.z` also joins b with c, and join ordering links any two inputs of a class by one equality.
 * Generated joins whose equalities chain three or four columns (some of one table) over values
 * of every storage class with NULLs must answer as SQLite does and as the written join order
 * does; a join ordered before the input the equalities were written against is keyed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Random } from './generator.js';
import { agreeWithOptimizerOff, generatedMismatches, openPeers, type Peers } from './ddl-peer.js';

const r = new Random(811);
// 2 = 2.0 in numeric columns, '1' is not 1, NULL equals nothing.
const DOMAIN = ['1', '2', '3', '4', '2.0', "'1'", "'2'", 'NULL'];
const rows = (n: number, width: number, pick: () => string) => Array.from({ length: n }, () => `(${Array.from({ length: width }, pick).join(', ')})`).join(', ');

const TABLES = ['t1', 't2', 't3', 'n1', 'n2'];
const SETUP = [
  'CREATE TABLE t1 (a, b)',
  'CREATE TABLE t2 (a, b)',
  'CREATE TABLE t3 (a, b)',
  'CREATE TABLE n1 (a INTEGER, b REAL)',
  'CREATE TABLE n2 (a INTEGER, b INTEGER)',
  'CREATE INDEX t2_a ON t2 (a)',
  'CREATE INDEX n2_b ON n2 (b)',
  `INSERT INTO t1 VALUES ${rows(14, 2, () => r.pick(DOMAIN))}`,
  `INSERT INTO t2 VALUES ${rows(16, 2, () => r.pick(DOMAIN))}`,
  `INSERT INTO t3 VALUES ${rows(6, 2, () => r.pick(DOMAIN))}`,
  `INSERT INTO n1 VALUES ${rows(15, 2, () => r.pick(['1', '2', '3', '2.0', 'NULL']))}`,
  `INSERT INTO n2 VALUES ${rows(12, 2, () => r.pick(['1', '2', '3', 'NULL']))}`,
];

function shuffled<T>(xs: readonly T[]): T[] {
  const out = xs.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** A join of 3–4 tables whose equalities all chain one class of columns, written in a random shape. */
function classJoin(): string {
  const k = r.int(3, 4);
  const aliases = Array.from({ length: k }, (_, i) => ({ alias: `x${i}`, table: r.pick(TABLES) }));
  // The class: one or two columns of each table.
  const members = aliases.flatMap((t) => (r.chance(0.25) ? [`${t.alias}.a`, `${t.alias}.b`] : [`${t.alias}.${r.pick(['a', 'b'])}`]));
  // Each member after the first is equated with an earlier one: a star, a chain or between.
  const eqs = members.slice(1).map((m, i) => `${m} = ${members[r.int(0, i)]}`);
  const select = r.chance(0.5) ? 'count(*)' : aliases.map((t) => `${t.alias}.a, ${t.alias}.b`).join(', ');
  return `SELECT ${select} FROM ${aliases.map((t) => `${t.table} ${t.alias}`).join(', ')} WHERE ${shuffled(eqs).join(' AND ')}`;
}

describe('equivalence classes of join columns', () => {
  let peers: Peers;
  beforeAll(async () => {
    peers = await openPeers(SETUP.join(';\n'));
    // polyglotdb only: ef holds 10 values 100 times each; eg and eh three rows each.
    await peers.db.sql('CREATE TABLE ef (x INTEGER); CREATE TABLE eg (w INTEGER); CREATE TABLE eh (v INTEGER)');
    await peers.db.sql(`INSERT INTO ef VALUES ${Array.from({ length: 1000 }, (_, i) => `(${i % 10})`).join(', ')}`);
    await peers.db.sql('INSERT INTO eg VALUES (1), (2), (3); INSERT INTO eh VALUES (1), (2), (3)');
  });
  afterAll(() => peers.close());

  it('answer as SQLite and as the written join order do', async () => {
    expect(await generatedMismatches(peers, 120, classJoin, ['order-joins'])).toEqual([]);
  });

  it('link two inputs of a class that no written equality links', async () => {
    // The equalities are written against ef; the small eg and eh are best joined first, which
    // takes eg.w = eh.v (without it: their product, then ef hashed on (x, x) = (v, w)).
    for (const q of ['SELECT count(*) FROM ef, eg, eh WHERE ef.x = eg.w AND ef.x = eh.v', 'SELECT eg.w FROM eg JOIN ef ON ef.x = eg.w JOIN eh ON eh.v = ef.x']) {
      const plan = (await peers.db.explain('sql', q)).physical;
      expect(plan, q).toMatch(/HashJoin inner on \(w#\d+\) = \(v#\d+\)/);
      expect(plan, q).not.toMatch(/NestedLoopJoin/);
      expect(plan, q).not.toMatch(/\((\w+#\d+), \1\)/);
      const { rows } = await peers.db.sql(q.replace('eg.w FROM', 'count(*) FROM'));
      expect(rows).toEqual([[300]]);
    }
  });
});
