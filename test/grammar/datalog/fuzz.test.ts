/**
 * fuzz.test.ts — property tests with fast-check:
 *   1. any string, token soup or mutated valid program either parses or throws a ParseError
 *      with a sane position — never any other exception;
 *   2. any generated AST prints to text that parses back to the same AST (up to spans).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ParseError } from '../../../src/common/errors.js';
import { parseDatalog, printDatalog } from '../../../grammar/datalog/index.js';
import type * as A from '../../../grammar/datalog/index.js';
import { withoutSpans } from './helpers.js';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** runs scales a property's run count by FUZZ_SCALE (e.g. FUZZ_SCALE=20 for a long soak). */
function runs(n: number): number {
  return Math.round(n * Number(process.env.FUZZ_SCALE ?? 1));
}

/** parsesOrFailsCleanly is the robustness property: success, or a well-formed ParseError. */
function parsesOrFailsCleanly(text: string): void {
  try {
    parseDatalog(text);
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    const lines = text.split(/\r\n|\r|\n/);
    expect(error.line).toBeGreaterThanOrEqual(1);
    expect(error.line).toBeLessThanOrEqual(lines.length);
    expect(error.column).toBeGreaterThanOrEqual(1);
    expect(error.column).toBeLessThanOrEqual(lines[(error.line ?? 1) - 1].length + 1);
    expect(error.message).toMatch(/^Syntax error: found /);
  }
}

const FRAGMENTS = [
  'p', 'q', 'anc', 'X', 'Y', '_', '_id', '(', ')', '{', '}', ',', ';', '.', ':-', '?-', ':', '!', 'not',
  '=', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/', '%', '"s"', '"', '"a\\"b"', '"\\q"', '1', '-2',
  '2.5', '1e999', '0x1F', 'count', 'sum', 'min', 'mean', '.decl', '.input', '.output', '.printsize',
  'symbol', 'number', '//', '/*', '*/', '\n', '\r\n', ' ', 'a.b', 'persons', '#', '$', '\\', '\u00e9',
];

const goldenDir = join(dirname(fileURLToPath(import.meta.url)), 'golden');
const corpus = readdirSync(goldenDir)
  .filter((f) => f.endsWith('.dl'))
  .map((f) => readFileSync(join(goldenDir, f), 'utf8'));

describe('robustness: only ParseError escapes', () => {
  test('arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 80 }), parsesOrFailsCleanly), { numRuns: runs(2000) });
  });

  test('token soup', () => {
    const soup = fc
      .tuple(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }), fc.constantFrom('', ' '))
      .map(([parts, sep]) => parts.join(sep));
    fc.assert(fc.property(soup, parsesOrFailsCleanly), { numRuns: runs(3000) });
  });

  test('mutated valid programs', () => {
    const mutation = fc.record({
      source: fc.constantFrom(...corpus),
      edits: fc.array(
        fc.record({ at: fc.nat(), remove: fc.nat({ max: 4 }), insert: fc.constantFrom('', ...FRAGMENTS) }),
        { minLength: 1, maxLength: 4 },
      ),
    });
    fc.assert(
      fc.property(mutation, ({ source, edits }) => {
        let text = source;
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.insert + text.slice(at + e.remove);
        }
        parsesOrFailsCleanly(text);
      }),
      { numRuns: runs(1500) },
    );
  });

  test('deep nesting and long chains', () => {
    for (const n of [10, 63, 64, 65, 1000, 5000]) {
      parsesOrFailsCleanly(`?- X = ${'('.repeat(n)}1${')'.repeat(n)}.`);
      parsesOrFailsCleanly(`?- ${'('.repeat(n)}p(X)${')'.repeat(n)}.`);
      parsesOrFailsCleanly(`?- X = ${'-'.repeat(n)}1.`);
      parsesOrFailsCleanly(`?- ${'!'.repeat(n)}p(X).`);
      parsesOrFailsCleanly(`?- X = ${Array(n).fill('1').join(' + ')}.`);
      parsesOrFailsCleanly(`p(X) :- ${Array(n).fill('q(X)').join(', ')}.`);
      parsesOrFailsCleanly(`?- X = ${'f('.repeat(n)}1${')'.repeat(n)}.`);
      parsesOrFailsCleanly(`?- p{${'a.'.repeat(n)}b: 1}.`);
    }
  });
});

