/**
 * expressions.ts — SPARQL expressions (§17) to algebra expressions over `sparql.*` function ids.
 *
 * Variables become column references (an out-of-scope variable is an unbound null); constants
 * become encoded-term literals. FILTER's test is `sparql.ebv(e)` (error → null → the row is
 * dropped); `&&` is the algebra's `and` over effective boolean values, so the optimizer can split
 * and push its conjuncts. EXISTS / NOT EXISTS become a mark Apply (correlated with the
 * enclosing pattern's columns) attached to the plan through a host; aggregates are collected
 * into the enclosing Aggregate and replaced by its output columns.
 */
import * as b from '../algebra/build.js';
import type { Column } from '../algebra/columns.js';
import { call, col, lit, type Expr } from '../algebra/expr.js';
import type { AggregateCall, Plan } from '../algebra/logical.js';
import { CAST_TARGETS } from '../algebra/functions/sparql-builtins.js';
import { encodeIri, RDF_NS } from '../algebra/functions/sparql-terms.js';
import { UnsupportedError } from '../common/errors.js';
import type * as ast from '../../grammar/sparql/ast.js';
import type { SparqlContext, Solutions } from './context.js';
import type { RelationDef } from '../algebra/statement.js';
import { decodeVars, termScan } from './dictionary.js';
import { lowerGroupPattern, compatibility } from './patterns.js';
import { toValue } from './terms.js';

/** Host collects the plan wrappers EXISTS needs (mark applies), applied before the filter. */
export class Host {
  private readonly wrappers: ((p: Plan) => Plan)[] = [];
  attach(w: (p: Plan) => Plan): void {
    this.wrappers.push(w);
  }
  wrap(p: Plan): Plan {
    return this.wrappers.reduce((q, w) => w(q), p);
  }
}

/** Aggregates met while lowering the expressions of a grouped query. */
export class AggregateCollector {
  readonly calls: AggregateCall[] = [];
  constructor(
    readonly ctx: SparqlContext,
    /** the solutions before grouping: what aggregate arguments read */
    readonly input: Solutions,
  ) {}
}

export interface ExprEnv {
  readonly ctx: SparqlContext;
  /** resolves a variable to an expression (a column, or a merge of two columns) */
  readonly lookup: (name: string) => Expr | undefined;
  /** the variables bound to plain columns here (what an EXISTS body correlates with) */
  readonly visible: ReadonlyMap<string, Column>;
  /** the variables that identify a solution for BNODE(str) (the pattern's, not the SELECT expressions') */
  readonly solution?: ReadonlyMap<string, Column>;
  readonly host: Host | null;
  readonly aggregates: AggregateCollector | null;
  /** the visible variables whose column holds dictionary ids (none when absent) */
  readonly ids?: ReadonlySet<string>;
  /** the visible variables that may be unbound (all when absent) */
  readonly maybe?: ReadonlySet<string>;
}

/** envOf resolves variables to the solutions' columns, then to the enclosing pattern's (EXISTS). */
export function envOf(ctx: SparqlContext, sol: Solutions, host: Host | null, aggregates: AggregateCollector | null = null): ExprEnv {
  return {
    ctx,
    host,
    aggregates,
    visible: new Map([...(ctx.outer?.vars ?? []), ...sol.vars]),
    ids: new Set([...[...(ctx.outer?.ids ?? [])].filter((n) => !sol.vars.has(n)), ...sol.ids]),
    maybe: new Set([...[...(ctx.outer?.maybe ?? [])].filter((n) => !sol.vars.has(n)), ...sol.maybe]),
    lookup: (name) => {
      const c = sol.vars.get(name) ?? ctx.outer?.vars.get(name);
      return c ? col(c) : undefined;
    },
  };
}

const NULL = lit(null);

const BINARY: Record<ast.BinaryOperator, string> = {
  '||': 'sparql.or', '&&': 'and', '=': 'sparql.eq', '!=': 'sparql.ne', '<': 'sparql.lt', '>': 'sparql.gt',
  '<=': 'sparql.le', '>=': 'sparql.ge', '+': 'sparql.add', '-': 'sparql.sub', '*': 'sparql.mul', '/': 'sparql.div',
};

