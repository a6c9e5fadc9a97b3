/**
 * Row values: (a, b) compared with <, <=, >, >= (lexicographic, three-valued), =, <>, IS,
 * IS NOT, and (a, b) IN / NOT IN a subquery or VALUES of as many columns (correlated too).
 * Checked against sql.js, with NULLs in every position, affinities and collations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compare, openPeers, type Peers } from './ddl-peer.js';

let p: Peers;
beforeAll(async () => {
  p = await openPeers(`CREATE TABLE t (id INTEGER PRIMARY KEY, a INT, b TEXT, c INT);
    INSERT INTO t VALUES (1, 1, 'x', 1), (2, 2, 'y', 2), (3, 3, 'x', 3), (4, NULL, 'x', 4), (5, 2, NULL, 5), (6, 1, 'z', NULL), (7, 1, 'x', 3);`);
});
afterAll(async () => {
  await p.close();
});

describe('row values', () => {
  it('orders rows lexicographically with three-valued logic', async () => {
    const r = await p.db.sql("SELECT id, (a, b) < (2, 'x'), (a, b) >= (2, 'y') FROM t ORDER BY id");
    expect(r.rows).toEqual([
      [1, true, false],
      [2, false, true],
      [3, false, true],
      [4, null, null],
      [5, null, null],
      [6, true, false],
      [7, true, false],
    ]);
    expect((await p.db.sql("SELECT id FROM t WHERE (a, b, c) > (1, 'x', 1) AND (a, b, c) <= (2, 'y', 2) ORDER BY id")).rows).toEqual([[2], [6], [7]]);
  });

  it('finds a row value in a subquery, NULL when it only might be there', async () => {
    const r = await p.db.sql("SELECT id, (a, b) IN (SELECT 2, 'y' UNION ALL SELECT NULL, 'x') FROM t ORDER BY id");
    expect(r.rows.map((x) => x[1])).toEqual([null, true, null, null, null, false, null]);
    await expect(p.db.sql('SELECT (a, b) IN (SELECT 1) FROM t')).rejects.toThrow(/sub-select returns 1 columns - expected 2 \(line 1, column 8\)/);
  });

  it('agrees with SQLite', async () => {
    const queries = [
      "SELECT id, (a, b) < (2, 'x'), (a, b) <= (2, 'y'), (a, b) > (1, 'x'), (a, b) >= (2, NULL), (a, b) = (1, 'x'), (a, b) <> (1, 'x') FROM t ORDER BY id",
      "SELECT id, (a, b) IS (2, NULL), (a, b) IS NOT (NULL, 'x'), (a, '1') = (1, 1), (b, c) = ('X' COLLATE NOCASE, 1) FROM t ORDER BY id",
      "SELECT id FROM t WHERE (a, b) IN (VALUES (1, 'x'), (2, 'x'), (NULL, 'x')) ORDER BY id",
      'SELECT id, (a, b) IN (SELECT a + 1, b FROM t t2), (a, c) NOT IN (SELECT c, a FROM t t2) FROM t ORDER BY id',
      'SELECT id, (a, b) IN (SELECT t2.a, t2.b FROM t t2 WHERE t2.a = t.a + 1 OR t2.b IS NULL) FROM t ORDER BY id',
      'SELECT id FROM t WHERE (a, c) NOT IN (SELECT a, c FROM t WHERE id > 5) ORDER BY id',
      "SELECT id FROM t WHERE (b, c) > ('x', 2) ORDER BY id",
    ];
    expect(await compare(p, queries)).toEqual([]);
  });
});
