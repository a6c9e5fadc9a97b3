/**
 * ast.ts — the typed syntactic AST of SPARQL 1.1 Query and Update, the output of
 * grammar/sparql and the input of the SPARQL lowering to algebra (src/triples).
 *
 * Every node is a plain object with a `kind` tag and a `span` (its place in the source).
 * Terms are n3 RDF/JS terms (NamedNode, BlankNode, Literal, Variable, DefaultGraph); they carry
 * no span — the enclosing node's span locates them.
 *
 * What the grammar itself defines is already resolved here, and nothing more:
 *  - prefixed names are expanded and relative IRIs resolved against BASE (RFC 3986);
 *  - string escapes are decoded; numbers are typed literals (xsd:integer / xsd:decimal /
 *    xsd:double) keeping their lexical form ("+1", "1.50", "1e3"); true/false are xsd:boolean;
 *  - `a` is rdf:type; `()` is rdf:nil; `?x` and `$x` are the same variable `x`;
 *  - collections `( … )` and blank-node property lists `[ … ]` are expanded into triples with
 *    fresh blank nodes (labels that no `_:label` in the request uses), in patterns, templates
 *    and data alike;
 *  - in property paths, grouping parentheses disappear and a path that is a single IRI (or `a`)
 *    becomes a plain TriplePattern; every other path stays a PathPattern, untranslated
 *    (inverse, sequence, … are the lowering's business, per §18.2.2);
 *  - `?x +1` in an expression is `?x + 1`: in [116] AdditiveExpression a signed number after
 *    an operand is the operator and an unsigned literal.
 * Not resolved (semantics, left to lowering): variable scoping beyond the static checks,
 * FILTER placement, BGP merging, the algebra translation of §18.2.
 *
 * The static rules of the grammar (§18.2.1 scoping, §11.4 grouping, the grammar's notes,
 * Update's restrictions on data and templates) are enforced by checks.ts; an AST that
 * parseSparql returns obeys them. Language tags come out lower-case (n3's DataFactory).
 */
import type { BlankNode, DefaultGraph, Literal, NamedNode, Variable } from 'n3';

// ---- positions -------------------------------------------------------------------------------

/** A point in the source: `offset` 0-based in UTF-16 code units, `line`/`column` 1-based. */
export interface Position {
  offset: number;
  line: number;
  column: number;
}

/** A source range; `end` is just past the last character. */
export interface Span {
  start: Position;
  end: Position;
}

// ---- terms -----------------------------------------------------------------------------------

export type { BlankNode, DefaultGraph, Literal, NamedNode, Variable };
/** A term in a subject or object position of a pattern or template. */
export type VarOrTerm = Variable | NamedNode | BlankNode | Literal;
/** A predicate, a GRAPH name, a SERVICE endpoint, a DESCRIBE target. */
export type VarOrIri = Variable | NamedNode;

// ---- triples and paths -----------------------------------------------------------------------

/** One triple pattern (also a CONSTRUCT template triple). */
export interface TriplePattern {
  kind: 'triple';
  subject: VarOrTerm;
  predicate: VarOrIri;
  object: VarOrTerm;
  span: Span;
}

/** A triple whose predicate is a property path other than a single IRI. */
export interface PathPattern {
  kind: 'path';
  subject: VarOrTerm;
  path: PropertyPath;
  object: VarOrTerm;
  span: Span;
}

/** [88]–[96] property path expressions. Grouping parentheses are gone. */
export type PropertyPath =
  | { kind: 'pathLink'; iri: NamedNode; span: Span }
  | { kind: 'pathInverse'; path: PropertyPath; span: Span }
  /** two or more steps */
  | { kind: 'pathSequence'; items: PropertyPath[]; span: Span }
  /** two or more choices */
  | { kind: 'pathAlternative'; items: PropertyPath[]; span: Span }
  | { kind: 'pathZeroOrMore'; path: PropertyPath; span: Span }
  | { kind: 'pathOneOrMore'; path: PropertyPath; span: Span }
  | { kind: 'pathZeroOrOne'; path: PropertyPath; span: Span }
  /** `!iri`, `!^iri`, `!(a|^b|…)`: the IRIs excluded forwards and backwards */
  | { kind: 'pathNegated'; forward: NamedNode[]; inverse: NamedNode[]; span: Span };

