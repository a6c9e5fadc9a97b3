/**
 * The code generator (codegen.ts) against the closure compiler (compile-expr.ts): on random
 * expression trees over typed columns with NULLs, a generated evaluator, filter kernel,
 * project kernel and aggregate kernel must give exactly what the closures give — values,
 * three-valued logic and short-circuit evaluation (a division by zero behind a false AND is
 * never reached, and errors surface the same).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { call, col, ColumnAllocator, lit, lookupAggregate, type Column, type Expr } from '../../src/algebra/index.js';
import type { Row, Value } from '../../src/common/values.js';
import { compileExpr, layoutOf, paramLookup } from '../../src/executor/compile-expr.js';
import {
  codegenAvailable,
  generateAggregateKernel,
  generateEvaluator,
  generateFilterKernel,
  generatePickKernel,
  generateProjectKernel,
  type KernelGroup,
} from '../../src/executor/codegen.js';
import { hashKey } from '../../src/executor/hash-key.js';
import { GroupTable } from '../../src/executor/group-table.js';

const alloc = new ColumnAllocator();
const ints = [alloc.column('a', 'integer'), alloc.column('b', 'integer')];
const texts = [alloc.column('s', 'text')];
const bools = [alloc.column('p', 'boolean')];
const schema: Column[] = [...ints, ...texts, ...bools];
const layout = layoutOf(schema);
const env = { params: paramLookup([]), outer: null };

const intValue = fc.oneof(fc.constant(null), fc.integer({ min: -3, max: 3 }));
const textValue = fc.oneof(fc.constant(null), fc.constantFrom('', 'a', 'b', 'ab'));
const boolValue = fc.oneof(fc.constant(null), fc.boolean());
const row: fc.Arbitrary<Row> = fc.tuple(intValue, intValue, textValue, boolValue).map((r) => r as Value[]);

const comparisons = ['sql.eq', 'sql.ne', 'sql.lt', 'sql.le', 'sql.gt', 'sql.ge'];

/** Integer-valued expressions: columns, literals, arithmetic, and closures-only functions. */
const intExpr: fc.Memo<Expr> = fc.memo((depth): fc.Arbitrary<Expr> =>
  depth <= 1
    ? fc.oneof(fc.constantFrom(...ints).map(col), intValue.map((v) => lit(v, v === null ? 'null' : 'integer')))
    : fc.oneof(
        fc.constantFrom(...ints).map(col),
        fc.tuple(fc.constantFrom('sql.add', 'sql.sub', 'sql.mul', 'sql.div'), intExpr(depth - 1), intExpr(depth - 1)).map(([f, x, y]) => call(f, [x, y])),
        fc.tuple(intExpr(depth - 1), intExpr(depth - 1)).map(([x, y]) => call('sql.coalesce', [x, y])),
      ),
);

/** Boolean expressions: comparisons, connectives, IS NULL, NOT. */
const boolExpr: fc.Memo<Expr> = fc.memo((depth): fc.Arbitrary<Expr> =>
  depth <= 1
    ? fc.oneof(
        fc.constantFrom(...bools).map(col),
        fc.tuple(fc.constantFrom(...comparisons), fc.constantFrom(...ints).map(col), intValue.map((v) => lit(v, v === null ? 'null' : 'integer'))).map(([f, x, y]) => call(f, [x, y])),
        fc.tuple(fc.constantFrom(...comparisons), fc.constantFrom(...texts).map(col), textValue.map((v) => lit(v, v === null ? 'null' : 'text'))).map(([f, x, y]) => call(f, [x, y])),
      )
    : fc.oneof(
        fc.tuple(fc.constantFrom(...comparisons), intExpr(depth - 1), intExpr(depth - 1)).map(([f, x, y]) => call(f, [x, y])),
        fc.tuple(fc.constantFrom('sql.and', 'sql.or', 'and'), fc.array(boolExpr(depth - 1), { minLength: 2, maxLength: 3 })).map(([f, xs]) => call(f, xs)),
        boolExpr(depth - 1).map((x) => call('sql.not', [x])),
        boolExpr(depth - 1).map((x) => call('is_true', [x])),
        fc.oneof(intExpr(depth - 1), boolExpr(depth - 1)).map((x) => call('sql.is_null', [x])),
        intExpr(depth - 1).map((x) => call('sql.is_not_null', [x])),
        // A non-boolean operand of AND/OR is read as a truth value (WHERE 1).
        fc.tuple(intExpr(depth - 1), boolExpr(depth - 1)).map(([x, y]) => call('sql.and', [x, y])),
      ),
);

/** outcome runs f and returns its value or the message it threw. */
function outcome<T>(f: () => T): T | { error: string } {
  try {
    return f();
  } catch (e) {
    return { error: (e as Error).message };
  }
}

