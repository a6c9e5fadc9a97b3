/**
 * patterns.ts — SPARQL graph patterns (§18.2.2) to the algebra.
 *
 * A triple pattern is a scan of the quads relation under equality filters on its constant
 * positions and on the active graph; a basic graph pattern is a MultiJoin of its triple
 * patterns on shared variables (the optimizer orders it and picks an index per pattern).
 * Group elements combine left to right as the spec's translation does: OPTIONAL is a left join
 * whose condition is the optional group's FILTERs; MINUS an anti join; UNION a union padded
 * with unbound columns; BIND an Extend; VALUES an inline table; FILTERs of a group apply to
 * the whole group at its end.
 *
 * Joins between patterns whose shared variables are always bound use `eq` (hash joinable);
 * a variable that may be unbound on either side uses `sparql.compatible` (unbound is
 * compatible with anything, §18.3) and the joined variable is `sparql.coalesce` of the two.
 */
import * as b from '../algebra/build.js';
import type { Column } from '../algebra/columns.js';
import { call, col, lit, type Expr } from '../algebra/expr.js';
import type { Plan } from '../algebra/logical.js';
import { UnsupportedError } from '../common/errors.js';
import type * as ast from '../../grammar/sparql/ast.js';
import type { SparqlContext, Solutions } from './context.js';
import { Constants, decodeVars, flatJoin, termInput } from './dictionary.js';
import { ebv, envOf, exprVars, Host, lowerExpr, term, type ExprEnv } from './expressions.js';
import { DEFAULT_GRAPH_ID, G, O, P, S } from './layout.js';
import { lowerPathPattern, zeroable, type Seed } from './paths.js';
import { lowerSubSelect } from './query.js';
import { toValue } from './terms.js';

/** The solution of the empty group: one row, no variables. */
export function unit(): Solutions {
  return { plan: b.values([], [[]]), vars: new Map(), maybe: new Set(), ids: new Set() };
}

function isUnit(s: Solutions): boolean {
  return s.vars.size === 0 && s.plan.kind === 'values' && s.plan.rows.length === 1 && s.plan.schema.length === 0;
}

/** compatibility is the join test for one shared variable. */
export function compatibility(l: Expr, r: Expr, lMaybe: boolean, rMaybe: boolean): Expr {
  return lMaybe || rMaybe ? call('sparql.compatible', [l, r]) : call('eq', [l, r]);
}

// ---- scans of the quads relation --------------------------------------------------------------------

/** A position of a quad pattern: a variable (by name) or a constant encoded term. */
export type Slot = { var: string } | { value: string };

export function slot(t: ast.VarOrTerm): Slot {
  if (t.termType === 'Variable') return { var: t.value };
  if (t.termType === 'BlankNode') return { var: `_:${t.value}` };
  return { value: toValue(t) };
}

/** graphSlot is the graph position under the active graph. */
function graphSlot(ctx: SparqlContext): Slot | null {
  switch (ctx.graph.kind) {
    case 'default':
      return null;
    case 'named':
      return { value: ctx.graph.iri };
    case 'variable':
      return { var: ctx.graph.name };
  }
}

/** The inputs and conditions of one triple pattern's scan, to join into a BGP's MultiJoin. */
interface QuadParts {
  readonly inputs: Plan[];
  readonly conditions: Expr[];
  readonly vars: Map<string, Column>;
  /** the (s, p, o) columns to make distinct (the merge of several FROM graphs), or null */
  readonly merge: Column[] | null;
}

/**
 * quadParts scans the quads matching s p o in the active graph, binding the variables to ids;
 * null when nothing can match. A constant joins its position with the dictionary row of its
 * term (`constants`: one lookup per distinct term, so patterns sharing a constant are joined
 * through it); the default graph is id 0.
 */
