/**
 * checks.ts — the static rules of SPARQL 1.1 that the EBNF does not express but the spec makes
 * syntax errors (the W3C negative syntax tests check them). Runs on the AST, last stage of
 * grammar/sparql; each violation is a ParseError at the offending node.
 *
 * Query (sparql11-query):
 *  - §18.2.1 / §19.8: in SELECT, `(expr AS ?v)` needs ?v not in scope in the WHERE pattern and
 *    not projected elsewhere in the same SELECT.
 *  - §18.2.1: BIND(expr AS ?v) needs ?v not in scope in its group before the BIND.
 *  - §11.4 / §18.2.4.1: in an aggregate query (GROUP BY, or an aggregate in SELECT, HAVING or
 *    ORDER BY) no `SELECT *`, and every projected variable outside an aggregate must be a GROUP
 *    BY variable (or an earlier `AS` alias of the same SELECT).
 *  - §18.5: aggregates only in SELECT expressions, HAVING and ORDER BY, and not nested.
 *  - §4.1.4: a blank node label may not be used in two basic graph patterns. A basic graph
 *    pattern here is a run of triples blocks in one group that only FILTERs interrupt.
 * Update (sparql11-update §3.1.1–3.1.3 and the notes of its grammar):
 *  - no variables in INSERT DATA / DELETE DATA; no blank nodes in DELETE DATA, DELETE WHERE or a
 *    DELETE template;
 *  - a blank node label of INSERT DATA may not be used again in another operation of the
 *    request (W3C test syntax-update-54; labels in templates and WHERE patterns are scoped to
 *    their operation: basic-update/insert-where-same-bnode).
 */
import type {
  Expression, GroupElement, GroupGraphPattern, QuadPattern, SelectCore, Span, SparqlQuery,
  SparqlUpdate, TriplePattern, PathPattern, UpdateOperation,
} from './ast.js';
import { syntaxError } from './cst-util.js';

type Triples = readonly (TriplePattern | PathPattern | QuadPattern)[];

/** checkQuery throws a ParseError if `query` breaks a static rule. */
export function checkQuery(query: SparqlQuery): void {
  checkDepth(query);
  const checker = new Checker();
  checker.query(query);
}

/** checkUpdate throws a ParseError if `update` breaks a static rule. */
export function checkUpdate(update: SparqlUpdate): void {
  checkDepth(update);
  const labelOwner = new Map<string, number>();
  update.operations.forEach((op, index) => {
    const checker = new Checker();
    checker.operation(op);
    for (const [label, span] of checker.dataLabels) {
      const owner = labelOwner.get(label);
      if (owner !== undefined && owner !== index) {
        throw syntaxError(`The blank node label _:${label} is already used by an earlier operation of this request`, span);
      }
      labelOwner.set(label, index);
    }
  });
}

/**
 * How deep the AST may be (counting nodes with a `kind`), like SQLite's SQLITE_MAX_EXPR_DEPTH.
 * `1 + 1 + … + 1` parses without recursion but builds a left-deep tree, and every pass over the
 * AST (these checks, the lowering) recurses once per level: past this depth, a ParseError here
 * instead of a stack overflow later.
 */
export const MAX_AST_DEPTH = 1000;

/** checkDepth walks the AST without recursion and rejects one deeper than MAX_AST_DEPTH. */
function checkDepth(root: object): void {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (Array.isArray(value)) {
      for (const v of value) stack.push([v, depth]);
      continue;
    }
    if (!value || typeof value !== 'object' || 'termType' in value) continue;
    const node = value as { kind?: string; span?: Span };
    const d = node.kind === undefined ? depth : depth + 1;
    if (d > MAX_AST_DEPTH && node.span) {
      throw syntaxError(`The query nests more than ${MAX_AST_DEPTH} levels deep (an expression with too many operators?)`, node.span);
    }
    for (const [key, v] of Object.entries(node)) if (key !== 'span' && v && typeof v === 'object') stack.push([v, d]);
  }
}

class Checker {
  private bgpCount = 0;
  /** label → the basic graph pattern (number) it belongs to */
  private readonly labelBgp = new Map<string, number>();
  /** blank node labels of INSERT DATA, with their first place */
  readonly dataLabels = new Map<string, Span>();

  query(q: SparqlQuery): void {
    if (q.kind === 'select') return this.select(q);
    this.modifiers(q);
    if (q.where) this.pattern(q.where);
  }

