/**
 * ORDER BY inside an aggregate call (SQLite 3.44+, PostgreSQL): group_concat / string_agg /
 * json_group_array / json_group_object fold their input in the order asked for, with DESC,
 * NULLS FIRST/LAST, several keys, DISTINCT and FILTER; aggregates whose answer does not depend
 * on order accept and ignore it. Checked against sql.js on generated groups.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compare, openPeers, type Peers } from './ddl-peer.js';
import { Random } from './generator.js';

let p: Peers;
beforeAll(async () => {
  p = await openPeers(`CREATE TABLE t (id INTEGER PRIMARY KEY, a INT, b TEXT, g INT);
    INSERT INTO t VALUES (1, 1, 'x', 1), (2, 2, 'y', 1), (3, 3, 'x', 2), (4, NULL, 'z', 1), (5, 5, NULL, 2), (6, 2, 'x', 1);`);
});
afterAll(async () => {
  await p.close();
});

describe('aggregates over ordered input', () => {
  it('orders group_concat, string_agg and json_group_array per group', async () => {
    const r = await p.db.sql(
      "SELECT g, group_concat(a ORDER BY a DESC), string_agg(b, '-' ORDER BY a DESC, b), json_group_array(a ORDER BY b DESC, id) FROM t GROUP BY g ORDER BY g",
    );
    expect(r.rows).toEqual([
      [1, '2,2,1', 'x-y-x-z', '[null,2,1,2]'],
      [2, '5,3', 'x', '[3,5]'],
    ]);
    expect((await p.db.sql('SELECT group_concat(b ORDER BY a NULLS LAST, id DESC) FROM t')).rows).toEqual([['x,x,y,x,z']]);
  });

  it('drops repeated arguments with DISTINCT after ordering, and honours FILTER', async () => {
    expect((await p.db.sql('SELECT group_concat(DISTINCT b ORDER BY a DESC) FROM t')).rows).toEqual([['x,y,z']]);
    expect((await p.db.sql("SELECT group_concat(id ORDER BY id DESC) FILTER (WHERE b = 'x') FROM t")).rows).toEqual([['6,3,1']]);
  });

  it('reports unknown names in the ORDER BY with a position', async () => {
    await expect(p.db.sql('SELECT group_concat(a ORDER BY nope) FROM t')).rejects.toThrow(/no such column: nope \(line 1, column 32\)/);
  });

  it('agrees with SQLite on generated groups', async () => {
    const rnd = new Random(18);
    await p.db.sql('CREATE TABLE r (id INTEGER PRIMARY KEY, k INT, v INT, s TEXT)');
    p.sqlite.exec('CREATE TABLE r (id INTEGER PRIMARY KEY, k INT, v INT, s TEXT)');
    const rows: string[] = [];
    for (let i = 1; i <= 200; i++) {
      const v = rnd.int(0, 9) === 0 ? 'NULL' : String(rnd.int(-5, 5));
      const s = rnd.int(0, 9) === 0 ? 'NULL' : `'${String.fromCharCode(97 + rnd.int(0, 4))}'`;
      rows.push(`(${i}, ${rnd.int(0, 7)}, ${v}, ${s})`);
    }
    const insert = `INSERT INTO r VALUES ${rows.join(', ')}`;
    await p.db.sql(insert);
    p.sqlite.exec(insert);
    const queries = [
      'SELECT k, group_concat(v ORDER BY v, id) FROM r GROUP BY k ORDER BY k',
      'SELECT k, group_concat(s, \'|\' ORDER BY s DESC, id) FROM r GROUP BY k ORDER BY k',
      'SELECT k, group_concat(id ORDER BY v DESC NULLS FIRST, s NULLS LAST, id) FROM r GROUP BY k ORDER BY k',
      'SELECT k, json_group_array(s ORDER BY v, id DESC) FROM r WHERE v > 0 GROUP BY k ORDER BY k',
      'SELECT k, group_concat(DISTINCT s ORDER BY s) FROM r GROUP BY k ORDER BY k',
      'SELECT k, count(v ORDER BY s), sum(v ORDER BY id DESC), max(s ORDER BY v) FROM r GROUP BY k ORDER BY k',
      'SELECT string_agg(s, \',\' ORDER BY id DESC) FILTER (WHERE v < 0) FROM r',
    ];
    expect(await compare(p, queries)).toEqual([]);
  });
});
