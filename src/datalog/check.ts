/**
 * check.ts — the checks a Datalog program must pass before it is lowered, each reported with
 * the line and column of the offending text:
 *   - arity: every use of a predicate (facts, heads, bodies, queries, `.decl`, stored data)
 *     has the same number of arguments;
 *   - names: every predicate a body reads is defined by a rule, asserted by a fact, declared,
 *     or stored (sources.ts);
 *   - safety (range restriction): every variable of a head, a negated atom or a comparison is
 *     bound by a positive atom of the body, or by `X = expression` over bound variables.
 */
import type { Catalog } from '../algebra/statement.js';
import { NameError, TypeMismatchError } from '../common/errors.js';
import { closest } from '../common/suggest.js';
import type * as ast from '../../grammar/datalog/ast.js';
import { at } from './names.js';
import { aggregateBody, isFresh, termVariables, type NLiteral, type NProgram, type NRule } from './normalize.js';
import { knownNames, resolveSource } from './sources.js';
import { checkFunctors } from './terms.js';

/** What a predicate is, once the program has been read against the catalog. */
export interface PredicateInfo {
  readonly name: string;
  readonly arity: number;
  /** The rules defining it (empty for stored relations). */
  readonly rules: NRule[];
  /** Declared with `.decl`. */
  readonly declaration?: ast.Declaration;
  /**
   * The stored relation whose rows also belong to this predicate (facts beside rules): by
   * default the one of the same name; null for none (magic and adorned predicates name theirs).
   */
  readonly stored?: string | null;
}

export interface CheckedProgram {
  readonly program: NProgram;
  readonly predicates: ReadonlyMap<string, PredicateInfo>;
}

/** every atom of a body, including those inside body aggregates. */
export function* bodyAtoms(body: readonly NLiteral[]): Generator<{ atom: ast.Atom; negated: boolean; inAggregate: boolean }> {
  for (const l of body) {
    if (l.kind === 'atom') {
      yield { atom: l.atom, negated: l.negated, inAggregate: false };
      continue;
    }
    for (const t of [l.cmp.left, l.cmp.right]) {
      if (t.kind === 'Aggregate' && t.body) {
        for (const inner of bodyAtoms(aggregateBody(t))) yield { ...inner, inAggregate: true };
      }
    }
  }
}

/** checkArities records each predicate's arity from its first use and rejects a different one. */
export function checkProgram(program: NProgram, catalog: Catalog): CheckedProgram {
  const arity = new Map<string, { n: number; where: string }>();
  const use = (name: string, n: number, span: ast.Span, where: string) => {
    const known = arity.get(name);
    if (known === undefined) arity.set(name, { n, where });
    else if (known.n !== n) {
      throw new TypeMismatchError(`${name} is used with ${n} argument${n === 1 ? '' : 's'} here but ${known.n} ${known.where}`, at(span));
    }
  };
  for (const d of program.declarations.values()) use(d.name, d.attributes.length, d.span, 'in its declaration');
  for (const f of program.facts) use(f.atom.name, f.atom.args.length, f.atom.span, 'elsewhere');
  for (const r of program.rules) {
    use(r.head.name, r.head.args.length, r.head.span, 'elsewhere');
    for (const { atom } of bodyAtoms(r.body)) use(atom.name, atom.args.length, atom.span, 'elsewhere');
  }
  for (const q of program.queries) for (const body of q.bodies) for (const { atom } of bodyAtoms(body)) use(atom.name, atom.args.length, atom.span, 'elsewhere');

  const predicates = new Map<string, PredicateInfo>();
  for (const [name, { n }] of arity) {
    predicates.set(name, { name, arity: n, rules: [], declaration: program.declarations.get(name) });
  }
  for (const r of program.rules) predicates.get(r.head.name)?.rules.push(r);

  // Every predicate read must exist somewhere; stored ones must agree on arity.
  const asserted = new Set(program.facts.map((f) => f.atom.name));
  const checkRead = (atom: ast.Atom) => {
    const info = predicates.get(atom.name) as PredicateInfo;
    if (info.rules.length > 0 || asserted.has(atom.name) || info.declaration) return;
    const source = resolveSource(atom.name, catalog);
    if (!source) {
      const candidates = [...knownNames(catalog), ...[...predicates.values()].filter((p) => p.rules.length > 0 || asserted.has(p.name)).map((p) => p.name)];
      const guess = closest(atom.name, candidates);
      throw new NameError('UNKNOWN_NAME', `unknown relation ${atom.name}${guess ? `; did you mean ${guess}?` : ''}`, at(atom.span));
    }
    if (source.arity !== atom.args.length) {
      throw new TypeMismatchError(
        `${atom.name} is used with ${atom.args.length} argument${atom.args.length === 1 ? '' : 's'} but ${source.description} has ${source.arity} columns`,
        at(atom.span),
      );
    }
  };
  for (const r of program.rules) for (const { atom } of bodyAtoms(r.body)) checkRead(atom);
  for (const q of program.queries) for (const body of q.bodies) for (const { atom } of bodyAtoms(body)) checkRead(atom);
  for (const name of asserted) {
    const existing = catalog.relation(name);
    if (existing && existing.kind !== 'datalog') {
      const fact = program.facts.find((f) => f.atom.name === name) as ast.Fact;
      throw new NameError('DUPLICATE_NAME', `cannot assert facts into ${name}: it is a stored ${existing.kind}, not a Datalog relation`, at(fact.span));
    }
    if (existing && existing.columns.length !== (arity.get(name) as { n: number }).n) {
      const fact = program.facts.find((f) => f.atom.name === name) as ast.Fact;
      throw new TypeMismatchError(`${name} has ${existing.columns.length} columns in the store but is asserted with ${fact.atom.args.length}`, at(fact.atom.span));
    }
  }

  // Rules may extend a stored relation of the same name; they must agree on its arity.
  for (const info of predicates.values()) {
    if (info.rules.length === 0) continue;
    const source = resolveSource(info.name, catalog);
    if (source && source.arity !== info.arity) {
      const head = info.rules[0].head;
      throw new TypeMismatchError(`${info.name} has ${source.arity} columns in the store but its rules give it ${info.arity}`, at(head.span));
    }
  }
  for (const r of program.rules) checkSafety(r.body, r.head.args, r.span);
  for (const q of program.queries) for (const body of q.bodies) checkSafety(body, [], q.span);
  return { program, predicates };
}

