/**
 * shared-plans.ts shapeOf: two subplans have one shape only when they compute the same rows —
 * the same up to a renaming of their column ids and their columns' names, never when a literal,
 * a relation or a function differs. findShared: copies are grouped only where sharing is sound.
 */
import { describe, expect, it } from 'vitest';
import { call, lit, type Column, type Expr, type PhysicalPlan } from '../../src/algebra/index.js';
import type { Value } from '../../src/common/values.js';
import { findShared, shapeOf } from '../../src/executor/shared-plans.js';
import type { RelationDef } from '../../src/storage/relations.js';
import { Cols, col, filter, hashJoin, project, tableScan, union } from './helpers.js';

const relation = (id: number, name: string): RelationDef => ({ id, name, kind: 'table', columns: [], primaryKey: [0], indexes: [] }) as unknown as RelationDef;
const KNOWS = relation(7, 'knows');
const OTHER = relation(8, 'other');

const small = (p: PhysicalPlan): PhysicalPlan => ({ ...p, estimatedRows: 10 });

/** scanWhere: a scan of `rel` filtered by column b compared with `value`, projected to its column a (fresh columns). */
function scanWhere(cols: Cols, rel: RelationDef, value: Expr, fn = 'sql.eq'): PhysicalPlan {
  const [a, b] = cols.make('a', 'b');
  const scan = small(tableScan(rel, [a, b]));
  const out: Column = cols.one('x');
  return small(project(small(filter(scan, call(fn, [col(b), value]))), [{ column: out, expr: col(a) }]));
}

describe('shapeOf', () => {
  it('is the same for copies with other column ids and names', () => {
    const cols = new Cols();
    const one = scanWhere(cols, KNOWS, lit(6));
    const two = scanWhere(cols, KNOWS, lit(6));
    expect(one.schema[0].id).not.toBe(two.schema[0].id);
    expect(shapeOf(one)).toBe(shapeOf(two));
  });

  it('tells apart literals of other values or kinds, other relations and other functions', () => {
    const cols = new Cols();
    const literals: Value[] = [6, 7, 6n, '6', -0, 0, NaN, Infinity, null, true, new Uint8Array([6]), [6], new Map([['a', 6]]), new Map([['a', 7]])];
    const shapes = literals.map((v) => shapeOf(scanWhere(cols, KNOWS, lit(v))));
    expect(new Set(shapes).size).toBe(literals.length);
    expect(shapeOf(scanWhere(cols, OTHER, lit(6)))).not.toBe(shapes[0]);
    expect(shapeOf(scanWhere(cols, KNOWS, lit(6), 'sql.ne'))).not.toBe(shapes[0]);
  });

  it('is null for a subplan calling a function that is not deterministic', () => {
    expect(shapeOf(scanWhere(new Cols(), KNOWS, call('sql.random', [])))).toBeNull();
  });
});

const inputOf = (p: PhysicalPlan): PhysicalPlan => (p as { input: PhysicalPlan }).input;

describe('findShared', () => {
  it('groups the copies a join reads, not copies whose rows reach the result as they are', () => {
    const cols = new Cols();
    const one = scanWhere(cols, KNOWS, lit(6));
    const two = scanWhere(cols, KNOWS, lit(6));
    const joined = small(hashJoin('inner', one, two, [col(one.schema[0])], [col(two.schema[0])]));
    const found = findShared(joined);
    expect(found.get(one)).toBeDefined();
    expect(found.get(one)).toBe(found.get(two));
    // A union passes its inputs' rows through: two reads would put one row array in the result twice.
    const [u1, u2] = [scanWhere(cols, KNOWS, lit(6)), scanWhere(cols, KNOWS, lit(6))];
    const viaUnion = findShared(small(union([cols.one('x')], u1, u2)));
    expect(viaUnion.has(u1) || viaUnion.has(u2)).toBe(false);
    // Their filters' rows do not reach the result (the projections build new rows): those are shared.
    expect(viaUnion.get(inputOf(u1))).toBe(viaUnion.get(inputOf(u2)));
    expect(viaUnion.has(inputOf(u1))).toBe(true);
  });

  it('leaves alone subplans expected too large to hold, and subplans that differ', () => {
    const cols = new Cols();
    const big = (p: PhysicalPlan): PhysicalPlan => ({ ...p, estimatedRows: 1e6 });
    const one = big(scanWhere(cols, KNOWS, lit(6)));
    const two = big(scanWhere(cols, KNOWS, lit(6)));
    const held = findShared(small(hashJoin('inner', one, two, [col(one.schema[0])], [col(two.schema[0])])));
    expect(held.has(one) || held.has(two)).toBe(false);
    // Their inputs, expected small, are shared.
    expect(held.get(inputOf(one))).toBeDefined();
    expect(held.get(inputOf(one))).toBe(held.get(inputOf(two)));
    const three = scanWhere(cols, KNOWS, lit(6));
    const four = scanWhere(cols, KNOWS, lit(7));
    const differ = findShared(small(hashJoin('inner', three, four, [col(three.schema[0])], [col(four.schema[0])])));
    expect(differ.has(three) || differ.has(four) || differ.has(inputOf(three))).toBe(false);
    // The scans under the two filters are the same.
    expect(differ.get(inputOf(inputOf(three)))).toBeDefined();
    expect(differ.get(inputOf(inputOf(three)))).toBe(differ.get(inputOf(inputOf(four))));
  });
});
