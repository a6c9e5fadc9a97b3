/**
 * dictionary.ts — plans over the term dictionary (layout.ts): decoding ids to terms, looking
 * terms up, and inserting quads given as terms (interning their new terms in the same plan).
 *
 * Every use is an ordinary join with rdf_terms that the shared optimizer orders and places
 * (a lookup by id on its primary key, by term on its unique index); nothing in the executor
 * knows about the dictionary.
 */
import * as b from '../algebra/build.js';
import type { Column } from '../algebra/columns.js';
import { call, col, lit, type Expr } from '../algebra/expr.js';
import type { Plan } from '../algebra/logical.js';
import type { LoweringContext, RelationDef } from '../algebra/statement.js';
import type { Value } from '../common/values.js';
import type { SparqlContext, Solutions } from './context.js';
import { DEFAULT_GRAPH_ID, TERMS, TERMS_BY_TERM, type RdfRelations } from './layout.js';

/** What plans over the dictionary allocate columns with (a ColumnAllocator). */
export interface Alloc {
  column(name: string, type: 'any' | 'text' | 'integer' | 'boolean'): Column;
  like(column: Column, name?: string): Column;
}

/** termScan reads the dictionary under fresh columns. */
export function termScan(terms: RelationDef, alloc: Alloc): { plan: Plan; id: Column; term: Column } {
  const id = alloc.column('term_id', 'integer');
  const term = alloc.column('term', 'text');
  return { plan: b.scan(terms, [id, term]), id, term };
}

/**
 * decode joins `plan` with the dictionary on `id` and returns the term's column. `outer`: the
 * id may be null (an unbound variable), which must keep its row with a null term.
 */
export function decode(plan: Plan, id: Column, terms: RelationDef, alloc: Alloc, outer: boolean, name = id.name): { plan: Plan; term: Column } {
  const t = termScan(terms, alloc);
  const term = alloc.like(t.term, name);
  const joined = b.join(outer ? 'left' : 'inner', plan, t.plan, call('eq', [col(id), col(t.id)]));
  return { plan: b.extend(joined, [{ column: term, expr: col(t.term) }]), term };
}

/** lookup is the dictionary row of one term (none when the term is not stored): its id column. */
export function lookup(term: string, terms: RelationDef, alloc: Alloc): { plan: Plan; id: Column } {
  const t = termScan(terms, alloc);
  return { plan: b.project(b.filter(t.plan, call('eq', [col(t.term), lit(term)])), [t.id]), id: t.id };
}

/** encodeQuads maps rows of four term columns to their ids (a row with an unstored term has no quad and is dropped). */
export function encodeQuads(rows: Plan, terms: RelationDef, alloc: Alloc): Plan {
  let plan = rows;
  const ids: Column[] = [];
  rows.schema.forEach((c, i) => {
    if (i > 3) return;
    const t = termScan(terms, alloc);
    plan = b.join('inner', plan, t.plan, call('eq', [col(c), col(t.term)]));
    ids.push(t.id);
  });
  return b.project(plan, ids);
}

let materialized = 0;

/** materialize is a Fixpoint without a step (bag semantics, depth 0): `rows` computed once, read by `body` through `read()` as often as it likes. */
function materialize(rows: Plan, alloc: Alloc, name: string, body: (read: () => Plan) => Plan): Plan {
  const cols = rows.schema.map((c) => alloc.like(c));
  const relation = b.recursiveRelation(alloc.column(name, 'any').id, `${name}${++materialized}`, cols);
  const read = () => b.recursiveScan(relation, false, cols.map((c) => alloc.like(c)));
  return b.fixpoint([{ relation, init: rows, step: b.empty(cols.map((c) => alloc.like(c))) }], body(read), 'bag', 0);
}

