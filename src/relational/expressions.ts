/**
 * expressions.ts — lowering SQL expressions to algebra expressions.
 *
 * Every operator becomes a call of a `sql.*` function from the registry, which carries SQL's
 * semantics (three-valued logic, NULL propagation, SQLite's comparisons). Aggregate calls are
 * collected into an AggregateCollector and replaced by references to their output columns;
 * subqueries become Apply nodes or mark joins attached to the plan through a SubqueryHost,
 * and are replaced by references to the columns those produce.
 */
import * as b from '../algebra/build.js';
import type { Column } from '../algebra/columns.js';
import { call, col, lit, param, type Expr } from '../algebra/expr.js';
import { lookupAggregate } from '../algebra/functions/registry.js';
import { orderedAggregate, orderedSpec } from '../algebra/functions/sql-ordered.js';
import type { AggregateCall, Plan } from '../algebra/logical.js';
import { NameError, PolyglotError, RuntimeError, TypeMismatchError, UnsupportedError } from '../common/errors.js';
import { didYouMean } from '../common/suggest.js';
import type * as ast from '../../grammar/sql/ast.js';
import type { SqlContext } from './context.js';
import { SubqueryHost } from './context.js';
import { withAffinity } from './affinity.js';
import { at, idKey, key } from './names.js';
import type { Scope } from './scope.js';
import { castFunction } from './table-info.js';
import { isWindowFunctionName } from './window.js';
import { collated, collationName, collationOf, comparisonCollation } from './collation.js';
import { ArityError, currentTime, isScalarFunction, JSON_AGGREGATES, knownFunctionNames, lowerScalarCall, withJsonMask } from './functions.js';

/** Lowers a subquery in a scope nested in `outer`; provided by query.ts (kept out of this module to avoid a cycle). */
export type SubqueryLowerer = (query: ast.Query, outer: Scope) => { plan: Plan; correlated: boolean };

export class AggregateCollector {
  readonly calls: AggregateCall[] = [];

  constructor(
    /** The scope of the rows being aggregated (aggregate arguments are lowered in it). */
    readonly inputScope: Scope,
  ) {}
}

export interface ExprEnv {
  readonly ctx: SqlContext;
  readonly scope: Scope;
  /** Where subqueries attach; null where they are not allowed (DEFAULT, CHECK). */
  readonly host: SubqueryHost | null;
  /** Non-null where aggregates may appear (select list, HAVING, ORDER BY of an aggregate query). */
  readonly aggregates: AggregateCollector | null;
  readonly lowerSubquery: SubqueryLowerer;
  /** Lowers `f(…) OVER …` where window functions may appear (select list, ORDER BY); absent elsewhere. */
  readonly windows?: ((call: ast.FunctionCall, env: ExprEnv) => Expr) | null;
  /**
   * Select-list aliases by lookup key, where SQLite lets an unqualified name that no column of
   * this FROM has mean one (WHERE, HAVING); absent elsewhere.
   */
  readonly aliases?: ReadonlyMap<string, ast.Expr> | null;
}

export const AGGREGATES: Record<string, { id: string; min: number; max: number }> = {
  count: { id: 'sql.count', min: 1, max: 1 },
  sum: { id: 'sql.sum', min: 1, max: 1 },
  total: { id: 'sql.total', min: 1, max: 1 },
  avg: { id: 'sql.avg', min: 1, max: 1 },
  min: { id: 'sql.min', min: 1, max: 1 },
  max: { id: 'sql.max', min: 1, max: 1 },
  group_concat: { id: 'sql.group_concat', min: 1, max: 2 },
  string_agg: { id: 'sql.group_concat', min: 2, max: 2 },
  json_group_array: { id: 'sql.json_group_array', min: 1, max: 1 },
  json_group_object: { id: 'sql.json_group_object', min: 2, max: 2 },
};

/** The aggregates whose answer depends on the order rows come in: they honour `f(x ORDER BY y)`. */
const ORDER_SENSITIVE = new Set(['sql.group_concat', 'sql.json_group_array', 'sql.json_group_object']);

/** isAggregateCall says whether a call names an aggregate (min/max only with one argument). */
export function isAggregateCall(e: ast.FunctionCall): boolean {
  const name = key(e.name.name);
  if (name === 'min' || name === 'max') return e.args.length === 1 || e.star;
  return name in AGGREGATES;
}

