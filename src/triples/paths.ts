/**
 * paths.ts — property paths (§9, §18.2.2.4) as binary relations over the quads.
 *
 * A path is lowered to a plan of (from, to) pairs (plus the graph column under GRAPH ?g):
 * a link is a scan, `^p` swaps the columns, `p/q` joins, `p|q` unions, a negated property set
 * filters the predicate, `p+` is the shared Fixpoint (set semantics: semi-naive, so cycles
 * terminate), `p*` and `p?` add the zero-length pairs (every node of the active graph with
 * itself, or just the fixed end). When the subject is a constant the closure is seeded with
 * it (and when only the object is, the inverse path is seeded with the object), so `:a :p* ?x`
 * explores from :a instead of computing the whole closure. A seed may also be a set of nodes
 * (a plan): within `p/q*` the closure starts from the objects of p, and a path whose end
 * variable other patterns of its basic graph pattern constrain starts from their nodes
 * (lowerPathPattern's `seeds`) — the pairs then found are a subset of the unseeded ones that
 * still holds every pair the join with those patterns keeps.
 */
import * as b from '../algebra/build.js';
import type { Column } from '../algebra/columns.js';
import { call, col, lit, type Expr } from '../algebra/expr.js';
import type { Plan } from '../algebra/logical.js';
import type * as ast from '../../grammar/sparql/ast.js';
import type { SparqlContext, Solutions } from './context.js';
import type { RelationDef } from '../algebra/statement.js';
import { constantInput, decode, decodeVars, flatJoin } from './dictionary.js';
import { joinSolutions, namedGraphs, quadPattern, slot, unionSolutions, type Slot } from './patterns.js';
import { toValue } from './terms.js';

/** A lowered path: pairs (from, to), and the graph when the active graph is a variable. */
interface PathRel {
  plan: Plan;
  from: Column;
  to: Column;
  g: Column | null;
}

let recursionIds = 0;

/**
 * Where a path's `from` end may start: one term, a set of nodes, or anywhere. A set of nodes is
 * a maker of a one-column plan, called once per use: a plan tree never holds the same columns twice.
 */
export type Seed = { kind: 'term'; value: string } | { kind: 'nodes'; make: () => { plan: Plan; node: Column } } | null;

const termSeed = (value: string): Seed => ({ kind: 'term', value });

function graphVar(ctx: SparqlContext): string | null {
  return ctx.graph.kind === 'variable' ? ctx.graph.name : null;
}

/** rel makes a PathRel from a plan (which may carry other columns: a filtered scan stays probe-able by index joins). */
function rel(plan: Plan, from: Column, to: Column, g: Column | null): PathRel {
  return { plan, from, to, g };
}

/** exact projects a PathRel onto exactly (from, to[, g]), where position matters (unions, fixpoints, distinct). */
function exact(r: PathRel): Plan {
  return b.project(r.plan, r.g ? [r.from, r.to, r.g] : [r.from, r.to]);
}

function fromSolutions(s: Solutions, ctx: SparqlContext, from: string, to: string): PathRel {
  const gv = graphVar(ctx);
  const f = s.vars.get(from) as Column;
  let t = s.vars.get(to) as Column;
  let plan = s.plan;
  if (t === undefined) {
    // from and to are the same variable (never here: the names differ), kept for safety
    t = ctx.alloc.column(to, 'integer');
    plan = b.extend(plan, [{ column: t, expr: col(f) }]);
  }
  return rel(plan, f, t, gv ? (s.vars.get(gv) as Column) : null);
}

function link(ctx: SparqlContext, predicate: Slot, filter: ((p: Expr) => Expr) | null): PathRel {
  const s = quadPattern(ctx, [{ var: '?from' }, predicate, { var: '?to' }]);
  let plan = s.plan;
  if (filter) {
    // A negated property set tests the predicate's term.
    const d = decode(plan, s.vars.get('?p') as Column, ctx.terms as RelationDef, ctx.alloc, false);
    plan = b.filter(d.plan, filter(col(d.term)));
  }
  return fromSolutions({ ...s, plan }, ctx, '?from', '?to');
}

function swap(r: PathRel): PathRel {
  return { ...r, from: r.to, to: r.from };
}

function sameGraph(a: PathRel, c: PathRel): Expr[] {
  return a.g && c.g ? [call('eq', [col(a.g), col(c.g)])] : [];
}

