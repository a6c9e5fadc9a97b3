/**
 * spans.test.ts — every AST node carries a span whose line/column agree with its offsets,
 * nested inside its parent's span; and spans cover the expected source text.
 */
import { describe, expect, test } from 'vitest';
import { parseDatalog } from '../../../grammar/datalog/index.js';
import type { Position, Span, Statement } from '../../../grammar/datalog/index.js';

/** positionOf computes the 1-based line/column of an offset the slow, obvious way. */
function positionOf(text: string, offset: number): Position {
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: before.length, column: before[before.length - 1].length + 1, offset };
}

/** spans lists [path, span] of every node under `value` (depth first). */
function spans(value: unknown, path = '$', out: [string, Span][] = []): [string, Span][] {
  if (Array.isArray(value)) value.forEach((v, i) => spans(v, `${path}[${i}]`, out));
  else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if ('span' in record) out.push([path, record.span as Span]);
    for (const [k, v] of Object.entries(record)) if (k !== 'span') spans(v, `${path}.${k}`, out);
  }
  return out;
}

function text(source: string, span: Span): string {
  return source.slice(span.start.offset, span.end.offset);
}

const program = [
  '.decl edge(from: symbol, to: number)',
  '.output anc',
  'anc(X, Y) :- parent(X, Z),',
  '    anc(Z, Y).',
  'f(X, Y + 1) :- g(X, Y), !r(X), not s(X), Z = -3 * (1 + 2).',
  'big(N) :- N = count : { p(X) }, persons{_id: I, address.city: C}.',
  'total(D, sum(S)) :- emp(_, D, S) ; x(D, S).',
  '?- anc("a", Y).',
].join('\n');

describe('spans', () => {
  const ast = parseDatalog(program);

  test('every node has a span consistent with the text and inside its parent', () => {
    const all = spans(ast);
    expect(all.length).toBeGreaterThan(60);
    for (const [path, span] of all) {
      expect(span.start, path).toEqual(positionOf(program, span.start.offset));
      expect(span.end, path).toEqual(positionOf(program, span.end.offset));
      expect(span.end.offset, path).toBeGreaterThan(span.start.offset);
    }
    // Each span lies inside the span of the nearest enclosing node.
    for (const [path, span] of all) {
      const parent = all
        .filter(([p]) => path.startsWith(`${p}.`) || path.startsWith(`${p}[`))
        .sort((a, b) => b[0].length - a[0].length)[0];
      if (parent === undefined) continue;
      expect(span.start.offset, path).toBeGreaterThanOrEqual(parent[1].start.offset);
      expect(span.end.offset, path).toBeLessThanOrEqual(parent[1].end.offset);
    }
  });

  test('statements span their text, terminator included', () => {
    const texts = ast.statements.map((s: Statement) => text(program, s.span));
    expect(texts).toEqual([
      '.decl edge(from: symbol, to: number)',
      '.output anc',
      'anc(X, Y) :- parent(X, Z),\n    anc(Z, Y).',
      'f(X, Y + 1) :- g(X, Y), !r(X), not s(X), Z = -3 * (1 + 2).',
      'big(N) :- N = count : { p(X) }, persons{_id: I, address.city: C}.',
      'total(D, sum(S)) :- emp(_, D, S) ; x(D, S).',
      '?- anc("a", Y).',
    ]);
  });

  test('atoms and terms span their text', () => {
    const rule = ast.statements[2];
    if (rule.kind !== 'Rule') throw new Error('expected a rule');
    expect(text(program, rule.head.span)).toBe('anc(X, Y)');
    expect(rule.body[1].span.start).toEqual({ line: 4, column: 5, offset: program.indexOf('anc(Z, Y)') });
    expect(text(program, rule.body[1].span)).toBe('anc(Z, Y)');
    const all = spans(ast).map(([, s]) => text(program, s));
    for (const piece of [
      'Y + 1',
      '!r(X)',
      'not s(X)',
      'Z = -3 * (1 + 2)',
      '-3 * (1 + 2)',
      '-3',
      '(1 + 2)',
      'count : { p(X) }',
      'persons{_id: I, address.city: C}',
      'address.city: C',
      'sum(S)',
      'emp(_, D, S) ; x(D, S)',
      '_',
      '"a"',
      'from: symbol',
    ]) {
      expect(all, piece).toContain(piece);
    }
  });

  test('CRLF and CR line breaks count as one line each', () => {
    const source = 'p(a).\r\nq(b).\rr(c).\n  s(d).';
    const lines = parseDatalog(source).statements.map((s) => [s.span.start.line, s.span.start.column]);
    expect(lines).toEqual([
      [1, 1],
      [2, 1],
      [3, 1],
      [4, 3],
    ]);
  });
});
