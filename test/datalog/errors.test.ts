/**
 * User mistakes in Datalog programs: each rejects with a PolyglotError naming the line and
 * column of the offending text, and leaves the store unchanged.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PolyglotError } from '../../src/common/errors.js';
import { Database } from '../../src/engine/database.js';

let db: Database;
beforeEach(async () => {
  db = await Database.open();
  await db.datalog('edge(1, 2). edge(2, 3).');
});
afterEach(async () => {
  await db.close();
});

async function failure(text: string): Promise<PolyglotError> {
  try {
    await db.datalog(text);
  } catch (e) {
    expect(e).toBeInstanceOf(PolyglotError);
    return e as PolyglotError;
  }
  throw new Error(`expected ${JSON.stringify(text)} to fail`);
}

interface Case {
  name: string;
  text: string;
  code: string;
  line: number;
  column: number;
  message: RegExp;
}

const CASES: Case[] = [
  { name: 'syntax error', text: 'p(X) :- q(X)', code: 'SYNTAX_ERROR', line: 1, column: 13, message: /./ },
  { name: 'unknown relation (with a suggestion)', text: 'p(X) :- edges(X, _).\n?- p(X).', code: 'UNKNOWN_NAME', line: 1, column: 9, message: /unknown relation edges; did you mean edge/ },
  { name: 'unknown relation in a query', text: '?- nothing(X).', code: 'UNKNOWN_NAME', line: 1, column: 4, message: /unknown relation nothing/ },
  { name: 'arity mismatch between uses', text: 'p(X) :- edge(X, _).\nq(X) :- p(X, X).', code: 'TYPE_ERROR', line: 2, column: 9, message: /p is used with 2 arguments/ },
  { name: 'arity mismatch with the stored relation', text: '?- edge(X).', code: 'TYPE_ERROR', line: 1, column: 4, message: /edge is used with 1 argument but the stored relation edge has 2/ },
  { name: 'unsafe head variable', text: 'p(X, Y) :- edge(X, _).', code: 'UNKNOWN_NAME', line: 1, column: 6, message: /unsafe variable Y/ },
  { name: 'unsafe variable in a negation', text: 'p(X) :- edge(X, _), !edge(Y, X).', code: 'UNKNOWN_NAME', line: 1, column: 27, message: /unsafe variable Y/ },
  { name: 'unsafe variable in a comparison', text: 'p(X) :- edge(X, _),\n  X < Z.', code: 'UNKNOWN_NAME', line: 2, column: 7, message: /unsafe variable Z/ },
  { name: 'anonymous variable in a head', text: 'p(_) :- edge(_, _).', code: 'UNKNOWN_NAME', line: 1, column: 3, message: /unsafe variable _/ },
  {
    name: 'recursion through negation',
    text: 'p(X) :- edge(X, _), !q(X).\nq(X) :- edge(X, _), !p(X).\n?- p(X).',
    code: 'INVALID_ARGUMENT',
    line: 2,
    column: 22,
    message: /cannot be stratified/,
  },
  {
    name: 'recursion through aggregation',
    text: 'n(count()) :- m(_).\nm(X) :- n(X).\nm(1) :- edge(_, _).',
    code: 'INVALID_ARGUMENT',
    line: 1,
    column: 15,
    message: /cannot be stratified/,
  },
  { name: 'non-ground fact', text: 'edge(1, X).', code: 'UNKNOWN_NAME', line: 1, column: 9, message: /fact must be ground/ },
  {
    name: 'fact against its declaration',
    text: '.decl age(who: symbol, years: number)\nage("ann", 41).\nage("bob", "old").',
    code: 'TYPE_ERROR',
    line: 3,
    column: 12,
    message: /declared a number/,
  },
  { name: 'unknown functor', text: 'p(Y) :- edge(X, _), Y = frob(X).', code: 'UNKNOWN_NAME', line: 1, column: 25, message: /unknown functor frob/ },
  { name: 'rules for a stored relation of another arity', text: 'edge(X) :- X = 1.', code: 'TYPE_ERROR', line: 1, column: 1, message: /edge has 2 columns in the store but its rules give it 1/ },
  { name: 'facts into a SQL table', text: 'person(1, "x").', code: 'DUPLICATE_NAME', line: 1, column: 1, message: /not a Datalog relation/ },
];

describe('errors carry line and column', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      if (c.name === 'facts into a SQL table') await db.sql('CREATE TABLE person(id, name)');
      const e = await failure(c.text);
      expect(e.message).toMatch(c.message);
      expect({ code: e.code, line: e.line, column: e.column }).toEqual({ code: c.code, line: c.line, column: c.column });
    });
  }

  it('a failing program stores none of its facts', async () => {
    await failure('fresh(1). fresh(2). p(X) :- fresh(X), !p(X).');
    const relations = await db.datalog('?- edge(X, Y).');
    expect(relations.rows).toHaveLength(2);
    await failure('?- fresh(X).');
  });
});