/**
 * insertQuads is the plan inserting `rows` (four term columns: s, p, o, g; '' is the default
 * graph) into the quads relation, interning the terms not yet in the dictionary first.
 *
 * Each distinct term of the rows is looked up in the dictionary once, not once per position
 * of every quad (a batch of 10,000 quads has some 6,000 distinct terms among its 40,000): the
 * rows R, their distinct terms D and the table T of those terms with ids are materialized
 * (Fixpoints without a step: R may hold fresh blank nodes or UUIDs, D is read twice, and T
 * holds the ids the dictionary Write assigns),
 * and the quads are R joined with T on each position:
 *
 *   Write(insert quads, Fixpoint(R := rows,
 *     Fixpoint(D := Distinct(the terms of R),
 *       Fixpoint(T := Union(D ⋈ dictionary,                       -- the stored terms, with their ids
 *                           Write(insert terms, D ▷ dictionary)), -- the new ones, with the ids assigned
 *         Project(R ⋈ T on s ⋈ T on p ⋈ T on o ⋈ T on g)))))
 *
 * T relies on a documented executor contract: a Union opens each input only after the previous
 * one is exhausted, so the stored terms are read before the Write adds the new ones (which
 * then come only from the Write's output, never twice). A row with a null term has no quad.
 */
export function insertQuads(rel: RdfRelations, rows: Plan, alloc: Alloc): Plan {
  const plan = materialize(rows, alloc, 'rdf_rows', (readRows) => {
    const term = alloc.column('term', 'text');
    // The distinct terms of the rows (the default graph '' among them when a row is in it).
    const each = [0, 1, 2, 3].map((i) => {
      const r = readRows();
      const t = alloc.like(term);
      return b.project(b.extend(r, [{ column: t, expr: col(r.schema[i]) }]), [t]);
    });
    return materialize(b.distinct(b.union([term], each)), alloc, 'rdf_batch_terms', (readTerms) => quadIds(rel, alloc, readRows, readTerms));
  });
  return b.write('insert', rel.quads, plan, [], 'ignore');
}

/** quadIds is the ids of the rows' quads: T, the terms with their ids (stored, or interned now), joined with the rows on each position. */
function quadIds(rel: RdfRelations, alloc: Alloc, readRows: () => Plan, readTerms: () => Plan): Plan {
  const ids = termIds(rel, alloc, readTerms, (t) => t.schema[0]);
  return materialize(ids, alloc, 'rdf_ids', (readIds) => quadsOf(readRows(), readIds));
}

/**
 * termIds is the rows (key, id) of the terms `readTerms` yields (a term column first; it is
 * read twice): the stored ones with their dictionary ids, then the new ones interned (the
 * default graph with its fixed id, the others with an id the Write assigns). `key` picks the
 * column of a term row the ids are keyed by (the term itself, or its place in a batch).
 *
 * Each term is looked up in the dictionary once: the stored terms S (key, id) are materialized
 * and read twice, as the answer's first part and to find the missing terms (the term rows
 * whose key S lacks), so no term is probed a second time to learn that it is absent.
 *
 *   Fixpoint(S := Project(terms ⋈ dictionary),
 *     Union(S, Write(insert terms, (terms ▷ S) without the default graph ∪ the default graph if new)))
 *
 * The Union relies on a documented executor contract: it opens each input only after the
 * previous one is exhausted, so the stored terms are read before the Write adds the new ones
 * (which then come only from the Write's output, never twice).
 */