function quadParts(ctx: SparqlContext, slots: [Slot, Slot, Slot], constants: Constants): QuadParts | null {
  if (!ctx.quads) return null;
  const columns = ['s', 'p', 'o', 'g'].map((n) => ctx.alloc.column(n, 'integer'));
  const inputs: Plan[] = [b.scan(ctx.quads, columns)];
  const conditions: Expr[] = [];
  const vars = new Map<string, Column>();
  const restrict = (i: number, test: (term: Expr) => Expr) => {
    const t = termInput(ctx, test);
    inputs.push(t.plan);
    conditions.push(call('eq', [col(columns[i]), col(t.id)]));
  };
  const all: (Slot | null)[] = [...slots, graphSlot(ctx)];
  all.forEach((s, i) => {
    if (!s) return;
    if ('value' in s) conditions.push(call('eq', [col(columns[i]), constants.id(s.value)]));
    else {
      const prev = vars.get(s.var);
      if (prev) conditions.push(call('eq', [col(prev), col(columns[i])]));
      else vars.set(s.var, columns[i]);
    }
  });
  const g = col(columns[G]);
  let merge: Column[] | null = null;
  if (ctx.graph.kind === 'default') {
    const from = ctx.dataset.defaultGraphs;
    if (from === null) conditions.push(call('eq', [g, lit(DEFAULT_GRAPH_ID)]));
    else if (from.length === 0) return null;
    else if (from.length === 1) conditions.push(call('eq', [g, constants.id(from[0])]));
    else {
      restrict(G, (t) => call('sparql.in', [t, ...from.map((x) => lit(x))]));
      merge = [columns[S], columns[P], columns[O]];
    }
  } else {
    const named = ctx.dataset.namedGraphs;
    if (ctx.graph.kind === 'named' && named !== null && !named.includes(ctx.graph.iri)) return null;
    if (ctx.graph.kind === 'variable') restrict(G, (t) => (named === null ? call('sparql.is_iri', [t]) : call('sparql.in', [t, ...named.map((x) => lit(x))])));
  }
  return { inputs, conditions, vars, merge };
}

/**
 * quadPattern is one triple pattern's solutions (quadParts). The scan keeps all four columns
 * (what index nested-loop joins can probe); projection pruning drops the unused ones. The
 * default graph with several FROM graphs is their merge: the (s, p, o) rows made distinct.
 */
export function quadPattern(ctx: SparqlContext, slots: [Slot, Slot, Slot]): Solutions {
  const constants = new Constants(ctx);
  const parts = quadParts(ctx, slots, constants);
  if (!parts) return emptyOf(ctx, slots);
  let plan = flatJoin([...parts.inputs, ...constants.inputs], parts.conditions);
  if (parts.merge) plan = b.distinct(b.project(plan, parts.merge));
  return { plan, vars: parts.vars, maybe: new Set(), ids: new Set(parts.vars.keys()) };
}

function emptyOf(ctx: SparqlContext, slots: (Slot | null)[]): Solutions {
  const vars = new Map<string, Column>();
  for (const s of [...slots, graphSlot(ctx)]) if (s && 'var' in s && !vars.has(s.var)) vars.set(s.var, ctx.alloc.column(s.var, 'integer'));
  // Without a dictionary nothing can be decoded: the (empty) columns then count as terms.
  return { plan: b.empty([...vars.values()]), vars, maybe: new Set(), ids: ctx.terms ? new Set(vars.keys()) : new Set() };
}

/** namedGraphs lists the graph names a GRAPH ?g may take (one column: terms for FROM NAMED, else ids). */
export function namedGraphs(ctx: SparqlContext, name: string): Solutions {
  const named = ctx.dataset.namedGraphs;
  if (named !== null) {
    const column = ctx.alloc.column(name, 'text');
    return { plan: b.values([column], named.map((n) => [lit(n)])), vars: new Map([[name, column]]), maybe: new Set(), ids: new Set() };
  }
  const column = ctx.alloc.column(name, 'integer');
  let plan: Plan;
  if (!ctx.quads) plan = b.empty([column]);
  else {
    const columns = ['s', 'p', 'o', 'g'].map((n) => ctx.alloc.column(n, 'integer'));
    const iris = termInput(ctx, (t) => call('sparql.is_iri', [t]));
    plan = b.multiJoin([b.scan(ctx.quads, columns), iris.plan], [call('eq', [col(columns[G]), col(iris.id)])]);
    plan = b.distinct(b.project(plan, [columns[G]]));
    plan = b.extend(plan, [{ column, expr: col(columns[G]) }]);
    plan = b.project(plan, [column]);
  }
  return { plan, vars: new Map([[name, column]]), maybe: new Set(), ids: ctx.terms ? new Set([name]) : new Set() };
}

