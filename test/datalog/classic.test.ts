/**
 * Classic Datalog programs on generated data, each answer checked against the naive
 * evaluator of naive.ts (which shares no code with src/datalog).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database } from '../../src/engine/database.js';
import { answers, atom, naive, not, printProgram, randomGraph, rng, sortedKeys, V, type Facts, type Rule, type Value } from './naive.js';

let db: Database;
beforeEach(async () => {
  db = await Database.open();
});
afterEach(async () => {
  await db.close();
});

const [X, Y, Z, W, P, O] = ['X', 'Y', 'Z', 'W', 'P', 'O'].map(V);

const TC_LEFT: Rule[] = [
  { head: atom('tc', X, Y), body: [atom('edge', X, Y)] },
  { head: atom('tc', X, Y), body: [atom('tc', X, Z), atom('edge', Z, Y)] },
];
const TC_RIGHT: Rule[] = [
  { head: atom('tc', X, Y), body: [atom('edge', X, Y)] },
  { head: atom('tc', X, Y), body: [atom('edge', X, Z), atom('tc', Z, Y)] },
];
const TC_NONLINEAR: Rule[] = [
  { head: atom('tc', X, Y), body: [atom('edge', X, Y)] },
  { head: atom('tc', X, Y), body: [atom('tc', X, Z), atom('tc', Z, Y)] },
];

function chain(n: number): Value[][] {
  return Array.from({ length: n - 1 }, (_, i) => [i, i + 1]);
}
function tree(depth: number): Value[][] {
  const edges: Value[][] = [];
  for (let i = 1; i < 2 ** depth; i++) edges.push([Math.floor((i - 1) / 2), i]);
  return edges;
}

async function run(facts: Facts, rules: Rule[], query: string) {
  return db.datalog(`${printProgram(facts, rules)}\n${query}`);
}

describe('transitive closure', () => {
  const graphs: [string, Value[][]][] = [
    ['chain of 40', chain(40)],
    ['binary tree of depth 6', tree(6)],
    ['random graph with cycles (45 nodes, 100 edges)', randomGraph(45, 100, 7)],
  ];
  const variants: [string, Rule[]][] = [
    ['left-linear', TC_LEFT],
    ['right-linear', TC_RIGHT],
    ['non-linear', TC_NONLINEAR],
  ];
  for (const [graphName, edges] of graphs) {
    for (const [variantName, rules] of variants) {
      it(`${variantName} on a ${graphName}: every pair, and a bound query`, async () => {
        const facts: Facts = new Map([['edge', edges]]);
        const expected = naive(facts, [rules]);
        const all = await run(facts, rules, '?- tc(X, Y).');
        expect(all.columns).toEqual(['X', 'Y']);
        expect(sortedKeys(all.rows)).toEqual(answers(expected, 'tc', [null, null]));
        const start = edges[0][0];
        const bound = await db.datalog(`${printProgram(new Map(), rules)}\n?- tc(${start}, Y).`);
        expect(bound.columns).toEqual(['Y']);
        expect(sortedKeys(bound.rows)).toEqual(answers(expected, 'tc', [start, null]));
        const second = await db.datalog(`${printProgram(new Map(), rules)}\n?- tc(X, ${start}).`);
        expect(sortedKeys(second.rows)).toEqual(answers(expected, 'tc', [null, start]));
      });
    }
  }
});

describe('a closure answered whole', () => {
  it('reads the same through length, iteration, rows and toObjects (rows built from codes as read)', async () => {
    const edges = randomGraph(45, 100, 11);
    const facts: Facts = new Map([['edge', edges]]);
    const expected = answers(naive(facts, [TC_LEFT]), 'tc', [null, null]);
    const r = await run(facts, TC_LEFT, '?- tc(X, Y).');
    expect(r.length).toBe(expected.length);
    expect(sortedKeys([...r])).toEqual(expected);
    expect(sortedKeys(r.rows)).toEqual(expected);
    expect([...r]).toEqual(r.rows);
    expect(r.toObjects().map((o) => [o.X, o.Y])).toEqual(r.rows);
    await expect(db.datalog(`${printProgram(new Map(), TC_LEFT)}\n?- tc(X, Y).`, { maxRows: expected.length - 1 })).rejects.toThrow(/maxRows/);
  });
});

describe('classic programs', () => {
  it('same generation on a tree', async () => {
    const parent = tree(5).map(([p, c]) => [c, p]);
    const nodes = [...new Set(parent.flat())].map((n) => [n]);
    const rules: Rule[] = [
      { head: atom('sg', X, X), body: [atom('node', X)] },
      { head: atom('sg', X, Y), body: [atom('parent', X, P), atom('sg', P, O), atom('parent', Y, O)] },
    ];
    const facts: Facts = new Map([
      ['parent', parent],
      ['node', nodes],
    ]);
    const expected = naive(facts, [rules]);
    const r = await run(facts, rules, '?- sg(X, Y).');
    expect(sortedKeys(r.rows)).toEqual(answers(expected, 'sg', [null, null]));
    const bound = await db.datalog(`${printProgram(new Map(), rules)}\n?- sg(20, Y).`);
    expect(sortedKeys(bound.rows)).toEqual(answers(expected, 'sg', [20, null]));
  });

  it('Andersen-style points-to analysis', async () => {
    const r = rng(11);
    const vars = 30;
    const objs = 12;
    const pick = (n: number) => Math.floor(r() * n);
    const gen = (count: number, f: () => Value[]) => Array.from({ length: count }, f);
    const facts: Facts = new Map([
      ['addressOf', gen(25, () => [`v${pick(vars)}`, `o${pick(objs)}`])],
      ['assign', gen(30, () => [`v${pick(vars)}`, `v${pick(vars)}`])],
      ['load', gen(15, () => [`v${pick(vars)}`, `v${pick(vars)}`])],
      ['store', gen(15, () => [`v${pick(vars)}`, `v${pick(vars)}`])],
    ]);
    for (const [k, rows] of facts) facts.set(k, [...new Map(rows.map((x) => [JSON.stringify(x), x])).values()]);
    // Objects point to things too: an object's cell is named like the object.
    const rules: Rule[] = [
      { head: atom('pt', X, O), body: [atom('addressOf', X, O)] },
      { head: atom('pt', X, O), body: [atom('assign', X, Y), atom('pt', Y, O)] },
      { head: atom('pt', X, O), body: [atom('load', X, Y), atom('pt', Y, P), atom('pt', P, O)] },
      { head: atom('pt', P, O), body: [atom('store', X, Y), atom('pt', X, P), atom('pt', Y, O)] },
    ];
    const expected = naive(facts, [rules]);
    const res = await run(facts, rules, '?- pt(X, O).');
    expect(res.rows.length).toBeGreaterThan(0);
    expect(sortedKeys(res.rows)).toEqual(answers(expected, 'pt', [null, null]));
  });

  it('reachability with negation: nodes not reachable from a start node', async () => {
    const edges = randomGraph(50, 70, 3);
    const nodes = Array.from({ length: 50 }, (_, i) => [i]);
    const strata: Rule[][] = [
      [
        { head: atom('reach', X), body: [atom('start', X)] },
        { head: atom('reach', Y), body: [atom('reach', X), atom('edge', X, Y)] },
      ],
      [{ head: atom('unreached', X), body: [atom('node', X), not(atom('reach', X))] }],
    ];
    const facts: Facts = new Map([
      ['edge', edges],
      ['node', nodes],
      ['start', [[edges[0][0]]]],
    ]);
    const expected = naive(facts, strata);
    const res = await run(facts, strata.flat(), '?- unreached(X).');
    expect(res.rows.length).toBeGreaterThan(0);
    expect(sortedKeys(res.rows)).toEqual(answers(expected, 'unreached', [null]));
  });

  it('aggregation over the results of recursion', async () => {
    const edges = randomGraph(40, 60, 5);
    const facts: Facts = new Map([['edge', edges]]);
    const expected = naive(facts, [TC_LEFT]);
    const counts = new Map<Value, number>();
    for (const k of expected.get('tc') ?? []) {
      const [from] = JSON.parse(k) as Value[];
      counts.set(from, (counts.get(from) ?? 0) + 1);
    }
    const text = `${printProgram(facts, TC_LEFT)}
      reachable(X, count()) :- tc(X, _).
      most(max(N)) :- reachable(_, N).
      total(sum(N)) :- reachable(_, N).
      ?- reachable(X, N).`;
    const res = await db.datalog(text);
    expect(sortedKeys(res.rows)).toEqual(sortedKeys([...counts].map(([k, v]) => [k, v])));
    const most = await db.datalog(`${printProgram(new Map(), TC_LEFT)} reachable(X, count()) :- tc(X, _). most(max(N)) :- reachable(_, N). ?- most(N).`);
    expect(most.rows).toEqual([[Math.max(...counts.values())]]);
    const total = await db.datalog(`${printProgram(new Map(), TC_LEFT)} reachable(X, count()) :- tc(X, _). total(sum(N)) :- reachable(_, N). ?- total(N).`);
    expect(total.rows).toEqual([[expected.get('tc')?.size]]);
  });

  it('mutual recursion: even and odd distance along a chain', async () => {
    const facts: Facts = new Map([['edge', chain(20)]]);
    const rules: Rule[] = [
      { head: atom('even', X), body: [atom('edge', X, Y), { op: '=', left: X, right: 0 }] },
      { head: atom('odd', Y), body: [atom('even', X), atom('edge', X, Y)] },
      { head: atom('even', Y), body: [atom('odd', X), atom('edge', X, Y)] },
    ];
    const expected = naive(facts, [rules]);
    const res = await run(facts, rules, '?- odd(X).');
    expect(sortedKeys(res.rows)).toEqual(answers(expected, 'odd', [null]));
    const plan = (await db.explain('datalog', `${printProgram(new Map(), rules)} ?- odd(X).`)).toString();
    expect(plan).toMatch(/Fixpoint set (even, odd|odd, even)/);
  });

  it('comparisons and arithmetic in bodies and heads', async () => {
    const res = await db.datalog(`
      n(1). n(2). n(3). n(4).
      sq(X, Y) :- n(X), Y = X * X.
      big(X) :- sq(X, Y), Y > 5, X != 4.
      next(X, X + 1) :- n(X), X < 3.
      ?- sq(X, Y), big(X), next(X, Z).`);
    expect(res.columns).toEqual(['X', 'Y', 'Z']);
    expect(res.rows).toEqual([]);
    const res2 = await db.datalog('?- sq(X, Y), next(X, Z).  sq(X, Y) :- n(X), Y = X * X. next(X, X + 1) :- n(X), X < 3.');
    expect(sortedKeys(res2.rows)).toEqual(sortedKeys([
      [1, 1, 2],
      [2, 4, 3],
    ]));
  });

  it('facts persist between programs; re-asserting keeps one copy', async () => {
    await db.datalog('likes("ann", "tea"). likes("bob", "tea").');
    await db.datalog('likes("ann", "tea"). likes(carl, coffee).');
    const res = await db.datalog('?- likes(Who, What).');
    expect(sortedKeys(res.rows)).toEqual(sortedKeys([
      ['ann', 'tea'],
      ['bob', 'tea'],
      ['carl', 'coffee'],
    ]));
    const yes = await db.datalog('?- likes("ann", "tea").');
    expect(yes.columns).toEqual([]);
    expect(yes.rows).toEqual([[]]);
    const no = await db.datalog('?- likes("ann", "coffee").');
    expect(no.rows).toEqual([]);
  });

  it('SQL tables are relations with positional columns (hidden rowid excluded)', async () => {
    await db.sql('CREATE TABLE person(id, name)');
    await db.sql("INSERT INTO person VALUES (1, 'ann'), (2, 'bob'), (3, 'cy')");
    await db.sql('CREATE TABLE knows(a INTEGER, b INTEGER, PRIMARY KEY (a, b))');
    await db.sql('INSERT INTO knows VALUES (1, 2), (2, 3)');
    const res = await db.datalog(`
      reach(X, Y) :- knows(X, Y).
      reach(X, Y) :- reach(X, Z), knows(Z, Y).
      ?- person(1, _), reach(1, Y), person(Y, Name).`);
    expect(res.columns).toEqual(['Y', 'Name']);
    expect(sortedKeys(res.rows)).toEqual(sortedKeys([
      [2, 'bob'],
      [3, 'cy'],
    ]));
  });

  it('body aggregates and declarations', async () => {
    const res = await db.datalog(`
      .decl emp(name: symbol, dept: symbol, salary: number)
      emp(ann, sales, 10). emp(bob, sales, 20). emp(cy, ops, 5).
      dept(D) :- emp(_, D, _).
      payroll(D, S) :- dept(D), S = sum X : { emp(_, D, X) }.
      headcount(D, N) :- dept(D), N = count : { emp(_, D, _) }.
      ?- payroll(D, S), headcount(D, N).`);
    expect(sortedKeys(res.rows)).toEqual(sortedKeys([
      ['ops', 5, 1],
      ['sales', 30, 2],
    ]));
  });
});
