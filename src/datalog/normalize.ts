/**
 * normalize.ts — the first stage of the Datalog front end: syntax (grammar/datalog's AST) to
 * the program's normal form, which every later stage (checks, stratification, magic sets,
 * lowering) reads.
 *
 * Normal form: a rule body is a flat conjunction of positive atoms, negated atoms and
 * comparisons. Disjunctions are multiplied out into one rule per branch (a rule with
 * `(a ; b)` becomes two rules), every anonymous `_` becomes a fresh variable whose name starts
 * with `_#` (so it can never clash with a written name, and the safety check knows that a
 * fresh variable in a negated atom means "any value"). Facts, declarations and queries are
 * collected by kind; nothing is resolved against the catalog here.
 */
import { UnsupportedError } from '../common/errors.js';
import type * as ast from '../../grammar/datalog/ast.js';
import { at } from './names.js';

/** A body literal of the normal form. */
export type NLiteral =
  | { readonly kind: 'atom'; readonly atom: ast.Atom; readonly negated: boolean; readonly span: ast.Span }
  | { readonly kind: 'cmp'; readonly cmp: ast.Comparison; readonly span: ast.Span };

/** A rule in normal form; `head` is null for a query's body. */
export interface NRule {
  readonly head: ast.Atom;
  readonly body: readonly NLiteral[];
  readonly span: ast.Span;
  /** The rule as written (a disjunction gives several NRules of one source; rewritten rules have none); views store it. */
  readonly source?: ast.Rule;
}

/** A query: its alternative bodies (one per disjunction branch) and the variables it answers. */
export interface NQuery {
  readonly bodies: readonly (readonly NLiteral[])[];
  /** The named variables in order of first appearance: the result's columns. */
  readonly variables: readonly string[];
  readonly span: ast.Span;
}

export interface NProgram {
  readonly declarations: ReadonlyMap<string, ast.Declaration>;
  readonly facts: readonly ast.Fact[];
  readonly rules: readonly NRule[];
  readonly queries: readonly NQuery[];
  /** `.view p` directives: the predicates whose rules the program keeps in the store. */
  readonly views: readonly ast.Directive[];
}

/** isFresh says whether a variable name was made for an anonymous `_`. */
export function isFresh(name: string): boolean {
  return name.startsWith('_#');
}

/** normalize turns a parsed program into its normal form. */
export function normalize(program: ast.DatalogProgram): NProgram {
  const declarations = new Map<string, ast.Declaration>();
  const facts: ast.Fact[] = [];
  const rules: NRule[] = [];
  const queries: NQuery[] = [];
  const views: ast.Directive[] = [];
  const fresh = { next: 0 };
  for (const s of program.statements) {
    switch (s.kind) {
      case 'Declaration':
        declarations.set(s.name, s);
        break;
      case 'Directive':
        // .input/.output/.printsize name files of a Soufflé run; relations here live in the store.
        if (s.directive === 'view') views.push(s);
        break;
      case 'Fact':
        facts.push(s);
        break;
      case 'Rule': {
        const head = renameAtom(s.head, fresh);
        for (const body of expand(s.body, fresh)) rules.push({ head, body, span: s.span, source: s });
        break;
      }
      case 'Query': {
        const bodies = expand(s.body, fresh);
        const variables: string[] = [];
        for (const body of bodies) for (const l of body) for (const v of literalVariables(l)) if (!isFresh(v) && !variables.includes(v)) variables.push(v);
        queries.push({ bodies, variables, span: s.span });
        break;
      }
    }
  }
  return { declarations, facts, rules, queries, views };
}