/** lowerBgp joins the triple (and path) patterns of a block on their shared variables. */
export function lowerBgp(bgp: ast.BgpPattern, ctx: SparqlContext): Solutions {
  let result: Solutions | null = null;
  const inputs: Plan[] = [];
  const conditions: Expr[] = [];
  const vars = new Map<string, Column>();
  const pending: Solutions[] = [];
  const constants = new Constants(ctx);
  for (const t of bgp.triples) {
    if (t.kind === 'path') {
      // Paths join like any other pattern (their bindings are always bound, too).
      const p = lowerPathPattern(t, ctx, (name) => constrainedNodes(bgp, name, ctx));
      addInput(p);
      continue;
    }
    const slots: [Slot, Slot, Slot] = [slot(t.subject), slot(t.predicate), slot(t.object)];
    const parts = quadParts(ctx, slots, constants);
    if (!parts || parts.merge) {
      addInput(quadPattern(ctx, slots));
      continue;
    }
    inputs.push(...parts.inputs);
    conditions.push(...parts.conditions);
    bindAll(parts.vars);
  }
  function addInput(s: Solutions): void {
    // A path with a constant end may bind its other end to terms (a zero-length match of a
    // term the store does not hold): the BGP then joins that variable as terms.
    if (s.ids.size !== s.vars.size) {
      pending.push(s);
      return;
    }
    inputs.push(s.plan);
    bindAll(s.vars);
  }
  function bindAll(bound: ReadonlyMap<string, Column>): void {
    for (const [name, c] of bound) {
      const prev = vars.get(name);
      if (prev) conditions.push(call('eq', [col(prev), col(c)]));
      else vars.set(name, c);
    }
  }
  if (inputs.length === 0 && pending.length === 0) return unit();
  inputs.push(...constants.inputs);
  result = inputs.length ? { plan: flatJoin(inputs, conditions), vars, maybe: new Set(), ids: new Set(vars.keys()) } : unit();
  for (const p of pending) result = joinSolutions(ctx, result, p);
  return result;
}

/**
 * constrainedNodes seeds a path end: the nodes that the BGP's triple and path patterns which hold
 * `name` as subject or object and a constant at the other end (`?c ex:name "Europe"`) allow it, or null
 * when there are none. The BGP joins the path with those patterns anyway, so starting the path
 * from these nodes loses no solution.
 */
function constrainedNodes(bgp: ast.BgpPattern, name: string, ctx: SparqlContext): Seed {
  const isVar = (x: ast.VarOrTerm) => x.termType === 'Variable' && x.value === name;
  const isConst = (x: ast.VarOrTerm) => x.termType !== 'Variable' && x.termType !== 'BlankNode';
  // Paths whose zero-length match binds a term, not an id, cannot seed (their nodes are ids).
  const triples = bgp.triples.filter((t) => ((isVar(t.subject) && isConst(t.object)) || (isVar(t.object) && isConst(t.subject))) && (t.kind === 'triple' || !zeroable(t.path)));
  if (triples.length === 0) return null;
  return {
    kind: 'nodes',
    make: () => {
      const inputs: Plan[] = [];
      const conditions: Expr[] = [];
      let node: Column | null = null;
      for (const t of triples) {
        // A path with a constant end is seeded by that constant (no further seeds: no recursion).
        const s = t.kind === 'path' ? lowerPathPattern(t, ctx) : quadPattern(ctx, [slot(t.subject), slot(t.predicate), slot(t.object)]);
        inputs.push(s.plan);
        const c = s.vars.get(name) as Column;
        if (node) conditions.push(call('eq', [col(node), col(c)]));
        else node = c;
      }
      return { plan: flatJoin(inputs, conditions), node: node as Column };
    },
  };
}

// ---- combining solutions -------------------------------------------------------------------------

/**
 * joinSolutions joins two solution sequences on their shared variables (inner, or left with an
 * extra condition over the merged bindings: OPTIONAL's filter).
 */
