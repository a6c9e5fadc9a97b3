/**
 * errors.test.ts — every mistake is a ParseError naming line, column, what was found and what
 * was expected. Each row: source, line, column, expected tokens that must be listed, and a
 * fragment the message must contain.
 */
import { describe, expect, test } from 'vitest';
import { ParseError } from '../../../src/common/errors.js';
import { MAX_AST_DEPTH, MAX_NESTING, parseDatalog, printDatalog } from '../../../grammar/datalog/index.js';
import { parseFailure } from './helpers.js';

interface Case {
  name: string;
  source: string;
  line: number;
  column: number;
  expected: string[];
  message: string;
}

const cases: Case[] = [
  {
    name: 'missing comma between literals',
    source: 'p(X) :- q(X) r(X).',
    line: 1,
    column: 14,
    expected: ["','", "';'", "'.'", "'='", "'+'"],
    message: "found 'r'",
  },
  {
    name: 'missing terminator before the next clause',
    source: 'anc(X, Y) :- parent(X, Y)\nanc(X, Y) :- parent(X, Z).',
    line: 2,
    column: 1,
    expected: ["'.'", "','"],
    message: "found 'anc'",
  },
  {
    name: 'unclosed argument list at end of input',
    source: 'p(X',
    line: 1,
    column: 4,
    expected: ["')'", "','"],
    message: 'found the end of the input',
  },
  {
    name: 'end of input in a later line',
    source: 'p(a).\nq(X) :- r(X',
    line: 2,
    column: 12,
    expected: ["')'"],
    message: 'end of the input',
  },
  {
    name: 'missing final dot',
    source: 'p(X) :- q(X)',
    line: 1,
    column: 13,
    expected: ["'.'", "','", "';'"],
    message: 'end of the input',
  },
  { name: 'empty body', source: 'p(X) :- .', line: 1, column: 9, expected: ['identifier', 'variable', "'!'", "'not'", "'('"], message: "found '.'" },
  { name: 'empty query', source: '?- .', line: 1, column: 4, expected: ['identifier'], message: "found '.'" },
  {
    name: 'a statement cannot start with :-',
    source: ':- p(X).',
    line: 1,
    column: 1,
    expected: ['identifier', "'?-'", "'.decl'", "'.input'", "'.output'"],
    message: "found ':-'",
  },
  { name: 'dangling comma in arguments', source: 'p(X, ).', line: 1, column: 6, expected: ['variable', 'number'], message: "found ')'" },
  { name: 'chained comparison', source: 'p(X) :- q(X), X < Y < Z.', line: 1, column: 21, expected: ["','", "'.'"], message: "found '<'" },
  {
    name: 'a bare variable is not a literal',
    source: 'p(X) :- X.',
    line: 1,
    column: 9,
    expected: ["'='", "'<'"],
    message: "found 'X' but expected an atom, or a comparison operator",
  },
  {
    name: 'a bare number is not a literal',
    source: 'p(X) :- q(X), 3.',
    line: 1,
    column: 15,
    expected: ['identifier'],
    message: "found '3'",
  },
  {
    name: 'arithmetic without a comparison',
    source: 'p(X) :- q(X), X + 1.',
    line: 1,
    column: 15,
    expected: ["'='"],
    message: "found the expression 'X + 1'",
  },
  {
    name: 'double negation',
    source: 'p(X) :- q(X), !!r(X).',
    line: 1,
    column: 16,
    expected: ['identifier'],
    message: "found a second negation '!'",
  },
  {
    name: 'negated comparison',
    source: 'p(X) :- q(X), !X < 3.',
    line: 1,
    column: 16,
    expected: ['identifier'],
    message: "expected an atom after '!'",
  },
  {
    name: 'path atom used as a value',
    source: 'p(X) :- q(X), X = persons{a: 1}.',
    line: 1,
    column: 19,
    expected: ['variable'],
    message: 'found the path atom',
  },
  {
    name: 'formula inside a parenthesised term',
    source: 'p(X) :- q(X), X = (a(X), b).',
    line: 1,
    column: 20,
    expected: ['variable'],
    message: 'expected an expression inside parentheses',
  },
  { name: 'head aggregate without a term', source: 'total(sum()) :- p(X).', line: 1, column: 7, expected: ['variable'], message: "found 'sum()'" },
  {
    name: 'body aggregate without a term',
    source: 'p(N) :- N = sum : { q(X) }.',
    line: 1,
    column: 13,
    expected: ['variable'],
    message: "found 'sum' without a term to aggregate",
  },
  { name: 'body aggregate without its colon', source: 'p(X) :- q(X), X = sum Y.', line: 1, column: 24, expected: ["':'", "'+'"], message: "found '.'" },
  {
    name: 'unknown declared type',
    source: '.decl r(a: foo)',
    line: 1,
    column: 12,
    expected: ["'symbol'", "'number'", "'float'", "'unsigned'", "'string'", "'any'"],
    message: "found the unknown type 'foo'",
  },
  { name: 'declaration without a colon', source: '.decl r(a symbol)', line: 1, column: 11, expected: ["':'"], message: "found 'symbol'" },
  { name: 'directive without a relation', source: '.output\n', line: 2, column: 1, expected: ['identifier'], message: 'end of the input' },
  { name: 'unterminated string', source: 'p("abc).\nq(b).', line: 1, column: 3, expected: ['"'], message: 'unterminated string' },
  { name: 'unterminated block comment', source: 'p(a).\n/* never closed\np(b).', line: 2, column: 1, expected: ['*/'], message: 'unterminated block comment' },
  { name: 'unknown escape', source: 'p("ab\\qc").', line: 1, column: 6, expected: ['\\n', '\\"'], message: "unknown escape '\\q'" },
  { name: 'unexpected character', source: 'p(a) # x', line: 1, column: 6, expected: ["':-'", "'.'"], message: 'unexpected character "#"' },
  { name: 'unexpected character on a later line', source: 'p(a).\n  q(b) @', line: 2, column: 8, expected: ["'.'"], message: '"@"' },
  { name: 'unexpected character inside a term', source: 'p(X) :- X = $1.', line: 1, column: 13, expected: ['variable', 'number'], message: '"$"' },
  { name: 'number out of range', source: 'p(1e999).', line: 1, column: 3, expected: ['number'], message: 'out of range' },
  {
    name: 'missing brace in a body aggregate',
    source: 'p(N) :- r(Y), N = count : { q(X), s(X) t }.',
    line: 1,
    column: 40,
    expected: ["'}'", "','", "';'"],
    message: "found 't'",
  },
  {
    name: 'path field without a colon',
    source: 'p(C) :- persons{address.city C}.',
    line: 1,
    column: 30,
    expected: ["':'", "'.'"],
    message: "found 'C'",
  },
  { name: 'reserved word not', source: 'not(X) :- p(X).', line: 1, column: 1, expected: ['identifier'], message: "found 'not'" },
];

