/**
 * Correlated subqueries: generated queries of every shape the decorrelation rule rewrites
 * (and some it must leave alone) answer as SQLite (sql.js) does, with the rule on and off;
 * and the shapes it can rewrite really become joins (no Apply left in the plan).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/index.js';
import type { Value } from '../../src/index.js';
import { Random, schemaAndData, TABLES, type Table } from './generator.js';
import { canonical } from './canonical.js';
import { openPeers, type Peers } from './ddl-peer.js';

const SEEDS = [11, 12];
const QUERIES_PER_SEED = 300;

/** The rows as one comparable string, order ignored. */
function bag(rows: unknown[][]): string {
  return JSON.stringify(canonical(rows, false));
}

/** A correlation predicate between the outer table `o` and the inner table `i`. */
function correlation(r: Random, o: Table, i: Table): string {
  const eq = `i.${r.pick(['id', ...i.ints])} = o.${r.pick(['id', ...o.ints])}`;
  return r.pick([
    eq,
    eq,
    `${eq} AND i.${r.pick(i.ints)} > ${r.int(-3, 8)}`,
    `${eq} AND i.${r.pick(i.ints)} < o.${r.pick(o.ints)}`,
    `i.${r.pick(i.ints)} < o.${r.pick(o.ints)}`,
    `o.${r.pick(o.ints)} + 1 = i.${r.pick(i.ints)}`,
  ]);
}

/** correlatedQuery writes one SELECT over t AS o with a correlated subquery on u AS i. */
function correlatedQuery(r: Random): string {
  const o = r.pick(TABLES);
  const i = r.pick(TABLES);
  const where = correlation(r, o, i);
  const from = r.chance(0.2) ? `${i.name} i JOIN ${o.name} j ON j.id = i.id` : `${i.name} i`;
  const agg = r.pick(['count(*)', `count(i.${r.pick(i.ints)})`, `sum(i.${r.pick(i.ints)})`, `min(i.${r.pick(i.ints)})`, `max(i.${r.pick(i.ints)})`, `total(i.${r.pick(i.ints)})`]);
  const scalar = r.pick([agg, `${agg} + 1`, `coalesce(${agg}, -1)`]);
  const oc = `o.${r.pick(o.ints)}`;
  switch (r.int(0, 6)) {
    case 0:
      return `SELECT o.id, (SELECT ${scalar} FROM ${from} WHERE ${where}) FROM ${o.name} o`;
    case 1:
      return `SELECT o.id FROM ${o.name} o WHERE ${r.chance(0.5) ? 'NOT ' : ''}EXISTS (SELECT 1 FROM ${from} WHERE ${where})`;
    case 2:
      return `SELECT o.id, EXISTS (SELECT i.id FROM ${from} WHERE ${where}) FROM ${o.name} o`;
    case 3:
      return `SELECT o.id FROM ${o.name} o WHERE ${oc} ${r.pick(['IN', 'NOT IN'])} (SELECT i.${r.pick(i.ints)} FROM ${from} WHERE ${where} AND i.${r.pick(i.ints)} IS NOT NULL)`;
    case 4:
      return `SELECT o.id FROM ${o.name} o WHERE ${oc} > (SELECT ${agg} FROM ${from} WHERE ${where})`;
    case 5:
      return `SELECT o.id, (SELECT ${agg} FROM ${from} WHERE ${where}) AS x FROM ${o.name} o WHERE o.id % 2 = ${r.int(0, 1)} AND EXISTS (SELECT 1 FROM ${i.name} i WHERE ${correlation(r, o, i)})`;
    default:
      return `SELECT o.id FROM ${o.name} o WHERE EXISTS (SELECT 1 FROM ${i.name} i WHERE ${where} AND EXISTS (SELECT 1 FROM ${o.name} k WHERE k.id = i.id AND k.id <> o.id))`;
  }
}

