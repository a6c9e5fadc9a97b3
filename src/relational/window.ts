/**
 * window.ts — lowering SQL window function calls (`f(…) [FILTER (…)] OVER (…)`, named
 * windows of the WINDOW clause) to the algebra's Window nodes.
 *
 * Calls are collected while the select list and ORDER BY are lowered, each replaced by a
 * reference to its output column (identical calls share one). After GROUP BY/HAVING, `apply`
 * stacks one Window node per distinct (PARTITION BY, ORDER BY) pair, so calls over the same
 * ordering share one sort. SQL's meaning stays in the function ids (`sql.rank`, `sql.sum`…).
 * Rules and messages follow SQLite: https://www.sqlite.org/windowfunctions.html
 */
import * as b from '../algebra/build.js';
import type { Column } from '../algebra/columns.js';
import { col, type Expr } from '../algebra/expr.js';
import { hasWindowFunction, lookupAggregate, lookupWindowFunction } from '../algebra/functions/registry.js';
import type { FrameBound, Plan, SortKey, WindowCall, WindowFrame } from '../algebra/logical.js';
import { printExpr, printFrame } from '../algebra/print.js';
import { NameError, TypeMismatchError } from '../common/errors.js';
import type * as ast from '../../grammar/sql/ast.js';
import { AGGREGATES, isAggregateCall, lowerExpr, truth, type ExprEnv } from './expressions.js';
import { at, idKey, key } from './names.js';
import { sortKey } from './query.js';
import { Scope } from './scope.js';
import { isScalarFunction, JSON_AGGREGATES, withJsonMask } from './functions.js';

/** SQL's window-only functions and their registry ids. */
const WINDOW_FUNCTIONS: Record<string, string> = {
  row_number: 'sql.row_number',
  rank: 'sql.rank',
  dense_rank: 'sql.dense_rank',
  percent_rank: 'sql.percent_rank',
  cume_dist: 'sql.cume_dist',
  ntile: 'sql.ntile',
  lag: 'sql.lag',
  lead: 'sql.lead',
  first_value: 'sql.first_value',
  last_value: 'sql.last_value',
  nth_value: 'sql.nth_value',
};

/** isWindowFunctionName says whether a name is a window-only function (which needs OVER). */
export function isWindowFunctionName(name: string): boolean {
  return key(name) in WINDOW_FUNCTIONS;
}

const DEFAULT_FRAME: WindowFrame = Object.freeze({
  units: 'range',
  start: Object.freeze({ type: 'unbounded-preceding', offset: null }),
  end: Object.freeze({ type: 'current-row', offset: null }),
  exclude: 'no-others',
});

interface Group {
  partitionBy: SortKey[];
  orderBy: SortKey[];
  calls: WindowCall[];
}

interface Collected {
  call: WindowCall;
  partitionBy: SortKey[];
  orderBy: SortKey[];
}

/** WindowCollector gathers the window calls of one SELECT and builds their Window nodes. */
export class WindowCollector {
  private readonly named = new Map<string, ast.WindowSpec>();
  private collected: Collected[] = [];
  private readonly byKey = new Map<string, Column>();

  constructor(windows: readonly ast.NamedWindow[]) {
    // A named window may build on one declared before it.
    for (const w of windows) {
      const name = idKey(w.name);
      if (this.named.has(name)) throw new NameError('DUPLICATE_NAME', `duplicate WINDOW name ${w.name.name}`, at(w.name.span));
      this.named.set(name, this.resolve(w.spec));
    }
  }