  operation(op: UpdateOperation): void {
    switch (op.kind) {
      case 'insertData':
        this.noVariables(op.quads, 'INSERT DATA');
        for (const [label, span] of blankLabels(op.quads)) if (!this.dataLabels.has(label)) this.dataLabels.set(label, span);
        return;
      case 'deleteData':
        this.noVariables(op.quads, 'DELETE DATA');
        this.noBlankNodes(op.quads, 'DELETE DATA');
        return;
      case 'deleteWhere':
        this.noBlankNodes(op.quads, 'DELETE WHERE');
        return;
      case 'modify':
        this.noBlankNodes(op.delete, 'a DELETE template');
        this.pattern(op.where);
        return;
      default:
        return;
    }
  }

  /** [7]/[8] a SELECT's projection and aggregation rules, then its parts. */
  private select(s: SelectCore): void {
    const whereScope = inScope(s.where);
    const projected = new Map<string, boolean>(); // variable → bound by AS
    for (const item of s.items) {
      const v = item.variable.value;
      if (item.expression) {
        if (whereScope.has(v)) throw syntaxError(`?${v} is already in scope in the WHERE pattern; (… AS ?${v}) must introduce a new variable`, item.span);
        if (projected.has(v)) throw syntaxError(`?${v} is projected twice in this SELECT`, item.span);
        this.expression(item.expression, true);
      } else if (projected.get(v)) throw syntaxError(`?${v} is projected twice in this SELECT`, item.span);
      projected.set(v, item.expression !== null || (projected.get(v) ?? false));
    }
    this.modifiers(s);
    if (isAggregateQuery(s)) this.aggregateProjection(s);
    this.pattern(s.where);
  }

  /** §11.4: what an aggregate query may project. */
  private aggregateProjection(s: SelectCore): void {
    if (s.star) throw syntaxError('SELECT * is not allowed in a query with GROUP BY or aggregates', s.span);
    const allowed = new Set<string>();
    for (const g of s.groupBy) {
      if (g.variable) allowed.add(g.variable.value);
      else if (g.expression.kind === 'variable') allowed.add(g.expression.variable.value);
    }
    for (const item of s.items) {
      const used = item.expression ? varsOutsideAggregates(item.expression) : new Set([item.variable.value]);
      for (const v of used) {
        if (!allowed.has(v)) {
          throw syntaxError(`?${v} is neither grouped nor aggregated: in a query with GROUP BY or aggregates, project only GROUP BY variables and aggregates`, item.span);
        }
      }
      allowed.add(item.variable.value);
    }
  }

  /** [18] solution modifiers: no aggregates in GROUP BY; HAVING and ORDER BY may aggregate. */
  private modifiers(s: Pick<SelectCore, 'groupBy' | 'having' | 'orderBy'>): void {
    for (const g of s.groupBy) this.expression(g.expression, false);
    for (const h of s.having) this.expression(h, true);
    for (const o of s.orderBy) this.expression(o.expression, true);
  }

  /** A group: BIND scoping, blank node labels per basic graph pattern, nested parts. */
  private pattern(p: GroupGraphPattern): void {
    if (p.kind === 'subSelect') return this.select(p.query);
    const scope = new Set<string>();
    let bgp: number | null = null;
    for (const e of p.elements) {
      if (e.kind === 'bgp') {
        bgp ??= this.bgpCount++;
        this.bgpLabels(e.triples, bgp);
      } else if (e.kind !== 'filter') bgp = null;
      this.element(e, scope);
      for (const v of elementScope(e)) scope.add(v);
    }
  }

  private element(e: GroupElement, scope: Set<string>): void {
    switch (e.kind) {
      case 'bgp':
      case 'values':
        return;
      case 'filter':
        return this.expression(e.expression, false);
      case 'bind':
        if (scope.has(e.variable.value)) {
          throw syntaxError(`BIND(… AS ?${e.variable.value}): ?${e.variable.value} is already in scope in this group`, e.span);
        }
        return this.expression(e.expression, false);
      case 'optional':
      case 'minus':
      case 'graph':
      case 'service':
        return this.pattern(e.pattern);
      case 'union':
        for (const branch of e.patterns) this.pattern(branch);
        return;
      case 'group':
      case 'subSelect':
        return this.pattern(e);
    }
  }

  /** Aggregates only where `aggregates` allows, never nested; EXISTS patterns checked too. */
  private expression(e: Expression, aggregates: boolean): void {
    switch (e.kind) {
      case 'variable':
      case 'term':
        return;
      case 'aggregate':
        if (!aggregates) throw syntaxError(`${e.name}(…) is an aggregate: aggregates are allowed only in SELECT, HAVING and ORDER BY, and not inside another aggregate`, e.span);
        if (e.expression) this.expression(e.expression, false);
        return;
      case 'exists':
        return this.pattern(e.pattern);
      case 'binary':
        this.expression(e.left, aggregates);
        return this.expression(e.right, aggregates);
      case 'unary':
        return this.expression(e.operand, aggregates);
      case 'in':
        this.expression(e.expression, aggregates);
        for (const x of e.list) this.expression(x, aggregates);
        return;
      case 'builtin':
      case 'functionCall':
        for (const x of e.args) this.expression(x, aggregates);
        return;
    }
  }

