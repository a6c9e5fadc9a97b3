/**
 * update.ts — SPARQL 1.1 Update (https://www.w3.org/TR/sparql11-update/) as statements of the
 * shared pipeline.
 *
 * A request becomes a list of steps (updateSteps), each lowered when its turn comes to one
 * Statement: a schema statement creating the quads relation on first use, or a plan ending in
 * a Write on `rdf_quads`. The engine runs all steps of one request in one transaction
 * (Session.runAtomically), so a failing operation leaves nothing of the request behind.
 *
 *   INSERT DATA / DELETE DATA   Write(insert | delete, Values(quads))
 *   DELETE WHERE                Write(delete, template rows over the pattern's solutions)
 *   DELETE/INSERT … WHERE       see lowerModify: both templates read the dataset as it was
 *                               before the operation, then deletes, then inserts
 *   CLEAR / DROP                Write(delete, Filter(Scan, graph condition))
 *   ADD / COPY / MOVE           CLEAR of the destination (COPY, MOVE), Write(insert, the source
 *                               graph's quads renamed), CLEAR of the source (MOVE)
 *   CREATE                      nothing: graphs exist while they hold quads (the store does not
 *                               record empty graphs, which §3.2.1 allows)
 *   LOAD <file:…>               the file parsed with n3 (load.ts), Write(insert, Values(quads));
 *                               other schemes are an error unless SILENT
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as b from '../algebra/build.js';
import { ColumnAllocator } from '../algebra/columns.js';
import { call, col, lit, type Expr } from '../algebra/expr.js';
import { encodeBlank, encodeIri } from '../algebra/functions/sparql-terms.js';
import type { Plan } from '../algebra/logical.js';
import type { Column } from '../algebra/columns.js';
import type { LoweringContext, RelationDef, Statement } from '../algebra/statement.js';
import { PolyglotError, RuntimeError, UnsupportedError } from '../common/errors.js';
import type * as ast from '../../grammar/sparql/ast.js';
import type { Dataset, SparqlContext } from './context.js';
import { constantInput, decode, encodeQuads, insertQuads, termInput } from './dictionary.js';
import { DEFAULT_GRAPH_ID, ensureQuads, G, quadRows, rdfRelations, type RdfRelations } from './layout.js';
import { formatOf, parseRdf } from './load.js';
import { lowerGroupPattern } from './patterns.js';
import { groupOf, instantiate, quadColumns } from './templates.js';
import { toValue } from './terms.js';

/** One statement's worth of an update request. */
export type UpdateAction =
  | { kind: 'ensure' }
  | { kind: 'insertData'; op: ast.InsertDataOperation; salt: string }
  | { kind: 'deleteData'; op: ast.DeleteDataOperation }
  | { kind: 'deleteWhere'; op: ast.DeleteWhereOperation }
  | { kind: 'modify'; op: ast.ModifyOperation; salt: string }
  | { kind: 'clear'; target: ast.GraphTarget }
  | { kind: 'transfer'; from: string; to: string }
  | { kind: 'load'; op: ast.LoadOperation };

export interface UpdateStep {
  kind: 'update';
  action: UpdateAction;
  /** the request's base IRI (IRI() in a WHERE clause resolves against it) */
  base: string | null;
  /** how many operations the whole request has */
  operations: number;
}

let salts = 0;
/** A label prefix no other operation's blank nodes share (fresh blank nodes per operation). */
function freshSalt(): string {
  return `u${(++salts).toString(36)}${Math.floor(Math.random() * 36 ** 5).toString(36)}_`;
}

const graphValue = (g: ast.GraphOrDefault): string => (g.kind === 'default' ? '' : encodeIri(g.iri.value));

/** updateSteps lists the steps of a request in order (the first creates the quads relation if needed). */
export function updateSteps(request: ast.SparqlUpdate): UpdateStep[] {
  const actions: UpdateAction[] = [{ kind: 'ensure' }];
  for (const op of request.operations) {
    switch (op.kind) {
      case 'insertData':
      case 'modify':
        actions.push({ kind: op.kind, op, salt: freshSalt() } as UpdateAction);
        break;
      case 'deleteData':
        actions.push({ kind: 'deleteData', op });
        break;
      case 'deleteWhere':
        actions.push({ kind: 'deleteWhere', op });
        break;
      case 'clear':
      case 'drop':
        actions.push({ kind: 'clear', target: op.target });
        break;
      case 'create':
        break;
      case 'add':
      case 'copy':
      case 'move': {
        const from = graphValue(op.source);
        const to = graphValue(op.destination);
        if (from === to) break; // §3.2.5–3.2.7: a graph onto itself changes nothing
        if (op.kind !== 'add') actions.push({ kind: 'clear', target: op.destination });
        actions.push({ kind: 'transfer', from, to });
        if (op.kind === 'move') actions.push({ kind: 'clear', target: op.source });
        break;
      }
      case 'load':
        actions.push({ kind: 'load', op });
        break;
    }
  }
  return actions.map((action) => ({ kind: 'update', action, base: request.base, operations: request.operations.length }));
}

