/**
 * lower.ts — a checked Datalog program and one of its queries to a logical plan.
 *
 * The predicates the query needs are split into components (stratify.ts); each component
 * becomes one Fixpoint (set semantics) binding every predicate of the component, and the
 * Fixpoints nest in dependency order around the query's own plan:
 *
 *   Fixpoint[c1] ( body: Fixpoint[c2] ( … body: Distinct(Project(query body)) ) )
 *
 * A binding's `init` is the union of the predicate's stored rows (facts) and of its rules
 * that read nothing of the component; its `step` is the semi-naive expansion of the rules
 * that do: a rule with k atoms of the component contributes k variants, variant i reading
 * the i-th such atom's delta and the others' full relation. The executor evaluates every step
 * of an iteration against the state at the end of the previous one (fixpoint.ts), where
 * `full` already contains the delta, so the variants cover every derivation that uses at
 * least one new row — including non-linear rules such as tc(X,Y) :- tc(X,Z), tc(Z,Y) — and
 * derive nothing twice that set semantics would keep. Predicates of lower components are read
 * through their (final) full relation; stored relations through Scan.
 */
import { ColumnAllocator, type Column } from '../algebra/columns.js';
import { call, col, type Expr } from '../algebra/expr.js';
import type { FixpointBinding, Plan, RecursiveRelation } from '../algebra/logical.js';
import * as b from '../algebra/build.js';
import type { Catalog, QueryStatement } from '../algebra/statement.js';
import type { ValueType } from '../common/values.js';
import type * as ast from '../../grammar/datalog/ast.js';
import { AGGREGATES, lowerBody, type Leaf, type LoweredBody } from './body.js';
import { bodyAtoms, type CheckedProgram, type PredicateInfo } from './check.js';
import { isFresh, type NLiteral, type NQuery, type NRule } from './normalize.js';
import { resolveSource } from './sources.js';
import { components, headAggregates, type Component } from './stratify.js';
import { constantValue, lowerTerm } from './terms.js';

const DECLARED: Record<ast.AttributeType, ValueType> = {
  symbol: 'text',
  string: 'text',
  number: 'integer',
  unsigned: 'integer',
  float: 'real',
  any: 'any',
};

/** columnNames names a predicate's columns after its declaration, else c0, c1, … */
export function columnNames(info: PredicateInfo): string[] {
  return info.declaration ? info.declaration.attributes.map((a) => a.name) : Array.from({ length: info.arity }, (_, i) => `c${i}`);
}

export function columnTypes(info: PredicateInfo): ValueType[] {
  return info.declaration ? info.declaration.attributes.map((a) => DECLARED[a.type]) : Array.from({ length: info.arity }, () => 'any' as ValueType);
}

interface Env {
  readonly alloc: ColumnAllocator;
  readonly catalog: Catalog;
  readonly checked: CheckedProgram;
  /** Rule-defined predicates: their recursive relation in the enclosing Fixpoints. */
  readonly relations: Map<string, RecursiveRelation>;
}

/** lowerQuery lowers a query of a checked program to a query statement. */
export function lowerQuery(checked: CheckedProgram, query: NQuery, catalog: Catalog): QueryStatement {
  const alloc = new ColumnAllocator();
  const env: Env = { alloc, catalog, checked, relations: new Map() };
  const roots = new Set<string>();
  for (const body of query.bodies) for (const { atom } of bodyAtoms(body)) roots.add(atom.name);
  const comps = components(checked.predicates, roots);
  for (const comp of comps) {
    for (const name of comp.predicates) {
      const info = checked.predicates.get(name) as PredicateInfo;
      const types = columnTypes(info);
      const columns = columnNames(info).map((n, i) => alloc.column(n, types[i]));
      env.relations.set(name, b.recursiveRelation(alloc.column(name, 'any').id, name, columns));
    }
  }

  // The query: each alternative body projected onto the query's variables, as a set.
  const outputs = query.variables.map((v) => alloc.column(v, 'any'));
  const branches = query.bodies.map((body) => {
    const lowered = lowerBody(body, (atom) => leaf(env, atom, null, false), alloc);
    return headPlan(lowered, query.variables.map((name) => ({ kind: 'Variable', name, span: query.span }) as ast.Variable), alloc);
  });
  const union = b.union(outputs, branches);
  let plan: Plan = query.bodies.length === 1 && isSetValued(query.bodies[0], env) ? union : b.distinct(union);
  for (let i = comps.length - 1; i >= 0; i--) plan = b.fixpoint(bindings(env, comps[i]), plan, 'set');
  return { kind: 'query', plan, alloc, columns: query.variables, returnsRows: true, explain: null };
}

/**
 * isSetValued says whether a query body's answers are already a set: one positive atom over a
 * set (a rule-defined or Datalog relation) whose every variable is an answer column; filters,
 * anti joins and computed columns keep it a set, so no Distinct is needed.
 */
function isSetValued(body: readonly NLiteral[], env: Env): boolean {
  const atoms = body.filter((l) => l.kind === 'atom' && !l.negated);
  if (atoms.length !== 1 || atoms[0].kind !== 'atom') return false;
  const atom = atoms[0].atom;
  const set = env.relations.has(atom.name) || resolveSource(atom.name, env.catalog)?.isSet === true;
  return set && atom.args.every((t) => constantValue(t) !== undefined || (t.kind === 'Variable' && !isFresh(t.name)));
}

