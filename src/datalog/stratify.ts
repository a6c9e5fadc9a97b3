/**
 * stratify.ts — the predicate dependency graph, its strongly connected components and the
 * stratification check.
 *
 * A rule `h :- …, b, …` makes h depend on b; the dependency is negative when b is negated, or
 * read inside an aggregate (body form), or when h's head aggregates. The components, in
 * dependency order (a component comes after every component it reads), are what lowering
 * turns into one Fixpoint each. A negative dependency inside a component is a recursion
 * through negation or aggregation — the program has no stratification and is rejected,
 * naming the literal that closes the cycle.
 */
import { PolyglotError } from '../common/errors.js';
import type * as ast from '../../grammar/datalog/ast.js';
import { bodyAtoms, type PredicateInfo } from './check.js';
import { at } from './names.js';
import type { NRule } from './normalize.js';

/** A component: predicates evaluated together; `recursive` when some rule reads one of them. */
export interface Component {
  readonly predicates: readonly string[];
  readonly recursive: boolean;
}

interface Edge {
  readonly to: string;
  readonly negative: boolean;
  readonly span: ast.Span;
}

/** headAggregates says whether a rule's head has an aggregate argument. */
export function headAggregates(rule: NRule): boolean {
  return rule.head.args.some((t) => t.kind === 'Aggregate');
}

function edgesOf(info: PredicateInfo, defined: (name: string) => boolean): Edge[] {
  const edges: Edge[] = [];
  for (const rule of info.rules) {
    const aggregating = headAggregates(rule);
    for (const { atom, negated, inAggregate } of bodyAtoms(rule.body)) {
      if (!defined(atom.name)) continue;
      edges.push({ to: atom.name, negative: negated || inAggregate || aggregating, span: atom.span });
    }
  }
  return edges;
}

/**
 * components returns the components of the rule-defined predicates reachable from `roots`, in
 * dependency order, and rejects an unstratifiable program.
 */
export function components(predicates: ReadonlyMap<string, PredicateInfo>, roots: Iterable<string>): Component[] {
  const defined = (name: string) => (predicates.get(name)?.rules.length ?? 0) > 0;
  const edges = new Map<string, Edge[]>();
  const reach = [...roots].filter(defined);
  for (let i = 0; i < reach.length; i++) {
    const info = predicates.get(reach[i]) as PredicateInfo;
    const out = edgesOf(info, defined);
    edges.set(info.name, out);
    for (const e of out) if (!reach.includes(e.to)) reach.push(e.to);
  }

  // Tarjan's algorithm: a component is emitted after every component it depends on.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result: Component[] = [];
  let counter = 0;
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const e of edges.get(v) ?? []) {
      if (!index.has(e.to)) {
        visit(e.to);
        low.set(v, Math.min(low.get(v) as number, low.get(e.to) as number));
      } else if (onStack.has(e.to)) {
        low.set(v, Math.min(low.get(v) as number, index.get(e.to) as number));
      }
    }
    if (low.get(v) === index.get(v)) {
      const members: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        members.push(w);
      } while (w !== v);
      const inside = new Set(members);
      let recursive = false;
      for (const m of members) {
        for (const e of edges.get(m) ?? []) {
          if (!inside.has(e.to)) continue;
          recursive = true;
          if (e.negative) {
            throw new PolyglotError(
              'INVALID_ARGUMENT',
              `the program cannot be stratified: ${m} depends on ${e.to} through negation or aggregation inside a recursion`,
              at(e.span),
            );
          }
        }
      }
      result.push({ predicates: members.reverse(), recursive });
    }
  };
  for (const v of reach) if (!index.has(v)) visit(v);
  return result;
}