  /** lower is the ExprEnv hook: lowers one `f(…) OVER …` call to a reference to its column. */
  readonly lower = (e: ast.FunctionCall, env: ExprEnv): Expr => {
    const spec = this.resolve(e.over as ast.WindowSpec | ast.Identifier);
    const inner: ExprEnv = { ...env, windows: null };
    const name = key(e.name.name);
    const { fn, args } = windowFunction(e, name, inner);
    const filter = e.filter ? truth(lowerExpr(e.filter, inner)) : null;
    const orderBy = spec.orderBy.map((o) => sortKey(o, lowerExpr(o.expr, inner)));
    const partitionBy = spec.partitionBy.map((p) => ({ expr: lowerExpr(p, inner), descending: false, nullsFirst: true, ordering: 'sql' }));
    const frame = spec.frame ? lowerFrame(spec.frame, orderBy.length, inner) : DEFAULT_FRAME;
    const signature = [fn, ...args.map(printExpr), filter ? printExpr(filter) : '', printFrame(frame), ...partitionBy.map((k) => printExpr(k.expr)), '|', ...orderBy.map(keyText)].join(' ');
    const existing = this.byKey.get(signature);
    if (existing) return col(existing);
    const type = hasWindowFunction(fn) ? lookupWindowFunction(fn).returnType(args.map((a) => a.type)) : lookupAggregate(fn).returnType(args.map((a) => a.type));
    const column = env.ctx.alloc.column(name, type);
    this.byKey.set(signature, column);
    this.collected.push({ call: { column, fn, args, filter, frame }, partitionBy, orderBy });
    return col(column);
  };

  get empty(): boolean {
    return this.collected.length === 0;
  }

  /** rewrite maps every expression of the collected calls (an aggregate query reads group columns). */
  rewrite(f: (e: Expr) => Expr): void {
    const bound = (x: FrameBound): FrameBound => (x.offset ? { ...x, offset: f(x.offset) } : x);
    this.collected = this.collected.map((c) => ({
      call: {
        ...c.call,
        args: c.call.args.map(f),
        filter: c.call.filter ? f(c.call.filter) : null,
        frame: { ...c.call.frame, start: bound(c.call.frame.start), end: bound(c.call.frame.end) },
      },
      partitionBy: c.partitionBy.map((k) => ({ ...k, expr: f(k.expr) })),
      orderBy: c.orderBy.map((k) => ({ ...k, expr: f(k.expr) })),
    }));
  }

  /** apply puts the Window nodes over `plan`: one per distinct partitioning and ordering. */
  apply(plan: Plan): Plan {
    const groups = new Map<string, Group>();
    for (const c of this.collected) {
      const k = `${c.partitionBy.map((x) => printExpr(x.expr)).join(' ')} | ${c.orderBy.map(keyText).join(' ')}`;
      let g = groups.get(k);
      if (!g) {
        g = { partitionBy: c.partitionBy, orderBy: c.orderBy, calls: [] };
        groups.set(k, g);
      }
      g.calls.push(c.call);
    }
    for (const g of groups.values()) plan = b.window(plan, g.partitionBy, g.orderBy, g.calls);
    return plan;
  }

  /** resolve merges a window specification with the named window it extends (SQLite's rules). */
  private resolve(over: ast.WindowSpec | ast.Identifier): ast.WindowSpec {
    if (over.kind === 'Identifier') return this.namedWindow(over);
    if (!over.base) return over;
    const base = this.namedWindow(over.base);
    const name = over.base.name;
    if (over.partitionBy.length) throw new TypeMismatchError(`cannot override PARTITION clause of window ${name}`, at(over.span));
    if (over.orderBy.length && base.orderBy.length) throw new TypeMismatchError(`cannot override ORDER BY clause of window ${name}`, at(over.span));
    if (base.frame) throw new TypeMismatchError(`cannot override frame specification of window ${name}`, at(over.span));
    return { ...over, base: null, partitionBy: base.partitionBy, orderBy: over.orderBy.length ? over.orderBy : base.orderBy };
  }

  private namedWindow(id: ast.Identifier): ast.WindowSpec {
    const spec = this.named.get(idKey(id));
    if (!spec) throw new NameError('UNKNOWN_NAME', `no such window: ${id.name}`, at(id.span));
    return spec;
  }
}

function keyText(k: SortKey): string {
  return `${printExpr(k.expr)} ${k.descending ? 'desc' : 'asc'} ${k.nullsFirst ? 'first' : 'last'}`;
}