function seq(ctx: SparqlContext, a: PathRel, c: PathRel): PathRel {
  const plan = b.join('inner', a.plan, c.plan, b.and([call('eq', [col(a.to), col(c.from)]), ...sameGraph(a, c)]));
  return rel(plan, a.from, c.to, a.g);
}

function union(ctx: SparqlContext, rels: PathRel[]): PathRel {
  const from = ctx.alloc.column('from', 'integer');
  const to = ctx.alloc.column('to', 'integer');
  const g = rels[0].g ? ctx.alloc.column('g', 'integer') : null;
  const plan = b.union(g ? [from, to, g] : [from, to], rels.map(exact));
  return { plan, from, to, g };
}

function seeded(ctx: SparqlContext, r: PathRel, seed: Seed): PathRel {
  if (seed === null) return r;
  if (seed.kind === 'term') {
    const t = constantInput(ctx, seed.value);
    return { ...r, plan: flatJoin([r.plan, t.plan], [call('eq', [col(r.from), col(t.id)])]) };
  }
  // The seed's nodes are distinct: an inner join keeps each pair once, and lets the optimizer
  // probe the pairs' index per node when the seed is small.
  const { plan, node } = freshNodes(ctx, seed);
  return { ...r, plan: b.join('inner', plan, r.plan, call('eq', [col(node), col(r.from)])) };
}

/** freshNodes is a new copy of a seed's nodes. */
function freshNodes(ctx: SparqlContext, seed: Extract<Seed, { kind: 'nodes' }>): { plan: Plan; node: Column } {
  const { plan, node } = seed.make();
  return { plan: b.distinct(b.project(plan, [node])), node };
}

/** reached is the seed of the nodes a sequence of steps (from `seed`) reaches. */
function reached(ctx: SparqlContext, steps: readonly ast.PropertyPath[], seed: Seed): Seed {
  return {
    kind: 'nodes',
    make: () => {
      const r = sequence(ctx, steps, seed);
      return { plan: r.plan, node: r.to };
    },
  };
}

/** sequence joins steps end to start; each step that would explore is seeded with the nodes the steps before it reach. */
function sequence(ctx: SparqlContext, steps: readonly ast.PropertyPath[], seed: Seed): PathRel {
  let r = pathRel(ctx, steps[0], seed);
  for (let i = 1; i < steps.length; i++) {
    // Each use of a seed lowers the steps before again: at most one exploring step among them
    // keeps that from growing exponentially with the sequence's length.
    const prefix = steps.slice(0, i);
    const seedable = needsSeed(steps[i]) && !r.g && prefix.filter(needsSeed).length <= 1;
    r = seq(ctx, r, pathRel(ctx, steps[i], seedable ? reached(ctx, prefix, seed) : null));
  }
  return r;
}

/** zeroLength: (x, x) for the seed, or for every node (subject or object) of the active graph. */
function zeroLength(ctx: SparqlContext, seed: Seed): PathRel {
  const gv = graphVar(ctx);
  if (seed !== null) {
    const from = ctx.alloc.column('from', 'integer');
    const to = ctx.alloc.column('to', 'integer');
    let plan: Plan;
    if (seed.kind === 'term') {
      // The term's id, when the store holds it (lowerPathPattern adds the match of a term it does not hold).
      const t = constantInput(ctx, seed.value);
      plan = b.project(b.extend(t.plan, [{ column: from, expr: col(t.id) }, { column: to, expr: col(t.id) }]), [from, to]);
    } else {
      const nodes = freshNodes(ctx, seed);
      plan = b.project(b.extend(nodes.plan, [{ column: from, expr: col(nodes.node) }, { column: to, expr: col(nodes.node) }]), [from, to]);
    }
    if (!gv) return { plan, from, to, g: null };
    const graphs = namedGraphs(ctx, gv);
    const g = graphs.vars.get(gv) as Column;
    return rel(b.join('inner', plan, graphs.plan, null), from, to, g);
  }
  const subjects = quadPattern(ctx, [{ var: '?n' }, { var: '?p' }, { var: '?o' }]);
  const objects = quadPattern(ctx, [{ var: '?s' }, { var: '?p' }, { var: '?n' }]);
  const node = ctx.alloc.column('node', 'integer');
  const g = gv ? ctx.alloc.column('g', 'integer') : null;
  const part = (s: Solutions) => b.project(s.plan, gv ? [s.vars.get('?n') as Column, s.vars.get(gv) as Column] : [s.vars.get('?n') as Column]);
  const nodes = b.distinct(b.union(g ? [node, g] : [node], [part(subjects), part(objects)]));
  const to = ctx.alloc.column('to', 'integer');
  return rel(b.extend(nodes, [{ column: to, expr: col(node) }]), node, to, g);
}

