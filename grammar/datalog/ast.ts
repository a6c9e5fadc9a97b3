/**
 * ast.ts — the typed syntactic AST of a Datalog program, as produced by `parseDatalog`
 * (grammar/datalog) and consumed by the Datalog lowering (src/datalog).
 *
 * Syntax only: names are strings, nothing is resolved, checked or stratified. Safety, arity,
 * declared types, stratification and the meaning of functors are the lowering's business.
 * Every node carries a `span`. Nodes are plain data (JSON-friendly except for a `bigint`
 * in a `NumberLiteral` beyond ±2^53).
 *
 * Path atoms — reading stored documents
 * ─────────────────────────────────────
 *   persons{_id: I, name: N, address.city: "Paris", tags.0: T}
 *
 * A path atom names a document collection and lists `path: term` fields. It holds once for
 * every document of the collection in which each path has a value that equals (binds or
 * matches) its term. A path is a dotted list of segments as in MongoDB filters: bare names
 * (`address`, `_id`), quoted names (`"first name"`) and array indexes (`0`). A document in
 * which a listed path is missing does not match (as `{path: {$exists: true}}`); the lowering
 * decides how arrays on the way are treated (the suggested reading: an index segment selects
 * one element, no implicit unwinding). Path atoms may be negated (`!persons{name: N}`) and
 * appear wherever an atom may appear in a body.
 *
 * Why this form: it reads like the MongoDB filter a user of the document model already writes
 * (`{'address.city': 'Paris'}`), it keeps a whole document pattern in one literal so a lowering
 * maps it to a single collection scan plus path extractions (and can push constant fields to
 * a path index), and it needs no new kind of term: the alternative `doc(persons, D),
 * D.address.city = "Paris"` makes documents first-class values inside Datalog and clashes
 * with `.` as the clause terminator.
 *
 * Aggregates
 * ──────────
 *   total(D, sum(S)) :- emp(_, D, S).       head form: grouped by the other head terms
 *   n(count()) :- p(_).                      `count` alone may omit its argument
 *   big(N) :- N = count : { p(X), X > 9 }.   Soufflé body form, an expression
 *   s(X, S) :- k(X), S = sum Y : { q(X, Y) }.
 * Both are `Aggregate` terms: `body === null` for the head form. `mean` is read as `avg`.
 * In a head, only a top-level argument `count|sum|min|max|avg|mean(…)` with at most one
 * argument is an aggregate; `max(X, Y)` and aggregates nested in arithmetic are `Call`s.
 */

/** A point in the source text; line and column are 1-based, offset is 0-based (UTF-16 units). */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

/** The source range of a node: `start` is its first character, `end` is just past its last. */
export interface Span {
  start: Position;
  end: Position;
}

/** A whole program: its statements in source order. */
export interface DatalogProgram {
  kind: 'Program';
  statements: Statement[];
}

export type Statement = Declaration | Directive | Fact | Rule | Query;

// ── statements ──────────────────────────────────────────────────────────────────────────────

/** `.decl edge(from: symbol, to: number)` */
export interface Declaration {
  kind: 'Declaration';
  name: string;
  attributes: Attribute[];
  span: Span;
}

export type AttributeType = 'symbol' | 'number' | 'float' | 'unsigned' | 'string' | 'any';

/** One `name: type` of a declaration. */
export interface Attribute {
  name: string;
  type: AttributeType;
  span: Span;
}

/**
 * `.input rel`, `.output rel(IO=file, filename="r.csv")`, `.printsize rel`, and `.view rel`
 * (keep the rules defining rel in the store, for later programs).
 * `.output a, b(IO=stdout)` yields one Directive per relation, each with its own parameters.
 */
export interface Directive {
  kind: 'Directive';
  directive: 'input' | 'output' | 'printsize' | 'view';
  relation: string;
  params: DirectiveParam[];
  span: Span;
}

/** `key=value` inside a directive's parentheses; identifiers and strings give strings. */
export interface DirectiveParam {
  key: string;
  value: string | number;
  span: Span;
}

/** `parent("alice", "bob").` — a head without a body (ground-ness is checked later). */
export interface Fact {
  kind: 'Fact';
  atom: Atom;
  span: Span;
}

/** `anc(X, Y) :- parent(X, Z), anc(Z, Y).` — the body is a conjunction of literals. */
export interface Rule {
  kind: 'Rule';
  head: Atom;
  body: Literal[];
  span: Span;
}

