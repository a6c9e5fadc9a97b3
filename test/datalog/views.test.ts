/**
 * Rules kept as named views (`.view p`): later programs read p without defining it, over the
 * data as it is when they run; answers are checked against the naive evaluator.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database } from '../../src/engine/database.js';
import { answers, atom, naive, printProgram, randomGraph, sortedKeys, V, type Facts, type Rule } from './naive.js';

let db: Database;
beforeEach(async () => {
  db = await Database.open();
});
afterEach(async () => {
  await db.close();
});

const [X, Y, Z] = ['X', 'Y', 'Z'].map(V);
const TC: Rule[] = [
  { head: atom('tc', X, Y), body: [atom('edge', X, Y)] },
  { head: atom('tc', X, Y), body: [atom('tc', X, Z), atom('edge', Z, Y)] },
];
const LOOPS: Rule[] = [{ head: atom('loop', X), body: [atom('tc', X, X)] }];

describe('Datalog views', () => {
  it('a view defined in one program answers queries of later ones, over the data as it is then', async () => {
    const first = randomGraph(25, 40, 3);
    await db.datalog(`${printProgram(new Map([['edge', first]]), [...TC, ...LOOPS])}\n.view loop`);
    const expectedFirst = naive(new Map([['edge', first]]), [TC, LOOPS]);
    expect(sortedKeys((await db.datalog('?- loop(X).')).rows)).toEqual(answers(expectedFirst, 'loop', [null]));
    // loop's view brought tc along; tc itself was not kept as a view.
    await expect(db.datalog('?- tc(X, Y).')).rejects.toThrow(/unknown relation tc/);

    const more = randomGraph(25, 30, 9);
    await db.datalog(printProgram(new Map([['edge', more]]), []));
    const facts: Facts = new Map([['edge', [...first, ...more]]]);
    const expected = naive(facts, [TC, LOOPS]);
    expect(sortedKeys((await db.datalog('?- loop(X).')).rows)).toEqual(answers(expected, 'loop', [null]));
  });

  it('a bound query over a view uses magic sets; redefining the view replaces it', async () => {
    const edges = randomGraph(30, 50, 5);
    await db.datalog(`${printProgram(new Map([['edge', edges]]), TC)}\n.view tc`);
    const start = edges[0][0];
    const plan = await db.explain('datalog', `?- tc(${start}, Y).`);
    expect(plan.logical).toMatch(/magic/);
    const expected = naive(new Map([['edge', edges]]), [TC]);
    expect(sortedKeys((await db.datalog(`?- tc(${start}, Y).`)).rows)).toEqual(answers(expected, 'tc', [start, null]));

    await db.datalog('tc(X, Y) :- edge(Y, X). .view tc');
    const reversed = sortedKeys(edges.filter((e) => e[1] === start).map((e) => [e[0]]));
    expect(sortedKeys((await db.datalog(`?- tc(${start}, Y).`)).rows)).toEqual(reversed);
  });

  it('errors: a view of an undefined predicate, a view over a table name, reading a view from SQL', async () => {
    await expect(db.datalog('edge(1, 2).\n.view nothing')).rejects.toMatchObject({ line: 2, column: 1, message: expect.stringMatching(/no rule of this program defines nothing/) });
    // The failing program stored nothing, its fact included (a program is atomic).
    await expect(db.datalog('?- edge(X, Y).')).rejects.toThrow(/unknown relation edge/);
    await db.datalog('edge(1, 2).');
    await db.sql('CREATE TABLE t(a)');
    await expect(db.datalog('t2(X) :- edge(X, _).\nt(X) :- t2(X).\n.view t')).rejects.toThrow(/cannot keep a view named t: it is a stored table/);
    await db.datalog('r(X) :- edge(X, _). .view r');
    await expect(db.sql('SELECT * FROM r')).rejects.toThrow(/r is a Datalog view; query it with db.datalog/);
  });
});