export function joinSolutions(
  ctx: SparqlContext,
  a: Solutions,
  c: Solutions,
  kind: 'inner' | 'left' = 'inner',
  extra: ((env: ExprEnv) => Expr) | null = null,
): Solutions {
  if (kind === 'inner' && isUnit(a)) return c;
  if (isUnit(c) && !extra) return a;
  // Shared variables are compared as ids where both sides hold ids, else as terms; OPTIONAL's
  // filter reads values, so everything is decoded for it.
  if (extra) {
    a = decodeVars(ctx, a);
    c = decodeVars(ctx, c);
  } else {
    const mixed = [...a.vars.keys()].filter((n) => c.vars.has(n) && a.ids.has(n) !== c.ids.has(n));
    a = decodeVars(ctx, a, mixed);
    c = decodeVars(ctx, c, mixed);
  }
  const conditions: Expr[] = [];
  const merged = new Map<string, Expr>();
  const shared: string[] = [];
  for (const [name, l] of a.vars) {
    const r = c.vars.get(name);
    if (!r) {
      merged.set(name, col(l));
      continue;
    }
    shared.push(name);
    const lm = a.maybe.has(name);
    const rm = c.maybe.has(name);
    conditions.push(compatibility(col(l), col(r), lm, rm));
    merged.set(name, lm ? call('sparql.coalesce', [col(l), col(r)]) : col(l));
  }
  for (const [name, r] of c.vars) if (!merged.has(name)) merged.set(name, col(r));
  if (extra) {
    const visible = new Map([...c.vars, ...a.vars]);
    const env: ExprEnv = {
      ctx,
      host: null,
      aggregates: null,
      visible,
      lookup: (name) => merged.get(name) ?? (ctx.outer?.vars.get(name) ? col(ctx.outer.vars.get(name) as Column) : undefined),
    };
    conditions.push(extra(env));
  }
  let plan = b.join(kind, a.plan, c.plan, b.and(conditions));
  const vars = new Map<string, Column>();
  const maybe = new Set<string>();
  const defs: { column: Column; expr: Expr }[] = [];
  for (const [name, e] of merged) {
    if (e.kind === 'column') vars.set(name, (a.vars.get(name)?.id === e.id ? a.vars.get(name) : c.vars.get(name)) as Column);
    else {
      const column = ctx.alloc.column(name, 'any');
      defs.push({ column, expr: e });
      vars.set(name, column);
    }
    const inA = a.vars.has(name);
    const inC = c.vars.has(name);
    const isMaybe =
      kind === 'inner'
        ? (!inA || a.maybe.has(name)) && (!inC || c.maybe.has(name))
        : inA
          ? a.maybe.has(name)
          : true;
    if (isMaybe) maybe.add(name);
  }
  plan = b.extend(plan, defs);
  const ids = new Set([...vars.keys()].filter((n) => (a.vars.has(n) ? a.ids.has(n) : true) && (c.vars.has(n) ? c.ids.has(n) : true)));
  return { plan, vars, maybe, ids };
}

/** minusSolutions removes the rows of `a` with a compatible row in `c` sharing a bound variable (§18.5 Minus). */
function minusSolutions(a: Solutions, c: Solutions, ctx: SparqlContext): Solutions {
  const mixed = [...a.vars.keys()].filter((n) => c.vars.has(n) && a.ids.has(n) !== c.ids.has(n));
  a = decodeVars(ctx, a, mixed);
  c = decodeVars(ctx, c, mixed);
  const compat: Expr[] = [];
  const bothBound: Expr[] = [];
  let certain = false;
  // Under GRAPH ?g both sides are matched in the same graph, but ?g is not a variable of the
  // MINUS operands themselves (§18.5: Graph applies to the Minus as a whole).
  const gv = ctx.graph.kind === 'variable' ? ctx.graph.name : null;
  const sameGraph: Expr[] = [];
  for (const [name, l] of a.vars) {
    const r = c.vars.get(name);
    if (!r) continue;
    if (name === gv) {
      sameGraph.push(call('eq', [col(l), col(r)]));
      continue;
    }
    const lm = a.maybe.has(name);
    const rm = c.maybe.has(name);
    compat.push(compatibility(col(l), col(r), lm, rm));
    if (!lm && !rm) certain = true;
    else bothBound.push(call('sparql.both_bound', [col(l), col(r)]));
  }
  if (compat.length === 0) return a;
  if (!certain) compat.push(bothBound.length === 1 ? bothBound[0] : call('sparql.or', bothBound));
  return { ...a, plan: b.join('anti', a.plan, c.plan, b.and([...sameGraph, ...compat])) };
}