/** boundVariables computes the variables a body binds (positive atoms, then `X = expr` chains). */
export function boundVariables(body: readonly NLiteral[], outer: ReadonlySet<string> = new Set()): Set<string> {
  const bound = new Set(outer);
  for (const l of body) {
    if (l.kind === 'atom' && !l.negated) for (const t of l.atom.args) if (t.kind === 'Variable') bound.add(t.name);
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const l of body) {
      if (l.kind !== 'cmp' || l.cmp.op !== '=') continue;
      const { left, right } = l.cmp;
      for (const [v, e] of [
        [left, right],
        [right, left],
      ] as const) {
        if (v.kind === 'Variable' && !bound.has(v.name) && termVariables(e).every((x) => bound.has(x))) {
          bound.add(v.name);
          changed = true;
        }
      }
    }
  }
  return bound;
}

function checkSafety(body: readonly NLiteral[], head: readonly ast.Term[], span: ast.Span, outer: ReadonlySet<string> = new Set()): void {
  const bound = boundVariables(body, outer);
  const unsafe = (t: ast.Term, allowFresh: boolean) => {
    checkFunctors(t);
    const vars: ast.Variable[] = [];
    collectVariableNodes(t, vars);
    for (const v of vars) {
      if (bound.has(v.name) || (allowFresh && isFresh(v.name))) continue;
      const name = isFresh(v.name) ? '_' : v.name;
      throw new NameError('UNKNOWN_NAME', `unsafe variable ${name}: it is not bound by a positive atom of the body`, at(v.span ?? span));
    }
  };
  for (const t of head) unsafe(t, false);
  for (const l of body) {
    if (l.kind === 'atom') for (const t of l.atom.args) unsafe(t, l.negated);
    else {
      unsafe(l.cmp.left, false);
      unsafe(l.cmp.right, false);
      for (const t of [l.cmp.left, l.cmp.right]) {
        if (t.kind === 'Aggregate' && t.body) {
          const inner = aggregateBody(t);
          checkSafety(inner, t.arg ? [t.arg] : [], t.span, bound);
        }
      }
    }
  }
}

function collectVariableNodes(t: ast.Term, into: ast.Variable[]): void {
  switch (t.kind) {
    case 'Variable':
      into.push(t);
      break;
    case 'Unary':
      collectVariableNodes(t.operand, into);
      break;
    case 'Binary':
      collectVariableNodes(t.left, into);
      collectVariableNodes(t.right, into);
      break;
    case 'Call':
      for (const a of t.args) collectVariableNodes(a, into);
      break;
    case 'Aggregate':
      if (t.body === null && t.arg) collectVariableNodes(t.arg, into);
      break;
    default:
      break;
  }
}
