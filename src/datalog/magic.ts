/**
 * magic.ts — magic-set rewriting: when a query binds an argument of a recursive predicate
 * (`?- tc(17, X).`), rewrite the program so that only the part of each relation the query can
 * reach is computed.
 *
 * The generalized magic-set transformation (Bancilhon, Maier, Sagiv, Ullman 1986; Beeri and
 * Ramakrishnan 1991), one stage of the front end's pipeline as in CozoDB (normal form →
 * stratified → magic-set form → plans):
 *   1. Adornments. Starting from the query, each rule-defined atom gets an adornment saying
 *      which arguments are bound when it is evaluated (`tc_bf`: first bound, second free).
 *      Binding flows through a body by a sideways-information-passing order: greedily the
 *      positive atom with the most bound arguments next (then one binding a variable a later
 *      rule-defined atom reads, then written order), with comparisons applied as soon as
 *      their variables are bound (`X = e` binds X).
 *   2. Adorned rules. For each rule of p and adornment a: `p_a(…) :- magic_p_a(bound head
 *      args), body in that order with rule-defined atoms replaced by their adorned forms`. A
 *      rule whose body reads p_a again with the head's bound arguments, the same variables in
 *      the same places (left-linear `tc(X, Y) :- tc(X, Z), edge(Z, Y)`), drops the magic atom:
 *      that row's bound arguments are in magic_p_a already (carriesBinding).
 *   3. Magic rules. For each adorned atom q_b of such a body: `magic_q_b(bound args of q) :-
 *      magic_p_a(…), the literals before q in the order` — the bindings that reach q — keeping
 *      only the literals connected to q's bound arguments through shared variables (connected).
 *   4. Seeds. The query is treated as a rule without head: its constants seed `magic_q_b`.
 * An all-free adornment keeps the original predicate (nothing to restrict); a non-recursive
 * one still has its rules' bodies rewritten, since a body binds variables of its own
 * (`q(N) :- country(C, "Nigeria"), inside(P, C), …` binds inside's C for a query `?- q(N).`).
 * A recursive all-free predicate keeps its rules as written: it is computed in full anyway.
 * Negated atoms, atoms inside aggregates and predicates whose rules aggregate in the head are
 * not adorned: they are read through their original predicate, computed in full, which keeps
 * the rewritten program stratified. The rewrite applies only when some bound argument reaches a
 * recursive predicate; otherwise the program is lowered as written.
 *
 * The magic relations appear in EXPLAIN as recursive relations named `magic_<pred>_<adornment>`.
 */
import type * as ast from '../../grammar/datalog/ast.js';
import type { CheckedProgram, PredicateInfo } from './check.js';
import { termVariables, type NLiteral, type NQuery, type NRule } from './normalize.js';
import { components, headAggregates } from './stratify.js';
import { constantValue } from './terms.js';

interface Rewritten {
  readonly checked: CheckedProgram;
  readonly query: NQuery;
}