/** unionSolutions unions branches, each padded with unbound columns for the variables it lacks. */
export function unionSolutions(ctx: SparqlContext, branches: Solutions[]): Solutions {
  const names: string[] = [];
  for (const s of branches) for (const n of s.vars.keys()) if (!names.includes(n)) names.push(n);
  // A variable stays ids when every branch binding it holds ids; otherwise all hold terms.
  const ids = new Set(names.filter((n) => branches.every((s) => !s.vars.has(n) || s.ids.has(n))));
  branches = branches.map((s) => decodeVars(ctx, s, [...s.ids].filter((n) => !ids.has(n))));
  const vars = new Map(names.map((n) => [n, ctx.alloc.column(n, 'any')]));
  const maybe = new Set<string>();
  const inputs = branches.map((s) => {
    const defs: { column: Column; expr: Expr }[] = [];
    const cols = names.map((n) => {
      const c = s.vars.get(n);
      if (c) {
        if (s.maybe.has(n)) maybe.add(n);
        return c;
      }
      maybe.add(n);
      const pad = ctx.alloc.column(n, 'any');
      defs.push({ column: pad, expr: lit(null) });
      return pad;
    });
    return b.project(b.extend(s.plan, defs), cols);
  });
  return { plan: b.union([...vars.values()], inputs), vars, maybe, ids };
}

// ---- groups ----------------------------------------------------------------------------------------

/** lowerGroupPattern lowers `{ … }` or a sub-SELECT. */
export function lowerGroupPattern(g: ast.GroupGraphPattern, ctx: SparqlContext): Solutions {
  if (g.kind === 'subSelect') return lowerSubSelect(g.query, ctx);
  const { solutions, filters } = lowerGroup(g, ctx);
  return applyFilters(solutions, filters, ctx);
}

/** applyFilters keeps the rows for which every filter's effective boolean value is true. */
export function applyFilters(sol: Solutions, filters: readonly ast.Expression[], ctx: SparqlContext): Solutions {
  if (filters.length === 0) return sol;
  sol = decodeVars(ctx, sol, exprVars(filters, false, ctx));
  const host = new Host();
  const env = envOf(ctx, sol, host);
  const predicates = filters.map((f) => ebv(lowerExpr(f, env)));
  const plan = b.filter(host.wrap(sol.plan), b.and(predicates));
  return { ...sol, plan };
}

/** lowerGroup lowers a group's elements, returning its FILTERs unapplied (OPTIONAL makes them its join condition). */
export function lowerGroup(g: ast.GroupPattern, ctx: SparqlContext): { solutions: Solutions; filters: ast.Expression[] } {
  let sol = unit();
  const filters: ast.Expression[] = [];
  for (const e of g.elements) {
    switch (e.kind) {
      case 'filter':
        filters.push(e.expression);
        break;
      case 'bgp':
        sol = joinSolutions(ctx, sol, lowerBgp(e, ctx));
        break;
      case 'optional': {
        if (e.pattern.kind === 'subSelect') {
          sol = joinSolutions(ctx, sol, lowerGroupPattern(e.pattern, ctx), 'left');
          break;
        }
        const inner = lowerGroup(e.pattern, ctx);
        const withExists = inner.filters.some(hasExists);
        const right = withExists ? applyFilters(inner.solutions, inner.filters, ctx) : inner.solutions;
        const conds = withExists ? [] : inner.filters;
        sol = joinSolutions(ctx, sol, right, 'left', conds.length ? (env) => b.and(conds.map((f) => ebv(lowerExpr(f, env)))) : null);
        break;
      }
      case 'minus':
        sol = minusSolutions(sol, lowerGroupPattern(e.pattern, ctx), ctx);
        break;
      case 'union':
        sol = joinSolutions(ctx, sol, unionSolutions(ctx, e.patterns.map((p) => lowerGroupPattern(p, ctx))));
        break;
      case 'group':
      case 'subSelect':
        sol = joinSolutions(ctx, sol, lowerGroupPattern(e, ctx));
        break;
      case 'graph':
        sol = joinSolutions(ctx, sol, lowerGraph(e, ctx));
        break;
      case 'bind': {
        sol = decodeVars(ctx, sol, exprVars([e.expression]));
        const host = new Host();
        const expr = term(lowerExpr(e.expression, envOf(ctx, sol, host)));
        const column = ctx.alloc.column(e.variable.value, 'any');
        const vars = new Map(sol.vars);
        vars.set(e.variable.value, column);
        const maybe = new Set(sol.maybe);
        maybe.add(e.variable.value);
        sol = { plan: b.extend(host.wrap(sol.plan), [{ column, expr }]), vars, maybe, ids: sol.ids };
        break;
      }
      case 'values':
        sol = joinSolutions(ctx, sol, lowerValues(e, ctx));
        break;
      case 'service':
        throw new UnsupportedError('SERVICE (federated query) is not supported', e.span.start);
    }
  }
  return { solutions: sol, filters };
}