/** windowFunction resolves a call's function id and lowers its arguments. */
function windowFunction(e: ast.FunctionCall, name: string, env: ExprEnv): { fn: string; args: Expr[] } {
  if (e.distinct) throw new TypeMismatchError('DISTINCT is not supported for window functions', at(e.span));
  if (e.orderBy.length) throw new TypeMismatchError(`ORDER BY is not allowed inside ${e.name.name}() over a window`, at(e.span));
  const windowFn = WINDOW_FUNCTIONS[name];
  if (windowFn) {
    if (e.filter) throw new TypeMismatchError('FILTER clause may only be used with aggregate window functions', at(e.filter.span));
    const def = lookupWindowFunction(windowFn);
    if (e.star || e.args.length < def.minArgs || e.args.length > def.maxArgs) throw new TypeMismatchError(`wrong number of arguments to function ${e.name.name}()`, at(e.span));
    return { fn: windowFn, args: e.args.map((a) => lowerExpr(a, env)) };
  }
  if (!isAggregateCall(e)) {
    if (isScalarFunction(name)) throw new TypeMismatchError(`${e.name.name}() may not be used as a window function`, at(e.span));
    throw new NameError('UNKNOWN_NAME', `no such window function: ${e.name.name}`, at(e.name.span));
  }
  if (e.star) {
    if (name !== 'count') throw new TypeMismatchError(`${e.name.name}(*) is not allowed; only count(*)`, at(e.span));
    return { fn: 'sql.count_star', args: [] };
  }
  const info = AGGREGATES[name];
  if (e.args.length < info.min || e.args.length > info.max) throw new TypeMismatchError(`wrong number of arguments to function ${e.name.name}()`, at(e.span));
  const args = e.args.map((a) => lowerExpr(a, env));
  return { fn: info.id, args: name in JSON_AGGREGATES ? withJsonMask(args) : args };
}

const BOUND_TYPES: Record<ast.FrameBound['type'], FrameBound['type']> = {
  'UNBOUNDED PRECEDING': 'unbounded-preceding',
  PRECEDING: 'preceding',
  'CURRENT ROW': 'current-row',
  FOLLOWING: 'following',
  'UNBOUNDED FOLLOWING': 'unbounded-following',
};

/** How far along the partition a bound type reaches, for SQLite's "start after end" check. */
const REACH: Record<FrameBound['type'], number> = {
  'unbounded-preceding': 0,
  preceding: 1,
  'current-row': 2,
  following: 3,
  'unbounded-following': 4,
};

const EXCLUDE: Record<NonNullable<ast.WindowFrame['exclude']>, WindowFrame['exclude']> = {
  'NO OTHERS': 'no-others',
  'CURRENT ROW': 'current-row',
  GROUP: 'group',
  TIES: 'ties',
};

function lowerFrame(f: ast.WindowFrame, orderKeys: number, env: ExprEnv): WindowFrame {
  // Offsets are constants: they see no columns.
  const constants: ExprEnv = { ...env, scope: new Scope([], null), aggregates: null, host: null };
  const bound = (x: ast.FrameBound): FrameBound => ({ type: BOUND_TYPES[x.type], offset: x.offset ? lowerExpr(x.offset, constants) : null });
  const start = bound(f.start);
  const end = f.end ? bound(f.end) : { type: 'current-row' as const, offset: null };
  if (start.type === 'unbounded-following' || end.type === 'unbounded-preceding' || REACH[start.type] > REACH[end.type]) {
    throw new TypeMismatchError('unsupported frame specification', at(f.span));
  }
  const units = f.units === 'ROWS' ? 'rows' : f.units === 'RANGE' ? 'range' : 'groups';
  if (units === 'range' && (start.offset || end.offset) && orderKeys !== 1) {
    throw new TypeMismatchError('RANGE with offset PRECEDING/FOLLOWING requires one ORDER BY expression', at(f.span));
  }
  return { units, start, end, exclude: f.exclude ? EXCLUDE[f.exclude] : 'no-others' };
}