/** magicSets rewrites the program for one query, or returns null when no bound argument reaches recursion. */
export function magicSets(checked: CheckedProgram, query: NQuery): Rewritten | null {
  const predicates = checked.predicates;
  const recursive = new Set<string>();
  const all = components(predicates, predicates.keys());
  for (const c of all) if (c.recursive) for (const p of c.predicates) recursive.add(p);
  if (recursive.size === 0) return null;

  const adornable = (name: string) => {
    const info = predicates.get(name);
    return info !== undefined && info.rules.length > 0 && !info.rules.some(headAggregates);
  };
  const taken = new Set(predicates.keys());
  const names = new Map<string, string>();
  const fresh = (base: string) => {
    let name = base;
    for (let i = 1; taken.has(name); i++) name = `${base}_${i}`;
    taken.add(name);
    return name;
  };
  const adornedName = (p: string, a: string) => {
    const k = `${p}/${a}`;
    let n = names.get(k);
    if (!n) {
      n = fresh(`${p}_${a}`);
      names.set(k, n);
    }
    return n;
  };
  const magicName = (p: string, a: string) => {
    const k = `magic ${p}/${a}`;
    let n = names.get(k);
    if (!n) {
      n = fresh(`magic_${p}_${a}`);
      names.set(k, n);
    }
    return n;
  };

  const newRules: NRule[] = [];
  const queue: [string, string][] = [];
  const done = new Set<string>();
  /** Non-recursive predicates reached all-free: their rules are rewritten in place. */
  const free = new Set<string>();
  const inPlace = new Map<string, NRule[]>();
  let reachesRecursion = false;

  /** rewriteBody orders a body, adorns its atoms and emits the magic rules for them. */
  const rewriteBody = (body: readonly NLiteral[], bound0: ReadonlySet<string>, head: ast.Atom | null): NLiteral[] => {
    const order = sips(body, bound0, adornable);
    const out: NLiteral[] = head ? [{ kind: 'atom', atom: head, negated: false, span: head.span }] : [];
    for (const step of order) {
      if (step.lit.kind !== 'atom' || step.lit.negated || !adornable(step.lit.atom.name)) {
        out.push(step.lit);
        continue;
      }
      const atom = step.lit.atom;
      const adornment = atom.args.map((t) => (isBoundTerm(t, step.bound) ? 'b' : 'f')).join('');
      if (!adornment.includes('b')) {
        if (!recursive.has(atom.name) && !free.has(atom.name)) {
          free.add(atom.name);
          queue.push([atom.name, adornment]);
        }
        out.push(step.lit);
        continue;
      }
      if (recursive.has(atom.name)) reachesRecursion = true;
      const key = `${atom.name}/${adornment}`;
      if (!done.has(key)) {
        done.add(key);
        queue.push([atom.name, adornment]);
      }
      const magicArgs = atom.args.filter((_, i) => adornment[i] === 'b');
      const magicHead: ast.Atom = { kind: 'Atom', name: magicName(atom.name, adornment), args: magicArgs, span: atom.span };
      const prefix = connected(
        out.filter((l) => l.kind === 'cmp' || !l.negated),
        magicArgs,
      );
      const trivial = prefix.length === 1 && prefix[0].kind === 'atom' && sameAtom(prefix[0].atom, magicHead);
      if (!trivial) newRules.push({ head: magicHead, body: prefix, span: atom.span });
      out.push({ kind: 'atom', atom: { ...atom, name: adornedName(atom.name, adornment) }, negated: false, span: step.lit.span });
    }
    return out;
  };

  const bodies = query.bodies.map((body) => rewriteBody(body, new Set(), null));
  while (queue.length) {
    const [p, a] = queue.shift() as [string, string];
    const info = predicates.get(p) as PredicateInfo;
    if (!a.includes('b')) {
      inPlace.set(p, info.rules.map((rule) => ({ ...rule, body: rewriteBody(rule.body, new Set(), null) })));
      continue;
    }
    for (const rule of info.rules) {
      const bound = new Set<string>();
      rule.head.args.forEach((t, i) => {
        if (a[i] === 'b' && t.kind === 'Variable') bound.add(t.name);
      });
      const magicHead: ast.Atom = { kind: 'Atom', name: magicName(p, a), args: rule.head.args.filter((_, i) => a[i] === 'b'), span: rule.head.span };
      const body = rewriteBody(rule.body, bound, magicHead);
      const head = { ...rule.head, name: adornedName(p, a) };
      newRules.push({ head, body: carriesBinding(head, a, body) ? body.slice(1) : body, span: rule.span });
    }
  }
  if (!reachesRecursion) return null;

  const rules = [...checked.program.rules.filter((r) => !inPlace.has(r.head.name)), ...[...inPlace.values()].flat(), ...newRules];
  const infos = new Map<string, PredicateInfo>();
  for (const [name, info] of predicates) infos.set(name, { ...info, rules: [...(inPlace.get(name) ?? info.rules)] });
  // An adorned predicate keeps its original's stored rows (facts beside rules); a magic one has none.
  const origin = new Map<string, string | null>();
  for (const [k, n] of names) origin.set(n, k.startsWith('magic ') ? null : k.slice(0, k.lastIndexOf('/')));
  for (const r of newRules) {
    let info = infos.get(r.head.name);
    if (!info) {
      info = { name: r.head.name, arity: r.head.args.length, rules: [], stored: origin.get(r.head.name) ?? null };
      infos.set(r.head.name, info);
    }
    info.rules.push(r);
  }
  return {
    checked: { program: { ...checked.program, rules }, predicates: infos },
    query: { ...query, bodies },
  };
}

/**
 * carriesBinding: whether an adorned rule's body (its magic atom first) reads its own adorned
 * predicate with the head's bound arguments, the same variables in the same places
 * (`inside_fb(L, A) :- magic_inside_fb(A), inside_fb(B, A), within(L, B)`). Every row of an
 * adorned predicate has bound arguments its magic relation holds (its rules either read that
 * relation or, like this one, copy them from such a row), so the magic atom only repeats what
 * the recursive atom already guarantees and is dropped: the step then joins the last
 * iteration's rows with the stored relation alone, the shape the executor runs fused over
 * value codes, instead of first joining every new row with the magic relation.
 */
function carriesBinding(head: ast.Atom, adornment: string, body: readonly NLiteral[]): boolean {
  const bound = head.args.flatMap((t, i) => (adornment[i] === 'b' ? [i] : []));
  if (!bound.every((i) => head.args[i].kind === 'Variable')) return false;
  return body.slice(1).some(
    (l) =>
      l.kind === 'atom' &&
      !l.negated &&
      l.atom.name === head.name &&
      bound.every((i) => {
        const t = l.atom.args[i];
        return t.kind === 'Variable' && t.name === (head.args[i] as ast.Variable).name;
      }),
  );
}

