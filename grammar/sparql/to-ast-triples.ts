/**
 * to-ast-triples.ts — CST → AST for triples: [75]–[87] subjects, property lists and objects,
 * [88]–[96] property paths, [98]–[105] collections and blank-node property lists (expanded into
 * triples with fresh blank nodes: §4.1.4 `[ :p :o ]`, §4.2.3 `( 1 2 )`).
 *
 * Triples come out in reading order: a triple before the triples of its object's `[ … ]`,
 * the triples of a subject's `[ … ]` before the triples about it, and a collection's
 * rdf:first/rdf:rest chain element by element.
 */
import type { BlankNode, NamedNode } from 'n3';
import type { PathPattern, PropertyPath, Span, TriplePattern, VarOrIri, VarOrTerm } from './ast.js';
import type {
  GraphNodeCstNode, GraphNodePathCstNode, PathCstNode, PathEltOrInverseCstNode,
  PathNegatedPropertySetCstNode, PathPrimaryCstNode, PropertyListNotEmptyCstNode,
  PropertyListPathNotEmptyCstNode, TriplesNodeCstNode, TriplesNodePathCstNode,
  TriplesSameSubjectCstNode, TriplesSameSubjectPathCstNode, VerbCstNode, VerbPathOrSimpleCstNode,
} from './cst.js';
import { spanFrom, spanOf } from './cst-util.js';
import { rdfFirst, rdfRest, type TermContext } from './terms.js';

export type TriplesItem = TriplePattern | PathPattern;

/** A node in subject/object position, and the span it was written at. */
interface Node {
  term: VarOrTerm;
  span: Span;
}

const triple = (s: Node, p: VarOrIri, o: Node): TriplePattern => ({
  kind: 'triple', subject: s.term, predicate: p, object: o.term, span: spanFrom(s.span, o.span),
});

// ---- triples with paths (WHERE patterns) -------------------------------------------------------

/** [81] TriplesSameSubjectPath: appends its triples to `out`. */
export function triplesSameSubjectPath(ctx: TermContext, node: TriplesSameSubjectPathCstNode, out: TriplesItem[]): void {
  const c = node.children;
  const subject: Node = c.varOrTerm
    ? { term: ctx.varOrTerm(c.varOrTerm[0]!), span: spanOf(c.varOrTerm[0]!) }
    : triplesNodePath(ctx, c.triplesNodePath![0]!, out);
  if (c.propertyListPathNotEmpty) propertyListPath(ctx, subject, c.propertyListPathNotEmpty[0]!, out);
}

/** [83] PropertyListPathNotEmpty: verb/object-list pairs (the CST keeps them index-aligned). */
function propertyListPath(ctx: TermContext, subject: Node, node: PropertyListPathNotEmptyCstNode, out: TriplesItem[]): void {
  const { verbPathOrSimple: verbs, objectListPath: lists } = node.children;
  verbs.forEach((verbNode, i) => {
    const verb = verbPathOrSimple(ctx, verbNode);
    for (const objectNode of lists[i]!.children.graphNodePath) {
      const inner: TriplesItem[] = [];
      const object = graphNodePath(ctx, objectNode, inner);
      if ('kind' in verb) {
        if (verb.kind === 'pathLink') out.push(triple(subject, verb.iri, object));
        else out.push({ kind: 'path', subject: subject.term, path: verb, object: object.term, span: spanFrom(subject.span, object.span) });
      } else out.push(triple(subject, verb, object));
      out.push(...inner);
    }
  });
}

/** helper of [83]: a VerbSimple (a variable) or a VerbPath. */
function verbPathOrSimple(ctx: TermContext, node: VerbPathOrSimpleCstNode): PropertyPath | VarOrIri {
  const c = node.children;
  return c.var ? ctx.variable(c.var[0]!) : path(ctx, c.path![0]!);
}

/** [105] GraphNodePath */
function graphNodePath(ctx: TermContext, node: GraphNodePathCstNode, out: TriplesItem[]): Node {
  const c = node.children;
  if (c.varOrTerm) return { term: ctx.varOrTerm(c.varOrTerm[0]!), span: spanOf(c.varOrTerm[0]!) };
  return triplesNodePath(ctx, c.triplesNodePath![0]!, out);
}

/** [100] TriplesNodePath: a collection or `[ … ]`, whose triples go to `out`; returns its node. */
function triplesNodePath(ctx: TermContext, node: TriplesNodePathCstNode, out: TriplesItem[]): Node {
  const c = node.children;
  const span = spanOf(node);
  if (c.propertyListPathNotEmpty) {
    const subject = { term: ctx.freshBlankNode(), span };
    propertyListPath(ctx, subject, c.propertyListPathNotEmpty[0]!, out);
    return subject;
  }
  return collection(ctx, span, c.graphNodePath!, (n, sink) => graphNodePath(ctx, n, sink), out);
}

// ---- triples without paths (templates, data) ---------------------------------------------------

/** [75] TriplesSameSubject: appends its triples to `out`. */
export function triplesSameSubject(ctx: TermContext, node: TriplesSameSubjectCstNode, out: TriplePattern[]): void {
  const c = node.children;
  const subject: Node = c.varOrTerm
    ? { term: ctx.varOrTerm(c.varOrTerm[0]!), span: spanOf(c.varOrTerm[0]!) }
    : triplesNode(ctx, c.triplesNode![0]!, out);
  if (c.propertyListNotEmpty) propertyList(ctx, subject, c.propertyListNotEmpty[0]!, out);
}

