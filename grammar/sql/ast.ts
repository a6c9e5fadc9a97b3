/**
 * ast.ts — the typed syntax tree the SQL parser produces (input of src/relational's lowering).
 *
 * Syntax, not semantics: names stay names (nothing is resolved, case is kept as written and
 * `quoted` says whether the name was quoted), `*` stays `*`, and every node carries the `span`
 * of source text it was parsed from. Each node has a `kind` tag; every union below is
 * discriminated by it, so a `switch (node.kind)` over a union is checked for exhaustiveness.
 *
 * Conventions:
 * - An absent optional clause is `null` (never `undefined`), an absent list is `[]`.
 * - Spans are half-open: `end` is the position just after the last character. Lines and
 *   columns are 1-based, columns count UTF-16 code units, offsets are 0-based.
 *   A parenthesized expression's span includes its parentheses, so the source text of a
 *   result column is `text.slice(item.expr.span.start.offset, item.expr.span.end.offset)`.
 * - Operators are normalized where SQL has two spellings of one operator: `==` → `=`,
 *   `!=` → `<>`, `IS NOT DISTINCT FROM` → `IS`, `IS DISTINCT FROM` → `IS NOT`,
 *   `ISNULL`/`NOTNULL`/`NOT NULL`/`IS [NOT] NULL` → IsNull.
 * - Compound selects are left-associative with one precedence for UNION, INTERSECT and
 *   EXCEPT, as in SQLite (https://sqlite.org/lang_select.html#compound_select_statements).
 *
 * This file: positions, names, expressions, windows, queries. Statements (the roots):
 * ast-statements.ts, re-exported here.
 */
export type * from './ast-statements.js';

export interface Position {
  /** 1-based line. */
  line: number;
  /** 1-based column, in UTF-16 code units. */
  column: number;
  /** 0-based offset into the source text. */
  offset: number;
}

export interface Span {
  start: Position;
  /** Just past the last character of the node. */
  end: Position;
}

/** What every node has. */
export interface Node {
  span: Span;
}

// =======================================================================================
// Names

/** A name as written. `quoted` names are exact; unquoted names compare case-insensitively. */
export interface Identifier extends Node {
  kind: 'Identifier';
  name: string;
  quoted: boolean;
}

/** `[schema.]name` for tables, views, indexes and triggers. */
export interface ObjectName extends Node {
  kind: 'ObjectName';
  schema: Identifier | null;
  name: Identifier;
}

/** A type as written: `INTEGER`, `VARCHAR(10)`, `DECIMAL(10,2)`, `DOUBLE PRECISION`. */
export interface TypeName extends Node {
  kind: 'TypeName';
  /** The words of the name joined by one space, in the case written. */
  name: string;
  /** The words as written, quoting kept, so a printer can write them back. */
  words: Identifier[];
  /** Size arguments: `VARCHAR(10)` → [10]; `DECIMAL(10,2)` → [10, 2]. */
  args: number[];
  /** `INT[]` (PostgreSQL array types): number of `[]` suffixes. */
  arrayDims: number;
}

// =======================================================================================
// Expressions

export type Expr =
  | Literal
  | ColumnRef
  | Parameter
  | UnaryExpr
  | BinaryExpr
  | IsNullExpr
  | BetweenExpr
  | InListExpr
  | InSubqueryExpr
  | InTableExpr
  | LikeExpr
  | CollateExpr
  | CastExpr
  | FunctionCall
  | CaseExpr
  | ExistsExpr
  | SubqueryExpr
  | RowExpr
  | QuantifiedExpr
  | ArrayExpr
  | RaiseExpr;

export type Literal =
  | IntegerLiteral
  | RealLiteral
  | StringLiteral
  | BlobLiteral
  | NullLiteral
  | BooleanLiteral
  | CurrentTimeLiteral;