describe('parse errors', () => {
  for (const c of cases) {
    test(c.name, () => {
      const error = parseFailure(c.source);
      expect({ line: error.line, column: error.column }).toEqual({ line: c.line, column: c.column });
      for (const e of c.expected) expect(error.expected, `${e} in ${JSON.stringify(error.expected)}`).toContain(e);
      expect(error.message).toContain(c.message);
      expect(error.message).toContain(`(line ${c.line}, column ${c.column})`);
    });
  }

  test('a ParseError is a SYNTAX_ERROR with the standard shape', () => {
    const error = parseFailure('p(X) :- q(X) r(X).');
    expect(error).toBeInstanceOf(ParseError);
    expect(error.code).toBe('SYNTAX_ERROR');
    expect(error.name).toBe('ParseError');
    expect(error.message).toMatch(/^Syntax error: found 'r' but expected one of .*'\.'.* \(line 1, column 14\)$/);
  });

  test('the earliest mistake wins, whether lexical or grammatical', () => {
    expect(parseFailure('p(X) :- q(X) r(X). #').column).toBe(14);
    expect(parseFailure('p(a) # :- :- .').column).toBe(6);
    // Mistakes found after parsing (here: a bare variable, an unknown type) also come in text order.
    expect(parseFailure('p(X) :- X.\n.decl r(a: foo)').line).toBe(1);
    expect(parseFailure('.decl r(a: foo)\np(X) :- X.').line).toBe(1);
  });

  test('the expected list after a complete clause names the statement starters', () => {
    const error = parseFailure('p(a). )');
    expect(error.column).toBe(7);
    expect(error.expected).toEqual(["'.decl'", "'.input'", "'.output'", "'.printsize'", "'.view'", "'?-'", 'identifier']);
  });

  test('nesting deeper than MAX_NESTING is refused, not a stack overflow', () => {
    const depth = MAX_NESTING + 10;
    const error = parseFailure(`?- p(${'('.repeat(depth)}1${')'.repeat(depth)}).`);
    expect(error.message).toContain(`nested more than ${MAX_NESTING} levels`);
    expect(error.column).toBe(4 + MAX_NESTING + 1);
    const ok = MAX_NESTING - 2;
    expect(() => parseDatalog(`?- X = ${'('.repeat(ok)}1${')'.repeat(ok)}.`)).not.toThrow();
  });

  test('operator chains deeper than MAX_AST_DEPTH are refused; shorter ones print and reparse', () => {
    const error = parseFailure(`?- X = ${Array(MAX_AST_DEPTH + 10).fill('1').join(' + ')}.`);
    expect(error.message).toContain(`nested more than ${MAX_AST_DEPTH} levels deep`);
    expect({ line: error.line, column: error.column }).toEqual({ line: 1, column: 8 });
    const ok = parseDatalog(`?- X = ${Array(MAX_AST_DEPTH - 10).fill('1').join(' - ')}.`);
    expect(parseDatalog(printDatalog(ok)).statements).toHaveLength(1);
  });

  test('a non-string input is a ParseError too', () => {
    expect(() => parseDatalog(undefined as unknown as string)).toThrow(ParseError);
  });
});
