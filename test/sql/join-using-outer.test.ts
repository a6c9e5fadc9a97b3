/**
 * USING and NATURAL on RIGHT and FULL joins: the unqualified column is COALESCE(left, right)
 * (a row may come from either side), the qualified ones stay each side's own; checked against
 * SQLite (sql.js), including chains of FULL JOIN … USING and grouping on the merged column.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compare, openPeers, type Peers } from './ddl-peer.js';

let p: Peers;
beforeAll(async () => {
  p = await openPeers(`CREATE TABLE a (id INT, x TEXT); CREATE TABLE b (id INT, y TEXT); CREATE TABLE c (id INT, z TEXT);
    INSERT INTO a VALUES (1, 'a1'), (2, 'a2'), (NULL, 'an');
    INSERT INTO b VALUES (2, 'b2'), (3, 'b3'), (NULL, 'bn');
    INSERT INTO c VALUES (3, 'c3'), (4, 'c4'), (1, 'c1');`);
});
afterAll(async () => {
  await p.close();
});

describe('outer joins with USING', () => {
  it('FULL JOIN USING gives the column of whichever side has the row', async () => {
    const r = await p.db.sql('SELECT id, a.id, b.id, x, y FROM a FULL JOIN b USING (id) ORDER BY x, y');
    expect(r.rows).toEqual([
      [3, null, 3, null, 'b3'],
      [null, null, null, null, 'bn'],
      [1, 1, null, 'a1', null],
      [2, 2, 2, 'a2', 'b2'],
      [null, null, null, 'an', null],
    ]);
    expect((await p.db.sql('SELECT * FROM a FULL JOIN b USING (id) WHERE id = 3')).rows).toEqual([[3, null, 'b3']]);
  });

  it('agrees with SQLite on RIGHT, FULL and NATURAL joins, chains and grouping', async () => {
    const queries = [
      'SELECT id, a.id, b.id, x, y FROM a RIGHT JOIN b USING (id) ORDER BY y',
      'SELECT * FROM a RIGHT JOIN b USING (id) ORDER BY y',
      'SELECT * FROM a FULL JOIN b USING (id) ORDER BY x, y',
      'SELECT id, a.id, b.id FROM a NATURAL FULL JOIN b WHERE id > 1 ORDER BY id',
      'SELECT id, x, y, z FROM a FULL JOIN b USING (id) FULL JOIN c USING (id) ORDER BY id, x, y, z',
      'SELECT id, x, y, z FROM a LEFT JOIN b USING (id) FULL JOIN c USING (id) ORDER BY id, x, y, z',
      'SELECT id, count(*) FROM a FULL JOIN b USING (id) GROUP BY id ORDER BY id',
      'SELECT id, x, y FROM a FULL JOIN b USING (id) WHERE id IS NOT NULL ORDER BY id DESC',
      'SELECT * FROM a NATURAL RIGHT JOIN c ORDER BY z',
      'SELECT * FROM a LEFT JOIN b USING (id) ORDER BY x',
      // Refused by both: NATURAL names its columns itself.
      'SELECT * FROM a NATURAL JOIN b USING (id)',
      'SELECT * FROM a NATURAL LEFT JOIN b ON a.id = b.id',
    ];
    expect(await compare(p, queries)).toEqual([]);
  });
});