/** lowerUpdateStep lowers one step against the catalog as the previous steps left it. */
export function lowerUpdateStep(step: UpdateStep, lctx: LoweringContext): Statement {
  const alloc = new ColumnAllocator();
  const rel = rdfRelations(lctx.catalog);
  const { action } = step;
  if (action.kind === 'ensure') return rel ? writes(alloc, b.empty([])) : ensureQuads();
  if (!rel) throw new Error('SPARQL update: the quads relation was not created');
  const ctx = (dataset: Dataset): SparqlContext => ({ alloc, quads: rel.quads, terms: rel.terms, base: step.base, dataset, graph: { kind: 'default' }, outer: null });
  const whole: Dataset = { defaultGraphs: null, namedGraphs: null };
  const remove = (rows: Plan) => b.write('delete', rel.quads, encodeQuads(rows, rel.terms, alloc), [0, 1, 2, 3]);
  switch (action.kind) {
    case 'insertData':
      return writes(alloc, insertQuads(rel, quadValues(ctx(whole), action.op.quads, action.salt), alloc));
    case 'deleteData':
      return writes(alloc, remove(quadValues(ctx(whole), action.op.quads, '')));
    case 'deleteWhere': {
      const c = ctx(whole);
      const sol = lowerGroupPattern(groupOf(action.op.quads, action.op.span), c);
      return writes(alloc, remove(instantiate(action.op.quads, sol, { defaultGraph: '', salt: '' }, c)));
    }
    case 'modify':
      return writes(alloc, lowerModify(action.op, action.salt, rel, ctx));
    case 'clear':
      return writes(alloc, clearGraphs(ctx(whole), rel.quads, action.target));
    case 'transfer': {
      // The source graph's quads as terms, renamed into the destination (whose name may be new to the dictionary).
      const c = ctx(whole);
      const cols = quadColumns(c);
      let source: Plan = b.scan(rel.quads, cols);
      source = action.from === '' ? b.filter(source, call('eq', [col(cols[G]), lit(DEFAULT_GRAPH_ID)])) : graphIs(c, source, cols[G], action.from);
      const terms: Column[] = [];
      for (const id of cols.slice(0, 3)) {
        const d = decode(source, id, rel.terms, alloc, false);
        source = d.plan;
        terms.push(d.term);
      }
      const renamed = c.alloc.column('g', 'text');
      const rows = b.project(b.extend(source, [{ column: renamed, expr: lit(action.to) }]), [...terms, renamed]);
      return writes(alloc, insertQuads(rel, rows, alloc));
    }
    case 'load':
      return writes(alloc, insertQuads(rel, loadValues(ctx(whole), action.op), alloc));
  }
}

/** graphIs keeps the rows whose graph id is the named graph's (none when the dictionary lacks its name). */
function graphIs(ctx: SparqlContext, plan: Plan, g: Column, name: string): Plan {
  const t = constantInput(ctx, name);
  return b.project(b.multiJoin([plan, t.plan], [call('eq', [col(g), col(t.id)])]), plan.schema);
}

function writes(alloc: ColumnAllocator, plan: Plan): Statement {
  return { kind: 'query', plan, alloc, columns: [], returnsRows: false, explain: null };
}

/** quadValues is an inline table of ground quads; blank nodes are renamed into the operation's own. */
function quadValues(ctx: SparqlContext, quads: readonly ast.QuadPattern[], salt: string): Plan {
  const rows = quads.map((q) =>
    [q.subject, q.predicate, q.object, q.graph].map((t) => lit(t.termType === 'BlankNode' ? encodeBlank(`${salt}${t.value}`) : toValue(t as Parameters<typeof toValue>[0]))),
  );
  return b.values(quadColumns(ctx), rows);
}

/**
 * lowerModify: DELETE { D } INSERT { I } WHERE { P } (§3.1.3). WITH names the graph of template
 * quads outside GRAPH and the default graph of P unless USING gives P's dataset.
 *
 * With both templates, every row of D and I must be computed from the dataset as it was before
 * the operation, then D deleted, then I inserted (a quad in both ends up present). One plan does
 * this with two documented executor contracts — a Write reads its whole input before its first
 * write, and a Union opens each input only after the previous one is exhausted:
 *
 *   Write(insert, Project(Filter(Union(I ++ mark 'i', Write(delete, D) ++ mark s), mark = 'i')))
 *
 * The union reads I first, then the inner Write reads D and deletes; only then does the outer
 * Write insert. The deleted rows' mark is their subject (never the string 'i', and not a
 * constant the optimizer could fold into an empty branch, which would drop the delete).
 */