function termIds(rel: RdfRelations, alloc: Alloc, readTerms: () => Plan, key: (terms: Plan) => Column): Plan {
  const all = readTerms();
  const t = termScan(rel.terms, alloc);
  const stored = b.project(b.join('inner', all, t.plan, call('eq', [col(all.schema[0]), col(t.term)])), [key(all), t.id]);
  return materialize(stored, alloc, 'rdf_stored_terms', (readStored) => {
    const term = alloc.column('term', 'text');
    const id = alloc.column('id', 'integer');
    const terms = readTerms();
    const found = readStored();
    const missing = b.join('anti', terms, found, call('eq', [col(key(terms)), col(found.schema[0])]));
    const missingTerm = terms.schema[0];
    const empty = alloc.like(term);
    const other = b.join('anti', missing, b.values([empty], [[lit('')]]), call('eq', [col(missingTerm), col(empty)]));
    const fresh = b.project(b.extend(other, [{ column: id, expr: lit(null) }]), [id, missingTerm]);
    const graphId = alloc.like(id);
    const graphTerm = alloc.like(term);
    const graphs = b.values([graphId, graphTerm], [[lit(DEFAULT_GRAPH_ID), lit('')]]);
    const dictionary = termScan(rel.terms, alloc);
    const defaultGraph = b.join('anti', graphs, dictionary.plan, call('eq', [col(graphTerm), col(dictionary.term)]));
    const written = [alloc.like(id), alloc.like(term)];
    const interned = b.write('insert', rel.terms, b.union(written, [defaultGraph, fresh]), [], 'ignore');
    let internedKeyed: Plan;
    let internedKey: Column;
    if (key(terms).id === missingTerm.id) {
      internedKeyed = interned;
      internedKey = written[1];
    } else {
      // Keyed by another column of the term rows: the interned terms joined back to their rows.
      const again = readTerms();
      internedKeyed = b.join('inner', interned, again, call('eq', [col(written[1]), col(again.schema[0])]));
      internedKey = key(again);
    }
    const storedAgain = readStored();
    const out = [alloc.like(storedAgain.schema[0]), alloc.like(id)];
    return b.union(out, [storedAgain, b.project(internedKeyed, [internedKey, written[0]])]);
  });
}

/** quadsOf joins quad rows (four key columns first) with (key, id) rows read by `readIds` once per position: the four ids. */
function quadsOf(rows: Plan, readIds: () => Plan): Plan {
  const inputs: Plan[] = [rows];
  const conditions: Expr[] = [];
  const out: Column[] = [];
  rows.schema.forEach((c, i) => {
    if (i > 3) return;
    const t = readIds();
    inputs.push(t);
    conditions.push(call('eq', [col(c), col(t.schema[0])]));
    out.push(t.schema[1]);
  });
  return b.project(b.multiJoin(inputs, conditions), out);
}

/**
 * A batch of quads given as terms: each distinct term once, and the quads as 1-based places in
 * that list, in four columns (quad k is s[k], p[k], o[k], g[k]): four arrays of small integers
 * instead of an array per quad, which lived from the parse to the batch's insert (591k arrays,
 * 47 MB, copied by each scavenge they survived).
 */
export interface TermBatch {
  readonly terms: readonly string[];
  readonly places: readonly [s: readonly number[], p: readonly number[], o: readonly number[], g: readonly number[]];
}

/**
 * TermBatchBuilder numbers the distinct terms of quads (s, p, o, g as encoded terms) as they
 * come and keeps each quad as four places. A batch of 10,000 quads names some 4,000
 * distinct terms: the plan then looks each up once and joins on small integers, and the
 * optimizer sees exactly how many terms it looks up (a distinct over the rows' terms was
 * estimated at all 40,000 positions, which made hashing the whole dictionary look cheaper
 * than probing it). A quad repeated in the batch is kept twice: the insert ignores a row whose
 * key it already holds, its own earlier rows included, so finding repeats here too cost a map
 * of every quad for nothing (3% of a load).
 */
export class TermBatchBuilder {
  private terms: string[] = [];
  private places = new Map<string, number>();
  private columns: [number[], number[], number[], number[]] = [[], [], [], []];

  /** size is the number of quads added so far. */
  get size(): number {
    return this.columns[0].length;
  }

  /** place is the 1-based place of a term, numbering it when new. */
  place(term: string): number {
    let n = this.places.get(term);
    if (n === undefined) {
      this.terms.push(term);
      this.places.set(term, (n = this.terms.length));
    }
    return n;
  }

  /**
   * add numbers a term its caller has not numbered before, without looking it up (load.ts's
   * QuadBatch keeps its own map by the parser's term). Should two calls add one term, the batch
   * lists it twice: the plan gives both places its id (the dictionary Write keeps one copy).
   */
  add(term: string): number {
    this.terms.push(term);
    return this.terms.length;
  }

  /** addPlaces adds the quad of four places (from place() or add()). */
  addPlaces(s: number, p: number, o: number, g: number): void {
    const c = this.columns;
    c[0].push(s);
    c[1].push(p);
    c[2].push(o);
    c[3].push(g);
  }

