/**
 * The errors a query's misuse earns, as a SQLite user meets them: each is refused by SQLite too
 * (sql.js), says what is wrong in SQLite's words (more where it helps: "did you mean", the
 * argument count) and names the line and column of the offending part.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PolyglotError } from '../../src/index.js';
import { openPeers, runSqlite, type Peers } from './ddl-peer.js';

let p: Peers;
beforeAll(async () => {
  p = await openPeers('CREATE TABLE w (id INTEGER PRIMARY KEY, g TEXT, x INT); INSERT INTO w VALUES (1, \'a\', 1), (2, \'b\', 2);');
});
afterAll(async () => {
  await p.close();
});

const CASES: [string, RegExp][] = [
  ['SELECT upperr(g) FROM w', /no such function: upperr; did you mean "upper"\? \(line 1, column 8\)/],
  ['SELECT substr(g) FROM w', /wrong number of arguments to function substr\(\): got 1 \(line 1, column 8\)/],
  ['SELECT id FROM w\nWHERE sum(x) > 1', /misuse of aggregate function in WHERE \(line 2, column 7\)/],
  ['SELECT sum(sum(x)) FROM w', /misuse of aggregate function sum\(\) \(line 1, column 12\)/],
  ['SELECT id FROM w GROUP BY sum(x)', /aggregate functions are not allowed in the GROUP BY clause \(line 1, column 27\)/],
  ['SELECT sum(x) FROM w GROUP BY 1', /aggregate functions are not allowed in the GROUP BY clause \(line 1, column 31\)/],
  ['SELECT id FROM w WHERE row_number() OVER () > 1', /misuse of window function row_number\(\) \(line 1, column 24\)/],
  ['SELECT lower(g) OVER () FROM w', /lower\(\) may not be used as a window function \(line 1, column 8\)/],
  ['SELECT * FROM w NATURAL JOIN w AS v USING (id)', /a NATURAL join may not have an ON or USING clause \(line 1, column 15\)/],
  ['SELECT nosuch FROM w', /no such column: nosuch \(line 1, column 8\)/],
  ['SELECT id FROM w ORDER BY 3', /ORDER BY term out of range - should be between 1 and 1 \(line 1, column 27\)/],
];

describe('query errors', () => {
  it.each(CASES)('%s', async (q, message) => {
    expect(runSqlite(p, q).ok).toBe(false);
    const err = await p.db.sql(q).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PolyglotError);
    expect((err as Error).message).toMatch(message);
  });
});
