/**
 * One Datalog program over several models: a recursive rule over RDF triples (`triple`,
 * `quad`) joined with a SQL table and with Datalog facts. The same data, written as plain
 * facts, goes to the naive evaluator of naive.ts; the engine must agree with it. RDF terms
 * are read as plain values (IRIs as strings, numeric literals as numbers).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database } from '../../src/engine/database.js';
import { answers, atom, naive, randomGraph, sortedKeys, V, type Facts, type Rule, type Value } from './naive.js';

let db: Database;
beforeEach(async () => {
  db = await Database.open();
});
afterEach(async () => {
  await db.close();
});

const EX = 'http://example.org/';
const KNOWS = `${EX}knows`;
const AGE = `${EX}age`;
const person = (i: number) => `${EX}p${i}`;
const [X, Y, Z, N, C, A] = ['X', 'Y', 'Z', 'N', 'C', 'A'].map(V);

describe('Datalog across models', () => {
  it('recursion over triples joined with a SQL table and Datalog facts equals the naive evaluator', async () => {
    const n = 30;
    const knows = randomGraph(n, 60, 11);
    const ages = Array.from({ length: n }, (_, i) => [i, 20 + ((i * 7) % 50)]);
    const cities = ['Paris', 'Oslo', 'Lima'];
    const people = Array.from({ length: n }, (_, i) => [person(i), `name${i}`, cities[i % 3]]);
    const turtle = [
      ...knows.map(([a, b]) => `<${person(a as number)}> <${KNOWS}> <${person(b as number)}> .`),
      ...ages.map(([i, age]) => `<${person(i)}> <${AGE}> "${age}"^^<http://www.w3.org/2001/XMLSchema#integer> .`),
    ].join('\n');
    await db.loadRdf(turtle, { format: 'text/turtle' });
    await db.sql('CREATE TABLE people(iri TEXT PRIMARY KEY, name TEXT, city TEXT)');
    await db.sql(`INSERT INTO people VALUES ${people.map((p) => `('${p.join("', '")}')`).join(', ')}`);
    await db.datalog(`capital("Paris"). capital("Lima").`);

    const rules: Rule[] = [
      { head: atom('reach', X, Y), body: [atom('triple', X, KNOWS, Y)] },
      { head: atom('reach', X, Y), body: [atom('reach', X, Z), atom('triple', Z, KNOWS, Y)] },
      {
        head: atom('answer', X, N, C, A),
        body: [atom('reach', person(0), X), atom('people', X, N, C), atom('capital', C), atom('triple', X, AGE, A), { op: '>', left: A, right: 30 }],
      },
    ];
    const facts: Facts = new Map<string, Value[][]>([
      ['triple', [...knows.map(([a, b]) => [person(a as number), KNOWS, person(b as number)]), ...ages.map(([i, age]) => [person(i), AGE, age])]],
      ['people', people],
      ['capital', [['Paris'], ['Lima']]],
    ]);
    const expected = answers(naive(facts, [rules]), 'answer', [null, null, null, null]);
    expect(expected.length).toBeGreaterThan(0);

    const res = await db.datalog(`
      reach(X, Y) :- triple(X, "${KNOWS}", Y).
      reach(X, Y) :- reach(X, Z), triple(Z, "${KNOWS}", Y).
      ?- reach("${person(0)}", X), people(X, N, C), capital(C), triple(X, "${AGE}", A), A > 30.`);
    expect(res.columns).toEqual(['X', 'N', 'C', 'A']);
    expect(sortedKeys(res.rows)).toEqual(expected);
  });

  it('quad(S, P, O, G) sees every graph; the default graph is ""; triple only the default graph', async () => {
    await db.loadRdf(`<${EX}a> <${KNOWS}> <${EX}b> .`, { format: 'text/turtle' });
    await db.loadRdf(`<${EX}b> <${KNOWS}> _:c .\n<${EX}b> <${EX}label> "bee"@en .`, { format: 'text/turtle', graph: `${EX}g1` });
    const quads = await db.datalog('?- quad(S, P, O, G).');
    expect(quads.columns).toEqual(['S', 'P', 'O', 'G']);
    expect(quads.rows.length).toBe(3);
    const rows = sortedKeys(quads.rows.map((r) => [r[0], r[1], typeof r[2] === 'string' && r[2].startsWith('_:') ? '_:blank' : r[2], r[3]]));
    expect(rows).toEqual(sortedKeys([
      [`${EX}a`, KNOWS, `${EX}b`, ''],
      [`${EX}b`, KNOWS, '_:blank', `${EX}g1`],
      [`${EX}b`, `${EX}label`, 'bee', `${EX}g1`],
    ]));
    const defaultOnly = await db.datalog('?- triple(S, P, O).');
    expect(defaultOnly.rows).toEqual([[`${EX}a`, KNOWS, `${EX}b`]]);
    const inGraph = await db.datalog(`?- quad(S, "${KNOWS}", O, "${EX}g1").`);
    expect(inGraph.rows.length).toBe(1);
    expect(inGraph.rows[0][0]).toBe(`${EX}b`);
  });

  it('triple is empty before any RDF is loaded, and a bound subject uses the term index of the dictionary and an index of the quads', async () => {
    expect((await db.datalog('?- triple(S, P, O).')).rows).toEqual([]);
    // Enough other subjects that reading every quad would cost more than finding b's.
    const others = Array.from({ length: 300 }, (_, i) => `<${EX}s${i}> <${KNOWS}> <${EX}t${i}> .`).join(' ');
    await db.loadRdf(`<${EX}a> <${KNOWS}> <${EX}b> . <${EX}b> <${KNOWS}> <${EX}c> . ${others}`, { format: 'text/turtle' });
    const plan = await db.explain('datalog', `?- triple("${EX}b", P, O).`);
    // The quads hold dictionary ids: the subject is looked up by its term's index, then the quads by that id's index.
    expect(plan.physical).toMatch(/IndexScan rdf_terms using rdf_terms_term range \[[^\]]*"<http:\/\/example\.org\/b"/);
    expect(plan.physical).toMatch(/IndexJoin inner rdf_quads using \S+ keys/);
    expect((await db.datalog(`?- triple("${EX}b", P, O).`)).rows).toEqual([[KNOWS, `${EX}c`]]);
  });
});