// ---- graph patterns --------------------------------------------------------------------------

/** `{ … }` holding [54] GroupGraphPatternSub: its elements in source order. */
export interface GroupPattern {
  kind: 'group';
  elements: GroupElement[];
  span: Span;
}

/** `{ SELECT … }`: a [8] SubSelect in a group's place. */
export interface SubSelectPattern {
  kind: 'subSelect';
  query: SelectCore;
  span: Span;
}

/** [53] GroupGraphPattern */
export type GroupGraphPattern = GroupPattern | SubSelectPattern;

/** One [55] TriplesBlock (a basic graph pattern that may contain paths). */
export interface BgpPattern {
  kind: 'bgp';
  triples: (TriplePattern | PathPattern)[];
  span: Span;
}

export interface FilterPattern {
  kind: 'filter';
  expression: Expression;
  span: Span;
}

export interface OptionalPattern {
  kind: 'optional';
  pattern: GroupGraphPattern;
  span: Span;
}

export interface MinusPattern {
  kind: 'minus';
  pattern: GroupGraphPattern;
  span: Span;
}

/** `{…} UNION {…} UNION …`: two or more branches. A lone `{…}` is a GroupGraphPattern element. */
export interface UnionPattern {
  kind: 'union';
  patterns: GroupGraphPattern[];
  span: Span;
}

export interface GraphPattern {
  kind: 'graph';
  name: VarOrIri;
  pattern: GroupGraphPattern;
  span: Span;
}

export interface ServicePattern {
  kind: 'service';
  silent: boolean;
  endpoint: VarOrIri;
  pattern: GroupGraphPattern;
  span: Span;
}

export interface BindPattern {
  kind: 'bind';
  expression: Expression;
  variable: Variable;
  span: Span;
}

/** [61] InlineData inside a group, and [28] ValuesClause after a query. */
export interface ValuesPattern {
  kind: 'values';
  variables: Variable[];
  /** one array per row, aligned with `variables`; `null` is UNDEF */
  rows: (NamedNode | Literal | null)[][];
  span: Span;
}

/** An element of a group, in source order. */
export type GroupElement =
  | BgpPattern
  | FilterPattern
  | OptionalPattern
  | MinusPattern
  | UnionPattern
  | GroupPattern
  | SubSelectPattern
  | GraphPattern
  | ServicePattern
  | BindPattern
  | ValuesPattern;

// ---- expressions -----------------------------------------------------------------------------

export type BinaryOperator = '||' | '&&' | '=' | '!=' | '<' | '>' | '<=' | '>=' | '+' | '-' | '*' | '/';
export type UnaryOperator = '!' | '+' | '-';

/** [121] built-in function names, spelt as in the spec (keywords are case-insensitive in the text). */
export type BuiltinName =
  | 'STR' | 'LANG' | 'LANGMATCHES' | 'DATATYPE' | 'BOUND' | 'IRI' | 'URI' | 'BNODE' | 'RAND'
  | 'ABS' | 'CEIL' | 'FLOOR' | 'ROUND' | 'CONCAT' | 'STRLEN' | 'UCASE' | 'LCASE'
  | 'ENCODE_FOR_URI' | 'CONTAINS' | 'STRSTARTS' | 'STRENDS' | 'STRBEFORE' | 'STRAFTER'
  | 'YEAR' | 'MONTH' | 'DAY' | 'HOURS' | 'MINUTES' | 'SECONDS' | 'TIMEZONE' | 'TZ' | 'NOW'
  | 'UUID' | 'STRUUID' | 'MD5' | 'SHA1' | 'SHA256' | 'SHA384' | 'SHA512' | 'COALESCE' | 'IF'
  | 'STRLANG' | 'STRDT' | 'sameTerm' | 'isIRI' | 'isURI' | 'isBLANK' | 'isLITERAL' | 'isNUMERIC'
  | 'REGEX' | 'SUBSTR' | 'REPLACE';

/** [127] aggregate names. */
export type AggregateName = 'COUNT' | 'SUM' | 'MIN' | 'MAX' | 'AVG' | 'SAMPLE' | 'GROUP_CONCAT';

