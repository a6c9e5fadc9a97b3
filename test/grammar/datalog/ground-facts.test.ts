/**
 * ground-facts.test.ts — the hand-written reader of ground facts (grammar/datalog/ground-facts.ts)
 * against the general parser: whenever the reader accepts a text, its AST (spans included)
 * equals the one lexer → parser → to-ast.ts build; texts it must decline go to the parser.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseGroundFacts } from '../../../grammar/datalog/ground-facts.js';
import { parseDatalog, parseWithGrammar } from '../../../grammar/datalog/index.js';
import { ParseError } from '../../../src/common/errors.js';

const NAMES = ['p', 'edge', 'a_1', 'bZ9', 'not', 'nothing', 'count', 'counter', 'X', '_p', 'sum'];
const ARGS = [
  '1', '0', '-2', '- 2', '-0', '007', '2.5', '-2.5', '0.0', '-0.0', '1e5', '1E-3', '2.5e+2', '1e999', '1e', '1.', '.5',
  '0x1F', '12ab', '9007199254740991', '9007199254740993', '"s"', '""', '"a b"', '"é😀"', '"a\\"b"', '"\\q"', '"open',
  'usa', 'not', 'count', 'f(1)', 'f (1)', 'g{}', 'X', '_', '1 + 2', '(1)',
];
const BLANKS = ['', ' ', '  ', '\t', '\n', ' \n\n ', '\r\n', '// c\n', '/* c */', '% c\n'];

const blank = fc.constantFrom(...BLANKS);
const fact = fc
  .tuple(fc.constantFrom(...NAMES), blank, fc.array(fc.tuple(blank, fc.constantFrom(...ARGS), blank), { maxLength: 4 }), blank, fc.constantFrom('.', '.', '.', ':- q(1).', '', '.decl'))
  .map(([name, b1, args, b2, end]) => `${name}${b1}(${args.map(([x, a, y]) => `${x}${a}${y}`).join(',')})${b2}${end}`);
const program = fc.tuple(blank, fc.array(fc.tuple(fact, blank), { maxLength: 6 })).map(([b, fs]) => b + fs.map(([f, s]) => f + s).join(''));

/** general parses with the chevrotain path, or returns the ParseError it throws. */
function general(text: string): unknown {
  try {
    return parseWithGrammar(text);
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw e;
  }
}

describe('ground facts read without the CST', () => {
  test('an accepted text gives the general parser’s AST, spans included', () => {
    let accepted = 0;
    fc.assert(
      fc.property(program, (text) => {
        const fast = parseGroundFacts(text);
        if (fast === undefined) return;
        accepted++;
        expect(fast, JSON.stringify(text)).toEqual(general(text));
      }),
      { numRuns: 3000 },
    );
    // The generator mixes near misses in; enough accepted texts remain for the comparison to mean something.
    expect(accepted).toBeGreaterThan(150);
  });

  test('plain fact lists are accepted (the reader is used), and agree', () => {
    const plain = fc
      .array(
        fc.tuple(
          fc.constantFrom('p', 'edge', 'nothing', 'counter'),
          fc.array(fc.oneof(fc.integer(), fc.double({ min: -1e15, max: 1e15, noNaN: true }), fc.string({ unit: 'grapheme' }), fc.constantFrom('usa', 'x1')), { maxLength: 5 }),
          fc.constantFrom(' ', '\n', '\t\n'),
        ),
        { maxLength: 8 },
      )
      .map((facts) =>
        facts
          .map(([name, args, sep]) => {
            const text = args.map((a) => (typeof a === 'number' ? String(a) : a === 'usa' || a === 'x1' ? a : JSON.stringify(a.replace(/[\u0000-\u001f"\\]/g, ''))));
            return `${name}(${text.join(', ')}).${sep}`;
          })
          .join(''),
      );
    fc.assert(
      fc.property(plain, (text) => {
        const fast = parseGroundFacts(text);
        // Numbers print as -0, 1e+21 or 5e-7 sometimes: each form is either read or declined; the rest must be read.
        if (!/e|-0\b/.test(text.replace(/"[^"]*"/g, ''))) expect(fast, JSON.stringify(text)).toBeDefined();
        if (fast !== undefined) expect(fast).toEqual(general(text));
      }),
      { numRuns: 1000 },
    );
  });

  test('declined texts still parse, or fail with the general parser’s error', () => {
    expect(parseGroundFacts('p(X).')).toBeUndefined();
    expect(parseGroundFacts('p(1) :- q(1).')).toBeUndefined();
    expect(parseGroundFacts('p(1). // note')).toBeUndefined();
    expect(parseDatalog('p(1). // note')).toEqual(parseWithGrammar('p(1). // note'));
    expect(() => parseDatalog('p(1).\nq(2')).toThrow(/line 2|found the end of the input/);
    expect(general('p(1).\nq(2')).toBeInstanceOf(ParseError);
  });

  test('positions count lines and columns as the parser does', () => {
    const ast = parseGroundFacts('p(1).\n  q("a", -2.5, usa).');
    expect(ast).toEqual(parseWithGrammar('p(1).\n  q("a", -2.5, usa).'));
    const q = ast?.statements[1];
    expect(q?.span.start).toEqual({ line: 2, column: 3, offset: 8 });
  });
});