function lowerModify(op: ast.ModifyOperation, salt: string, rel: RdfRelations, ctx: (d: Dataset) => SparqlContext): Plan {
  const withGraph = op.with ? encodeIri(op.with.value) : null;
  const dataset: Dataset = op.using.length
    ? { defaultGraphs: op.using.filter((u) => !u.named).map((u) => toValue(u.iri)), namedGraphs: op.using.filter((u) => u.named).map((u) => toValue(u.iri)) }
    : { defaultGraphs: withGraph === null ? null : [withGraph], namedGraphs: null };
  const c = ctx(dataset);
  const sol = lowerGroupPattern(op.where, c);
  const target = { defaultGraph: withGraph ?? '', salt };
  const del = op.delete.length ? instantiate(op.delete, sol, target, c) : null;
  const ins = op.insert.length ? instantiate(op.insert, sol, target, c) : null;
  const remove = (rows: Plan) => b.write('delete', rel.quads, encodeQuads(rows, rel.terms, c.alloc), [0, 1, 2, 3]);
  if (!ins) return remove(del ?? b.empty(quadColumns(c)));
  if (!del) return insertQuads(rel, ins, c.alloc);
  const mark = (plan: Plan, expr: Expr): Plan => {
    const m = c.alloc.column('mark', 'text');
    return b.project(b.extend(plan, [{ column: m, expr }]), [...plan.schema, m]);
  };
  const deleted = remove(del);
  // The deleted rows are ids, the inserted ones terms: the union's columns take either.
  const out = ['s', 'p', 'o', 'g', 'mark'].map((n) => c.alloc.column(n, 'any'));
  const both = b.union(out, [mark(ins, lit('i')), mark(deleted, col(deleted.schema[0]))]);
  return insertQuads(rel, b.project(b.filter(both, call('eq', [col(out[4]), lit('i')])), out.slice(0, 4)), c.alloc);
}

/** clearGraphs deletes every quad of the target graphs (CLEAR, DROP, and the destination of COPY/MOVE). */
function clearGraphs(ctx: SparqlContext, rel: RelationDef, target: ast.GraphTarget): Plan {
  const cols = ['s', 'p', 'o', 'g'].map((n) => ctx.alloc.column(n, 'integer'));
  const scan = b.scan(rel, cols);
  const g = cols[G];
  const rows: Record<ast.GraphTarget['kind'], () => Plan> = {
    graph: () => graphIs(ctx, scan, g, encodeIri((target as { iri: ast.NamedNode }).iri.value)),
    default: () => b.filter(scan, call('eq', [col(g), lit(DEFAULT_GRAPH_ID)])),
    named: () => {
      const iris = termInput(ctx, (t) => call('sparql.is_iri', [t]));
      return b.project(b.multiJoin([scan, iris.plan], [call('eq', [col(g), col(iris.id)])]), cols);
    },
    all: () => scan,
  };
  return b.write('delete', rel, rows[target.kind](), [0, 1, 2, 3]);
}

/** loadValues reads a LOAD's local file into an inline table of quads (§3.1.4). */
function loadValues(ctx: SparqlContext, op: ast.LoadOperation): Plan {
  const cols = quadColumns(ctx);
  const iri = op.source.value;
  const graph = op.destination ? encodeIri(op.destination.value) : '';
  let text: string;
  try {
    if (!iri.startsWith('file:')) throw new UnsupportedError(`LOAD <${iri}>: only local files (file: IRIs) can be loaded`, op.span.start);
    text = readFileSync(fileURLToPath(iri), 'utf8');
  } catch (e) {
    if (op.silent) return b.empty(cols);
    if (e instanceof PolyglotError) throw e;
    throw new RuntimeError(`LOAD <${iri}>: ${(e as Error).message}`, op.span.start);
  }
  let quads;
  try {
    quads = parseRdf(text, { format: formatOf(iri), baseIRI: iri });
  } catch (e) {
    if (op.silent) return b.empty(cols);
    throw e;
  }
  const rows = quads.map((q) => [toValue(q.subject), toValue(q.predicate), toValue(q.object), q.graph.termType === 'DefaultGraph' ? graph : toValue(q.graph)]);
  return quadRows(cols, rows, ctx.alloc);
}
