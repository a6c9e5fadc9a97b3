/**
 * to-ast-patterns.ts — CST → AST for graph patterns: [53]–[68] group graph patterns and their
 * elements (triples blocks, OPTIONAL, MINUS, UNION, GRAPH, SERVICE, FILTER, BIND, VALUES,
 * sub-SELECTs), and [28]/[61]–[65] VALUES data blocks.
 */
import type { CstElement } from 'chevrotain';
import type { Literal, NamedNode } from 'n3';
import type { GroupElement, GroupGraphPattern, ValuesPattern } from './ast.js';
import type {
  DataBlockCstNode, DataBlockValueCstNode, GraphPatternNotTriplesCstNode, GroupGraphPatternCstNode,
  TriplesBlockCstNode, ValuesClauseCstNode,
} from './cst.js';
import { inOrder, spanOf, syntaxError } from './cst-util.js';
import type { TermContext } from './terms.js';
import { constraint, expression } from './to-ast-expressions.js';
import { selectCore } from './to-ast-query.js';
import { triplesSameSubjectPath, type TriplesItem } from './to-ast-triples.js';

/** [53] GroupGraphPattern ::= '{' ( SubSelect | GroupGraphPatternSub ) '}' */
export function groupGraphPattern(ctx: TermContext, node: GroupGraphPatternCstNode): GroupGraphPattern {
  const c = node.children;
  const span = spanOf(node);
  if (c.subSelect) {
    const s = c.subSelect[0]!;
    return { kind: 'subSelect', query: selectCore(ctx, s.children, spanOf(s), s.children.valuesClause[0]!), span };
  }
  const sub = c.groupGraphPatternSub![0]!.children;
  const elements = inOrder<CstElement>(sub.triplesBlock, sub.graphPatternNotTriples).map((el) =>
    (el as TriplesBlockCstNode).name === 'triplesBlock'
      ? triplesBlock(ctx, el as TriplesBlockCstNode)
      : graphPatternNotTriples(ctx, el as GraphPatternNotTriplesCstNode),
  );
  return { kind: 'group', elements, span };
}

/** [55] TriplesBlock: one basic graph pattern (paths included). */
function triplesBlock(ctx: TermContext, node: TriplesBlockCstNode): GroupElement {
  const triples: TriplesItem[] = [];
  for (const t of node.children.triplesSameSubjectPath) triplesSameSubjectPath(ctx, t, triples);
  return { kind: 'bgp', triples, span: spanOf(node) };
}

/** [56] GraphPatternNotTriples and its alternatives [57]–[61], [66]–[68]. */
function graphPatternNotTriples(ctx: TermContext, node: GraphPatternNotTriplesCstNode): GroupElement {
  const c = node.children;
  const span = spanOf(node);
  if (c.groupOrUnionGraphPattern) {
    // [67] GroupOrUnionGraphPattern: one group is itself an element; more are a union.
    const groups = c.groupOrUnionGraphPattern[0]!.children.groupGraphPattern.map((g) => groupGraphPattern(ctx, g));
    return groups.length === 1 ? groups[0]! : { kind: 'union', patterns: groups, span };
  }
  if (c.optionalGraphPattern) {
    return { kind: 'optional', pattern: groupGraphPattern(ctx, c.optionalGraphPattern[0]!.children.groupGraphPattern[0]!), span };
  }
  if (c.minusGraphPattern) {
    return { kind: 'minus', pattern: groupGraphPattern(ctx, c.minusGraphPattern[0]!.children.groupGraphPattern[0]!), span };
  }
  if (c.graphGraphPattern) {
    const g = c.graphGraphPattern[0]!.children;
    return { kind: 'graph', name: ctx.varOrIri(g.varOrIri[0]!), pattern: groupGraphPattern(ctx, g.groupGraphPattern[0]!), span };
  }
  if (c.serviceGraphPattern) {
    const s = c.serviceGraphPattern[0]!.children;
    return {
      kind: 'service',
      silent: s.SILENT !== undefined,
      endpoint: ctx.varOrIri(s.varOrIri[0]!),
      pattern: groupGraphPattern(ctx, s.groupGraphPattern[0]!),
      span,
    };
  }
  if (c.filter) return { kind: 'filter', expression: constraint(ctx, c.filter[0]!.children.constraint[0]!), span };
  if (c.bind) {
    const b = c.bind[0]!.children;
    return { kind: 'bind', expression: expression(ctx, b.expression[0]!), variable: ctx.variable(b.var[0]!), span };
  }
  return dataBlock(ctx, c.inlineData![0]!.children.dataBlock[0]!, span);
}

/** [28] ValuesClause ::= ( 'VALUES' DataBlock )? */
export function valuesClause(ctx: TermContext, node: ValuesClauseCstNode): ValuesPattern | null {
  const block = node.children.dataBlock?.[0];
  return block ? dataBlock(ctx, block, spanOf(node)) : null;
}

/** [62] DataBlock ::= InlineDataOneVar | InlineDataFull; every row must fit the variables. */
function dataBlock(ctx: TermContext, node: DataBlockCstNode, span: ValuesPattern['span']): ValuesPattern {
  const c = node.children;
  if (c.inlineDataOneVar) {
    const one = c.inlineDataOneVar[0]!.children;
    return {
      kind: 'values',
      variables: [ctx.variable(one.var[0]!)],
      rows: (one.dataBlockValue ?? []).map((v) => [dataBlockValue(ctx, v)]),
      span,
    };
  }
  const full = c.inlineDataFull![0]!.children;
  const variables = (full.var ?? []).map((v) => ctx.variable(v));
  const rows = (full.dataBlockRow ?? []).map((row) => {
    const values = (row.children.dataBlockValue ?? []).map((v) => dataBlockValue(ctx, v));
    if (values.length !== variables.length) {
      throw syntaxError(
        `This VALUES row has ${values.length} value${values.length === 1 ? '' : 's'} but the block has ${variables.length} variable${variables.length === 1 ? '' : 's'}`,
        spanOf(row),
      );
    }
    return values;
  });
  return { kind: 'values', variables, rows, span };
}

/** [65] DataBlockValue ::= iri | RDFLiteral | NumericLiteral | BooleanLiteral | 'UNDEF' (null) */
function dataBlockValue(ctx: TermContext, node: DataBlockValueCstNode): NamedNode | Literal | null {
  const c = node.children;
  if (c.iri) return ctx.iri(c.iri[0]!);
  if (c.rdfLiteral) return ctx.rdfLiteral(c.rdfLiteral[0]!);
  if (c.numericLiteral) return ctx.numericLiteral(c.numericLiteral[0]!);
  if (c.booleanLiteral) return ctx.booleanLiteral(c.booleanLiteral[0]!);
  return null;
}