/** closure is p+ by the shared Fixpoint (set semantics). */
function closure(ctx: SparqlContext, path: ast.PropertyPath, seed: Seed): PathRel {
  const first = path.kind === 'pathLink' ? pathRel(ctx, path, seed) : seeded(ctx, pathRel(ctx, path, seed), seed);
  const cols = [ctx.alloc.column('from', 'integer'), ctx.alloc.column('to', 'integer'), ...(first.g ? [ctx.alloc.column('g', 'integer')] : [])];
  const relation = b.recursiveRelation(ctx.alloc.column('path', 'any').id, `path${++recursionIds}`, cols);
  const fresh = () => cols.map((c) => ctx.alloc.like(c));
  const deltaCols = fresh();
  const delta = b.recursiveScan(relation, true, deltaCols);
  const prev: PathRel = { plan: delta, from: deltaCols[0], to: deltaCols[1], g: first.g ? deltaCols[2] : null };
  const step = seq(ctx, prev, pathRel(ctx, path, null));
  const bodyCols = fresh();
  const body = b.recursiveScan(relation, false, bodyCols);
  const plan = b.fixpoint([{ relation, init: exact(first), step: exact(step) }], body, 'set');
  return { plan, from: bodyCols[0], to: bodyCols[1], g: first.g ? bodyCols[2] : null };
}

/**
 * pathRel lowers a path; `seed` may restrict `from` (a closure or zero-length path uses it;
 * the pairs of other paths are filtered by their callers anyway). In a sequence each step after
 * the first is seeded with the nodes the steps before it reach.
 */
function pathRel(ctx: SparqlContext, path: ast.PropertyPath, seed: Seed): PathRel {
  switch (path.kind) {
    case 'pathLink':
      // A seeded link joins the seed's ids in its own scan (under a union, too: `:a p|^p ?x`).
      return seed ? seeded(ctx, link(ctx, { value: toValue(path.iri) }, null), seed) : link(ctx, { value: toValue(path.iri) }, null);
    case 'pathInverse':
      // A seed restricts the inverse's `from`, the inner path's `to`: ^p is seeded as a swapped
      // link, anything longer through invert (which moves the inverse onto the links).
      if (seed === null) return swap(pathRel(ctx, path.path, null));
      if (path.path.kind === 'pathLink') return seeded(ctx, swap(pathRel(ctx, path.path, null)), seed);
      return seed.kind === 'nodes' ? pathRel(ctx, invert(path.path), seed) : swap(pathRel(ctx, path.path, null));
    case 'pathSequence':
      return sequence(ctx, path.items, seed);
    case 'pathAlternative':
      return union(ctx, path.items.map((p) => pathRel(ctx, p, seed)));
    case 'pathOneOrMore':
      return closure(ctx, path.path, seed);
    case 'pathZeroOrMore':
      return distinct(ctx, union(ctx, [zeroLength(ctx, seed), closure(ctx, path.path, seed)]));
    case 'pathZeroOrOne':
      return distinct(ctx, union(ctx, [zeroLength(ctx, seed), pathRel(ctx, path.path, seed)]));
    case 'pathNegated': {
      const parts: PathRel[] = [];
      const notIn = (iris: ast.NamedNode[]) => (p: Expr) =>
        iris.length ? call('sparql.not', [call('sparql.in', [p, ...iris.map((i) => lit(toValue(i)))])]) : lit(true);
      if (path.forward.length || !path.inverse.length) parts.push(link(ctx, { var: '?p' }, notIn(path.forward)));
      if (path.inverse.length) parts.push(swap(link(ctx, { var: '?p' }, notIn(path.inverse))));
      return parts.length === 1 ? parts[0] : union(ctx, parts);
    }
  }
}

/** needsSeed says whether a path computes a closure or zero-length pairs (what a seed saves). */
function needsSeed(p: ast.PropertyPath): boolean {
  switch (p.kind) {
    case 'pathOneOrMore':
    case 'pathZeroOrMore':
    case 'pathZeroOrOne':
      return true;
    case 'pathSequence':
    case 'pathAlternative':
      return p.items.some(needsSeed);
    case 'pathInverse':
      return needsSeed(p.path);
    default:
      return false;
  }
}