/** containsAggregate says whether an expression has an aggregate call outside any subquery. */
export function containsAggregate(e: ast.Expr | null): boolean {
  if (!e) return false;
  let found = false;
  visitExpr(e, (x) => {
    if (x.kind === 'FunctionCall' && isAggregateCall(x) && !x.over) found = true;
  });
  return found;
}

/** visitExpr calls f on every expression node, not descending into subqueries. */
function visitExpr(e: ast.Expr, f: (e: ast.Expr) => void): void {
  f(e);
  const kids: (ast.Expr | null)[] = (() => {
    switch (e.kind) {
      case 'Unary':
        return [e.operand];
      case 'Binary':
        return [e.left, e.right];
      case 'IsNull':
      case 'Collate':
      case 'Cast':
      case 'InTable':
        return [e.operand];
      case 'Between':
        return [e.operand, e.low, e.high];
      case 'InList':
        return [e.operand, ...e.list];
      case 'InSubquery':
        return [e.operand];
      case 'Like':
        return [e.operand, e.pattern, e.escape];
      case 'FunctionCall':
        return [...e.args, e.filter];
      case 'Case':
        return [e.operand, ...e.whens.flatMap((w) => [w.when, w.then]), e.else];
      case 'Row':
      case 'Array':
        return e.items;
      case 'Quantified':
        return [e.left];
      default:
        return [];
    }
  })();
  for (const k of kids) if (k) visitExpr(k, f);
}

const COMPARISON: Record<ast.ComparisonOp, string> = { '=': 'sql.eq', '<>': 'sql.ne', '<': 'sql.lt', '<=': 'sql.le', '>': 'sql.gt', '>=': 'sql.ge' };
const NEGATED: Record<ast.ComparisonOp, ast.ComparisonOp> = { '=': '<>', '<>': '=', '<': '>=', '<=': '>', '>': '<=', '>=': '<' };
/** Comparisons whose operands take SQLite's comparison affinities (affinity.ts). */
const COMPARED = new Set([...Object.values(COMPARISON), 'sql.is', 'sql.is_not']);

const BINARY: Partial<Record<ast.BinaryOp, string>> = {
  ...COMPARISON,
  IS: 'sql.is',
  'IS NOT': 'sql.is_not',
  '+': 'sql.add',
  '-': 'sql.sub',
  '*': 'sql.mul',
  '/': 'sql.div',
  '%': 'sql.mod',
  '||': 'sql.concat',
  '&': 'sql.bitand',
  '|': 'sql.bitor',
  '<<': 'sql.shl',
  '>>': 'sql.shr',
};

/** truth makes an expression usable as a condition (SQL accepts any value: non-zero numbers are true). */
export function truth(e: Expr): Expr {
  return e.type === 'boolean' ? e : call('sql.truth', [e]);
}

/**
 * lowerExpr lowers one SQL expression. A part equal to a generated column's expression (an
 * index on lower(name)) becomes a reference to that column (Scope.substitute).
 */
export function lowerExpr(e: ast.Expr, env: ExprEnv): Expr {
  return env.scope.substitute(lowerNode(e, env));
}