export interface VariableExpression {
  kind: 'variable';
  variable: Variable;
  span: Span;
}

/** A constant: an IRI or a literal (blank nodes cannot appear in expressions). */
export interface TermExpression {
  kind: 'term';
  term: NamedNode | Literal;
  span: Span;
}

/** Left-associative: `a - b - c` is `(a - b) - c`. */
export interface BinaryExpression {
  kind: 'binary';
  operator: BinaryOperator;
  left: Expression;
  right: Expression;
  span: Span;
}

export interface UnaryExpression {
  kind: 'unary';
  operator: UnaryOperator;
  operand: Expression;
  span: Span;
}

/** `e IN (…)` / `e NOT IN (…)` */
export interface InExpression {
  kind: 'in';
  negated: boolean;
  expression: Expression;
  list: Expression[];
  span: Span;
}

/** A built-in call; BOUND's argument is a VariableExpression; BNODE() and RAND() have no args. */
export interface BuiltinCall {
  kind: 'builtin';
  name: BuiltinName;
  args: Expression[];
  span: Span;
}

/** EXISTS / NOT EXISTS */
export interface ExistsExpression {
  kind: 'exists';
  negated: boolean;
  pattern: GroupGraphPattern;
  span: Span;
}

export interface AggregateExpression {
  kind: 'aggregate';
  name: AggregateName;
  distinct: boolean;
  /** null for COUNT(*) */
  expression: Expression | null;
  /** GROUP_CONCAT's SEPARATOR, decoded; null when absent */
  separator: string | null;
  span: Span;
}

/** `<iri>(args)`: an extension function or a cast such as xsd:integer(?x). */
export interface FunctionCall {
  kind: 'functionCall';
  iri: NamedNode;
  distinct: boolean;
  args: Expression[];
  span: Span;
}

export type Expression =
  | VariableExpression
  | TermExpression
  | BinaryExpression
  | UnaryExpression
  | InExpression
  | BuiltinCall
  | ExistsExpression
  | AggregateExpression
  | FunctionCall;

// ---- queries ---------------------------------------------------------------------------------

/** `FROM <g>` (named: false) or `FROM NAMED <g>`; also Update's `USING [NAMED] <g>`. */
export interface DatasetClause {
  named: boolean;
  iri: NamedNode;
  span: Span;
}

/** One projection: `?v` (expression null) or `(expression AS ?v)`. */
export interface SelectItem {
  variable: Variable;
  expression: Expression | null;
  span: Span;
}

/** `GROUP BY e`, `GROUP BY (e AS ?v)`; a bare `?x` is a VariableExpression with variable null. */
export interface GroupCondition {
  expression: Expression;
  variable: Variable | null;
  span: Span;
}

export interface OrderCondition {
  expression: Expression;
  descending: boolean;
  span: Span;
}

/** [18] SolutionModifier, shared by every query form. */
export interface SolutionModifiers {
  groupBy: GroupCondition[];
  having: Expression[];
  orderBy: OrderCondition[];
  limit: number | null;
  offset: number | null;
}

/** What SELECT queries and sub-SELECTs share. */
export interface SelectCore extends SolutionModifiers {
  kind: 'select';
  modifier: 'DISTINCT' | 'REDUCED' | null;
  /** SELECT *: then `items` is empty */
  star: boolean;
  items: SelectItem[];
  where: GroupGraphPattern;
  /** a trailing VALUES block */
  values: ValuesPattern | null;
  span: Span;
}

/** The parts of a top-level query outside its form. */
export interface QueryHeader {
  /** the BASE in force at the end of the prologue (after options.baseIRI), or null */
  base: string | null;
  /** prefix → namespace IRI, after the prologue (options.prefixes included) */
  prefixes: Record<string, string>;
  dataset: DatasetClause[];
}

export interface SelectQuery extends SelectCore, QueryHeader {}

export interface ConstructQuery extends SolutionModifiers, QueryHeader {
  kind: 'construct';
  template: TriplePattern[];
  where: GroupGraphPattern;
  /** `CONSTRUCT WHERE { … }`: `template` holds the same triples as `where`'s one BGP */
  shortForm: boolean;
  values: ValuesPattern | null;
  span: Span;
}