describe.each(SEEDS)('correlated subqueries, seed %i', (seed) => {
  let db: Database;
  let sqlite: import('sql.js').Database;
  let peers: Peers;
  const r = new Random(seed);
  const setup = schemaAndData(r);
  const queries = Array.from({ length: QUERIES_PER_SEED }, () => correlatedQuery(r));

  beforeAll(async () => {
    peers = await openPeers(setup.join(';\n'));
    ({ db, sqlite } = peers);
  });
  afterAll(() => peers.close());

  it('agree with SQLite, and with decorrelation off', async () => {
    const mismatches: string[] = [];
    for (const q of queries) {
      const expected = bag(sqlite.exec(q)[0]?.values ?? []);
      const on = bag((await db.sql(q)).rows as Value[][]);
      const off = bag((await db.sql(q, [], { optimizer: { disabled: ['decorrelate'] } })).rows as Value[][]);
      if (on !== expected) mismatches.push(`${q}\n  ours:   ${on.slice(0, 200)}\n  sqlite: ${expected.slice(0, 200)}`);
      else if (off !== expected) mismatches.push(`${q} (decorrelation off)\n  ours: ${off.slice(0, 200)}`);
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it('leaves an Apply only where the correlation is not an equality it can lift', async () => {
    let joins = 0;
    for (const q of queries) {
      const plan = String(await db.explain('sql', q));
      if (!/Apply/.test(plan)) joins++;
    }
    // Most generated correlations are equalities; they must all have become joins.
    expect(joins).toBeGreaterThan(QUERIES_PER_SEED / 2);
  });
});

describe('decorrelated plans', () => {
  let db: Database;
  beforeAll(async () => {
    db = await Database.open();
    await db.sql(`CREATE TABLE t (id INTEGER PRIMARY KEY, k INTEGER); CREATE TABLE s (id INTEGER PRIMARY KEY, k INTEGER, w INTEGER);
      INSERT INTO t VALUES (1, 1), (2, 2), (3, NULL), (4, 4); INSERT INTO s VALUES (1, 1, 5), (2, 1, 6), (3, 2, 7), (4, NULL, 8)`);
  });
  afterAll(() => db.close());

  it('a correlated COUNT becomes a grouped left join, and gives 0 (not NULL) for outer rows without matches', async () => {
    const q = 'SELECT id, (SELECT count(*) FROM s WHERE s.k = t.k) FROM t ORDER BY id';
    const plan = String(await db.explain('sql', q));
    expect(plan).not.toMatch(/Apply/);
    expect(plan).toMatch(/HashJoin left/);
    expect(plan).toMatch(/HashAggregate by \(k#\d+\)/);
    expect((await db.sql(q)).rows).toEqual([[1, 2], [2, 1], [3, 0], [4, 0]]);
  });

  it('[NOT] EXISTS in WHERE becomes a semi (anti) join', async () => {
    expect(String(await db.explain('sql', 'SELECT id FROM t WHERE EXISTS (SELECT 1 FROM s WHERE s.k = t.k)'))).toMatch(/HashJoin semi/);
    expect(String(await db.explain('sql', 'SELECT id FROM t WHERE NOT EXISTS (SELECT 1 FROM s WHERE s.k = t.k)'))).toMatch(/HashJoin anti/);
    expect((await db.sql('SELECT id FROM t WHERE NOT EXISTS (SELECT 1 FROM s WHERE s.k = t.k) ORDER BY id')).rows).toEqual([[3], [4]]);
  });

  it('x IN (subquery) in WHERE becomes a semi join; as a value, or under OR, it stays a mark join', async () => {
    const q = 'SELECT id FROM t WHERE k IN (SELECT k FROM s) ORDER BY id';
    const plan = String(await db.explain('sql', q));
    expect(plan).toMatch(/HashJoin semi/);
    expect(plan).not.toMatch(/mark/);
    expect((await db.sql(q)).rows).toEqual([[1], [2]]);
    // The mark is still readable above the filter, as the true it must be there.
    expect((await db.sql('SELECT id, k IN (SELECT k FROM s) FROM t WHERE k IN (SELECT k FROM s) ORDER BY id')).rows).toEqual([[1, true], [2, true]]);
    const either = 'SELECT id FROM t WHERE k IN (SELECT k FROM s) OR id = 4 ORDER BY id';
    expect(String(await db.explain('sql', either))).toMatch(/HashJoin mark/);
    expect((await db.sql(either)).rows).toEqual([[1], [2], [4]]);
  });

  it('EXISTS as a value stays two-valued (a NULL key gives false, not NULL)', async () => {
    const q = 'SELECT id, EXISTS (SELECT 1 FROM s WHERE s.k = t.k) FROM t ORDER BY id';
    expect(String(await db.explain('sql', q))).toMatch(/HashJoin mark/);
    expect((await db.sql(q)).rows).toEqual([[1, true], [2, true], [3, false], [4, false]]);
  });

  it('a correlation that is not an equality keeps the Apply', async () => {
    expect(String(await db.explain('sql', 'SELECT id, (SELECT count(*) FROM s WHERE s.w < t.id * 3) FROM t'))).toMatch(/Apply scalar/);
  });
});