function lowerNode(e: ast.Expr, env: ExprEnv): Expr {
  switch (e.kind) {
    case 'Literal':
      return lowerLiteral(e);
    case 'ColumnRef': {
      const aliased = env.aliases && !e.table ? aliasedItem(e, env) : undefined;
      return aliased ? lowerExpr(aliased, { ...env, aliases: null }) : col(env.scope.resolve(e));
    }
    case 'Parameter':
      return param(e.name ?? e.index);
    case 'Unary': {
      const x = lowerExpr(e.operand, env);
      switch (e.op) {
        case '-':
          return x.kind === 'literal' && (typeof x.value === 'number' || typeof x.value === 'bigint') ? lit(negate(x.value), x.type) : call('sql.neg', [x]);
        case '+':
          return x;
        case '~':
          return call('sql.bitnot', [x]);
        case 'NOT':
          return call('sql.not', [x]);
      }
      break;
    }
    case 'Binary': {
      if (e.op === 'AND' || e.op === 'OR') {
        const fn = e.op === 'AND' ? 'sql.and' : 'sql.or';
        const args = flatten(e, e.op).map((x) => lowerExpr(x, env));
        return call(fn, args);
      }
      if (e.op === '->' || e.op === '->>') return call(e.op === '->' ? 'sql.json_arrow' : 'sql.json_arrow_text', [lowerExpr(e.left, env), lowerExpr(e.right, env)]);
      if (e.right.kind === 'Row' || e.left.kind === 'Row') return lowerRowComparison(e, env);
      if ((e.op === 'IS' || e.op === 'IS NOT') && e.right.kind === 'Literal' && e.right.type === 'boolean') {
        // SQLite's x IS TRUE tests x's truth (2 IS TRUE, 0.5 IS TRUE), where x = TRUE compares with 1.
        return call(BINARY[e.op] as string, [truth(lowerExpr(e.left, env)), lowerExpr(e.right, env)]);
      }
      const fn = BINARY[e.op] as string;
      const operands: [Expr, Expr] = [lowerExpr(e.left, env), lowerExpr(e.right, env)];
      const compared = COMPARED.has(fn) ? withAffinity(...operands) : operands;
      if (e.op in COMPARISON || e.op === 'IS' || e.op === 'IS NOT') {
        // Affinity converts the values; the collation then decides how the texts compare.
        const c = comparisonCollation(e.left, [e.right], env.scope);
        return call(fn, [collated(compared[0], c), collated(compared[1], c)]);
      }
      return call(fn, compared);
    }
    case 'IsNull':
      return call(e.not ? 'sql.is_not_null' : 'sql.is_null', [lowerExpr(e.operand, env)]);
    case 'Between': {
      const c = comparisonCollation(e.operand, [e.low, e.high], env.scope);
      const x = lowerExpr(e.operand, env);
      const [xl, low] = withAffinity(x, lowerExpr(e.low, env));
      const [xh, high] = withAffinity(x, lowerExpr(e.high, env));
      const inside = call('sql.and', [call('sql.ge', [collated(xl, c), collated(low, c)]), call('sql.le', [collated(xh, c), collated(high, c)])]);
      return e.not ? call('sql.not', [inside]) : inside;
    }
    case 'InList': {
      const c = comparisonCollation(e.operand, e.list, env.scope);
      const operand = lowerExpr(e.operand, env);
      const x = call('sql.in', [collated(operand, c), ...e.list.map((i) => collated(withAffinity(operand, lowerExpr(i, env))[1], c))]);
      return e.not ? call('sql.not', [x]) : x;
    }
    case 'InSubquery': {
      const operand = e.operand;
      // (a, b) IN (SELECT x, y …): some row equal in every column (NULL when none is but some might be).
      const m =
        operand.kind === 'Row'
          ? markSubquery(e.query, env, (subs) => call('sql.and', operand.items.length > 1 ? operand.items.map((x, i) => rowEq(x, subs[i], env)) : [rowEq(operand.items[0], subs[0], env), lit(true)]), e.span, operand.items.length)
          : markSubquery(e.query, env, ([sub]) => call('sql.eq', [lowerExpr(operand, env), sub]), e.span);
      return e.not ? call('sql.not', [m]) : m;
    }
    case 'InTable': {
      // SQLite's `x IN table`: the table's rows, which must have one column.
      const query = tableQuery(e.table, e.span);
      const m = markSubquery(query, env, ([sub]) => call('sql.eq', [lowerExpr(e.operand, env), sub]), e.span);
      return e.not ? call('sql.not', [m]) : m;
    }
    case 'Quantified': {
      const left = lowerExpr(e.left, env);
      if (e.quantifier === 'ALL') {
        const any = markSubquery(e.query, env, ([sub]) => call(COMPARISON[NEGATED[e.op]], [left, sub]), e.span);
        return call('sql.not', [any]);
      }
      return markSubquery(e.query, env, ([sub]) => call(COMPARISON[e.op], [left, sub]), e.span);
    }
    case 'Like': {
      if (e.op === 'REGEXP' || e.op === 'MATCH') throw new UnsupportedError(`${e.op} is not supported yet`, at(e.span));
      const args = [lowerExpr(e.operand, env), lowerExpr(e.pattern, env)];
      if (e.escape) {
        if (e.op === 'GLOB') throw new UnsupportedError('GLOB takes no ESCAPE clause', at(e.escape.span));
        args.push(lowerExpr(e.escape, env));
      }
      // ILIKE is LIKE: SQLite's LIKE already ignores (ASCII) case.
      const x = call(e.op === 'GLOB' ? 'sql.glob' : 'sql.like', args);
      return e.not ? call('sql.not', [x]) : x;
    }
    case 'Collate':
      // COLLATE changes how the value compares, not the value: comparisons, ORDER BY and GROUP BY read it (collation.ts).
      collationName(e.collation);
      return lowerExpr(e.operand, env);
    case 'Cast':
      return call(castFunction(e.type.name), [lowerExpr(e.operand, env)]);
    case 'FunctionCall':
      return lowerCall(e, env);
    case 'Case': {
      const whens = e.whens.flatMap((w) => [lowerExpr(w.when, env), lowerExpr(w.then, env)]);
      const otherwise = e.else ? [lowerExpr(e.else, env)] : [];
      if (e.operand) return call('sql.case_simple', [lowerExpr(e.operand, env), ...whens, ...otherwise]);
      return call('sql.case', [...whens, ...otherwise]);
    }
    case 'Exists': {
      const host = requireHost(env, e.span);
      const { plan } = env.lowerSubquery(e.query, env.scope);
      const mark = env.ctx.alloc.column('exists', 'boolean');
      host.attach((p) => b.apply('mark', p, plan, mark));
      return col(mark);
    }
    case 'Subquery': {
      const host = requireHost(env, e.span);
      const { plan } = env.lowerSubquery(e.query, env.scope);
      if (plan.schema.length !== 1) throw new TypeMismatchError(`sub-select returns ${plan.schema.length} columns - expected 1`, at(e.span));
      const out = env.ctx.alloc.column('subquery', plan.schema[0].type);
      // SQLite: a scalar subquery's value is its first row (NULL when it has none).
      const first = b.limit(plan, null, lit(1));
      host.attach((p) => b.apply('scalar', p, first, out));
      return col(out);
    }
    case 'Row':
      throw new UnsupportedError('row values are only supported in comparisons', at(e.span));
    case 'Array':
      throw new UnsupportedError('ARRAY[…] is not supported yet', at(e.span));
    case 'Raise':
      if (!env.ctx.triggers?.length) throw new PolyglotError('INVALID_ARGUMENT', 'RAISE() may only be used within a trigger-program', at(e.span));
      return call('sql.raise', e.message ? [lit(e.action.toLowerCase()), lowerExpr(e.message, env)] : [lit(e.action.toLowerCase())]);
  }
  throw new UnsupportedError(`unsupported expression ${(e as ast.Expr).kind}`, at((e as ast.Expr).span));
}

