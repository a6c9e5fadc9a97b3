/**
 * Comparison affinity: a column compared with a literal of another type, or with a column of
 * another affinity, answers as SQLite does (datatype3 §4.2): `int_col = '3'` matches 3,
 * `text_col = 3` matches '3', an untyped column converts nothing against text. Generated
 * comparisons run on polyglotdb (index selection on and off) and on sql.js.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/index.js';
import type { Value } from '../../src/index.js';
import { Random } from './generator.js';
import { openPeers, type Peers } from './ddl-peer.js';

const TEXTS = ["'3'", "'10'", "'2.0'", "' 4 '", "'abc'", "'-1'", "'1e1'", "''"];
const NUMBERS = ['3', '10', '2', '2.0', '-1', '4', '10.5', '0'];
// Stored values: no integral REAL literal (2.0) in a multi-row VALUES, whose column type is
// the common type of its rows, so integers and integral reals there are not told apart.
const STORED = NUMBERS.filter((n) => n !== '2.0');

function setup(r: Random): string[] {
  const rows: string[] = [];
  for (let i = 1; i <= 60; i++) {
    const n = () => (r.chance(0.1) ? 'NULL' : r.pick(STORED));
    const any = () => (r.chance(0.1) ? 'NULL' : r.pick([...STORED.filter((x) => !x.includes('.')), ...TEXTS]));
    rows.push(`(${i}, ${n()}, ${any()}, ${n()}, ${any()})`);
  }
  return [
    'CREATE TABLE t (id INTEGER PRIMARY KEY, i INTEGER, s TEXT, f REAL, u)',
    'CREATE INDEX t_i ON t (i)',
    'CREATE INDEX t_s ON t (s)',
    `INSERT INTO t VALUES ${rows.join(', ')}`,
  ];
}

function comparison(r: Random): string {
  const col = () => r.pick(['i', 's', 'f', 'u']);
  const value = () => r.pick([...TEXTS, ...NUMBERS, 'NULL']);
  const op = () => r.pick(['=', '<>', '<', '<=', '>', '>=', 'IS', 'IS NOT']);
  switch (r.int(0, 5)) {
    case 0:
      return `${col()} ${op()} ${value()}`;
    case 1:
      return `${value()} ${op()} ${col()}`;
    case 2:
      return `${col()} ${op()} ${col()}`;
    case 3:
      return `${col()} ${r.chance(0.3) ? 'NOT ' : ''}IN (${value()}, ${value()}, ${value()})`;
    case 4:
      return `${col()} BETWEEN ${value()} AND ${value()}`;
    default:
      return `CAST(${col()} AS ${r.pick(['INTEGER', 'TEXT', 'REAL'])}) ${op()} ${value()}`;
  }
}

describe('comparison affinity', () => {
  let db: Database;
  let sqlite: import('sql.js').Database;
  let peers: Peers;
  const r = new Random(21);
  const ddl = setup(r);

  beforeAll(async () => {
    peers = await openPeers(ddl.join(';\n'));
    ({ db, sqlite } = peers);
  });
  afterAll(() => peers.close());

  it('agrees with SQLite on generated mixed-type comparisons', async () => {
    const mismatches: string[] = [];
    for (let n = 0; n < 400; n++) {
      const q = `SELECT id FROM t WHERE ${comparison(r)} ORDER BY id`;
      const expected = JSON.stringify(sqlite.exec(q)[0]?.values ?? []);
      const on = JSON.stringify((await db.sql(q)).rows as Value[][]);
      const off = JSON.stringify((await db.sql(q, [], { optimizer: { disabled: ['all', 'select-indexes'] } })).rows as Value[][]);
      if (on !== expected || off !== expected) mismatches.push(`${q}\n  ours: ${on}\n  off: ${off}\n  sqlite: ${expected}`);
    }
    expect(mismatches.slice(0, 3)).toEqual([]);
  });

  it('converts a literal once, so an index still serves the comparison', async () => {
    const plan = String(await db.explain('sql', "SELECT id FROM t WHERE i = '3'"));
    expect(plan).toMatch(/IndexScan t using t_i range \[3 \.\. 3\]/);
    expect((await db.sql("SELECT count(*) FROM t WHERE i = '3'")).rows).toEqual(sqlite.exec("SELECT count(*) FROM t WHERE i = '3'")[0].values);
  });
});