  /** take returns the batch built so far and starts an empty one. */
  take(): TermBatch {
    const batch: TermBatch = { terms: this.terms, places: this.columns };
    this.terms = [];
    this.places = new Map();
    this.columns = [[], [], [], []];
    return batch;
  }
}

/**
 * insertBatch is the plan inserting a batch of quads given as terms (termBatch), interning its
 * new terms: the batch's terms T are an unnested literal list read where needed, their ids
 * (termIds, keyed by place) are gathered into one list I at their places (sparql.list_at),
 * and each quad reads its four ids from I: quad k is the k-th element of the subjects' places S
 * (an unnested literal list, its ordinality k 1-based) and the k-th of the places P, O, G:
 *
 *   Write(insert quads, Project(s := I[S[k]], p := I[P[k]], o := I[O[k]], g := I[G[k]],
 *     (Unnest S with ordinality k) × Aggregate(I := list_at(place, id)) over termIds(T keyed by place)))
 *
 * Joining the quads with the ids once per position (four hash joins, each building a table of
 * every term and a row per quad) was a fifth of a load; a place is a small integer, and the
 * list is the table it indexes.
 */
export function insertBatch(rel: RdfRelations, batch: TermBatch, alloc: Alloc): Plan {
  const readTerms = () => {
    const list = alloc.column('terms', 'any');
    const element = alloc.column('term', 'any');
    const place = alloc.column('place', 'integer');
    const term = alloc.column('term', 'text');
    const unnested = b.unnest(b.values([list], [[lit(batch.terms as Value, 'any')]]), col(list), element, place, false);
    return b.project(b.extend(unnested, [{ column: term, expr: col(element) }]), [term, place]);
  };
  const termIdRows = termIds(rel, alloc, readTerms, (t) => t.schema[1]);
  const idList = alloc.column('ids', 'any');
  const byPlace = b.aggregate(termIdRows, [], [{ column: idList, fn: 'sparql.list_at', args: [col(termIdRows.schema[0]), col(termIdRows.schema[1])], distinct: false, filter: null }]);
  const lists = ['s', 'p', 'o', 'g'].map((n) => alloc.column(`${n}_places`, 'any'));
  const subject = alloc.column('s_place', 'any');
  const k = alloc.column('quad', 'integer');
  // The subjects' places unnested straight from their literal, which the optimizer counts exactly.
  const values = b.values(lists, [batch.places.map((places) => lit(places as Value, 'any'))]);
  // The one row of the lists joined with the one row of I first, then unnested: each quad's row
  // comes out of the Unnest whole (a join after it made a second row per quad).
  const both = b.unnest(b.join('inner', values, byPlace, null), col(lists[0]), subject, k, false);
  const placeOf = (i: number) => (i === 0 ? col(subject) : call('sparql.list_item', [col(lists[i]), col(k), lit(-1)]));
  const ids = ['s', 'p', 'o', 'g'].map((n, i) => ({ column: alloc.column(n, 'integer'), expr: call('sparql.list_item', [col(idList), placeOf(i)]) }));
  return b.write('insert', rel.quads, b.project(b.extend(both, ids), ids.map((x) => x.column)), [], 'ignore');
}

/**
 * decodeVars replaces the id columns of the named variables (all when `names` is omitted) by
 * their terms. A variable that may be unbound is decoded through a left join.
 */
export function decodeVars(ctx: SparqlContext, sol: Solutions, names?: Iterable<string>): Solutions {
  const want = names === undefined ? [...sol.ids] : [...new Set(names)].filter((n) => sol.ids.has(n));
  if (want.length === 0) return sol;
  const terms = ctx.terms as RelationDef;
  let plan = sol.plan;
  const vars = new Map(sol.vars);
  const ids = new Set(sol.ids);
  for (const name of want) {
    ids.delete(name);
    const id = vars.get(name);
    if (!id) continue;
    const d = decode(plan, id, terms, ctx.alloc, sol.maybe.has(name), name);
    plan = d.plan;
    vars.set(name, d.term);
  }
  return { plan, vars, maybe: sol.maybe, ids };
}