/** An integer literal; `bigint` only when the value is beyond ±2^53 (within 64 bits). */
export interface IntegerLiteral extends Node {
  kind: 'Literal';
  type: 'integer';
  value: number | bigint;
  /** The text as written (`0x1F`, `007`). */
  raw: string;
}
/** A real literal, or a decimal integer too big for 64 bits (SQLite reads it as real). */
export interface RealLiteral extends Node {
  kind: 'Literal';
  type: 'real';
  value: number;
  raw: string;
}
export interface StringLiteral extends Node {
  kind: 'Literal';
  type: 'string';
  /** The value, with `''` unescaped. */
  value: string;
}
export interface BlobLiteral extends Node {
  kind: 'Literal';
  type: 'blob';
  value: Uint8Array;
}
export interface NullLiteral extends Node {
  kind: 'Literal';
  type: 'null';
  value: null;
}
export interface BooleanLiteral extends Node {
  kind: 'Literal';
  type: 'boolean';
  value: boolean;
}
/** CURRENT_DATE, CURRENT_TIME, CURRENT_TIMESTAMP: evaluated once per statement. */
export interface CurrentTimeLiteral extends Node {
  kind: 'Literal';
  type: 'current_date' | 'current_time' | 'current_timestamp';
  value: null;
}

/** `column`, `table.column` or `schema.table.column`. */
export interface ColumnRef extends Node {
  kind: 'ColumnRef';
  schema: Identifier | null;
  table: Identifier | null;
  column: Identifier;
}

/**
 * A bound parameter. `index` is numbered as SQLite does, per statement: `?` takes one more
 * than the largest index so far, `?NNN` and `$NNN` take NNN, a named parameter takes the
 * index of its first occurrence or else one more than the largest so far.
 */
export interface Parameter extends Node {
  kind: 'Parameter';
  index: number;
  /** `:x` / `@x` / `$x` → 'x' (without the prefix); null for positional parameters. */
  name: string | null;
  /** The text as written: `?`, `?3`, `$1`, `:name`. */
  raw: string;
}

export type UnaryOp = '-' | '+' | '~' | 'NOT';
export interface UnaryExpr extends Node {
  kind: 'Unary';
  op: UnaryOp;
  operand: Expr;
}

export type ComparisonOp = '=' | '<>' | '<' | '<=' | '>' | '>=';
export type BinaryOp =
  | 'OR'
  | 'AND'
  | ComparisonOp
  /** `a IS b` (= IS NOT DISTINCT FROM): equality where NULL equals NULL. */
  | 'IS'
  /** `a IS NOT b` (= IS DISTINCT FROM). */
  | 'IS NOT'
  | '&'
  | '|'
  | '<<'
  | '>>'
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '||'
  | '->'
  | '->>';

export interface BinaryExpr extends Node {
  kind: 'Binary';
  op: BinaryOp;
  left: Expr;
  right: Expr;
}

/** `e IS NULL` / `e ISNULL` (not=false); `e IS NOT NULL` / `e NOTNULL` / `e NOT NULL` (not=true). */
export interface IsNullExpr extends Node {
  kind: 'IsNull';
  operand: Expr;
  not: boolean;
}

export interface BetweenExpr extends Node {
  kind: 'Between';
  operand: Expr;
  low: Expr;
  high: Expr;
  not: boolean;
}

/** `e [NOT] IN (a, b, …)`; SQLite allows an empty list. */
export interface InListExpr extends Node {
  kind: 'InList';
  operand: Expr;
  list: Expr[];
  not: boolean;
}

export interface InSubqueryExpr extends Node {
  kind: 'InSubquery';
  operand: Expr;
  query: Query;
  not: boolean;
}

/** SQLite's `e [NOT] IN table` (every row of a one-column table or view). */
export interface InTableExpr extends Node {
  kind: 'InTable';
  operand: Expr;
  table: ObjectName;
  not: boolean;
}

/** `e [NOT] LIKE|ILIKE|GLOB|REGEXP|MATCH pattern [ESCAPE e]` (ILIKE: PostgreSQL's case-insensitive LIKE). */
export interface LikeExpr extends Node {
  kind: 'Like';
  op: 'LIKE' | 'ILIKE' | 'GLOB' | 'REGEXP' | 'MATCH';
  operand: Expr;
  pattern: Expr;
  escape: Expr | null;
  not: boolean;
}