function hasExists(e: ast.Expression): boolean {
  let found = false;
  const visit = (x: unknown): void => {
    if (found || !x || typeof x !== 'object') return;
    if ((x as { kind?: string }).kind === 'exists') {
      found = true;
      return;
    }
    for (const [k, v] of Object.entries(x)) if (k !== 'span') Array.isArray(v) ? v.forEach(visit) : visit(v);
  };
  visit(e);
  return found;
}

function lowerGraph(e: ast.GraphPattern, ctx: SparqlContext): Solutions {
  if (e.name.termType === 'NamedNode') {
    const iri = toValue(e.name);
    const inner = lowerGroupPattern(e.pattern, { ...ctx, graph: { kind: 'named', iri } });
    if (!isUnit(inner)) return inner;
    // GRAPH <g> {} holds only when <g> is a graph of the dataset.
    const graphs = decodeVars(ctx, namedGraphs(ctx, '?graph'));
    const g = graphs.vars.get('?graph') as Column;
    return { plan: b.project(b.filter(graphs.plan, call('eq', [col(g), lit(iri)])), []), vars: new Map(), maybe: new Set(), ids: new Set() };
  }
  // §18.5 Graph(?g, P): P is evaluated in each named graph, then joined with ?g = that graph.
  // Inside P the graph travels as a hidden variable; a ?g that P binds itself must agree with it.
  const name = e.name.value;
  const hidden = `?graph${++graphVariables}`;
  const inner = lowerGroupPattern(e.pattern, { ...ctx, graph: { kind: 'variable', name: hidden } });
  let sol = inner.vars.has(hidden) && !inner.maybe.has(hidden) ? inner : joinSolutions(ctx, namedGraphs(ctx, hidden), inner);
  if (sol.vars.has(name) && sol.ids.has(name) !== sol.ids.has(hidden)) sol = decodeVars(ctx, sol, [name, hidden]);
  const g = sol.vars.get(hidden) as Column;
  const vars = new Map(sol.vars);
  vars.delete(hidden);
  const own = vars.get(name);
  const plan = own ? b.filter(sol.plan, call('sparql.compatible', [col(own), col(g)])) : sol.plan;
  vars.set(name, g);
  const maybe = new Set(sol.maybe);
  maybe.delete(name);
  maybe.delete(hidden);
  const ids = new Set(sol.ids);
  ids.delete(hidden);
  if (sol.ids.has(hidden)) ids.add(name);
  else ids.delete(name);
  return { plan, vars, maybe, ids };
}

let graphVariables = 0;

/** lowerValues is an inline table; UNDEF is an unbound null. */
export function lowerValues(v: ast.ValuesPattern, ctx: SparqlContext): Solutions {
  const columns = v.variables.map((x) => ctx.alloc.column(x.value, 'any'));
  const rows = v.rows.map((r) => r.map((t) => (t === null ? lit(null) : lit(toValue(t)))));
  const maybe = new Set<string>();
  v.variables.forEach((x, i) => {
    if (v.rows.some((r) => r[i] === null)) maybe.add(x.value);
  });
  return { plan: b.values(columns, rows), vars: new Map(v.variables.map((x, i) => [x.value, columns[i]])), maybe, ids: new Set() };
}