/**
 * termInput is a dictionary scan whose terms satisfy `test`, as an input of a join on its id
 * (a constant of a pattern: `test` is equality, an index lookup on the term).
 */
export function termInput(ctx: SparqlContext, test: (term: Expr) => Expr): { plan: Plan; id: Column } {
  const t = termScan(ctx.terms as RelationDef, ctx.alloc);
  return { plan: b.project(b.filter(t.plan, test(col(t.term))), [t.id]), id: t.id };
}

/** constantInput is the dictionary row of one term (none when the term is not stored). */
export function constantInput(ctx: SparqlContext, term: string): { plan: Plan; id: Column } {
  return termInput(ctx, (t) => call('eq', [t, lit(term)]));
}

/**
 * committedIds looks terms up in the dictionary as last committed (memoized per lowering).
 * Folding such an id into a plan is safe even for a plan cached across transactions: a
 * committed term is never removed and its id never given to another term, and a snapshot older
 * than the term holds no quad with its id either. A term only this transaction has interned
 * is not found (its id would be reused if the transaction rolled back): it is looked up at run
 * time instead, like a term the dictionary does not hold.
 */
export function committedIds(lctx: LoweringContext): ((term: string) => number | undefined) | undefined {
  const read = lctx.committed;
  if (read === undefined) return undefined;
  const known = new Map<string, number | undefined>();
  return (term) => {
    if (known.has(term)) return known.get(term);
    const row = read(TERMS, TERMS_BY_TERM, [term])[0];
    const id = row !== undefined && typeof row[0] === 'number' ? row[0] : undefined;
    known.set(term, id);
    return id;
  };
}

/**
 * Constants keeps one dictionary lookup per distinct constant of a join: every position holding
 * the term joins on that one id, so patterns sharing a constant are connected through it. A
 * term with a committed id (committedIds) is that id instead: an equality with a number on the
 * quads' column, which the optimizer estimates from that value's count and turns into an index
 * range, where a joined lookup's id is unknown until run time (estimated as an average value).
 */
export class Constants {
  private readonly lookups: { term: string; plan: Plan; id: Column; out: Column }[] = [];
  constructor(private readonly ctx: SparqlContext) {}

  /** id is the term's id: a literal when committed, else the column holding it (in the row of `inputs`). */
  id(term: string): Expr {
    const committed = this.ctx.committedId?.(term);
    if (committed !== undefined) return lit(committed);
    let found = this.lookups.find((l) => l.term === term);
    if (!found) {
      const t = constantInput(this.ctx, term);
      found = { term, ...t, out: this.ctx.alloc.like(t.id, 'const') };
      this.lookups.push(found);
    }
    return col(found.out);
  }

  /**
   * inputs is the lookups as one input: the row of every constant's id (none when a constant is
   * not stored: nothing can match). As one input of the BGP's MultiJoin it is joined first (one
   * row) and every pattern's index probe can use all of its constants at once; separate
   * one-row inputs would be joined late, the join orderer not forming cross products.
   */
  get inputs(): Plan[] {
    if (this.lookups.length === 0) return [];
    const row = this.lookups.length === 1 ? this.lookups[0].plan : b.multiJoin(this.lookups.map((l) => l.plan), []);
    const renamed = b.extend(row, this.lookups.map((l) => ({ column: l.out, expr: col(l.id) })));
    return [b.project(renamed, this.lookups.map((l) => l.out))];
  }
}

/** flatJoin is a MultiJoin of the inputs, the inputs that are MultiJoins themselves merged in. */
export function flatJoin(inputs: readonly Plan[], conditions: readonly Expr[]): Plan {
  const all: Plan[] = [];
  const conds: Expr[] = [...conditions];
  for (const p of inputs) {
    if (p.kind === 'multijoin') {
      all.push(...p.inputs);
      conds.push(...p.conditions);
    } else all.push(p);
  }
  return b.multiJoin(all, conds);
}
