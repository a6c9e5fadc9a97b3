/**
 * db.datalog keeps the parse and plan of a program that is only a query by its text (as
 * db.sparql does): a later run must still see the data, the relations and the views as they are
 * then, and a program that also asserts facts or keeps views is run afresh every time.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database } from '../../src/engine/database.js';
import { sortedKeys } from './naive.js';

let db: Database;
beforeEach(async () => {
  db = await Database.open();
});
afterEach(async () => {
  await db.close();
});

const TC = 'tc(X, Y) :- edge(X, Y). tc(X, Y) :- edge(X, Z), tc(Z, Y).';

describe('the Datalog plan cache', () => {
  it('a cached query sees facts asserted after it was planned', async () => {
    await db.datalog('edge(1, 2). edge(2, 3).');
    const q = `${TC} ?- tc(1, Y).`;
    expect(sortedKeys((await db.datalog(q)).rows)).toEqual(sortedKeys([[2], [3]]));
    await db.datalog('edge(3, 4).');
    expect(sortedKeys((await db.datalog(q)).rows)).toEqual(sortedKeys([[2], [3], [4]]));
  });

  it('a query planned before its relation had rows is planned again once RDF is loaded', async () => {
    const q = '?- triple(S, "http://example.org/p", O).';
    expect((await db.datalog(q)).rows).toEqual([]);
    await db.loadRdf('<http://example.org/a> <http://example.org/p> "x" .', { format: 'application/n-triples' });
    expect((await db.datalog(q)).rows).toEqual([['http://example.org/a', 'x']]);
  });

  it('a cached query over a view follows the view’s redefinition', async () => {
    await db.datalog(`edge(1, 2). edge(2, 3). ${TC} .view tc`);
    const q = '?- tc(X, Y).';
    expect((await db.datalog(q)).rows).toHaveLength(3);
    await db.datalog('tc(X, Y) :- edge(Y, X). .view tc');
    expect(sortedKeys((await db.datalog(q)).rows)).toEqual(sortedKeys([[2, 1], [3, 2]]));
  });

  it('a program asserting facts runs all of its statements every time', async () => {
    const program = 'p(1). p(2). ?- p(X).';
    expect(sortedKeys((await db.datalog(program)).rows)).toEqual(sortedKeys([[1], [2]]));
    expect(sortedKeys((await db.datalog(program)).rows)).toEqual(sortedKeys([[1], [2]]));
    expect(sortedKeys((await db.datalog('p(3). ?- p(X).')).rows)).toEqual(sortedKeys([[1], [2], [3]]));
  });

  it('an unknown relation is reported on every run, and answered once it exists', async () => {
    const q = '?- fresh(X).';
    await expect(db.datalog(q)).rejects.toThrow(/unknown relation fresh/);
    await expect(db.datalog(q)).rejects.toThrow(/unknown relation fresh/);
    await db.datalog('fresh(7).');
    expect((await db.datalog(q)).rows).toEqual([[7]]);
  });
});