function isBoundTerm(t: ast.Term, bound: ReadonlySet<string>): boolean {
  if (constantValue(t) !== undefined) return true;
  return t.kind === 'Variable' && bound.has(t.name);
}

function atomVariables(atom: ast.Atom): string[] {
  return atom.args.flatMap((t) => termVariables(t));
}

function sameAtom(a: ast.Atom, b: ast.Atom): boolean {
  return a.name === b.name && a.args.length === b.args.length && a.args.every((t, i) => t.kind === 'Variable' && b.args[i].kind === 'Variable' && t.name === (b.args[i] as ast.Variable).name);
}

/** One literal of a sideways-information-passing order, with the variables bound before it. */
interface SipsStep {
  readonly lit: NLiteral;
  readonly bound: ReadonlySet<string>;
}

/**
 * sips orders a body: comparisons as soon as they can be evaluated, then greedily the positive
 * atom with the most bound arguments; negated atoms and whatever is left at the end. Among
 * atoms as bound, one that binds a variable a rule-defined atom still to come reads goes
 * first: what it binds reaches that atom's magic rule, while an atom that only filters would
 * be evaluated again in that magic rule's body for nothing (`person(Id, Name, _)` before
 * `lives_in(Id, L), inside(L, E)`).
 */
function sips(body: readonly NLiteral[], bound0: ReadonlySet<string>, derived: (name: string) => boolean): SipsStep[] {
  const bound = new Set(bound0);
  const out: SipsStep[] = [];
  let atoms = body.filter((l): l is Extract<NLiteral, { kind: 'atom' }> => l.kind === 'atom' && !l.negated);
  let cmps = body.filter((l): l is Extract<NLiteral, { kind: 'cmp' }> => l.kind === 'cmp');
  const flush = () => {
    for (let changed = true; changed; ) {
      changed = false;
      for (const c of cmps) {
        const { left, right, op } = c.cmp;
        if (left.kind === 'Aggregate' || right.kind === 'Aggregate') continue;
        const lv = termVariables(left);
        const rv = termVariables(right);
        let ok = [...lv, ...rv].every((v) => bound.has(v));
        if (!ok && op === '=') {
          if (left.kind === 'Variable' && rv.every((v) => bound.has(v))) {
            ok = true;
          } else if (right.kind === 'Variable' && lv.every((v) => bound.has(v))) {
            ok = true;
          }
        }
        if (!ok) continue;
        out.push({ lit: c, bound: new Set(bound) });
        for (const v of [...lv, ...rv]) bound.add(v);
        cmps = cmps.filter((x) => x !== c);
        changed = true;
        break;
      }
    }
  };
  flush();
  while (atoms.length) {
    let best = atoms[0];
    let bestScore = -1;
    for (const a of atoms) {
      const later = atoms.filter((o) => o !== a && derived(o.atom.name)).flatMap((o) => atomVariables(o.atom));
      const feeds = atomVariables(a.atom).some((v) => !bound.has(v) && later.includes(v));
      const score = 2 * a.atom.args.filter((t) => isBoundTerm(t, bound)).length + (feeds ? 1 : 0);
      if (score > bestScore) {
        best = a;
        bestScore = score;
      }
    }
    out.push({ lit: best, bound: new Set(bound) });
    for (const t of best.atom.args) if (t.kind === 'Variable') bound.add(t.name);
    atoms = atoms.filter((x) => x !== best);
    flush();
  }
  for (const c of cmps) out.push({ lit: c, bound: new Set(bound) });
  for (const l of body) if (l.kind === 'atom' && l.negated) out.push({ lit: l, bound: new Set(bound) });
  return out;
}

/**
 * connected keeps the literals of a magic rule's body that reach its head's variables through
 * shared variables. The others (`location(E, "Oceania", _)` in the magic rule of an atom that
 * reads only C) share none with what the rule derives: they only multiply its rows by a
 * relation it projects away — a cross product, or a recursive atom that would make the magic
 * relation depend on a relation it restricts. Dropping them can only add bindings (a literal
 * with no rows no longer empties the magic relation), and a magic relation may hold more
 * bindings than are needed: the rewrite stays exact.
 */
function connected(body: readonly NLiteral[], head: readonly ast.Term[]): NLiteral[] {
  const vars = new Set(head.flatMap((t) => termVariables(t)));
  const litVars = body.map((l) => (l.kind === 'atom' ? atomVariables(l.atom) : [...termVariables(l.cmp.left), ...termVariables(l.cmp.right)]));
  const keep = body.map(() => false);
  for (let changed = true; changed; ) {
    changed = false;
    body.forEach((_, i) => {
      if (keep[i] || !litVars[i].some((v) => vars.has(v))) return;
      keep[i] = true;
      changed = true;
      for (const v of litVars[i]) vars.add(v);
    });
  }
  return body.filter((_, i) => keep[i]);
}