/** leaf reads an atom: a recursive relation (delta or full) or a stored relation. */
function leaf(env: Env, atom: ast.Atom, component: ReadonlySet<string> | null, delta: boolean): Leaf {
  const rel = env.relations.get(atom.name);
  if (rel) {
    const columns = rel.columns.map((c) => env.alloc.like(c));
    return { plan: b.recursiveScan(rel, delta && component !== null && component.has(atom.name), columns), args: columns };
  }
  const source = resolveSource(atom.name, env.catalog);
  if (!source) throw new Error(`datalog: ${atom.name} unresolved after checking`);
  return source.read(env.alloc, atom.name, atom.args.map(constantValue));
}

/** bindings builds one Fixpoint binding per predicate of a component. */
function bindings(env: Env, comp: Component): FixpointBinding[] {
  const inside = new Set(comp.predicates);
  return comp.predicates.map((name) => {
    const info = env.checked.predicates.get(name) as PredicateInfo;
    const relation = env.relations.get(name) as RecursiveRelation;
    const init: Plan[] = [];
    const step: Plan[] = [];
    const storedName = info.stored === undefined ? name : info.stored;
    const stored = storedName === null ? undefined : resolveSource(storedName, env.catalog);
    if (stored) {
      const read = stored.read(env.alloc, name);
      init.push(b.project(read.plan, read.args));
    }
    for (const rule of info.rules) {
      const recursiveAtoms = recursivePositions(rule.body, inside);
      if (!comp.recursive || recursiveAtoms.length === 0) {
        init.push(lowerRule(env, rule, () => false, inside));
        continue;
      }
      // Semi-naive: one variant per recursive atom, that atom reading the delta.
      for (const deltaAt of recursiveAtoms) step.push(lowerRule(env, rule, (position) => position === deltaAt, inside));
    }
    const outputs = relation.columns.map((c) => env.alloc.like(c));
    return { relation, init: b.union(outputs, init), step: b.union(outputs.map((c) => env.alloc.like(c)), step) };
  });
}

/** recursivePositions lists the positions (among positive atoms) of atoms reading the component. */
function recursivePositions(body: readonly NLiteral[], inside: ReadonlySet<string>): number[] {
  const out: number[] = [];
  let position = 0;
  for (const l of body) {
    if (l.kind !== 'atom' || l.negated) continue;
    if (inside.has(l.atom.name)) out.push(position);
    position++;
  }
  return out;
}

/** lowerRule lowers one rule to a plan with the head's columns, positionally. */
function lowerRule(env: Env, rule: NRule, delta: (position: number) => boolean, inside: ReadonlySet<string>): Plan {
  const lowered = lowerBody(rule.body, (atom, position) => leaf(env, atom, inside, position >= 0 && delta(position)), env.alloc);
  if (headAggregates(rule)) return aggregateHead(lowered, rule.head, env.alloc);
  return headPlan(lowered, rule.head.args, env.alloc);
}

/** headPlan computes the head's terms over the body's rows and keeps exactly those columns. */
function headPlan(body: LoweredBody, args: readonly ast.Term[], alloc: ColumnAllocator): Plan {
  const defs: { column: Column; expr: Expr }[] = [];
  const out: Column[] = [];
  const used = new Set<number>();
  for (const t of args) {
    const direct = t.kind === 'Variable' ? body.vars.get(t.name) : undefined;
    if (direct && !used.has(direct.id)) {
      out.push(direct);
      used.add(direct.id);
      continue;
    }
    const column = alloc.column(t.kind === 'Variable' ? t.name : 'expr', 'any');
    defs.push({ column, expr: lowerTerm(t, body.vars) });
    out.push(column);
  }
  return b.project(b.extend(body.plan, defs), out);
}

/** aggregateHead groups the body's rows by the head's other terms and aggregates. */
function aggregateHead(body: LoweredBody, head: ast.Atom, alloc: ColumnAllocator): Plan {
  const defs: { column: Column; expr: Expr }[] = [];
  const groupBy: Column[] = [];
  const out: Column[] = [];
  const aggregates = [];
  for (const t of head.args) {
    if (t.kind === 'Aggregate') {
      const column = alloc.column(t.fn, 'any');
      const args: Expr[] = [];
      if (t.arg) {
        const arg = alloc.column(`${t.fn}_arg`, 'any');
        defs.push({ column: arg, expr: lowerTerm(t.arg, body.vars) });
        args.push(col(arg));
      }
      const fn = t.fn === 'count' && !t.arg ? 'sql.count_star' : AGGREGATES[t.fn];
      aggregates.push({ column, fn, args, distinct: false, filter: null });
      out.push(column);
      continue;
    }
    const direct = t.kind === 'Variable' ? body.vars.get(t.name) : undefined;
    const column = direct && !groupBy.some((g) => g.id === direct.id) ? direct : alloc.column('expr', 'any');
    if (column !== direct) defs.push({ column, expr: lowerTerm(t, body.vars) });
    groupBy.push(column);
    out.push(column);
  }
  let plan: Plan = b.aggregate(b.extend(body.plan, defs), groupBy, aggregates);
  // An aggregate over no rows has no value (SQL's NULL); with a group-by there is no such group anyway.
  if (groupBy.length === 0) {
    const nullable = aggregates.filter((a) => a.fn !== 'sql.count_star' && a.fn !== 'sql.count');
    if (nullable.length) plan = b.filter(plan, b.and(nullable.map((a) => call('sql.is_not_null', [col(a.column)]))));
  }
  return b.project(plan, out);
}