  private bgpLabels(triples: Triples, bgp: number): void {
    for (const [label, span] of blankLabels(triples)) {
      const owner = this.labelBgp.get(label);
      if (owner !== undefined && owner !== bgp) {
        throw syntaxError(`The blank node label _:${label} is used in two different basic graph patterns`, span);
      }
      this.labelBgp.set(label, bgp);
    }
  }

  private noVariables(quads: readonly QuadPattern[], where: string): void {
    for (const q of quads) {
      for (const t of [q.subject, q.predicate, q.object, q.graph]) {
        if (t.termType === 'Variable') throw syntaxError(`Variables are not allowed in ${where}: found ?${t.value}`, q.span);
      }
    }
  }

  private noBlankNodes(quads: readonly QuadPattern[], where: string): void {
    for (const q of quads) {
      for (const t of [q.subject, q.object]) {
        if (t.termType === 'BlankNode') throw syntaxError(`Blank nodes are not allowed in ${where}`, q.span);
      }
    }
  }
}

/** Blank node labels of some triples, each with the span of its first triple. */
function blankLabels(triples: Triples): Map<string, Span> {
  const out = new Map<string, Span>();
  for (const t of triples) {
    for (const term of [t.subject, t.object]) {
      if (term.termType === 'BlankNode' && !out.has(term.value)) out.set(term.value, t.span);
    }
  }
  return out;
}

function isAggregateQuery(s: SelectCore): boolean {
  return (
    s.groupBy.length > 0 ||
    s.items.some((i) => i.expression !== null && hasAggregate(i.expression)) ||
    s.having.some(hasAggregate) ||
    s.orderBy.some((o) => hasAggregate(o.expression))
  );
}

function hasAggregate(e: Expression): boolean {
  switch (e.kind) {
    case 'aggregate':
      return true;
    case 'binary':
      return hasAggregate(e.left) || hasAggregate(e.right);
    case 'unary':
      return hasAggregate(e.operand);
    case 'in':
      return hasAggregate(e.expression) || e.list.some(hasAggregate);
    case 'builtin':
    case 'functionCall':
      return e.args.some(hasAggregate);
    default:
      return false;
  }
}

/** Variables an expression reads outside aggregates (EXISTS patterns not included). */
function varsOutsideAggregates(e: Expression, out = new Set<string>()): Set<string> {
  switch (e.kind) {
    case 'variable':
      out.add(e.variable.value);
      break;
    case 'binary':
      varsOutsideAggregates(e.left, out);
      varsOutsideAggregates(e.right, out);
      break;
    case 'unary':
      varsOutsideAggregates(e.operand, out);
      break;
    case 'in':
      varsOutsideAggregates(e.expression, out);
      for (const x of e.list) varsOutsideAggregates(x, out);
      break;
    case 'builtin':
    case 'functionCall':
      for (const x of e.args) varsOutsideAggregates(x, out);
      break;
    default:
      break;
  }
  return out;
}

/** §18.2.1: the variables in scope after a group graph pattern. */
export function inScope(p: GroupGraphPattern): Set<string> {
  const out = new Set<string>();
  if (p.kind === 'subSelect') {
    const q = p.query;
    if (q.star) for (const v of inScope(q.where)) out.add(v);
    for (const i of q.items) out.add(i.variable.value);
    for (const v of q.values?.variables ?? []) out.add(v.value);
    return out;
  }
  for (const e of p.elements) for (const v of elementScope(e)) out.add(v);
  return out;
}

/** §18.2.1: the variables a group element puts in scope. */
function elementScope(e: GroupElement): Iterable<string> {
  switch (e.kind) {
    case 'bgp': {
      const out = new Set<string>();
      for (const t of e.triples) {
        const terms = t.kind === 'triple' ? [t.subject, t.predicate, t.object] : [t.subject, t.object];
        for (const term of terms) if (term.termType === 'Variable') out.add(term.value);
      }
      return out;
    }
    case 'optional':
      return inScope(e.pattern);
    case 'union':
      return e.patterns.flatMap((b) => [...inScope(b)]);
    case 'group':
    case 'subSelect':
      return inScope(e);
    case 'graph':
    case 'service': {
      const name = e.kind === 'graph' ? e.name : e.endpoint;
      const out = inScope(e.pattern);
      if (name.termType === 'Variable') out.add(name.value);
      return out;
    }
    case 'bind':
      return [e.variable.value];
    case 'values':
      return e.variables.map((v) => v.value);
    case 'filter':
    case 'minus':
      return [];
  }
}