/** tableQuery builds the syntax of `SELECT * FROM name` for `x IN name`. */
function tableQuery(name: ast.ObjectName, span: ast.Span): ast.Query {
  const select: ast.Select = {
    kind: 'Select',
    span,
    distinct: false,
    columns: [{ kind: 'SelectStar', schema: null, table: null, span }],
    from: { kind: 'TableName', name, alias: null, indexedBy: null, notIndexed: false, span },
    where: null,
    groupBy: [],
    having: null,
    windows: [],
  };
  return { kind: 'Query', span, with: null, body: select, orderBy: [], limit: null, offset: null };
}

/** aliasedItem is the select item an unqualified name in WHERE/HAVING means when this FROM has no such column. */
function aliasedItem(e: ast.ColumnRef, env: ExprEnv): ast.Expr | undefined {
  const name = idKey(e.column);
  const item = env.aliases?.get(name);
  if (item === undefined || env.scope.hasOwn(name)) return undefined;
  if (!env.aggregates && containsAggregate(item)) throw new TypeMismatchError(`misuse of aliased aggregate ${e.column.name}`, at(e.span));
  return item;
}

function negate(v: number | bigint): number | bigint {
  if (typeof v === 'bigint') {
    const n = -v;
    // -(-9223372036854775808) leaves 64 bits: a real, as SQLite's negation gives.
    return (n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER)) || n > 2n ** 63n - 1n ? Number(n) : n;
  }
  return v === 0 ? 0 : -v;
}

