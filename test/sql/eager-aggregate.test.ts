/**
 * Eager aggregation (optimizer/rules/eager-aggregate.ts): an aggregate over a join may group
 * one input first — by the columns the join and the grouping read — and combine the partial
 * results after the join (COUNT as a sum of counts, MIN of minimums…). Generated grouped and
 * ungrouped aggregates over joins of 2–4 tables, on values of every storage class with NULLs,
 * must answer as SQLite does and as without the pass; many of them must take the eager plan.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Random } from './generator.js';
import { generatedMismatches, openPeers, type Peers } from './ddl-peer.js';

const r = new Random(4513);
// 2 = 2.0 in numeric columns, '1' is not 1, NULL equals nothing.
const DOMAIN = ['1', '2', '3', '4', '2.0', "'1'", "'2'", "'x'", 'NULL'];
const rows = (n: number, width: number, pick: () => string) => Array.from({ length: n }, () => `(${Array.from({ length: width }, pick).join(', ')})`).join(', ');

const SETUP = [
  // f is large with few distinct values per column: grouping it first pays.
  'CREATE TABLE f (a, b INTEGER, c REAL)',
  'CREATE TABLE d1 (a, b)',
  'CREATE TABLE d2 (a INTEGER PRIMARY KEY, b INTEGER)',
  'CREATE TABLE d3 (a TEXT, b)',
  'CREATE INDEX d3_a ON d3 (a)',
  `INSERT INTO f VALUES ${rows(400, 1, () => [r.pick(DOMAIN), r.pick(['1', '2', '3', 'NULL']), r.pick(['0.5', '1', '-2', 'NULL'])].join(', '))}`,
  `INSERT INTO d1 VALUES ${rows(12, 2, () => r.pick(DOMAIN))}`,
  `INSERT INTO d2 VALUES ${Array.from({ length: 6 }, (_, i) => `(${i}, ${r.pick(['1', '2', '3', 'NULL'])})`).join(', ')}`,
  `INSERT INTO d3 VALUES ${rows(8, 2, () => r.pick(DOMAIN))}`,
];

const DIMS = ['d1', 'd2', 'd3'];
const AGGREGATES = ['count(*)', 'count(f.a)', 'sum(f.b)', 'total(f.c)', 'min(f.a)', 'max(f.c)', 'sum(f.c)', 'count(*) FILTER (WHERE f.b > 1)'];
/** Aggregates the rule must leave alone: not splittable, DISTINCT, or reading another input. */
const OTHERS = ['avg(f.b)', 'count(DISTINCT f.a)', 'count(x1.b)', 'sum(x1.b)', 'min(x1.a)'];

/** An aggregate query over f joined with 1–3 dimension tables, grouped by columns of any of them or by none. */
function aggregateJoin(): string {
  const k = r.int(1, 3);
  const dims = Array.from({ length: k }, (_, i) => ({ alias: `x${i + 1}`, table: r.pick(DIMS) }));
  const on = dims.map((d, i) => {
    const other = i === 0 || r.chance(0.6) ? `f.${r.pick(['a', 'b'])}` : `${dims[r.int(0, i - 1)].alias}.${r.pick(['a', 'b'])}`;
    return `${d.alias}.${r.pick(['a', 'b'])} = ${other}`;
  });
  const columns = ['f.a', 'f.b', ...dims.map((d) => `${d.alias}.b`)];
  const groups = r.chance(0.2) ? [] : Array.from({ length: r.int(1, 2) }, () => r.pick(columns));
  const aggregates = Array.from({ length: r.int(1, 3) }, () => (r.chance(0.85) ? r.pick(AGGREGATES) : r.pick(OTHERS)));
  const where = r.chance(0.3) ? ` WHERE f.b ${r.pick(['> 1', 'IS NOT NULL', '<> 2'])}` : '';
  const group = groups.length ? ` GROUP BY ${groups.join(', ')}` : '';
  const from = `f ${dims.map((d, i) => `JOIN ${d.table} ${d.alias} ON ${on[i]}`).join(' ')}`;
  return `SELECT ${[...groups, ...aggregates].join(', ')} FROM ${from}${where}${group}`;
}

describe('eager aggregation', () => {
  let peers: Peers;
  beforeAll(async () => {
    peers = await openPeers(SETUP.join(';\n'));
  });
  afterAll(() => peers.close());

  it('answers as SQLite and as without the pass, and groups an input first in many queries', async () => {
    let eager = 0;
    const mismatches = await generatedMismatches(peers, 300, aggregateJoin, ['eager-aggregate'], async (q) => {
      const plan = (await peers.db.explain('sql', q)).physical;
      if ((plan.match(/HashAggregate/g) ?? []).length >= 2) eager++;
    });
    expect(mismatches).toEqual([]);
    expect(eager).toBeGreaterThan(60);
  });

  it('counts the rows of a large input per join key before joining it', async () => {
    await peers.db.sql('CREATE TABLE fact (k INTEGER, v INTEGER); CREATE TABLE dim (id INTEGER PRIMARY KEY, name TEXT)');
    await peers.db.sql(`INSERT INTO fact VALUES ${Array.from({ length: 2000 }, (_, i) => `(${i % 20}, ${i})`).join(', ')}`);
    await peers.db.sql(`INSERT INTO dim VALUES ${Array.from({ length: 20 }, (_, i) => `(${i}, 'n${i % 5}')`).join(', ')}`);
    const q = 'SELECT dim.name, count(*), sum(fact.v), min(fact.v) FROM fact JOIN dim ON dim.id = fact.k GROUP BY dim.name ORDER BY dim.name';
    const plan = (await peers.db.explain('sql', q)).physical;
    // The fact table is grouped by k below the join; the join's other side is dim.
    expect(plan).toMatch(/HashAggregate[^\n]*\n(\s+[^\n]*\n)*?\s+\w*Join[^\n]*\n(\s+[^\n]*\n)*?\s+HashAggregate by \(k#\d+\)/);
    const expected = Array.from({ length: 5 }, (_, n) => {
      const ids = Array.from({ length: 2000 }, (_, i) => i).filter((i) => (i % 20) % 5 === n);
      return [`n${n}`, ids.length, ids.reduce((s, x) => s + x, 0), Math.min(...ids)];
    });
    expect((await peers.db.sql(q)).rows).toEqual(expected);
    expect((await peers.db.sql(q, [], { optimizer: { disabled: ['eager-aggregate'] } })).rows).toEqual(expected);
    // An ungrouped count over an empty join is 0, as COUNT of no rows.
    expect((await peers.db.sql('SELECT count(*), sum(fact.v) FROM fact JOIN dim ON dim.id = fact.k + 100')).rows).toEqual([[0, null]]);
  });
});
