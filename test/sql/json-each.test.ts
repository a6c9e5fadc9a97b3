/**
 * json_each / json_tree in FROM (src/relational/table-functions.ts over an Unnest, the rows
 * from src/algebra/functions/sql-json-each.ts): every column, paths, correlation with the
 * FROM items before them, LEFT JOIN, and errors, against SQLite (sql.js); plus generated
 * documents whose whole json_tree (ids and parents included) must match.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Random } from '../../src/workload/prng.js';
import { compare, openPeers, type Peers } from './ddl-peer.js';

let p: Peers;
beforeEach(async () => {
  p = await openPeers();
});
afterEach(async () => {
  await p.close();
});

const DOC = `'{"a":1,"b c":[1,2.5,"x",true,false,null],"d":{"e":null,"f_g":{"h":[[]]}},"\u00e9t\u00e9":"\u00fc\\"q","n":-1.5e3}'`;

describe('json_each and json_tree against SQLite', () => {
  it('lists every column of each element, with and without a path', async () => {
    const diffs = await compare(p, [
      `SELECT * FROM json_each(${DOC}) ORDER BY id`,
      `SELECT * FROM json_tree(${DOC}) ORDER BY id`,
      `SELECT * FROM json_each(${DOC}, '$."b c"') ORDER BY id`,
      `SELECT * FROM json_tree(${DOC}, '$.d') ORDER BY id`,
      `SELECT * FROM json_each(${DOC}, '$.d.f_g.h[0]')`,
      `SELECT * FROM json_each(${DOC}, '$.a')`,
      // (SQLite's key and path for the top row of json_tree at a path ending in an array index are not followed.)
      `SELECT * FROM json_tree('[1,[2,[3]]]', '$[1]')`,
      `SELECT * FROM json_tree(${DOC}, '$.d.e')`,
      `SELECT key, fullkey, path FROM json_each('{"a_b":1,"A1":2,"é":3,"":4}')`,
      `SELECT * FROM json_each(${DOC}, '$.missing')`,
      "SELECT * FROM json_each('7')",
      "SELECT * FROM json_each('\"s\"')",
      'SELECT * FROM json_each(NULL)',
      "SELECT key, value FROM json_each('[10,20,30]') AS j WHERE j.value > 15 ORDER BY key",
      "SELECT count(*), sum(value) FROM json_each(json_array(1, 2, 3, 4))",
      `SELECT long.fullkey FROM json_tree('${'{"k":'.repeat(30)}1${'}'.repeat(30)}') AS long WHERE long.type = 'integer'`,
      `SELECT id, parent FROM json_tree('{"big":"${'x'.repeat(300)}","arr":[${Array.from({ length: 40 }, (_, i) => i * 1000).join(',')}]}') ORDER BY id`,
    ]);
    expect(diffs).toEqual([]);
  });

  it('reads the columns of the FROM items before it, in joins, subqueries and aggregates', async () => {
    const diffs = await compare(p, [
      'CREATE TABLE t (id INTEGER PRIMARY KEY, doc TEXT)',
      `INSERT INTO t VALUES (1, '{"tags":["a","b"],"n":1}'), (2, '{"tags":[],"n":2}'), (3, NULL), (4, '{"tags":["b","c","d"]}')`,
      'SELECT t.id, j.value FROM t, json_each(t.doc, \'$.tags\') AS j ORDER BY t.id, j.key',
      'SELECT t.id, j.value FROM t JOIN json_each(t.doc, \'$.tags\') j ON j.value <> \'b\' ORDER BY 1, 2',
      'SELECT t.id, j.value FROM t LEFT JOIN json_each(t.doc, \'$.tags\') j ON j.value <> \'b\' ORDER BY 1, 2',
      "SELECT j.value, count(*) FROM t, json_each(t.doc, '$.tags') j GROUP BY j.value ORDER BY 1",
      "SELECT id, (SELECT count(*) FROM json_each(t.doc, '$.tags')) FROM t ORDER BY id",
      "SELECT id FROM t WHERE EXISTS (SELECT 1 FROM json_each(t.doc, '$.tags') WHERE value = 'c') ORDER BY id",
      "SELECT t.id, p.fullkey, c.fullkey FROM t, json_tree(t.doc) p, json_tree(t.doc) c WHERE c.parent = p.id AND p.type = 'array' ORDER BY 1, 2, 3",
      "SELECT a.value, b.value FROM json_each('[1,2]') a, json_each('[\"x\",\"y\"]') b ORDER BY 1, 2",
    ]);
    expect(diffs).toEqual([]);
  });

  it('fails where SQLite fails', async () => {
    const diffs = await compare(p, [
      "SELECT * FROM json_each('[1,')",
      "SELECT * FROM json_each('[1]', 'bad path')",
      'SELECT * FROM json_each()',
      "SELECT * FROM json_each('[1]', '$', 3)",
    ]);
    expect(diffs).toEqual([]);
    await expect(p.db.sql("SELECT * FROM json_eahc('[1]')")).rejects.toMatchObject({ code: 'UNKNOWN_NAME', message: expect.stringContaining('did you mean "json_each"') });
  });

  it('agrees on the whole json_tree of generated documents', async () => {
    const rnd = new Random(7);
    const gen = (depth: number): string => {
      const r = rnd.int(0, depth > 3 ? 4 : 7);
      switch (r) {
        case 0:
          return String(rnd.int(-1000, 100000));
        case 1:
          return (rnd.float() * 1e4).toFixed(rnd.int(1, 4));
        case 2:
          return JSON.stringify('s'.repeat(rnd.int(0, 20)) + (rnd.chance(0.2) ? 'é"\n' : ''));
        case 3:
          return rnd.pick(['true', 'false', 'null']);
        case 4:
          return JSON.stringify(rnd.pick(['k', 'a b', 'x1', '_y', '1z']));
        case 5:
        case 6:
          return `[${Array.from({ length: rnd.int(0, 5) }, () => gen(depth + 1)).join(',')}]`;
        default:
          return `{${Array.from({ length: rnd.int(0, 5) }, (_, i) => `${JSON.stringify(rnd.pick(['k', 'a b', 'x1', '_y', '1z', 'Ä']) + i)}:${gen(depth + 1)}`).join(',')}}`;
      }
    };
    const docs = Array.from({ length: 60 }, () => gen(0).replace(/'/g, "''"));
    const diffs = await compare(
      p,
      docs.map((d) => `SELECT * FROM json_tree('${d}') ORDER BY id`),
    );
    expect(diffs).toEqual([]);
  });
});
