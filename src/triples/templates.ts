/**
 * templates.ts — the quads a SPARQL Update template makes from a pattern's solutions
 * (DELETE { … } / INSERT { … } / DELETE WHERE, §3.1.3), as a plan of (s, p, o, g) rows.
 *
 * Each template quad becomes Extend(solutions, s p o g := its terms) filtered by
 * `sparql.quad_ok` (a quad with an unbound variable or a literal subject is skipped, not an
 * error), and the quads of a template are the union of those plans. A blank node of an INSERT
 * template is fresh per solution: its label is `sparql.bnode` of a per-operation salt and the
 * solution's values, so the same solution always names the same node (every union branch
 * re-reads the solutions and must agree) while another solution or operation never does.
 */
import * as b from '../algebra/build.js';
import type { Column } from '../algebra/columns.js';
import { call, col, lit, type Expr } from '../algebra/expr.js';
import type { Plan } from '../algebra/logical.js';
import { encodeLiteral } from '../algebra/functions/sparql-terms.js';
import type * as ast from '../../grammar/sparql/ast.js';
import type { SparqlContext, Solutions } from './context.js';
import { decodeVars } from './dictionary.js';
import { exprVars } from './expressions.js';
import { toValue } from './terms.js';

/** The graph a template quad outside GRAPH { } goes to: the default graph ('') or WITH's graph. */
export interface TemplateTarget {
  defaultGraph: string;
  /** distinguishes this operation's blank nodes from every other operation's */
  salt: string;
}

/** quadColumns allocates the four columns of a quad row. */
export function quadColumns(ctx: SparqlContext): Column[] {
  return ['s', 'p', 'o', 'g'].map((n) => ctx.alloc.column(n, 'text'));
}

/** instantiate is the rows (s, p, o, g) of `template` over `sol`; an empty plan when no quad can bind. */
export function instantiate(template: readonly ast.QuadPattern[], sol: Solutions, target: TemplateTarget, ctx: SparqlContext): Plan {
  sol = decodeVars(ctx, sol, exprVars([template]));
  const out = quadColumns(ctx);
  const solutionColumns = [...sol.vars.values()].map((c) => col(c));
  const term = (t: ast.VarOrTerm | ast.DefaultGraph): Expr | null => {
    if (t.termType === 'DefaultGraph') return lit(target.defaultGraph);
    if (t.termType === 'Variable') {
      const c = sol.vars.get(t.value);
      return c ? col(c) : null;
    }
    if (t.termType === 'BlankNode') return call('sparql.bnode', [lit(encodeLiteral(`${target.salt}${t.value}`)), ...solutionColumns]);
    return lit(toValue(t));
  };
  const parts: Plan[] = [];
  for (const q of template) {
    const exprs = [term(q.subject), term(q.predicate), term(q.object), term(q.graph)];
    if (exprs.some((e) => e === null)) continue; // a variable the pattern never binds
    const cols = quadColumns(ctx);
    const defs = cols.map((column, i) => ({ column, expr: exprs[i] as Expr }));
    const plan = b.filter(b.extend(sol.plan, defs), call('sparql.quad_ok', cols.map((c) => col(c))));
    parts.push(b.project(plan, cols));
  }
  return b.union(out, parts);
}

/** groupOf turns DELETE WHERE's quads into the group pattern they match (GRAPH blocks for named graphs). */
export function groupOf(quads: readonly ast.QuadPattern[], span: ast.Span): ast.GroupPattern {
  const elements: ast.GroupElement[] = [];
  for (const q of quads) {
    const triple: ast.TriplePattern = { kind: 'triple', subject: q.subject, predicate: q.predicate, object: q.object, span: q.span };
    const bgp: ast.BgpPattern = { kind: 'bgp', triples: [triple], span: q.span };
    if (q.graph.termType === 'DefaultGraph') elements.push(bgp);
    else elements.push({ kind: 'graph', name: q.graph, pattern: { kind: 'group', elements: [bgp], span: q.span }, span: q.span });
  }
  return { kind: 'group', elements, span };
}