// ── generated ASTs ──────────────────────────────────────────────────────────────────────────

const NO_SPAN: A.Span = { start: { line: 0, column: 0, offset: 0 }, end: { line: 0, column: 0, offset: 0 } };
const AGGREGATES = ['count', 'sum', 'min', 'max', 'avg', 'mean'];

/** Lowercase names: never `not`; aggregate names only where they cannot be misread. */
const name = fc.stringMatching(/^[a-z][A-Za-z0-9_]{0,5}$/).filter((n) => n !== 'not');
const plainName = name.filter((n) => !AGGREGATES.includes(n));
const variableName = fc.stringMatching(/^(?:[A-Z][A-Za-z0-9_]{0,4}|_[A-Za-z0-9_]{1,4})$/);

const numberLiteral: fc.Arbitrary<A.Term> = fc.oneof(
  fc.integer().map((value): A.Term => ({ kind: 'Number', value, float: false, span: NO_SPAN })),
  fc
    .double({ noNaN: true, noDefaultInfinity: true })
    .filter((v) => !Object.is(v, -0))
    .map((value): A.Term => ({ kind: 'Number', value, float: true, span: NO_SPAN })),
  fc
    .bigInt({ min: 2n ** 53n, max: 2n ** 80n })
    .chain((v) => fc.constantFrom(v, -v))
    .map((value): A.Term => ({ kind: 'Number', value, float: false, span: NO_SPAN })),
);

const leaf: fc.Arbitrary<A.Term> = fc.oneof(
  variableName.map((n): A.Term => ({ kind: 'Variable', name: n, span: NO_SPAN })),
  fc.constant<A.Term>({ kind: 'Anonymous', span: NO_SPAN }),
  numberLiteral,
  fc.string({ unit: 'binary', maxLength: 8 }).map((value): A.Term => ({ kind: 'String', value, span: NO_SPAN })),
  plainName.map((n): A.Term => ({ kind: 'Symbol', name: n, span: NO_SPAN })),
);

const COMPARISONS: A.ComparisonOp[] = ['=', '!=', '<', '<=', '>', '>='];
const ARITHMETIC: A.ArithmeticOp[] = ['+', '-', '*', '/', '%'];

const { term, literal } = fc.letrec<{ term: A.Term; literal: A.Literal; atom: A.Atom; pathAtom: A.PathAtom }>((tie) => ({
  term: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ kind: fc.constant('Unary' as const), op: fc.constant('-' as const), operand: tie('term'), span: fc.constant(NO_SPAN) }),
    fc.record({ kind: fc.constant('Binary' as const), op: fc.constantFrom(...ARITHMETIC), left: tie('term'), right: tie('term'), span: fc.constant(NO_SPAN) }),
    fc.record({ kind: fc.constant('Call' as const), name: plainName, args: fc.array(tie('term'), { maxLength: 3 }), span: fc.constant(NO_SPAN) }),
    fc.record({
      kind: fc.constant('Aggregate' as const),
      fn: fc.constantFrom<A.AggregateFn>('count', 'sum', 'min', 'max', 'avg'),
      // Soufflé's form `sum T : {…}` needs T to start with a name, variable or constant.
      arg: fc.oneof(
        variableName.map((n): A.Term => ({ kind: 'Variable', name: n, span: NO_SPAN })),
        fc.record({ kind: fc.constant('Call' as const), name: plainName, args: fc.array(tie('term'), { maxLength: 2 }), span: fc.constant(NO_SPAN) }),
      ),
      body: fc.array(tie('literal'), { minLength: 1, maxLength: 2 }),
      span: fc.constant(NO_SPAN),
    }),
  ),
  atom: fc.record({ kind: fc.constant('Atom' as const), name, args: fc.array(tie('term'), { maxLength: 3 }), span: fc.constant(NO_SPAN) }),
  pathAtom: fc.record({
    kind: fc.constant('PathAtom' as const),
    collection: name,
    fields: fc.array(
      fc.record({
        path: fc.array(fc.oneof(fc.string({ maxLength: 4 }), fc.stringMatching(/^\d{1,3}$/), fc.constantFrom('not', 'input', 'decl', '_id', 'count')), { minLength: 1, maxLength: 4 }),
        value: tie('term'),
        span: fc.constant(NO_SPAN),
      }),
      { maxLength: 3 },
    ),
    span: fc.constant(NO_SPAN),
  }),
  literal: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('atom'),
    tie('pathAtom'),
    fc.record({ kind: fc.constant('Negation' as const), atom: fc.oneof(tie('atom'), tie('pathAtom')), span: fc.constant(NO_SPAN) }) as fc.Arbitrary<A.Literal>,
    fc.record({ kind: fc.constant('Comparison' as const), op: fc.constantFrom(...COMPARISONS), left: tie('term'), right: tie('term'), span: fc.constant(NO_SPAN) }),
    fc.record({
      kind: fc.constant('Disjunction' as const),
      branches: fc.array(fc.array(tie('literal'), { minLength: 1, maxLength: 2 }), { minLength: 2, maxLength: 3 }),
      span: fc.constant(NO_SPAN),
    }),
  ) as fc.Arbitrary<A.Literal>,
})) as unknown as { term: fc.Arbitrary<A.Term>; literal: fc.Arbitrary<A.Literal> };