export interface AskQuery extends SolutionModifiers, QueryHeader {
  kind: 'ask';
  where: GroupGraphPattern;
  values: ValuesPattern | null;
  span: Span;
}

export interface DescribeQuery extends SolutionModifiers, QueryHeader {
  kind: 'describe';
  /** DESCRIBE *: then `terms` is empty */
  star: boolean;
  terms: VarOrIri[];
  where: GroupGraphPattern | null;
  values: ValuesPattern | null;
  span: Span;
}

export type SparqlQuery = SelectQuery | ConstructQuery | AskQuery | DescribeQuery;

// ---- updates ---------------------------------------------------------------------------------

/** A triple in a graph; `graph` is DefaultGraph outside `GRAPH … { }`. */
export interface QuadPattern {
  kind: 'quad';
  subject: VarOrTerm;
  predicate: VarOrIri;
  object: VarOrTerm;
  graph: VarOrIri | DefaultGraph;
  span: Span;
}

/** [45]–[47]: `GRAPH <g>` / `<g>`, DEFAULT, NAMED, ALL. */
export type GraphTarget =
  | { kind: 'graph'; iri: NamedNode }
  | { kind: 'default' }
  | { kind: 'named' }
  | { kind: 'all' };

/** [45] GraphOrDefault */
export type GraphOrDefault = Extract<GraphTarget, { kind: 'graph' | 'default' }>;

export interface LoadOperation {
  kind: 'load';
  silent: boolean;
  source: NamedNode;
  /** INTO GRAPH <g>, or null for the default graph */
  destination: NamedNode | null;
  span: Span;
}

export interface ClearOperation {
  kind: 'clear';
  silent: boolean;
  target: GraphTarget;
  span: Span;
}

export interface DropOperation {
  kind: 'drop';
  silent: boolean;
  target: GraphTarget;
  span: Span;
}

export interface CreateOperation {
  kind: 'create';
  silent: boolean;
  graph: NamedNode;
  span: Span;
}

/** ADD, MOVE, COPY */
export interface TransferOperation {
  kind: 'add' | 'move' | 'copy';
  silent: boolean;
  source: GraphOrDefault;
  destination: GraphOrDefault;
  span: Span;
}

/** INSERT DATA: ground quads (no variables; blank nodes allowed). */
export interface InsertDataOperation {
  kind: 'insertData';
  quads: QuadPattern[];
  span: Span;
}

/** DELETE DATA: ground quads without blank nodes. */
export interface DeleteDataOperation {
  kind: 'deleteData';
  quads: QuadPattern[];
  span: Span;
}

/** DELETE WHERE { quads }: the quads are both the pattern and the template (no blank nodes). */
export interface DeleteWhereOperation {
  kind: 'deleteWhere';
  quads: QuadPattern[];
  span: Span;
}

/** [41] Modify: WITH, DELETE { }, INSERT { }, USING, WHERE. */
export interface ModifyOperation {
  kind: 'modify';
  with: NamedNode | null;
  /** empty when there is no DELETE clause; never contains blank nodes */
  delete: QuadPattern[];
  /** empty when there is no INSERT clause */
  insert: QuadPattern[];
  using: DatasetClause[];
  where: GroupGraphPattern;
  span: Span;
}

export type UpdateOperation =
  | LoadOperation
  | ClearOperation
  | DropOperation
  | CreateOperation
  | TransferOperation
  | InsertDataOperation
  | DeleteDataOperation
  | DeleteWhereOperation
  | ModifyOperation;

/** A request: operations in order (possibly none: an empty request is valid). */
export interface SparqlUpdate {
  kind: 'update';
  operations: UpdateOperation[];
  /** the BASE in force at the end of the request, or null */
  base: string | null;
  /** the prefixes in force at the end of the request */
  prefixes: Record<string, string>;
  span: Span;
}

/** Options of parseSparql. */
export interface ParseOptions {
  /** the base IRI relative IRIs resolve against until a BASE declaration */
  baseIRI?: string;
  /** prefixes known before the prologue (PREFIX declarations override them) */
  prefixes?: Record<string, string>;
}
