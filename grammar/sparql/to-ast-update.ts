/**
 * to-ast-update.ts — CST → AST for SPARQL 1.1 Update: [29] Update (a request: operations
 * separated by ';', each after its own prologue), [30]–[47] the operations and [48]–[52] quads.
 * https://www.w3.org/TR/sparql11-update/#grammar
 */
import { DataFactory } from 'n3';
import type {
  GraphOrDefault, GraphTarget, QuadPattern, TriplePattern, UpdateOperation, VarOrIri,
} from './ast.js';
import type {
  GraphOrDefaultCstNode, GraphRefAllCstNode, QuadsCstNode, QuadsNotTriplesCstNode, TriplesTemplateCstNode, Update1CstNode,
  UpdateOperationsCstNode,
} from './cst.js';
import { inOrder, spanOf } from './cst-util.js';
import type { TermContext } from './terms.js';
import { groupGraphPattern } from './to-ast-patterns.js';
import { datasetClause, prologue } from './to-ast-query.js';
import { triplesSameSubject } from './to-ast-triples.js';

/** [29] Update after its first prologue: operations in order, applying later prologues as met. */
export function updateOperations(ctx: TermContext, node: UpdateOperationsCstNode | undefined): UpdateOperation[] {
  const out: UpdateOperation[] = [];
  let next = node;
  while (next) {
    out.push(update1(ctx, next.children.update1[0]!));
    const rest = next.children.update?.[0];
    if (!rest) break;
    prologue(ctx, rest.children.prologue[0]!);
    next = rest.children.updateOperations?.[0];
  }
  return out;
}

/** [30] Update1 */
function update1(ctx: TermContext, node: Update1CstNode): UpdateOperation {
  const c = node.children;
  if (c.load) {
    const l = c.load[0]!.children;
    return {
      kind: 'load',
      silent: l.SILENT !== undefined,
      source: ctx.iri(l.iri[0]!),
      destination: l.graphRef ? ctx.iri(l.graphRef[0]!.children.iri[0]!) : null,
      span: spanOf(c.load[0]!),
    };
  }
  const clearOrDrop = c.clear ?? c.drop;
  if (clearOrDrop) {
    const op = clearOrDrop[0]!;
    return {
      kind: c.clear ? 'clear' : 'drop',
      silent: op.children.SILENT !== undefined,
      target: graphRefAll(ctx, op.children.graphRefAll[0]!),
      span: spanOf(op),
    };
  }
  if (c.create) {
    const cr = c.create[0]!.children;
    return { kind: 'create', silent: cr.SILENT !== undefined, graph: ctx.iri(cr.graphRef[0]!.children.iri[0]!), span: spanOf(c.create[0]!) };
  }
  const transfer = c.add ?? c.move ?? c.copy;
  if (transfer) {
    const t = transfer[0]!.children;
    return {
      kind: c.add ? 'add' : c.move ? 'move' : 'copy',
      silent: t.SILENT !== undefined,
      source: graphOrDefault(ctx, t.graphOrDefault[0]!),
      destination: graphOrDefault(ctx, t.graphOrDefault[1]!),
      span: spanOf(transfer[0]!),
    };
  }
  if (c.insertData) return { kind: 'insertData', quads: quads(ctx, c.insertData[0]!.children.quads[0]!), span: spanOf(c.insertData[0]!) };
  if (c.deleteData) return { kind: 'deleteData', quads: quads(ctx, c.deleteData[0]!.children.quads[0]!), span: spanOf(c.deleteData[0]!) };
  if (c.deleteWhere) {
    const d = c.deleteWhere[0]!;
    return { kind: 'deleteWhere', quads: quads(ctx, d.children.quadPattern[0]!.children.quads[0]!), span: spanOf(d) };
  }
  // [41] Modify ::= ( 'WITH' iri )? ( DeleteClause InsertClause? | InsertClause ) UsingClause* 'WHERE' GroupGraphPattern
  const m = c.modify![0]!;
  const mc = m.children;
  return {
    kind: 'modify',
    with: mc.iri ? ctx.iri(mc.iri[0]!) : null,
    delete: mc.deleteClause ? quads(ctx, mc.deleteClause[0]!.children.quadPattern[0]!.children.quads[0]!) : [],
    insert: mc.insertClause ? quads(ctx, mc.insertClause[0]!.children.quadPattern[0]!.children.quads[0]!) : [],
    using: (mc.usingClause ?? []).map((u) => datasetClause(ctx, u)),
    where: groupGraphPattern(ctx, mc.groupGraphPattern[0]!),
    span: spanOf(m),
  };
}

/** [47] GraphRefAll ::= GraphRef | 'DEFAULT' | 'NAMED' | 'ALL' */
function graphRefAll(ctx: TermContext, node: GraphRefAllCstNode): GraphTarget {
  const c = node.children;
  if (c.graphRef) return { kind: 'graph', iri: ctx.iri(c.graphRef[0]!.children.iri[0]!) };
  if (c.DEFAULT) return { kind: 'default' };
  if (c.NAMED) return { kind: 'named' };
  return { kind: 'all' };
}

/** [45] GraphOrDefault ::= 'DEFAULT' | 'GRAPH'? iri */
function graphOrDefault(ctx: TermContext, node: GraphOrDefaultCstNode): GraphOrDefault {
  const c = node.children;
  return c.DEFAULT ? { kind: 'default' } : { kind: 'graph', iri: ctx.iri(c.iri![0]!) };
}

/** [50] Quads ::= TriplesTemplate? ( QuadsNotTriples '.'? TriplesTemplate? )*, flattened to quads. */
function quads(ctx: TermContext, node: QuadsCstNode): QuadPattern[] {
  const c = node.children;
  const out: QuadPattern[] = [];
  const add = (template: TriplesTemplateCstNode | undefined, graph: VarOrIri | ReturnType<typeof DataFactory.defaultGraph>) => {
    const triples: TriplePattern[] = [];
    for (const t of template?.children.triplesSameSubject ?? []) triplesSameSubject(ctx, t, triples);
    for (const t of triples) out.push({ kind: 'quad', subject: t.subject, predicate: t.predicate, object: t.object, graph, span: t.span });
  };
  for (const part of inOrder<TriplesTemplateCstNode | QuadsNotTriplesCstNode>(c.triplesTemplate, c.quadsNotTriples)) {
    if (part.name === 'triplesTemplate') add(part, DataFactory.defaultGraph());
    else add(part.children.triplesTemplate?.[0], ctx.varOrIri(part.children.varOrIri[0]!)); // [51] QuadsNotTriples
  }
  return out;
}