const BUILTIN: Partial<Record<ast.BuiltinName, string>> = {
  STR: 'sparql.str', LANG: 'sparql.lang', LANGMATCHES: 'sparql.langmatches', DATATYPE: 'sparql.datatype',
  RAND: 'sparql.rand', ABS: 'sparql.abs', CEIL: 'sparql.ceil', FLOOR: 'sparql.floor', ROUND: 'sparql.round',
  CONCAT: 'sparql.concat', STRLEN: 'sparql.strlen', UCASE: 'sparql.ucase', LCASE: 'sparql.lcase',
  ENCODE_FOR_URI: 'sparql.encode_for_uri', CONTAINS: 'sparql.contains', STRSTARTS: 'sparql.strstarts',
  STRENDS: 'sparql.strends', STRBEFORE: 'sparql.strbefore', STRAFTER: 'sparql.strafter', YEAR: 'sparql.year',
  MONTH: 'sparql.month', DAY: 'sparql.day', HOURS: 'sparql.hours', MINUTES: 'sparql.minutes',
  SECONDS: 'sparql.seconds', TIMEZONE: 'sparql.timezone', TZ: 'sparql.tz', NOW: 'sparql.now', UUID: 'sparql.uuid',
  STRUUID: 'sparql.struuid', MD5: 'sparql.md5', SHA1: 'sparql.sha1', SHA256: 'sparql.sha256', SHA384: 'sparql.sha384',
  SHA512: 'sparql.sha512', COALESCE: 'sparql.coalesce', IF: 'sparql.if', STRLANG: 'sparql.strlang',
  STRDT: 'sparql.strdt', sameTerm: 'sparql.same_term', isIRI: 'sparql.is_iri', isURI: 'sparql.is_iri',
  isBLANK: 'sparql.is_blank', isLITERAL: 'sparql.is_literal', isNUMERIC: 'sparql.is_numeric', REGEX: 'sparql.regex',
  SUBSTR: 'sparql.substr', REPLACE: 'sparql.replace', BNODE: 'sparql.bnode',
};

const AGGREGATE: Record<ast.AggregateName, string> = {
  COUNT: 'sparql.count', SUM: 'sparql.sum', MIN: 'sparql.min', MAX: 'sparql.max', AVG: 'sparql.avg',
  SAMPLE: 'sparql.sample', GROUP_CONCAT: 'sparql.group_concat',
};

/** lowerExpr lowers an expression to a term-valued (or boolean) algebra expression. */
export function lowerExpr(e: ast.Expression, env: ExprEnv): Expr {
  switch (e.kind) {
    case 'variable':
      return env.lookup(e.variable.value) ?? NULL;
    case 'term':
      return lit(toValue(e.term));
    case 'binary': {
      const test = idTest(e, env.ctx);
      if (test !== null && env.ids?.has(test.name)) {
        const same = call('eq', [env.lookup(test.name) ?? NULL, lit(test.id)]);
        return test.negated ? call('sparql.not', [same]) : same;
      }
      const l = lowerExpr(e.left, env);
      const r = lowerExpr(e.right, env);
      if (e.operator === '&&') return call('and', [ebv(l), ebv(r)]);
      // `?x = <iri>` is term identity: plain `eq`, which index selection turns into a key range.
      if (e.operator === '=' && (isIriLiteral(l) || isIriLiteral(r))) return call('eq', [l, r]);
      return call(BINARY[e.operator], [l, r]);
    }
    case 'unary': {
      const x = lowerExpr(e.operand, env);
      return call(e.operator === '!' ? 'sparql.not' : e.operator === '-' ? 'sparql.neg' : 'sparql.plus', [x]);
    }
    case 'in': {
      const test = call('sparql.in', [lowerExpr(e.expression, env), ...e.list.map((x) => lowerExpr(x, env))]);
      return e.negated ? call('sparql.not', [test]) : test;
    }
    case 'builtin':
      return lowerBuiltin(e, env);
    case 'exists':
      return lowerExists(e, env);
    case 'aggregate':
      return lowerAggregate(e, env);
    case 'functionCall': {
      const args = e.args.map((x) => lowerExpr(x, env));
      if (CAST_TARGETS.includes(e.iri.value) && args.length === 1) return call('sparql.cast', [lit(encodeIri(e.iri.value)), args[0]]);
      // An unknown extension function is an error (§17.6): unbound.
      return NULL;
    }
  }
}

function isIriLiteral(e: Expr): boolean {
  return e.kind === 'literal' && typeof e.value === 'string' && e.value.startsWith('<');
}

/**
 * idTest recognizes `?v = <iri>` and `?v != <iri>` (either way round) for an IRI with a committed
 * dictionary id: RDFterm-equal (§17.4.1.7) makes an IRI equal to itself only, and never an
 * error, so the test is an equality of ids and a variable holding ids need not be decoded for it.
 */
export function idTest(e: ast.Expression, ctx: SparqlContext): { name: string; id: number; negated: boolean } | null {
  if (e.kind !== 'binary' || (e.operator !== '=' && e.operator !== '!=') || ctx.committedId === undefined) return null;
  const [v, t] = e.left.kind === 'variable' ? [e.left, e.right] : [e.right, e.left];
  if (v.kind !== 'variable' || t.kind !== 'term' || t.term.termType !== 'NamedNode') return null;
  const id = ctx.committedId(toValue(t.term));
  return id === undefined ? null : { name: v.variable.value, id, negated: e.operator === '!=' };
}

/**
 * exprVars lists the variables expressions read (in EXISTS bodies too: those correlate with the
 * enclosing row). `skipCounted` leaves out COUNT(?v)'s argument, which counts ids as well as terms;
 * `ctx` (when given) leaves out a variable that only an idTest reads, which compares its id.
 */
