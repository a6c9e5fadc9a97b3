import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Value } from '../../src/common/values.js';
import { Cols, col, distinct, intersect, lit, minus, project, run, union, unnest, values } from './helpers.js';

function two() {
  const cs = new Cols();
  const [a, b] = cs.make('a', 'b');
  const [c, d] = cs.make('c', 'd');
  return { cs, a, b, c, d };
}

const LEFT: Value[][] = [
  [1, null],
  [1, null],
  [1, null],
  [2, 'x'],
  [3, 'y'],
  [3, 'y'],
];
const RIGHT: Value[][] = [
  [1, null],
  [3, 'y'],
  [4, 'z'],
  [1, null],
];

describe('distinct', () => {
  it('removes duplicate rows, NULLs equal, keeping first occurrences in order', () => {
    const { a, b } = two();
    expect(run(distinct(values([a, b], LEFT)))).toEqual([
      [1, null],
      [2, 'x'],
      [3, 'y'],
    ]);
    expect(run(distinct(values([a], [[1], ['1'], [true], [1], [null], [null], [[1]], ['\u0000s1']])))).toEqual([[1], ['1'], [true], [null], [[1]], ['\u0000s1']]);
  });

  it('of one column keeps what a DISTINCT of two columns keeps (int32s read as their own keys, any other value after them)', () => {
    // Mostly small ints (the loop for one column of ids), with every value kind that leaves it: beyond int32, fractions, -0, bigints, texts, NULL.
    const value = fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min: -20, max: 20 }) },
      { weight: 1, arbitrary: fc.constantFrom<Value>(2 ** 31, -(2 ** 31) - 1, 2 ** 40, 0.5, -0, 3n, 2n ** 40n, '3', 'x', true, null) },
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 2500 }), (vs) => {
        const cs = new Cols();
        const [a, b] = cs.make('a', 'b');
        const one = run(distinct(values([a], vs.map((v) => [v]))));
        // The reference: the same values beside a constant column, through the operator's general path, then projected.
        const two = run(project(distinct(values([a, b], vs.map((v) => [v, 0]))), [{ column: cs.one('o'), expr: col(a) }]));
        expect(one).toEqual(two);
      }),
      { numRuns: 200 },
    );
  });
});

describe('union', () => {
  it('concatenates positionally (bag)', () => {
    const { cs, a, b, c, d } = two();
    const [u, v] = cs.make('u', 'v');
    expect(run(union([u, v], values([a, b], [[1, 2]]), values([c, d], []), values([c, d], [[1, 2], [3, 4]])))).toEqual([
      [1, 2],
      [1, 2],
      [3, 4],
    ]);
  });
});

describe('minus', () => {
  it('set: distinct left rows absent from right', () => {
    const { a, b, c, d } = two();
    expect(run(minus(values([a, b], LEFT), values([c, d], RIGHT), 'set'))).toEqual([[2, 'x']]);
  });
  it('bag: each right row cancels one left occurrence', () => {
    const { a, b, c, d } = two();
    expect(run(minus(values([a, b], LEFT), values([c, d], RIGHT), 'bag'))).toEqual([
      [1, null],
      [2, 'x'],
      [3, 'y'],
    ]);
  });
});

describe('intersect', () => {
  it('set: distinct left rows present in right', () => {
    const { a, b, c, d } = two();
    expect(run(intersect(values([a, b], LEFT), values([c, d], RIGHT), 'set'))).toEqual([
      [1, null],
      [3, 'y'],
    ]);
  });
  it('bag: min of the multiplicities', () => {
    const { a, b, c, d } = two();
    expect(run(intersect(values([a, b], LEFT), values([c, d], RIGHT), 'bag'))).toEqual([
      [1, null],
      [1, null],
      [3, 'y'],
    ]);
  });
});

describe('unnest', () => {
  it('one row per element, with 1-based ordinality', () => {
    const { cs, a, b } = two();
    const [e, o] = cs.make('e', 'o');
    const input = values([a, b], [[1, [10, 20]], [2, []], [3, null], [4, [null]]]);
    expect(run(unnest(input, col(b), e, o))).toEqual([
      [1, [10, 20], 10, 1],
      [1, [10, 20], 20, 2],
      [4, [null], null, 1],
    ]);
    expect(run(unnest(input, col(b), e, null, true))).toEqual([
      [1, [10, 20], 10],
      [1, [10, 20], 20],
      [2, [], null],
      [3, null, null],
      [4, [null], null],
    ]);
  });

  it('a non-list value is a RuntimeError naming the operator and the value', () => {
    const { cs, a } = two();
    const [e] = cs.make('e');
    expect(() => run(unnest(values([a], [[[1]], ['oops']]), col(a), e))).toThrow(/unnest: expected a list, got "oops"/);
  });

  it('splits long lists across batches', () => {
    const { cs, a } = two();
    const [e] = cs.make('e');
    const big = Array.from({ length: 2500 }, (_, i) => i);
    const rows = run(unnest(values([a], [[big], [[1, 2]]]), col(a), e));
    expect(rows).toHaveLength(2502);
    expect(rows[2499][1]).toBe(2499);
    expect(rows[2501][1]).toBe(2);
  });

  it('unnests a literal expression', () => {
    const { cs, a } = two();
    const [e] = cs.make('e');
    expect(run(unnest(values([a], [[0]]), lit([7, 8]), e))).toEqual([
      [0, 7],
      [0, 8],
    ]);
  });
});