describe('codegen', () => {
  it('is available on Node', () => {
    expect(codegenAvailable()).toBe(true);
  });

  it('a generated evaluator equals the closures on random expressions and rows', () => {
    fc.assert(
      fc.property(fc.oneof(boolExpr(4), intExpr(4)), fc.array(row, { minLength: 1, maxLength: 8 }), (e, rows) => {
        const closure = compileExpr(e, layout, env);
        const generated = generateEvaluator(e, layout, env) ?? closure;
        for (const r of rows) expect(outcome(() => generated(r))).toEqual(outcome(() => closure(r)));
      }),
      { numRuns: 400 },
    );
  });

  it('a filter kernel keeps exactly the rows of its run whose predicate is true, after what out holds', () => {
    fc.assert(
      fc.property(boolExpr(4), fc.array(row, { maxLength: 20 }), fc.nat(), fc.nat(), fc.nat(3), (e, rows, a, b, held) => {
        const closure = compileExpr(e, layout, env);
        const kernel = generateFilterKernel(e, layout, env);
        if (kernel === null) return;
        const from = a % (rows.length + 1);
        const to = from + (b % (rows.length - from + 1));
        const before: Row[] = Array.from({ length: held }, (_, i) => [i]);
        const expected = outcome(() => [...before, ...rows.slice(from, to).filter((r) => closure(r) === true)]);
        const got = outcome(() => {
          const out: Row[] = before.slice();
          out.length = kernel(rows, from, to, out, held);
          return out;
        });
        expect(got).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('a pick kernel writes [r[slot]] of the rows the closure keeps, each a fresh row (made by row-sites.ts single)', () => {
    fc.assert(
      fc.property(boolExpr(4), fc.array(row, { maxLength: 20 }), fc.nat(3), fc.nat(), fc.nat(), fc.nat(3), (e, rows, slot, a, b, held) => {
        const closure = compileExpr(e, layout, env);
        const kernel = generatePickKernel(e, slot, layout, env);
        if (kernel === null) return;
        const from = a % (rows.length + 1);
        const to = from + (b % (rows.length - from + 1));
        const before: Row[] = Array.from({ length: held }, (_, i) => [i]);
        const expected = outcome(() => [...before, ...rows.slice(from, to).filter((r) => closure(r) === true).map((r) => [r[slot]])]);
        const got = outcome(() => {
          const out: Row[] = before.slice();
          out.length = kernel(rows, from, to, out, held);
          return out;
        });
        expect(got).toEqual(expected);
        if (Array.isArray(got)) expect(new Set(got).size).toBe(got.length);
      }),
      { numRuns: 300 },
    );
  });

  it('a project kernel builds the rows the closures build', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(boolExpr(3), intExpr(3), fc.constantFrom(...schema).map(col)), { minLength: 1, maxLength: 4 }), fc.array(row, { maxLength: 10 }), (es, rows) => {
        const closures = es.map((e) => compileExpr(e, layout, env));
        const kernel = generateProjectKernel(es, layout, env);
        if (kernel === null) return;
        const expected = outcome(() => rows.map((r) => closures.map((f) => f(r))));
        const got = outcome(() => {
          const out: Row[] = new Array(rows.length);
          kernel(rows, out);
          return out;
        });
        expect(got).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('an aggregate kernel folds groups as step-by-step folding does', () => {
    const aggs = ['sql.count_star', 'sql.count', 'sql.sum', 'sql.max'].map((id) => lookupAggregate(id));
    fc.assert(
      fc.property(fc.subarray([0, 1, 2], { minLength: 0 }), intExpr(3), fc.array(row, { maxLength: 30 }), fc.nat(), fc.nat(), (groupSlots, arg, input, a, b) => {
        // The kernel folds a run: input[from..to) of a longer array.
        const from = a % (input.length + 1);
        const to = from + (b % (input.length - from + 1));
        const rows = input.slice(from, to);
        const calls = aggs.map((def) => ({ def, args: def.id === 'sql.count_star' ? [] : [arg] }));
        const kernel = generateAggregateKernel(groupSlots, calls, layout, env);
        if (kernel === null) return;
        const newGroup = (r: Row | null): KernelGroup => [...groupSlots.map((s) => (r === null ? null : r[s])), ...aggs.map((a) => a.init())];
        const finals = (g: KernelGroup) => g.slice(g.length - aggs.length).map((s, n) => aggs[n].final(s));
        const keyOf = (r: Row) => JSON.stringify(groupSlots.map((s) => hashKey(r[s])));
        const argEval = compileExpr(arg, layout, env);
        const expected = outcome(() => {
          const groups = new Map<string, KernelGroup>();
          for (const r of rows) {
            const k = keyOf(r);
            let g = groups.get(k);
            if (!g) groups.set(k, (g = newGroup(r)));
            aggs.forEach((a, n) => {
              const args = calls[n].args.length === 0 ? [] : [argEval(r)];
              if (a.skipNulls && args.length > 0 && args[0] === null) return;
              const at = groupSlots.length + n;
              g![at] = a.step(g![at], args);
            });
          }
          return [...groups.values()].map(finals);
        });
        const got = outcome(() => {
          const groups = new GroupTable<KernelGroup>(4, newGroup);
          const only = groupSlots.length === 0 ? newGroup(null) : null;
          kernel(input, groups, only, from, to);
          const all = only ? (rows.length > 0 ? [only] : []) : groups.all;
          return all.map(finals);
        });
        expect(got).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('AND does not evaluate what follows a false argument', () => {
    const [a] = ints;
    // sql.assert(v, false, message) throws: it must not run when `a <> 0` is false.
    const boom = call('sql.assert', [lit(true, 'boolean'), col(bools[0]), lit('reached', 'text')]);
    const e = call('sql.and', [call('sql.ne', [col(a), lit(0, 'integer')]), boom]);
    const f = generateEvaluator(e, layout, env)!;
    expect(f([0, 0, null, false])).toBe(false);
    expect(() => f([1, 0, null, false])).toThrow(/reached/);
  });
});
