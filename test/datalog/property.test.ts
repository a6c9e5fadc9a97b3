/**
 * Property: on random small programs and data, the engine (semi-naive Fixpoints, the shared
 * optimizer's join orders, magic sets for bound queries) answers exactly what the naive
 * evaluator of naive.ts derives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Database } from '../../src/engine/database.js';
import { answers, naive, printProgram, sortedKeys, V, type Atom, type Cmp, type Facts, type Rule, type Term, type Value } from './naive.js';

const EDB: [string, number][] = [
  ['e', 2],
  ['f', 2],
  ['u', 1],
];
const IDB: [string, number][] = [
  ['p', 2],
  ['q', 2],
  ['r', 1],
];
const VARS = ['X', 'Y', 'Z', 'W'];
const DOMAIN = 5;

const value = fc.integer({ min: 0, max: DOMAIN - 1 });
const term: fc.Arbitrary<Term> = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...VARS).map(V) }, { weight: 1, arbitrary: value });
const atomOf = (preds: [string, number][]) =>
  fc.constantFrom(...preds).chain(([pred, arity]) => fc.array(term, { minLength: arity, maxLength: arity }).map((args): Atom => ({ pred, args })));

const rule: fc.Arbitrary<Rule> = fc
  .record({
    head: fc.constantFrom(...IDB),
    body: fc.array(atomOf([...EDB, ...IDB]), { minLength: 1, maxLength: 3 }),
    negated: fc.option(atomOf(EDB), { nil: undefined }),
    compare: fc.option(fc.constantFrom<Cmp['op']>('<', '!=', '<='), { nil: undefined }),
    picks: fc.array(fc.nat(), { minLength: 2, maxLength: 2 }),
  })
  .map(({ head, body, negated, compare, picks }) => {
    const bound = [...new Set(body.flatMap((a) => a.args.filter((t): t is { v: string } => typeof t === 'object').map((t) => t.v)))];
    const pick = (k: number): Term => (bound.length ? V(bound[picks[k] % bound.length]) : picks[k] % DOMAIN);
    const lits: (Atom | Cmp)[] = [...body];
    if (negated && bound.length) {
      // Negated atoms over stored relations only (always stratified), on bound variables or constants.
      lits.push({ ...negated, negated: true, args: negated.args.map((t, i) => (typeof t === 'object' ? pick(i % 2) : t)) });
    }
    if (compare && bound.length >= 2) lits.push({ op: compare, left: V(bound[0]), right: V(bound[1]) });
    return { head: { pred: head[0], args: Array.from({ length: head[1] }, (_, i) => pick(i)) }, body: lits };
  });

const facts: fc.Arbitrary<Facts> = fc
  .record({
    e: fc.uniqueArray(fc.tuple(value, value), { maxLength: 12, selector: (t) => `${t[0]},${t[1]}` }),
    f: fc.uniqueArray(fc.tuple(value, value), { maxLength: 8, selector: (t) => `${t[0]},${t[1]}` }),
    u: fc.uniqueArray(value, { maxLength: 4 }),
    // Facts beside rules: p is stored and rule-defined at once.
    p: fc.uniqueArray(fc.tuple(value, value), { maxLength: 3, selector: (t) => `${t[0]},${t[1]}` }),
  })
  .map(({ e, f, u, p }) => new Map<string, Value[][]>([
    ['e', e],
    ['f', f],
    ['u', u.map((x) => [x])],
    ['p', p],
  ]));

describe('semi-naive evaluation equals naive evaluation', () => {
  it('on random programs and data (every IDB relation, and a bound query)', async () => {
    const db = await Database.open();
    let run = 0;
    try {
      await fc.assert(
        fc.asyncProperty(facts, fc.array(rule, { minLength: 1, maxLength: 5 }), value, async (data, rules, constant) => {
          run++;
          // Fresh relation names per run, so facts of earlier runs do not leak in.
          const rename = (p: string) => `${p}${run}`;
          const renamed: Rule[] = rules.map((r) => ({
            head: { ...r.head, pred: rename(r.head.pred) },
            body: r.body.map((l) => ('pred' in l ? { ...l, pred: rename(l.pred) } : l)),
          }));
          const stored: Facts = new Map([...data].map(([k, v]) => [rename(k), v]));
          const expected = naive(stored, [renamed]);
          const defined = new Set(renamed.map((r) => r.head.pred));
          // Every relation without rules exists (possibly empty): declare it.
          const empty = [...EDB, ...IDB].filter(([n]) => !defined.has(rename(n)) && !stored.get(rename(n))?.length);
          const decls = empty.map(([n, a]) => `.decl ${rename(n)}(${Array.from({ length: a }, (_, i) => `a${i}: number`).join(', ')})`).join('\n');
          await db.datalog(`${decls}\n${printProgram(stored, [])}`);
          for (const [name, arity] of IDB) {
            const pred = rename(name);
            if (!defined.has(pred)) continue;
            const vars = ['A', 'B'].slice(0, arity);
            const all = await db.datalog(`${printProgram(new Map(), renamed)}\n?- ${pred}(${vars.join(', ')}).`);
            expect(sortedKeys(all.rows)).toEqual(answers(expected, pred, vars.map(() => null)));
            const boundArgs = [String(constant), ...vars.slice(1)];
            const bound = await db.datalog(`${printProgram(new Map(), renamed)}\n?- ${pred}(${boundArgs.join(', ')}).`);
            expect(sortedKeys(bound.rows)).toEqual(answers(expected, pred, [constant, ...vars.slice(1).map(() => null)]));
          }
        }),
        { numRuns: 120 },
      );
    } finally {
      await db.close();
    }
  });
});
