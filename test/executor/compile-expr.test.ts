import { describe, expect, it } from 'vitest';
import { call, col, lit, param } from '../../src/algebra/index.js';
import { compileExpr, layoutOf, paramLookup, type OuterScope } from '../../src/executor/compile-expr.js';
import { Cols } from './helpers.js';

describe('compileExpr', () => {
  const cs = new Cols();
  const [a, b, o] = cs.make('a', 'b', 'o');
  const layout = layoutOf([a, b]);
  const env = { params: paramLookup({ p: 10 }), outer: null };

  it('resolves columns to slots once and calls through the registry', () => {
    const f = compileExpr(call('sql.add', [col(b), call('sql.mul', [col(a), lit(2)])]), layout, env);
    expect(f([3, 4])).toBe(10);
    expect(f([null, 4])).toBe(null);
    expect(compileExpr(call('sql.gt', [col(a), param('p')]), layout, env)([11, 0])).toBe(true);
    expect(compileExpr(call('sql.gt', [param('p'), col(a)]), layout, env)([11, 0])).toBe(false);
    expect(compileExpr(call('sql.eq', [col(a), col(b)]), layout, env)([1, 1])).toBe(true);
    expect(compileExpr(call('sql.is_null', [col(b)]), layout, env)([1, null])).toBe(true);
  });

  it('reads outer columns from the frame an Apply sets', () => {
    const frame = { row: [5] };
    const outer: OuterScope = { layout: layoutOf([o]), frame, parent: null };
    const f = compileExpr(call('sql.add', [col(a), col(o)]), layout, { ...env, outer });
    expect(f([1, 0])).toBe(6);
    frame.row = [100];
    expect(f([1, 0])).toBe(101);
  });

  it('an unknown column is a bug reported at compile time', () => {
    expect(() => compileExpr(col(o), layout, env)).toThrow(/o#\d+ is neither/);
  });

  it('constant calls are computed once, lazily (an unused failing constant does not fail)', () => {
    const bad = call('sql.like', [lit('x'), lit('y'), lit('toolong')]);
    const f = compileExpr(bad, layout, env);
    expect(() => f([0, 0])).toThrow(/ESCAPE/);
    const g = compileExpr(call('sql.add', [lit(1), param('p')]), layout, env);
    expect(g([])).toBe(11);
  });

  it('lazy functions keep their short-circuit (AND, CASE)', () => {
    const f = compileExpr(call('sql.and', [call('sql.gt', [col(a), lit(0)]), call('sql.lt', [col(b), lit(5)])]), layout, env);
    expect(f([1, 1])).toBe(true);
    expect(f([0, null])).toBe(false);
    expect(f([1, null])).toBe(null);
  });
});