function flatten(e: ast.Expr, op: 'AND' | 'OR'): ast.Expr[] {
  if (e.kind === 'Binary' && e.op === op) return [...flatten(e.left, op), ...flatten(e.right, op)];
  return [e];
}

function lowerLiteral(e: ast.Literal): Expr {
  switch (e.type) {
    case 'integer':
      return lit(e.value, 'integer');
    case 'real':
      return lit(e.value, 'real');
    case 'string':
      return lit(e.value, 'text');
    case 'blob':
      return lit(e.value, 'blob');
    case 'null':
      return lit(null, 'null');
    case 'boolean':
      return lit(e.value, 'boolean');
    case 'current_date':
    case 'current_time':
    case 'current_timestamp':
      return currentTime(e.type);
    default: {
      const unknown = e as ast.Literal;
      throw new UnsupportedError(`${unknown.type.toUpperCase()} is not supported yet`, at(unknown.span));
    }
  }
}

function requireHost(env: ExprEnv, span: ast.Span): SubqueryHost {
  if (!env.host) throw new UnsupportedError('subqueries are not allowed here', at(span));
  return env.host;
}

/** markSubquery lowers `x op ANY (subquery)`-shaped tests to a mark join (or a mark Apply when correlated). */
function markSubquery(query: ast.Query, env: ExprEnv, condition: (sub: Expr[]) => Expr, span: ast.Span, width = 1): Expr {
  const host = requireHost(env, span);
  const { plan, correlated } = env.lowerSubquery(query, env.scope);
  if (plan.schema.length !== width) throw new TypeMismatchError(`sub-select returns ${plan.schema.length} columns - expected ${width}`, at(span));
  const mark = env.ctx.alloc.column('in', 'boolean');
  const cond = condition(plan.schema.map((c) => col(c)));
  if (correlated) {
    // Correlated: an Apply's mark says only whether rows exist, so SQL's three-valued answer
    // takes two: some row where the comparison is true (→ true), else some row where it is
    // unknown (→ NULL), else false. (Lowered twice so the two subqueries own their columns.)
    const again = env.lowerSubquery(query, env.scope).plan;
    const unknown = env.ctx.alloc.column('in_unknown', 'boolean');
    const unknownCond = call('sql.is_null', [condition(again.schema.map((c) => col(c)))]);
    host.attach((p) => b.apply('mark', b.apply('mark', p, b.filter(plan, cond), mark), b.filter(again, unknownCond), unknown));
    return call('sql.case', [col(mark), lit(true, 'boolean'), col(unknown), lit(null, 'null'), lit(false, 'boolean')]);
  }
  host.attach((p) => b.join('mark', p, plan, cond, mark));
  return col(mark);
}

function lowerRowComparison(e: ast.BinaryExpr, env: ExprEnv): Expr {
  if (e.left.kind !== 'Row' || e.right.kind !== 'Row' || e.left.items.length !== e.right.items.length) {
    throw new UnsupportedError('row values must be compared with row values of the same size', at(e.span));
  }
  const l = e.left.items;
  const r = e.right.items;
  const pair = (op: ast.BinaryOp, i: number) => lowerComparison(op, l[i], r[i], env);
  const all = (op: ast.BinaryOp) => (l.length > 1 ? call('sql.and', l.map((_, i) => pair(op, i))) : pair(op, 0));
  switch (e.op) {
    case '=':
    case 'IS':
      return all(e.op);
    case '<>':
    case 'IS NOT':
      return call('sql.not', [all(e.op === '<>' ? '=' : 'IS')]);
    case '<':
    case '<=':
    case '>':
    case '>=': {
      // Lexicographic, with SQL's three-valued logic: (a, b) < (c, d) is a < c OR (a = c AND b < d).
      const strict = e.op === '<' || e.op === '>' ? e.op : e.op === '<=' ? '<' : '>';
      let out = pair(e.op, l.length - 1);
      for (let i = l.length - 2; i >= 0; i--) out = call('sql.or', [pair(strict, i), call('sql.and', [pair('=', i), out])]);
      return out;
    }
  }
  throw new UnsupportedError(`row value comparison ${e.op} is not supported`, at(e.span));
}

/** rowEq compares one item of a row value with a subquery's column (as `x IN (SELECT y …)` compares x and y). */
function rowEq(item: ast.Expr, sub: Expr, env: ExprEnv): Expr {
  return call('sql.eq', [lowerExpr(item, env), sub]);
}

