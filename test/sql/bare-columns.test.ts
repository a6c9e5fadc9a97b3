/**
 * Bare columns in an aggregate query (a column neither grouped nor aggregated), as SQLite answers
 * them: with a min() or max() in the query they come from the row where it found its value (the
 * last such aggregate when there are several, under its FILTER; the last row of a group whose
 * keys are all NULL). Checked against sql.js.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compare, openPeers, type Peers } from './ddl-peer.js';

let p: Peers;
beforeAll(async () => {
  p = await openPeers(`CREATE TABLE emp (id INTEGER PRIMARY KEY, name TEXT, dept TEXT, salary INT, age INT);
    INSERT INTO emp VALUES (1, 'ann', 'x', 10, 50), (2, 'bob', 'x', 30, 20), (3, 'cat', 'y', 20, 40), (4, 'dan', 'y', 20, 30),
      (5, 'eve', 'y', NULL, 10), (6, 'fay', 'z', NULL, 5), (7, 'gus', 'z', NULL, 6), (8, 'hal', 'x', 30, 60);`);
});
afterAll(async () => {
  await p.close();
});

describe('bare columns', () => {
  it('come from the row holding the max() or min()', async () => {
    expect((await p.db.sql('SELECT name, max(salary) FROM emp')).rows).toEqual([['bob', 30]]);
    expect((await p.db.sql('SELECT dept, name, age, min(age) FROM emp GROUP BY dept ORDER BY dept')).rows).toEqual([
      ['x', 'bob', 20, 20],
      ['y', 'eve', 10, 10],
      ['z', 'fay', 5, 5],
    ]);
  });

  it('agree with SQLite', async () => {
    const queries = [
      'SELECT name, max(salary) FROM emp',
      'SELECT name, min(salary) FROM emp',
      'SELECT name, max(salary), min(age) FROM emp',
      'SELECT name, min(age), max(salary) FROM emp',
      'SELECT name, max(salary), count(*), sum(age) FROM emp',
      'SELECT dept, name, max(salary) FROM emp GROUP BY dept ORDER BY dept',
      'SELECT dept, name, age, min(salary) FROM emp GROUP BY dept ORDER BY dept',
      "SELECT dept, name || '!', max(salary) + 1 FROM emp GROUP BY dept ORDER BY dept",
      'SELECT dept, name FROM emp GROUP BY dept HAVING max(salary) > 0 ORDER BY dept',
      'SELECT dept, name, max(salary) FROM emp GROUP BY dept ORDER BY name',
      'SELECT name, max(salary) FILTER (WHERE age > 25) FROM emp',
      'SELECT name, max(DISTINCT salary) FROM emp',
      // (With every key NULL SQLite answers the last row of a group but the first row of an ungrouped query; this engine the last.)
      "SELECT dept, name, max(salary) FROM emp WHERE dept = 'z' GROUP BY dept",
      'SELECT name, max(salary) FROM emp WHERE 0',
      'SELECT upper(name), min(name) FROM emp GROUP BY dept ORDER BY 2',
      'SELECT e.name, max(e.salary + d.age) FROM emp e JOIN emp d ON d.dept = e.dept',
    ];
    expect(await compare(p, queries)).toEqual([]);
  });
});
