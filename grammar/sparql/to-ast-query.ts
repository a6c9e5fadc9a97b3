/**
 * to-ast-query.ts — CST → AST for queries: [2] Query, [4]–[6] Prologue, [7]–[12] the query
 * forms, [13] dataset clauses, [18]–[27] solution modifiers.
 */
import type {
  DatasetClause, GroupCondition, OrderCondition, QueryHeader, SelectCore, SelectItem,
  SolutionModifiers, Span, SparqlQuery, TriplePattern,
} from './ast.js';
import type {
  BaseDeclCstNode, DatasetClauseCstNode, PrefixDeclCstNode, PrologueCstNode, QueryCstNode, SelectClauseCstNode, SolutionModifierCstNode,
  UsingClauseCstNode, ValuesClauseCstNode, WhereClauseCstNode,
} from './cst.js';
import { inOrder, spanOf } from './cst-util.js';
import type { TermContext } from './terms.js';
import { builtInCall, constraint, expression, functionCall, variableExpression } from './to-ast-expressions.js';
import { groupGraphPattern, valuesClause } from './to-ast-patterns.js';
import { triplesSameSubject } from './to-ast-triples.js';

/** [4] Prologue: applies BASE and PREFIX declarations to `ctx`, in order. */
export function prologue(ctx: TermContext, node: PrologueCstNode): void {
  const c = node.children;
  for (const decl of inOrder<BaseDeclCstNode | PrefixDeclCstNode>(c.baseDecl, c.prefixDecl)) {
    if (decl.name === 'baseDecl') ctx.setBase(decl.children.IRIREF[0]!);
    else ctx.declarePrefix(decl.children.PNAME_NS[0]!, decl.children.IRIREF[0]!);
  }
}

/** [2] Query (after its prologue). */
export function query(ctx: TermContext, node: QueryCstNode, span: Span): SparqlQuery {
  const c = node.children;
  // called last in each form, so that terms are built in source order
  const values = () => valuesClause(ctx, c.valuesClause[0]!);
  const header = (datasets: DatasetClauseCstNode[] | undefined): QueryHeader => ({
    base: ctx.base,
    prefixes: Object.fromEntries(ctx.prefixes),
    dataset: (datasets ?? []).map((d) => datasetClause(ctx, d)),
  });
  if (c.selectQuery) {
    const s = c.selectQuery[0]!.children;
    const head = header(s.datasetClause);
    const { kind, ...core } = selectCore(ctx, s, span, c.valuesClause[0]!);
    return { kind, ...head, ...core };
  }
  if (c.constructQuery) {
    const q = c.constructQuery[0]!.children;
    const head = header(q.datasetClause);
    if (q.constructTemplate) {
      const template: TriplePattern[] = [];
      for (const t of q.constructTemplate[0]!.children.constructTriples?.[0]!.children.triplesSameSubject ?? []) {
        triplesSameSubject(ctx, t, template);
      }
      const where = groupGraphPattern(ctx, q.whereClause![0]!.children.groupGraphPattern[0]!);
      return { kind: 'construct', ...head, template, where, shortForm: false, ...modifiers(ctx, q.solutionModifier[0]!), values: values(), span };
    }
    // CONSTRUCT WHERE { TriplesTemplate }: the template is the pattern (§16.2.4).
    const template: TriplePattern[] = [];
    for (const t of q.triplesTemplate?.[0]!.children.triplesSameSubject ?? []) triplesSameSubject(ctx, t, template);
    const whereSpan = { start: spanOf(q.LCurly![0]!).start, end: spanOf(q.RCurly![0]!).end };
    const where = {
      kind: 'group' as const,
      elements: template.length ? [{ kind: 'bgp' as const, triples: template, span: whereSpan }] : [],
      span: whereSpan,
    };
    return { kind: 'construct', ...head, template, where, shortForm: true, ...modifiers(ctx, q.solutionModifier[0]!), values: values(), span };
  }
  if (c.describeQuery) {
    const q = c.describeQuery[0]!.children;
    const head = header(q.datasetClause);
    return {
      kind: 'describe',
      ...head,
      star: q.Star !== undefined,
      terms: (q.varOrIri ?? []).map((v) => ctx.varOrIri(v)),
      where: q.whereClause ? where(ctx, q.whereClause[0]!) : null,
      ...modifiers(ctx, q.solutionModifier[0]!),
      values: values(),
      span,
    };
  }
  const q = c.askQuery![0]!.children;
  const head = header(q.datasetClause);
  return { kind: 'ask', ...head, where: where(ctx, q.whereClause[0]!), ...modifiers(ctx, q.solutionModifier[0]!), values: values(), span };
}