/** lowerComparison lowers `left op right` with SQLite's affinities and the comparison's collation. */
function lowerComparison(op: ast.BinaryOp, left: ast.Expr, right: ast.Expr, env: ExprEnv): Expr {
  const [x, y] = withAffinity(lowerExpr(left, env), lowerExpr(right, env));
  const c = comparisonCollation(left, [right], env.scope);
  return call(BINARY[op] as string, [collated(x, c), collated(y, c)]);
}

function lowerCall(e: ast.FunctionCall, env: ExprEnv): Expr {
  const name = key(e.name.name);
  if (e.over || isWindowFunctionName(name)) {
    if (!e.over || !env.windows) throw new TypeMismatchError(`misuse of window function ${e.name.name}()`, at(e.span));
    return env.windows(e, env);
  }
  if (isAggregateCall(e)) return lowerAggregate(e, name, env);
  if (e.distinct || e.star || e.filter) throw new TypeMismatchError(`${e.name.name}() is not an aggregate function`, at(e.span));
  if (!isScalarFunction(name)) {
    throw new NameError('UNKNOWN_NAME', `no such function: ${e.name.name}${didYouMean(name, [...knownFunctionNames(), ...Object.keys(AGGREGATES)])}`, at(e.name.span));
  }
  const args = e.args.map((a) => lowerExpr(a, env));
  try {
    return lowerScalarCall(name, args);
  } catch (err) {
    if (err instanceof ArityError) throw new TypeMismatchError(`wrong number of arguments to function ${e.name.name}(): got ${args.length}`, at(e.span));
    // A constant argument found malformed while lowering (a bad JSON path): the same error, with the call's position.
    if (err instanceof RuntimeError && err.line === undefined) throw new RuntimeError(err.message, at(e.span));
    throw err;
  }
}

function lowerAggregate(e: ast.FunctionCall, name: string, env: ExprEnv): Expr {
  const collector = env.aggregates;
  if (!collector) throw new TypeMismatchError(`misuse of aggregate function ${e.name.name}()`, at(e.span));
  const info = AGGREGATES[name];
  const inner: ExprEnv = { ...env, scope: collector.inputScope, aggregates: null };
  let fn = info.id;
  let args: Expr[];
  if (e.star) {
    if (name !== 'count') throw new TypeMismatchError(`${e.name.name}(*) is not allowed; only count(*)`, at(e.span));
    fn = 'sql.count_star';
    args = [];
  } else {
    if (e.args.length < info.min || e.args.length > info.max) throw new TypeMismatchError(`wrong number of arguments to function ${e.name.name}()`, at(e.span));
    if (e.distinct && e.args.length !== 1) throw new TypeMismatchError('DISTINCT aggregates must have exactly one argument', at(e.span));
    args = e.args.map((a) => lowerExpr(a, inner));
    if (name in JSON_AGGREGATES) args = withJsonMask(args);
    // count(DISTINCT x) counts values distinct under x's collation (only the count, not the values, is shown).
    if (e.distinct && name === 'count') args = [collated(args[0], collationOf(e.args[0], collector.inputScope))];
  }
  if (e.orderBy.length) {
    // Only aggregates whose answer depends on the order of their input take it (the others ignore it, as SQLite).
    const keys = e.orderBy.map((o) => lowerExpr(o.expr, inner));
    if (ORDER_SENSITIVE.has(fn)) {
      const spec = orderedSpec(
        args.length,
        e.distinct,
        e.orderBy.map((o) => ({ descending: o.direction === 'DESC', nullsFirst: o.nulls ? o.nulls === 'FIRST' : o.direction !== 'DESC' })),
      );
      fn = orderedAggregate(fn);
      args = [lit(spec, 'text'), ...args, ...keys];
    }
  }
  const filter = e.filter ? truth(lowerExpr(e.filter, inner)) : null;
  const def = lookupAggregate(fn);
  const column: Column = env.ctx.alloc.column(name, def.returnType(args.map((a) => a.type)));
  // An ordered aggregate drops repeated arguments itself (its sort keys are arguments too).
  collector.calls.push({ column, fn, args, distinct: e.distinct && !fn.endsWith('.ordered'), filter });
  return col(column);
}