export interface CollateExpr extends Node {
  kind: 'Collate';
  operand: Expr;
  collation: Identifier;
}

/** `CAST(e AS type)` (syntax 'cast') or PostgreSQL's `e::type` (syntax '::'). */
export interface CastExpr extends Node {
  kind: 'Cast';
  operand: Expr;
  type: TypeName;
  syntax: 'cast' | '::';
}

/**
 * A call: scalar, aggregate or window function (which one is decided when lowering).
 * `count(*)` has `star: true` and no args.
 */
export interface FunctionCall extends Node {
  kind: 'FunctionCall';
  name: Identifier;
  args: Expr[];
  star: boolean;
  distinct: boolean;
  /** `string_agg(x, ',' ORDER BY y)`: ordering of an aggregate's input. */
  orderBy: OrderItem[];
  /** `FILTER (WHERE e)`. */
  filter: Expr | null;
  /** `OVER (…)` or `OVER name`. */
  over: WindowSpec | Identifier | null;
}

export interface CaseExpr extends Node {
  kind: 'Case';
  /** `CASE x WHEN …` (simple case); null for `CASE WHEN cond …`. */
  operand: Expr | null;
  whens: CaseWhen[];
  else: Expr | null;
}
export interface CaseWhen extends Node {
  kind: 'CaseWhen';
  when: Expr;
  then: Expr;
}

/** `EXISTS (query)`; `NOT EXISTS` is a Unary NOT around it. */
export interface ExistsExpr extends Node {
  kind: 'Exists';
  query: Query;
}

/** A scalar subquery `(SELECT …)`. */
export interface SubqueryExpr extends Node {
  kind: 'Subquery';
  query: Query;
}

/** A row value `(a, b, …)` with two or more items. */
export interface RowExpr extends Node {
  kind: 'Row';
  items: Expr[];
}

/** `left op ANY|SOME|ALL (query)`. */
export interface QuantifiedExpr extends Node {
  kind: 'Quantified';
  op: ComparisonOp;
  quantifier: 'ANY' | 'SOME' | 'ALL';
  left: Expr;
  query: Query;
}

/** PostgreSQL `ARRAY[a, b, …]`. */
export interface ArrayExpr extends Node {
  kind: 'Array';
  items: Expr[];
}

/** SQLite `RAISE(IGNORE)` / `RAISE(ROLLBACK|ABORT|FAIL, message)`, inside triggers. */
export interface RaiseExpr extends Node {
  kind: 'Raise';
  action: 'IGNORE' | 'ROLLBACK' | 'ABORT' | 'FAIL';
  message: Expr | null;
}

// =======================================================================================
// Windows and ordering

export interface OrderItem extends Node {
  kind: 'OrderItem';
  /** COLLATE, when written, is a Collate node here. */
  expr: Expr;
  direction: 'ASC' | 'DESC' | null;
  nulls: 'FIRST' | 'LAST' | null;
}

/** The inside of `OVER (…)` or of `WINDOW w AS (…)`. */
export interface WindowSpec extends Node {
  kind: 'WindowSpec';
  /** `OVER (w ORDER BY …)`: the named window this one extends. */
  base: Identifier | null;
  partitionBy: Expr[];
  orderBy: OrderItem[];
  frame: WindowFrame | null;
}

export interface WindowFrame extends Node {
  kind: 'WindowFrame';
  units: 'ROWS' | 'RANGE' | 'GROUPS';
  start: FrameBound;
  /** null when written without BETWEEN (the end is then CURRENT ROW). */
  end: FrameBound | null;
  exclude: 'NO OTHERS' | 'CURRENT ROW' | 'GROUP' | 'TIES' | null;
}