/** invert rewrites ^p into an equivalent path without a top-level inverse, so a seed can reach its closures. */
function invert(p: ast.PropertyPath): ast.PropertyPath {
  switch (p.kind) {
    case 'pathLink':
      return { kind: 'pathInverse', path: p, span: p.span };
    case 'pathInverse':
      return p.path;
    case 'pathSequence':
      return { ...p, items: [...p.items].reverse().map(invert) };
    case 'pathAlternative':
      return { ...p, items: p.items.map(invert) };
    case 'pathOneOrMore':
    case 'pathZeroOrMore':
    case 'pathZeroOrOne':
      return { ...p, path: invert(p.path) };
    case 'pathNegated':
      return { ...p, forward: p.inverse, inverse: p.forward };
  }
}

function distinct(ctx: SparqlContext, r: PathRel): PathRel {
  return { ...r, plan: b.distinct(exact(r)) };
}

/**
 * lowerPathPattern binds a path pattern's subject and object (and the GRAPH variable).
 * `seeds` gives, for a variable, the nodes other patterns allow it (a plan of one column), used
 * when neither end is a constant: the path is then explored from the seeded end only.
 */
export function lowerPathPattern(t: ast.PathPattern, ctx: SparqlContext, seeds: (name: string) => Seed = () => null): Solutions {
  const s = slot(t.subject);
  const o = slot(t.object);
  let r: PathRel;
  if ('value' in s) r = pathRel(ctx, t.path, termSeed(s.value));
  else if ('value' in o) r = swap(pathRel(ctx, invert(t.path), termSeed(o.value)));
  else {
    const from = seeds(s.var);
    const to = from === null ? seeds(o.var) : null;
    r = to !== null ? swap(pathRel(ctx, invert(t.path), to)) : pathRel(ctx, t.path, from);
  }
  const conditions: Expr[] = [];
  const inputs: Plan[] = [r.plan];
  const vars = new Map<string, Column>();
  const bind = (x: Slot, c: Column) => {
    if ('value' in x) {
      const t = constantInput(ctx, x.value);
      inputs.push(t.plan);
      conditions.push(call('eq', [col(c), col(t.id)]));
    }
    else if (vars.has(x.var)) conditions.push(call('eq', [col(vars.get(x.var) as Column), col(c)]));
    else vars.set(x.var, c);
  };
  bind(s, r.from);
  bind(o, r.to);
  const gv = graphVar(ctx);
  if (gv && r.g) bind({ var: gv }, r.g);
  let plan = flatJoin(inputs, conditions);
  plan = b.project(plan, [...new Set(vars.values())]);
  let sol: Solutions = { plan, vars, maybe: new Set(), ids: new Set(vars.keys()) };
  // Zero-length paths between two constants hold whether or not the graph has them.
  if (gv && !r.g) return joinSolutions(ctx, namedGraphs(ctx, gv), sol);
  if (!gv && ('value' in s || 'value' in o) && zeroable(t.path)) sol = withUnstoredEnd(ctx, sol, s, o);
  return sol;
}

/**
 * withUnstoredEnd adds the zero-length match of a constant end the store may not hold (it has no
 * id): `:a :p* ?x` binds ?x to :a, `:a :p* :a` holds. The variable is then a term (decoded),
 * and the union made distinct (a stored :a matched already).
 */
function withUnstoredEnd(ctx: SparqlContext, sol: Solutions, s: Slot, o: Slot): Solutions {
  const decoded = decodeVars(ctx, sol);
  if ('value' in s && 'value' in o) {
    if (s.value !== o.value) return sol;
    return { plan: b.distinct(b.union([], [decoded.plan, b.values([], [[]])].map((p) => b.project(p, [])))), vars: new Map(), maybe: new Set(), ids: new Set() };
  }
  const [constant, variable] = 'value' in s ? [s.value, (o as { var: string }).var] : [(o as { value: string }).value, (s as { var: string }).var];
  const column = ctx.alloc.column(variable, 'text');
  const zero: Solutions = { plan: b.values([column], [[lit(constant)]]), vars: new Map([[variable, column]]), maybe: new Set(), ids: new Set() };
  const both = unionSolutions(ctx, [decoded, zero]);
  return { ...both, plan: b.distinct(both.plan) };
}

/** zeroable says whether a path matches zero-length paths (every node with itself). */
export function zeroable(p: ast.PropertyPath): boolean {
  switch (p.kind) {
    case 'pathZeroOrMore':
    case 'pathZeroOrOne':
      return true;
    case 'pathSequence':
      return p.items.every(zeroable);
    case 'pathAlternative':
      return p.items.some(zeroable);
    case 'pathInverse':
      return zeroable(p.path);
    default:
      return false;
  }
}