/** [77] PropertyListNotEmpty */
function propertyList(ctx: TermContext, subject: Node, node: PropertyListNotEmptyCstNode, out: TriplePattern[]): void {
  const { verb: verbs, objectList: lists } = node.children;
  verbs.forEach((verbNode, i) => {
    const predicate = verb(ctx, verbNode);
    for (const objectNode of lists[i]!.children.graphNode) {
      const inner: TriplePattern[] = [];
      const object = graphNode(ctx, objectNode, inner);
      out.push(triple(subject, predicate, object), ...inner);
    }
  });
}

/** [78] Verb ::= VarOrIri | 'a' */
function verb(ctx: TermContext, node: VerbCstNode): VarOrIri {
  return node.children.a ? ctx.rdfType : ctx.varOrIri(node.children.varOrIri![0]!);
}

/** [104] GraphNode */
function graphNode(ctx: TermContext, node: GraphNodeCstNode, out: TriplePattern[]): Node {
  const c = node.children;
  if (c.varOrTerm) return { term: ctx.varOrTerm(c.varOrTerm[0]!), span: spanOf(c.varOrTerm[0]!) };
  return triplesNode(ctx, c.triplesNode![0]!, out);
}

/** [98] TriplesNode */
function triplesNode(ctx: TermContext, node: TriplesNodeCstNode, out: TriplePattern[]): Node {
  const c = node.children;
  const span = spanOf(node);
  if (c.propertyListNotEmpty) {
    const subject = { term: ctx.freshBlankNode(), span };
    propertyList(ctx, subject, c.propertyListNotEmpty[0]!, out);
    return subject;
  }
  return collection(ctx, span, c.graphNode!, (n, sink) => graphNode(ctx, n, sink), out);
}

/** [102]/[103] Collection: `( e1 e2 … )` → _:l1 rdf:first e1; rdf:rest _:l2 … rdf:rest rdf:nil. */
function collection<N, T extends TriplesItem>(
  ctx: TermContext,
  span: Span,
  elements: N[],
  element: (node: N, out: T[]) => Node,
  out: T[],
): Node {
  const cells: Node[] = elements.map(() => ({ term: ctx.freshBlankNode() as BlankNode, span }));
  elements.forEach((el, i) => {
    const inner: T[] = [];
    const value = element(el, inner);
    const next = cells[i + 1] ?? { term: ctx.rdfNil, span };
    out.push(triple(cells[i]!, rdfFirst, value) as T, ...inner, triple(cells[i]!, rdfRest, next) as T);
  });
  return cells[0]!;
}

// ---- property paths ----------------------------------------------------------------------------

/** [88] Path ::= PathAlternative ([89]); one choice is just that choice. */
export function path(ctx: TermContext, node: PathCstNode): PropertyPath {
  const items = node.children.pathSequence.map((seq) => {
    const steps = seq.children.pathEltOrInverse.map((elt) => pathEltOrInverse(ctx, elt));
    return steps.length === 1 ? steps[0]! : { kind: 'pathSequence' as const, items: steps, span: spanOf(seq) };
  });
  return items.length === 1 ? items[0]! : { kind: 'pathAlternative', items, span: spanOf(node) };
}

/** [92] PathEltOrInverse, [91] PathElt, [93] PathMod: `^` applies to the modified element. */
function pathEltOrInverse(ctx: TermContext, node: PathEltOrInverseCstNode): PropertyPath {
  const c = node.children;
  const span = spanOf(node);
  let p = pathPrimary(ctx, c.pathPrimary[0]!);
  if (c.Question) p = { kind: 'pathZeroOrOne', path: p, span };
  else if (c.Star) p = { kind: 'pathZeroOrMore', path: p, span };
  else if (c.Plus) p = { kind: 'pathOneOrMore', path: p, span };
  if (c.Caret) p = { kind: 'pathInverse', path: p, span };
  return p;
}

/** [94] PathPrimary ::= iri | 'a' | '!' PathNegatedPropertySet | '(' Path ')' */
function pathPrimary(ctx: TermContext, node: PathPrimaryCstNode): PropertyPath {
  const c = node.children;
  const span = spanOf(node);
  if (c.iri) return { kind: 'pathLink', iri: ctx.iri(c.iri[0]!), span };
  if (c.a) return { kind: 'pathLink', iri: ctx.rdfType, span };
  if (c.path) return path(ctx, c.path[0]!);
  return negatedSet(ctx, c.pathNegatedPropertySet![0]!, span);
}

/** [95] PathNegatedPropertySet, [96] PathOneInPropertySet */
function negatedSet(ctx: TermContext, node: PathNegatedPropertySetCstNode, span: Span): PropertyPath {
  const forward: NamedNode[] = [];
  const inverse: NamedNode[] = [];
  for (const one of node.children.pathOneInPropertySet ?? []) {
    const c = one.children;
    const iri = c.a ? ctx.rdfType : ctx.iri(c.iri![0]!);
    (c.Caret ? inverse : forward).push(iri);
  }
  return { kind: 'pathNegated', forward, inverse, span };
}