export type FrameBound =
  | { kind: 'FrameBound'; type: 'UNBOUNDED PRECEDING' | 'CURRENT ROW' | 'UNBOUNDED FOLLOWING'; offset: null; span: Span }
  | { kind: 'FrameBound'; type: 'PRECEDING' | 'FOLLOWING'; offset: Expr; span: Span };

export interface NamedWindow extends Node {
  kind: 'NamedWindow';
  name: Identifier;
  spec: WindowSpec;
}

// =======================================================================================
// Queries

/**
 * A whole query: `[WITH …] body [ORDER BY …] [LIMIT …]`. Every place that takes a query
 * (statement, subquery, CTE, view, INSERT source) takes one of these.
 */
export interface Query extends Node {
  kind: 'Query';
  with: WithClause | null;
  body: QueryBody;
  orderBy: OrderItem[];
  /** LIMIT n, FETCH FIRST n ROWS ONLY; null when absent or `LIMIT ALL`. */
  limit: Expr | null;
  /** OFFSET n, or the first number of SQLite's `LIMIT offset, count`. */
  offset: Expr | null;
}

/** A parenthesized query in a compound is a Query node. */
export type QueryBody = Select | Values | SetOperation | Query;

export interface Select extends Node {
  kind: 'Select';
  distinct: boolean;
  columns: SelectItem[];
  /** The FROM clause as one join tree; null without FROM. */
  from: TableRef | null;
  where: Expr | null;
  groupBy: Expr[];
  having: Expr | null;
  windows: NamedWindow[];
}

/** `VALUES (…), (…)` used as a query. */
export interface Values extends Node {
  kind: 'Values';
  rows: Expr[][];
}

export interface SetOperation extends Node {
  kind: 'SetOperation';
  op: 'UNION' | 'INTERSECT' | 'EXCEPT';
  /** `UNION ALL` (bag semantics); false for plain or `DISTINCT`. */
  all: boolean;
  left: QueryBody;
  right: QueryBody;
}

export interface WithClause extends Node {
  kind: 'With';
  recursive: boolean;
  ctes: CommonTableExpr[];
}

export interface CommonTableExpr extends Node {
  kind: 'CTE';
  name: Identifier;
  columns: Identifier[];
  /** `AS MATERIALIZED` → true, `AS NOT MATERIALIZED` → false, unspecified → null. */
  materialized: boolean | null;
  query: Query;
}

export type SelectItem = SelectExpr | SelectStar;

/** `expr [AS alias]`. */
export interface SelectExpr extends Node {
  kind: 'SelectExpr';
  expr: Expr;
  alias: Identifier | null;
}

/** `*`, `t.*` or `s.t.*`. */
export interface SelectStar extends Node {
  kind: 'SelectStar';
  schema: Identifier | null;
  table: Identifier | null;
}

// ----- FROM

export type TableRef = TableName | SubqueryRef | TableFunctionRef | JoinRef;

export interface TableName extends Node {
  kind: 'TableName';
  name: ObjectName;
  alias: Identifier | null;
  /** SQLite `INDEXED BY index`: the index the query must use. */
  indexedBy: Identifier | null;
  /** SQLite `NOT INDEXED`: use no index. */
  notIndexed: boolean;
}

/** `(query) [AS] alias [(col, …)]`. */
export interface SubqueryRef extends Node {
  kind: 'SubqueryRef';
  query: Query;
  alias: Identifier | null;
  columnAliases: Identifier[];
}

/** A table-valued function `f(args) [AS] alias [(col, …)]`, e.g. `json_each(x)`. */
export interface TableFunctionRef extends Node {
  kind: 'TableFunction';
  name: ObjectName;
  args: Expr[];
  alias: Identifier | null;
  columnAliases: Identifier[];
}

/**
 * A join. `,` in FROM is `joinType: 'COMMA'` (an inner join without condition); joins and
 * commas associate to the left, as in SQLite.
 */
export interface JoinRef extends Node {
  kind: 'Join';
  joinType: 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'CROSS' | 'COMMA';
  natural: boolean;
  left: TableRef;
  right: TableRef;
  on: Expr | null;
  using: Identifier[] | null;
}