export function exprVars(exprs: readonly unknown[], skipCounted = false, ctx: SparqlContext | null = null): Set<string> {
  const names = new Set<string>();
  let inExists = 0;
  const visit = (x: unknown): void => {
    if (!x || typeof x !== 'object') return;
    if (Array.isArray(x)) {
      x.forEach(visit);
      return;
    }
    const o = x as Record<string, unknown>;
    if (o.termType === 'Variable' && typeof o.value === 'string') {
      names.add(o.value);
      return;
    }
    // A variable an EXISTS body only matches in its patterns is compared there as it is (lowerExists).
    if (o.kind === 'bgp' && inExists > 0) return;
    if (o.kind === 'exists') {
      inExists++;
      visit(o.pattern);
      inExists--;
      return;
    }
    if (ctx !== null && idTest(o as unknown as ast.Expression, ctx) !== null) return;
    if (skipCounted && o.kind === 'aggregate' && o.name === 'COUNT' && (o.expression as { kind?: string } | null)?.kind === 'variable') return;
    for (const [k, v] of Object.entries(o)) if (k !== 'span') visit(v);
  };
  exprs.forEach(visit);
  return names;
}

/** ebv is the effective boolean value test FILTER and the logical operators apply. */
export function ebv(e: Expr): Expr {
  if (e.kind === 'call' && (e.type === 'boolean')) return e;
  return call('sparql.ebv', [e]);
}

/** term binds an expression's value to a variable (booleans become xsd:boolean literals). */
export function term(e: Expr): Expr {
  if (e.kind === 'column' || e.kind === 'literal') return e;
  return call('sparql.term', [e]);
}

function lowerBuiltin(e: ast.BuiltinCall, env: ExprEnv): Expr {
  if (e.name === 'BOUND') {
    const v = e.args[0];
    return call('sparql.bound', [v.kind === 'variable' ? (env.lookup(v.variable.value) ?? NULL) : lowerExpr(v, env)]);
  }
  const args = e.args.map((x) => lowerExpr(x, env));
  if (e.name === 'IRI' || e.name === 'URI') return call('sparql.iri', [args[0], lit(env.ctx.base ?? '')]);
  if (e.name === 'BNODE' && args.length === 1) return call('sparql.bnode', [args[0], ...[...(env.solution ?? env.visible).values()].map((c) => col(c))]);
  const id = BUILTIN[e.name];
  if (!id) throw new UnsupportedError(`SPARQL function ${e.name} is not supported`, e.span.start);
  return call(id, args);
}

function lowerExists(e: ast.ExistsExpression, env: ExprEnv): Expr {
  if (!env.host) throw new UnsupportedError('EXISTS is only supported in FILTER, BIND and SELECT expressions', e.span.start);
  const outer: Solutions = {
    plan: b.values([], [[]]),
    vars: env.visible,
    maybe: env.maybe ?? new Set(env.visible.keys()),
    ids: env.ids ?? new Set(),
  };
  const ctx = env.ctx;
  let inner = lowerGroupPattern(e.pattern, { ...ctx, outer });
  // Substitution (§18.6 exists): the body's bindings must agree with the outer row's, compared
  // as ids where both hold ids, else as terms (decoding whichever side holds an id).
  const outerIds = env.ids ?? new Set<string>();
  inner = decodeVars(ctx, inner, [...inner.vars.keys()].filter((n) => env.lookup(n) !== undefined && !outerIds.has(n)));
  const conditions: Expr[] = [];
  for (const [name, c] of inner.vars) {
    let o = env.lookup(name);
    if (!o) continue;
    if (outerIds.has(name) && !inner.ids.has(name)) {
      const id = o;
      const t = termScan(ctx.terms as RelationDef, ctx.alloc);
      const term = ctx.alloc.like(t.term, name);
      env.host.attach((p) => b.extend(b.join('left', p, t.plan, call('eq', [id, col(t.id)])), [{ column: term, expr: col(t.term) }]));
      o = col(term);
    }
    conditions.push(compatibility(col(c), o, inner.maybe.has(name), env.maybe?.has(name) ?? true));
  }
  const body = b.filter(inner.plan, b.and(conditions));
  const mark = env.ctx.alloc.column('exists', 'boolean');
  env.host.attach((p) => b.apply('mark', p, body, mark));
  return e.negated ? call('sparql.not', [col(mark)]) : col(mark);
}

function lowerAggregate(e: ast.AggregateExpression, env: ExprEnv): Expr {
  const agg = env.aggregates;
  if (!agg) throw new UnsupportedError('aggregates are only allowed in SELECT, HAVING and ORDER BY of a grouped query', e.span.start);
  const inner = envOf(agg.ctx, agg.input, null);
  let fnId = AGGREGATE[e.name];
  const args: Expr[] = [];
  if (e.expression) args.push(term(lowerExpr(e.expression, inner)));
  else {
    fnId = 'sparql.count_star';
    if (e.distinct) for (const [name, c] of agg.input.vars) if (!name.startsWith('_:')) args.push(col(c));
  }
  if (e.name === 'GROUP_CONCAT') args.push(lit(`"${e.separator ?? ' '}`));
  const column = agg.ctx.alloc.column(e.name.toLowerCase(), 'any');
  agg.calls.push({ column, fn: fnId, args, distinct: e.distinct, filter: null });
  return col(column);
}

export { RDF_NS };