const headArg: fc.Arbitrary<A.Term> = fc.oneof(
  term,
  fc.record({
    kind: fc.constant('Aggregate' as const),
    fn: fc.constantFrom<A.AggregateFn>('sum', 'min', 'max', 'avg'),
    arg: term.map((t): A.Term | null => t),
    body: fc.constant(null),
    span: fc.constant(NO_SPAN),
  }),
  fc.constant<A.Term>({ kind: 'Aggregate', fn: 'count', arg: null, body: null, span: NO_SPAN }),
);
const head = fc.record({ kind: fc.constant('Atom' as const), name, args: fc.array(headArg, { maxLength: 3 }), span: fc.constant(NO_SPAN) });
const body = fc.array(literal, { minLength: 1, maxLength: 3 });

const statement: fc.Arbitrary<A.Statement> = fc.oneof(
  fc.record({ kind: fc.constant('Fact' as const), atom: head, span: fc.constant(NO_SPAN) }),
  fc.record({ kind: fc.constant('Rule' as const), head, body, span: fc.constant(NO_SPAN) }),
  fc.record({ kind: fc.constant('Query' as const), body, span: fc.constant(NO_SPAN) }),
  fc.record({
    kind: fc.constant('Declaration' as const),
    name,
    attributes: fc.array(
      fc.record({
        name: fc.oneof(name, variableName),
        type: fc.constantFrom<A.AttributeType>('symbol', 'number', 'float', 'unsigned', 'string', 'any'),
        span: fc.constant(NO_SPAN),
      }),
      { maxLength: 3 },
    ),
    span: fc.constant(NO_SPAN),
  }),
  fc.record({
    kind: fc.constant('Directive' as const),
    directive: fc.constantFrom<A.Directive['directive']>('input', 'output', 'printsize'),
    relation: name,
    params: fc.array(
      fc.record({
        key: fc.oneof(name, variableName),
        value: fc.oneof(fc.string({ maxLength: 6 }), fc.nat(), fc.double({ min: 0, noNaN: true, noDefaultInfinity: true })),
        span: fc.constant(NO_SPAN),
      }),
      { maxLength: 3 },
    ),
    span: fc.constant(NO_SPAN),
  }),
);

const program = fc.array(statement, { maxLength: 5 }).map((statements): A.DatalogProgram => ({ kind: 'Program', statements }));

describe('round trip: print then parse', () => {
  test('every generated program prints to text that parses back to it', () => {
    fc.assert(
      fc.property(program, (ast) => {
        const text = printDatalog(ast);
        expect(withoutSpans(parseDatalog(text)), text).toEqual(withoutSpans(ast));
      }),
      { numRuns: runs(1500) },
    );
  });
});
