/**
 * errors.test.ts — every mistake is a ParseError (code SYNTAX_ERROR) naming the line and
 * column, what was found and what was expected. Each row: text, line, column, labels that
 * must be in `expected` (in full), and a fragment the message must contain.
 */
import { describe, expect, test } from 'vitest';
import { ParseError } from '../../../src/common/errors.js';
import { parseSql, parseSqlStatement } from '../../../grammar/sql/index.js';
import { parseFailure } from './helpers.js';

interface Case {
  name: string;
  sql: string;
  line: number;
  column: number;
  expected: string[];
  message: string;
}

const cases: Case[] = [
  {
    name: 'misspelt FROM',
    sql: 'SELECT * FORM t',
    line: 1,
    column: 10,
    expected: ["','", 'FROM', 'WHERE', 'GROUP', 'ORDER', 'LIMIT', 'UNION', "';'"],
    message: `Expected one of: ',', FROM, WHERE`,
  },
  {
    name: 'misspelt keyword at the start',
    sql: 'SELEC 1',
    line: 1,
    column: 1,
    expected: ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'CREATE', 'WITH', 'BEGIN'],
    message: 'but found "SELEC"',
  },
  {
    name: 'missing operand at end of input',
    sql: 'SELECT a FROM t WHERE',
    line: 1,
    column: 22,
    expected: ['identifier', 'number', 'string', 'NULL', "'('", 'CASE', 'NOT', "'-'"],
    message: 'but found end of input',
  },
  {
    name: 'GROUP without BY',
    sql: 'SELECT a FROM t WHERE x = 1 GROUP a',
    line: 1,
    column: 35,
    expected: ['BY'],
    message: 'Expected BY but found "a"',
  },
  {
    name: 'VALUES without parentheses',
    sql: 'INSERT INTO t VALUES 1',
    line: 1,
    column: 22,
    expected: ["'('"],
    message: `Expected '(' but found "1"`,
  },
  {
    name: 'trailing comma in a column list',
    sql: 'CREATE TABLE t (a INT,)',
    line: 1,
    column: 23,
    expected: ['identifier', 'CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN'],
    message: 'but found ")"',
  },
  {
    name: 'unclosed parenthesis',
    sql: 'SELECT (1 + 2 FROM t',
    line: 1,
    column: 15,
    expected: ["')'", "','", "'+'", "'='", 'AND'],
    message: `Expected one of: ',', ')'`,
  },
  {
    name: 'two comparison operators',
    sql: 'SELECT 1;\nSELECT * FROM t\n  WHERE a = = 2',
    line: 3,
    column: 13,
    expected: ['identifier', 'ANY', 'ALL', "'('"],
    message: 'but found "="',
  },
  {
    name: 'missing = in SET',
    sql: 'UPDATE t SET a 1',
    line: 1,
    column: 16,
    expected: ["'='"],
    message: `Expected '=' but found "1"`,
  },
  {
    name: 'two statements without a semicolon',
    sql: 'SELECT 1 SELECT 2',
    line: 1,
    column: 10,
    expected: ["';'", 'FROM', 'AS'],
    message: 'but found "SELECT"',
  },
  {
    name: 'DROP without an object type',
    sql: 'DROP t',
    line: 1,
    column: 6,
    expected: ['TABLE', 'INDEX', 'VIEW', 'TRIGGER'],
    message: 'Expected one of: TABLE, INDEX, VIEW, TRIGGER but found "t"',
  },
  {
    name: 'reserved word as a column name',
    sql: 'SELECT order FROM t',
    line: 1,
    column: 8,
    expected: ['identifier'],
    message: 'but found "order"',
  },
  {
    name: 'BETWEEN without AND',
    sql: 'SELECT a BETWEEN 1 OR 2',
    line: 1,
    column: 20,
    expected: ['AND'],
    message: 'Expected AND in BETWEEN',
  },
  {
    name: 'bad character',
    sql: 'SELECT a,\n  # FROM t',
    line: 2,
    column: 3,
    expected: ['identifier', 'number', "'*'"],
    message: 'unexpected character "#"',
  },
  {
    name: 'unterminated string',
    sql: "SELECT 'abc FROM t",
    line: 1,
    column: 8,
    expected: ["'"],
    message: 'Unterminated string literal',
  },
  {
    name: 'unterminated quoted identifier',
    sql: 'SELECT "abc',
    line: 1,
    column: 8,
    expected: ['"'],
    message: 'Unterminated quoted identifier',
  },
  {
    name: 'unterminated block comment',
    sql: 'SELECT 1 /* never closed',
    line: 1,
    column: 10,
    expected: ['*/'],
    message: 'Unterminated comment',
  },
  {
    name: 'malformed blob',
    sql: "SELECT x'ABC'",
    line: 1,
    column: 8,
    expected: [],
    message: 'Malformed blob literal',
  },
  {
    name: 'a number running into a name',
    sql: 'SELECT 1,\n  2abc FROM t',
    line: 2,
    column: 3,
    expected: [],
    message: 'Malformed number "2abc"',
  },
  {
    name: 'hex prefix without digits',
    sql: 'SELECT 0x',
    line: 1,
    column: 8,
    expected: [],
    message: 'Malformed number "0x"',
  },
  {
    name: 'hex literal beyond 64 bits',
    sql: 'SELECT 0x10000000000000000',
    line: 1,
    column: 8,
    expected: [],
    message: 'Hex literal too big',
  },
  {
    name: 'parameter number 0',
    sql: 'SELECT ?0',
    line: 1,
    column: 8,
    expected: [],
    message: 'Parameter number must be between 1 and 32766',
  },
  {
    name: 'too many name parts',
    sql: 'SELECT a.b.c.d FROM t',
    line: 1,
    column: 8,
    expected: [],
    message: 'Too many parts',
  },
  {
    name: 'star inside an expression',
    sql: 'SELECT t.* + 1 FROM t',
    line: 1,
    column: 8,
    expected: [],
    message: '"*" is not allowed',
  },
  {
    name: 'ESCAPE without LIKE',
    sql: 'SELECT a ESCAPE b',
    line: 1,
    column: 10,
    expected: [],
    message: 'ESCAPE without a preceding LIKE',
  },
  {
    name: 'VALUES rows of different widths',
    sql: 'VALUES (1, 2), (3)',
    line: 1,
    column: 1,
    expected: [],
    message: 'same number of values',
  },
  {
    name: 'bad RAISE',
    sql: 'SELECT RAISE(STOP, 1)',
    line: 1,
    column: 8,
    expected: [],
    message: 'Expected RAISE(IGNORE)',
  },
  {
    name: 'a lexing error after a parse error: the parse error comes first',
    sql: 'SELECT FROM t WHERE #',
    line: 1,
    column: 8,
    expected: ['identifier'],
    message: 'but found "FROM"',
  },
  {
    name: 'a lexing error before a parse error: the lexing error comes first',
    sql: 'SELECT # FROM FROM',
    line: 1,
    column: 8,
    expected: [],
    message: 'unexpected character "#"',
  },
  {
    name: 'error in the second statement of a script',
    sql: 'CREATE TABLE t (a INT);\nINSERT INTO t VALUES (1,);',
    line: 2,
    column: 25,
    expected: ['identifier', 'number'],
    message: 'but found ")"',
  },
  {
    name: 'deep nesting is refused, not a stack overflow',
    sql: `SELECT ${'('.repeat(5000)}1${')'.repeat(5000)}`,
    line: 1,
    column: 158,
    expected: [],
    message: 'Too deeply nested',
  },
];

