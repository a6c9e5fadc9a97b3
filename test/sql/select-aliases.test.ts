/**
 * Select-list aliases in WHERE and HAVING, as SQLite reads them: an unqualified name that no
 * column of the query's own FROM has means the aliased expression; a real column wins over an
 * alias of the same name; an aliased aggregate in WHERE is an error. Checked against sql.js.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compare, openPeers, type Peers } from './ddl-peer.js';

let p: Peers;
beforeAll(async () => {
  p = await openPeers(`CREATE TABLE sale (id INTEGER PRIMARY KEY, region TEXT, amount INT, qty INT);
    INSERT INTO sale VALUES (1, 'north', 100, 2), (2, 'south', 40, 1), (3, 'north', 70, 5), (4, 'east', NULL, 3), (5, 'south', 90, 9);
    CREATE TABLE region (name TEXT, total INT); INSERT INTO region VALUES ('north', 170), ('south', 0);`);
});
afterAll(async () => {
  await p.close();
});

describe('aliases in WHERE and HAVING', () => {
  it('reads an alias in HAVING and WHERE', async () => {
    const r = await p.db.sql('SELECT region, sum(amount) AS total, count(*) AS n FROM sale GROUP BY region HAVING total > 100 AND n >= 2 ORDER BY region');
    expect(r.rows).toEqual([
      ['north', 170, 2],
      ['south', 130, 2],
    ]);
    expect((await p.db.sql('SELECT id, amount * qty AS value FROM sale WHERE value > 200 ORDER BY id')).rows).toEqual([
      [3, 350],
      [5, 810],
    ]);
  });

  it('prefers a column of the FROM over an alias of the same name', async () => {
    expect((await p.db.sql('SELECT amount + 1000 AS amount FROM sale WHERE amount > 80 ORDER BY 1')).rows).toEqual([[1090], [1100]]);
  });

  it('rejects an aliased aggregate in WHERE, with its position', async () => {
    await expect(p.db.sql('SELECT count(*) AS n FROM sale WHERE n > 1')).rejects.toThrow(/misuse of aliased aggregate n \(line 1, column 38\)/);
    await expect(p.db.sql('SELECT amount AS a FROM sale WHERE nothere > 1')).rejects.toThrow(/no such column: nothere/);
  });

  it('agrees with SQLite', async () => {
    const queries = [
      'SELECT region AS r, count(*) AS c FROM sale GROUP BY r HAVING c > 1 ORDER BY r',
      'SELECT upper(region) AS u, sum(qty) AS s FROM sale GROUP BY u HAVING s > 3 AND u <> \'EAST\' ORDER BY u',
      'SELECT id, qty * 2 AS dbl FROM sale WHERE dbl BETWEEN 4 AND 10 ORDER BY id',
      'SELECT id, coalesce(amount, 0) AS a FROM sale WHERE a = 0',
      'SELECT name AS region FROM region WHERE region = \'north\'',
      'SELECT s.id AS k FROM sale s JOIN region r ON r.name = s.region WHERE k > 2 ORDER BY k',
      'SELECT total FROM region WHERE EXISTS (SELECT amount AS total FROM sale WHERE total = 90)',
      'SELECT region, max(amount) AS m FROM sale GROUP BY region HAVING m IS NULL',
    ];
    expect(await compare(p, queries)).toEqual([]);
  });
});