/** expand multiplies out disjunctions: the result is a list of flat conjunctions. */
function expand(body: readonly ast.Literal[], fresh: { next: number }): NLiteral[][] {
  let alternatives: NLiteral[][] = [[]];
  for (const l of body) {
    let options: NLiteral[][];
    switch (l.kind) {
      case 'Atom':
        options = [[{ kind: 'atom', atom: renameAtom(l, fresh), negated: false, span: l.span }]];
        break;
      case 'Negation':
        if (l.atom.kind === 'PathAtom') throw new UnsupportedError('path atoms over documents are not supported yet', at(l.atom.span));
        options = [[{ kind: 'atom', atom: renameAtom(l.atom, fresh), negated: true, span: l.span }]];
        break;
      case 'PathAtom':
        throw new UnsupportedError('path atoms over documents are not supported yet', at(l.span));
      case 'Comparison':
        options = [[{ kind: 'cmp', cmp: renameComparison(l, fresh), span: l.span }]];
        break;
      case 'Disjunction':
        options = l.branches.flatMap((branch) => expand(branch, fresh));
        break;
    }
    const next: NLiteral[][] = [];
    for (const a of alternatives) for (const o of options) next.push([...a, ...o]);
    alternatives = next;
  }
  return alternatives;
}

function renameAtom(a: ast.Atom, fresh: { next: number }): ast.Atom {
  return { ...a, args: a.args.map((t) => renameTerm(t, fresh)) };
}

function renameComparison(c: ast.Comparison, fresh: { next: number }): ast.Comparison {
  return { ...c, left: renameTerm(c.left, fresh), right: renameTerm(c.right, fresh) };
}

function renameTerm(t: ast.Term, fresh: { next: number }): ast.Term {
  switch (t.kind) {
    case 'Anonymous':
      return { kind: 'Variable', name: `_#${fresh.next++}`, span: t.span };
    case 'Unary':
      return { ...t, operand: renameTerm(t.operand, fresh) };
    case 'Binary':
      return { ...t, left: renameTerm(t.left, fresh), right: renameTerm(t.right, fresh) };
    case 'Call':
      return { ...t, args: t.args.map((a) => renameTerm(a, fresh)) };
    case 'Aggregate': {
      if (t.body === null) return { ...t, arg: t.arg && renameTerm(t.arg, fresh) };
      const bodies = expand(t.body, fresh);
      if (bodies.length !== 1) throw new UnsupportedError('a disjunction inside an aggregate body is not supported', at(t.span));
      return { ...t, arg: t.arg && renameTerm(t.arg, fresh), body: bodies[0].map(toLiteral) };
    }
    default:
      return t;
  }
}

/** toLiteral turns a normal-form literal back into the AST's shape (aggregate bodies keep the AST type). */
function toLiteral(l: NLiteral): ast.Literal {
  if (l.kind === 'cmp') return l.cmp;
  return l.negated ? { kind: 'Negation', atom: l.atom, span: l.span } : l.atom;
}

/** fromLiteral reads an aggregate body literal (already normalized: no disjunctions) as an NLiteral. */
export function fromLiteral(l: ast.Literal): NLiteral {
  switch (l.kind) {
    case 'Atom':
      return { kind: 'atom', atom: l, negated: false, span: l.span };
    case 'Negation':
      return { kind: 'atom', atom: l.atom as ast.Atom, negated: true, span: l.span };
    case 'Comparison':
      return { kind: 'cmp', cmp: l, span: l.span };
    default:
      throw new UnsupportedError(`${l.kind} is not supported here`, at(l.span));
  }
}

/** termVariables lists the variables a term mentions (not those local to a body aggregate). */
export function termVariables(t: ast.Term, into: string[] = []): string[] {
  switch (t.kind) {
    case 'Variable':
      into.push(t.name);
      break;
    case 'Unary':
      termVariables(t.operand, into);
      break;
    case 'Binary':
      termVariables(t.left, into);
      termVariables(t.right, into);
      break;
    case 'Call':
      for (const a of t.args) termVariables(a, into);
      break;
    case 'Aggregate':
      // A body aggregate's own variables are local; those it shares with the clause are
      // bound outside (aggregateOuterVariables lists them for the check that needs them).
      if (t.body === null && t.arg) termVariables(t.arg, into);
      break;
    default:
      break;
  }
  return into;
}

/** literalVariables lists the variables of a normal-form literal. */
export function literalVariables(l: NLiteral): string[] {
  if (l.kind === 'atom') return l.atom.args.flatMap((t) => termVariables(t));
  return [...termVariables(l.cmp.left), ...termVariables(l.cmp.right)];
}

/** aggregateBody returns a body aggregate's literals in normal form. */
export function aggregateBody(a: ast.Aggregate): NLiteral[] {
  return (a.body ?? []).map(fromLiteral);
}