/** `?- anc("a", Y).` — a body to evaluate; its answers bind its named variables. */
export interface Query {
  kind: 'Query';
  body: Literal[];
  span: Span;
}

// ── body literals ───────────────────────────────────────────────────────────────────────────

/** A conjunct of a body. A list of literals (`Literal[]`) is always a conjunction. */
export type Literal = Atom | PathAtom | Negation | Comparison | Disjunction;

/** `parent(X, "bob")` — a relation applied to terms; also every rule head. */
export interface Atom {
  kind: 'Atom';
  name: string;
  args: Term[];
  span: Span;
}

/** `persons{_id: I, address.city: C}` — a pattern over one document of a collection. */
export interface PathAtom {
  kind: 'PathAtom';
  collection: string;
  fields: PathField[];
  span: Span;
}

/** `address.city: C` — the segments `['address', 'city']` and the term they must equal. */
export interface PathField {
  path: string[];
  value: Term;
  span: Span;
}

/** `!p(X)` or `not p(X)`. */
export interface Negation {
  kind: 'Negation';
  atom: Atom | PathAtom;
  span: Span;
}

export type ComparisonOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** `X < Y`, `Z = X + 1`, `N = count : { p(_) }`. */
export interface Comparison {
  kind: 'Comparison';
  op: ComparisonOp;
  left: Term;
  right: Term;
  span: Span;
}

/**
 * `(a(X) ; b(X), c(X))` — each branch is a conjunction (at least two branches). A parenthesised
 * group without `;` is not a node: its literals join the enclosing conjunction.
 */
export interface Disjunction {
  kind: 'Disjunction';
  branches: Literal[][];
  span: Span;
}

// ── terms ───────────────────────────────────────────────────────────────────────────────────

export type Term =
  | Variable
  | Anonymous
  | NumberLiteral
  | StringLiteral
  | SymbolLiteral
  | Unary
  | Binary
  | Call
  | Aggregate;

/** `X`, `_Tmp` — a named variable; equal names in one clause are the same variable. */
export interface Variable {
  kind: 'Variable';
  name: string;
  span: Span;
}

/** `_` — the anonymous variable; every occurrence is a fresh, distinct variable. */
export interface Anonymous {
  kind: 'Anonymous';
  span: Span;
}

/**
 * `42`, `-7`, `0x2A`, `3.5`, `1e6`. `float` is true when the literal was written with a
 * fraction or exponent. A `-` written directly before a literal is folded into it. Integers
 * beyond ±2^53 are bigints.
 */
export interface NumberLiteral {
  kind: 'Number';
  value: number | bigint;
  float: boolean;
  span: Span;
}

/** `"United States"` — escapes already decoded. */
export interface StringLiteral {
  kind: 'String';
  value: string;
  span: Span;
}

/** `usa` — a bare lowercase identifier used as a constant (Soufflé's symbol). */
export interface SymbolLiteral {
  kind: 'Symbol';
  name: string;
  span: Span;
}

/** `-X` (unary minus of a non-literal). */
export interface Unary {
  kind: 'Unary';
  op: '-';
  operand: Term;
  span: Span;
}

export type ArithmeticOp = '+' | '-' | '*' | '/' | '%';

/** `X + 1` — left-associative; `*` `/` `%` bind tighter than `+` `-`. */
export interface Binary {
  kind: 'Binary';
  op: ArithmeticOp;
  left: Term;
  right: Term;
  span: Span;
}

/** `cat(A, B)`, `strlen(S)`, `max(X, Y)` — a functor applied inside a term. */
export interface Call {
  kind: 'Call';
  name: string;
  args: Term[];
  span: Span;
}

export type AggregateFn = 'count' | 'sum' | 'min' | 'max' | 'avg';

/**
 * An aggregate (see the header). `arg` is the aggregated term (`null` only for `count`).
 * `body === null`: head form `sum(S)`, over the rule's body, grouped by the other head terms.
 * `body !== null`: body form `sum S : { … }`, over that conjunction; variables it shares
 * with the enclosing clause are bound from outside (Soufflé's semantics).
 */
export interface Aggregate {
  kind: 'Aggregate';
  fn: AggregateFn;
  arg: Term | null;
  body: Literal[] | null;
  span: Span;
}