/** The parts of [7] SelectQuery and [8] SubSelect that they share. */
export function selectCore(
  ctx: TermContext,
  c: { selectClause: SelectClauseCstNode[]; whereClause: WhereClauseCstNode[]; solutionModifier: SolutionModifierCstNode[] },
  span: Span,
  values: ValuesClauseCstNode,
): SelectCore {
  const sel = c.selectClause[0]!.children;
  return {
    kind: 'select',
    modifier: sel.DISTINCT ? 'DISTINCT' : sel.REDUCED ? 'REDUCED' : null,
    star: sel.Star !== undefined,
    items: (sel.selectItem ?? []).map((item): SelectItem => {
      const i = item.children;
      return {
        variable: ctx.variable(i.var![0]!),
        expression: i.expression ? expression(ctx, i.expression[0]!) : null,
        span: spanOf(item),
      };
    }),
    where: where(ctx, c.whereClause[0]!),
    ...modifiers(ctx, c.solutionModifier[0]!),
    values: valuesClause(ctx, values),
    span,
  };
}

/** [17] WhereClause ::= 'WHERE'? GroupGraphPattern */
function where(ctx: TermContext, node: WhereClauseCstNode) {
  return groupGraphPattern(ctx, node.children.groupGraphPattern[0]!);
}

/** [13] DatasetClause (and [44] UsingClause, which has the same shape). */
export function datasetClause(ctx: TermContext, node: DatasetClauseCstNode | UsingClauseCstNode): DatasetClause {
  return { named: node.children.NAMED !== undefined, iri: ctx.iri(node.children.iri[0]!), span: spanOf(node) };
}

/** [18] SolutionModifier ::= GroupClause? HavingClause? OrderClause? LimitOffsetClauses? */
function modifiers(ctx: TermContext, node: SolutionModifierCstNode): SolutionModifiers {
  const c = node.children;
  const groupBy = (c.groupClause?.[0]!.children.groupCondition ?? []).map((g): GroupCondition => {
    // [20] GroupCondition ::= BuiltInCall | FunctionCall | '(' Expression ( 'AS' Var )? ')' | Var
    const gc = g.children;
    const span = spanOf(g);
    if (gc.builtInCall) return { expression: builtInCall(ctx, gc.builtInCall[0]!), variable: null, span };
    if (gc.functionCall) return { expression: functionCall(ctx, gc.functionCall[0]!), variable: null, span };
    if (gc.expression) {
      return { expression: expression(ctx, gc.expression[0]!), variable: gc.AS ? ctx.variable(gc.var![0]!) : null, span };
    }
    return { expression: variableExpression(ctx, gc.var![0]!), variable: null, span };
  });
  const having = (c.havingClause?.[0]!.children.constraint ?? []).map((h) => constraint(ctx, h));
  const orderBy = (c.orderClause?.[0]!.children.orderCondition ?? []).map((o): OrderCondition => {
    // [24] OrderCondition ::= ( ( 'ASC' | 'DESC' ) BrackettedExpression ) | ( Constraint | Var )
    const oc = o.children;
    const span = spanOf(o);
    if (oc.brackettedExpression) {
      return { expression: expression(ctx, oc.brackettedExpression[0]!.children.expression[0]!), descending: oc.DESC !== undefined, span };
    }
    if (oc.constraint) return { expression: constraint(ctx, oc.constraint[0]!), descending: false, span };
    return { expression: variableExpression(ctx, oc.var![0]!), descending: false, span };
  });
  const lo = c.limitOffsetClauses?.[0]!.children;
  const limit = lo?.limitClause?.[0]!.children.INTEGER[0]!.image;
  const offset = lo?.offsetClause?.[0]!.children.INTEGER[0]!.image;
  return {
    groupBy,
    having,
    orderBy,
    limit: limit === undefined ? null : Number(limit),
    offset: offset === undefined ? null : Number(offset),
  };
}