describe('syntax errors', () => {
  for (const c of cases) {
    test(c.name, () => {
      const e = parseFailure(c.sql);
      expect(e).toBeInstanceOf(ParseError);
      expect(e.code).toBe('SYNTAX_ERROR');
      expect({ line: e.line, column: e.column }).toEqual({ line: c.line, column: c.column });
      for (const x of c.expected) expect(e.expected, `expected list of ${c.name}`).toContain(x);
      expect(e.message).toContain(c.message);
      expect(e.message).toContain(`(line ${c.line}, column ${c.column})`);
    });
  }

  test('the message spells out at most a dozen expected tokens, the list has them all', () => {
    const e = parseFailure('SELECT 1 2');
    expect(e.expected.length).toBeGreaterThan(12);
    expect(e.message).toContain(', … but found "2"');
  });

  test('parseSqlStatement wants exactly one statement', () => {
    expect(parseSqlStatement('SELECT 1;').kind).toBe('Query');
    const none = (() => {
      try {
        parseSqlStatement(' -- nothing\n');
      } catch (e) {
        return e as ParseError;
      }
      throw new Error('no error');
    })();
    expect(none.message).toContain('Expected a statement but found end of input');
    expect({ line: none.line, column: none.column }).toEqual({ line: 2, column: 1 });
    expect(() => parseSqlStatement('SELECT 1; SELECT 2')).toThrow(/single statement.*\(line 1, column 11\)/);
  });

  test('an empty script is no statements', () => {
    expect(parseSql('')).toEqual([]);
    expect(parseSql(' ;; -- c\n /* d */ ;')).toEqual([]);
  });

  test('a failed parse leaves nothing behind for the next one', () => {
    parseFailure('SELECT ?, ?, (((1 + ');
    const [stmt] = parseSql('SELECT ?');
    if (stmt.kind !== 'Query' || stmt.body.kind !== 'Select') throw new Error('expected a select');
    const item = stmt.body.columns[0];
    expect(item.kind === 'SelectExpr' && item.expr.kind === 'Parameter' && item.expr.index).toBe(1);
  });
});
