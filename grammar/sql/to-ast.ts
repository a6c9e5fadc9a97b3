/**
 * to-ast.ts — building AST nodes for the parser's embedded actions.
 *
 * Choice: the parser (parser*.ts) is a chevrotain EmbeddedActionsParser whose actions call
 * these builders, rather than a CST parser followed by a CST → AST visitor. Reasons: the
 * test corpus alone is ~150,000 statements, and building a CST (one object and one children
 * dictionary per rule invocation) and then walking it roughly doubles the time and garbage
 * per statement; with actions each rule returns its typed AST node directly, so the rule
 * signatures are the AST types. The grammar files keep actions to one-line calls or object
 * literals; everything with logic lives here:
 *
 * - spans from tokens;
 * - names (unquoting "x", `x`, [x]) and literals (integers stay integers, big ones bigint,
 *   blobs, '' escapes);
 * - parameter numbering, as SQLite numbers them;
 * - `foldExpression`: the grammar reads an expression as a flat list of operands and
 *   operators (fast, and unambiguous for LL(k)); this Pratt parser folds the list into a tree
 *   using SQLite's operator precedence (https://sqlite.org/lang_expr.html#operators).
 */
import type { IToken, TokenType } from 'chevrotain';
import { ParseError } from '../../src/common/errors.js';
import type {
  BinaryOp,
  ComparisonOp,
  Expr,
  Identifier,
  IntegerLiteral,
  Literal,
  ObjectName,
  Parameter,
  Position,
  Query,
  RealLiteral,
  SelectStar,
  Span,
  UnaryOp,
} from './ast.js';
import { HexInteger, Integer } from './tokens.js';

// =======================================================================================
// Positions

export function startPos(t: IToken): Position {
  return { line: t.startLine as number, column: t.startColumn as number, offset: t.startOffset };
}

export function endPos(t: IToken): Position {
  return {
    line: t.endLine as number,
    column: (t.endColumn as number) + 1,
    offset: (t.endOffset as number) + 1,
  };
}

/** The span from the start of `first` to the end of `last`. */
export function tokenSpan(first: IToken, last: IToken = first): Span {
  return { start: startPos(first), end: endPos(last) };
}

/** The span from the start of `a` to the end of `b`. */
export function joinSpans(a: Span, b: Span): Span {
  return { start: a.start, end: b.end };
}

/** A syntax error located at a token. */
export function errorAt(t: IToken, message: string, expected: string[] = []): ParseError {
  return new ParseError(message, { line: t.startLine as number, column: t.startColumn as number }, expected);
}

/** A syntax error located at the start of a span. */
export function errorAtSpan(s: Span, message: string): ParseError {
  return new ParseError(message, { line: s.start.line, column: s.start.column });
}

// =======================================================================================
// Names

/** An Identifier from a name token, unquoting "x" / `x` / [x]. */
export function identifier(t: IToken): Identifier {
  const img = t.image;
  const c = img.charCodeAt(0);
  let name = img;
  let quoted = false;
  if (c === 34 /* " */) {
    name = img.slice(1, -1).replace(/""/g, '"');
    quoted = true;
  } else if (c === 96 /* ` */) {
    name = img.slice(1, -1).replace(/``/g, '`');
    quoted = true;
  } else if (c === 91 /* [ */) {
    name = img.slice(1, -1);
    quoted = true;
  }
  return { kind: 'Identifier', name, quoted, span: tokenSpan(t) };
}

/** An Identifier from a string-literal alias (`SELECT 1 'one'`, allowed by SQLite). */
export function identifierFromString(t: IToken): Identifier {
  return { kind: 'Identifier', name: t.image.slice(1, -1).replace(/''/g, "'"), quoted: true, span: tokenSpan(t) };
}

/** `[schema.]name` from one or two name tokens. */
export function objectName(first: IToken, second: IToken | undefined): ObjectName {
  if (second === undefined) {
    return { kind: 'ObjectName', schema: null, name: identifier(first), span: tokenSpan(first) };
  }
  return { kind: 'ObjectName', schema: identifier(first), name: identifier(second), span: tokenSpan(first, second) };
}

/** A ColumnRef (or, ending in `*`, a SelectStar) from a dotted name `a.b.c` / `a.b.*`. */
export function dottedName(parts: IToken[], starTok: IToken | undefined): Expr | SelectStar {
  const first = parts[0];
  const last = starTok ?? parts[parts.length - 1];
  const span = tokenSpan(first, last);
  if (starTok !== undefined) {
    if (parts.length > 2) throw errorAt(parts[0], `Too many parts in qualified name "${partsText(parts)}.*"`);
    return {
      kind: 'SelectStar',
      schema: parts.length === 2 ? identifier(parts[0]) : null,
      table: identifier(parts[parts.length - 1]),
      span,
    };
  }
  if (parts.length > 3) throw errorAt(parts[0], `Too many parts in column name "${partsText(parts)}"`);
  const n = parts.length;
  return {
    kind: 'ColumnRef',
    schema: n === 3 ? identifier(parts[0]) : null,
    table: n >= 2 ? identifier(parts[n - 2]) : null,
    column: identifier(parts[n - 1]),
    span,
  };
}

function partsText(parts: IToken[]): string {
  return parts.map((p) => p.image).join('.');
}

// =======================================================================================
// Literals

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

/** An integer or real literal from a numeric token. */
export function numericLiteral(t: IToken): IntegerLiteral | RealLiteral {
  const raw = t.image;
  const span = tokenSpan(t);
  const type: TokenType = t.tokenType;
  if (type === Integer) {
    if (raw.length < 16) return { kind: 'Literal', type: 'integer', value: Number(raw), raw, span };
    const big = BigInt(raw);
    if (big <= MAX_SAFE) return { kind: 'Literal', type: 'integer', value: Number(big), raw, span };
    if (big <= INT64_MAX) return { kind: 'Literal', type: 'integer', value: big, raw, span };
    // SQLite reads a decimal integer beyond 64 bits as a real.
    return { kind: 'Literal', type: 'real', value: Number(raw), raw, span };
  }
  if (type === HexInteger) {
    const big = BigInt(`0x${raw.slice(2)}`);
    if (big > UINT64_MAX) throw errorAt(t, `Hex literal too big: ${raw}`);
    // Like SQLite, 16 hex digits are a two's complement 64-bit integer (0xFFFFFFFFFFFFFFFF = -1).
    const v = BigInt.asIntN(64, big);
    const value = v <= MAX_SAFE && v >= -MAX_SAFE ? Number(v) : v;
    return { kind: 'Literal', type: 'integer', value, raw, span };
  }
  return { kind: 'Literal', type: 'real', value: Number(raw), raw, span };
}

/** NULL, TRUE, FALSE, CURRENT_DATE, CURRENT_TIME, CURRENT_TIMESTAMP. */
export function keywordLiteral(t: IToken): Literal {
  const span = tokenSpan(t);
  switch (t.tokenType.name) {
    case 'NULL':
      return { kind: 'Literal', type: 'null', value: null, span };
    case 'TRUE':
      return { kind: 'Literal', type: 'boolean', value: true, span };
    case 'FALSE':
      return { kind: 'Literal', type: 'boolean', value: false, span };
    case 'CURRENT_DATE':
      return { kind: 'Literal', type: 'current_date', value: null, span };
    case 'CURRENT_TIME':
      return { kind: 'Literal', type: 'current_time', value: null, span };
    default:
      return { kind: 'Literal', type: 'current_timestamp', value: null, span };
  }
}

export function stringLiteral(t: IToken): Literal {
  return { kind: 'Literal', type: 'string', value: t.image.slice(1, -1).replace(/''/g, "'"), span: tokenSpan(t) };
}

/** The text of a string token, unescaped. */
export function stringValue(t: IToken): string {
  return t.image.slice(1, -1).replace(/''/g, "'");
}

export function blobLiteral(t: IToken): Literal {
  const hex = t.image.slice(2, -1);
  if (hex.length % 2 !== 0 || !/^[0-9A-Fa-f]*$/.test(hex)) {
    throw errorAt(t, `Malformed blob literal ${t.image}: expected an even number of hex digits`);
  }
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.substr(i * 2, 2), 16);
  return { kind: 'Literal', type: 'blob', value: bytes, span: tokenSpan(t) };
}

/** A signed number in a type name or PRAGMA: `VARCHAR(10)`, `DECIMAL(10, -2)`. */
export function signedNumber(sign: IToken | undefined, t: IToken): number {
  const v = Number(t.tokenType === HexInteger ? BigInt(`0x${t.image.slice(2)}`) : t.image);
  return sign !== undefined && sign.image === '-' ? -v : v;
}

// =======================================================================================
// Parameters

const MAX_VARIABLE_NUMBER = 32766; // SQLite's default SQLITE_MAX_VARIABLE_NUMBER

/**
 * Numbers parameters the way SQLite does, within one statement: `?` takes one more than the
 * largest index so far; `?NNN` / `$NNN` take NNN; a named parameter (`:x`, `@x`, `$x`, keyed
 * by its full text) takes its first occurrence's index, or one more than the largest so far.
 */
export class ParameterNumbering {
  private max = 0;
  private readonly named = new Map<string, number>();

  reset(): void {
    this.max = 0;
    if (this.named.size > 0) this.named.clear();
  }

  parameter(t: IToken): Parameter {
    const raw = t.image;
    const span = tokenSpan(t);
    const c = raw.charCodeAt(0);
    const rest = raw.slice(1);
    if (c === 63 /* ? */ && rest === '') {
      this.max += 1;
      return { kind: 'Parameter', index: this.max, name: null, raw, span };
    }
    if (c === 63 /* ? */ || (c === 36 /* $ */ && /^\d+$/.test(rest))) {
      const n = Number(rest);
      if (!(n >= 1 && n <= MAX_VARIABLE_NUMBER)) {
        throw errorAt(t, `Parameter number must be between 1 and ${MAX_VARIABLE_NUMBER}: ${raw}`);
      }
      if (n > this.max) this.max = n;
      return { kind: 'Parameter', index: n, name: null, raw, span };
    }
    let index = this.named.get(raw);
    if (index === undefined) {
      this.max += 1;
      index = this.max;
      this.named.set(raw, index);
    }
    return { kind: 'Parameter', index, name: rest, raw, span };
  }
}

// =======================================================================================
// Expressions: folding the flat operator list

/** Operators that take a right operand. LIKE-family, BETWEEN and ESCAPE are folded specially. */
export type InfixOp = BinaryOp | 'LIKE' | 'ILIKE' | 'GLOB' | 'REGEXP' | 'MATCH' | 'BETWEEN' | 'ESCAPE';

/** One element of an expression as the grammar reads it, left to right. */
export type FlatItem =
  | { t: 'operand'; expr: Expr | SelectStar }
  | { t: 'prefix'; op: UnaryOp; tok: IToken }
  | { t: 'infix'; op: InfixOp; not: boolean; tok: IToken }
  | { t: 'postfix'; post: Postfix; end: Position; tok: IToken }
  | { t: 'quantified'; quantifier: 'ANY' | 'SOME' | 'ALL'; query: Query; span: Span };

export type Postfix =
  | { type: 'isnull'; not: boolean }
  | { type: 'collate'; collation: Identifier }
  | { type: 'inList'; list: Expr[]; not: boolean }
  | { type: 'inQuery'; query: Query; not: boolean }
  | { type: 'inTable'; table: ObjectName; not: boolean };

// Binding strength, loosest first (SQLite, lang_expr.html "Operators, and Parse-Affecting Attributes").
const P_OR = 1;
const P_AND = 2;
const P_NOT = 3;
const P_EQ = 4; // = <> IS IN LIKE GLOB MATCH REGEXP BETWEEN ISNULL NOTNULL (and ESCAPE, see LIKE)
const P_REL = 5; // < <= > >=
const P_BIT = 7; // & | << >>
const P_ADD = 8;
const P_MUL = 9;
const P_CONCAT = 10; // || -> ->>
const P_COLLATE = 11;
const P_UNARY = 12; // - + ~

const INFIX_PREC: Record<InfixOp, number> = {
  OR: P_OR,
  AND: P_AND,
  '=': P_EQ,
  '<>': P_EQ,
  IS: P_EQ,
  'IS NOT': P_EQ,
  LIKE: P_EQ,
  ILIKE: P_EQ,
  GLOB: P_EQ,
  REGEXP: P_EQ,
  MATCH: P_EQ,
  BETWEEN: P_EQ,
  ESCAPE: P_EQ,
  '<': P_REL,
  '<=': P_REL,
  '>': P_REL,
  '>=': P_REL,
  '&': P_BIT,
  '|': P_BIT,
  '<<': P_BIT,
  '>>': P_BIT,
  '+': P_ADD,
  '-': P_ADD,
  '*': P_MUL,
  '/': P_MUL,
  '%': P_MUL,
  '||': P_CONCAT,
  '->': P_CONCAT,
  '->>': P_CONCAT,
};

const COMPARISON: ReadonlySet<string> = new Set(['=', '<>', '<', '<=', '>', '>=']);

function postfixPrec(p: Postfix): number {
  return p.type === 'collate' ? P_COLLATE : P_EQ;
}

function isStar(e: Expr | SelectStar): e is SelectStar {
  return e.kind === 'SelectStar';
}

/**
 * Folds a flat expression into a tree. `allowStar` lets a lone `t.*` through (select lists);
 * anywhere else, or inside an operator, `*` is an error.
 */
export function foldExpression(items: FlatItem[], start: number, allowStar: boolean): Expr | SelectStar {
  if (items.length - start === 1) {
    const only = items[start];
    if (only.t === 'operand') {
      if (isStar(only.expr) && !allowStar) throw errorAtSpan(only.expr.span, `"*" is not allowed here`);
      return only.expr;
    }
  }
  const folder = new Folder(items, start);
  const e = folder.parse(0);
  if (folder.i < items.length) {
    // Only ESCAPE can be left over: it is read by LIKE and nothing else.
    throw errorAt(itemToken(items[folder.i]), 'ESCAPE without a preceding LIKE, GLOB, REGEXP or MATCH');
  }
  return e;
}

function itemToken(it: FlatItem): IToken {
  if (it.t === 'infix' || it.t === 'prefix' || it.t === 'postfix') return it.tok;
  throw new Error('unreachable: operand left over in expression');
}

class Folder {
  constructor(
    private readonly items: FlatItem[],
    public i: number,
  ) {}

  /** Reads an operand and every following operator that binds at least as tightly as `minPrec`. */
  parse(minPrec: number): Expr {
    let left = this.prefix();
    const items = this.items;
    for (;;) {
      const it = items[this.i];
      if (it === undefined) return left;
      if (it.t === 'postfix') {
        if (postfixPrec(it.post) < minPrec) return left;
        this.i++;
        left = applyPostfix(left, it.post, it.end);
        continue;
      }
      if (it.t !== 'infix') throw new Error('unreachable: operand after operand');
      const prec = INFIX_PREC[it.op];
      if (prec < minPrec || it.op === 'ESCAPE') return left;
      this.i++;
      left = this.infix(left, it, prec);
    }
  }

  private infix(left: Expr, it: FlatItem & { t: 'infix' }, prec: number): Expr {
    const op = it.op;
    switch (op) {
      case 'BETWEEN': {
        const low = this.parse(P_EQ + 1);
        const and = this.items[this.i];
        if (and === undefined || and.t !== 'infix' || and.op !== 'AND') {
          const where = and !== undefined ? itemToken(and) : it.tok;
          throw errorAt(where, 'Expected AND in BETWEEN … AND …', ['AND']);
        }
        this.i++;
        const high = this.parse(P_EQ + 1);
        return { kind: 'Between', operand: left, low, high, not: it.not, span: joinSpans(left.span, high.span) };
      }
      case 'LIKE':
      case 'ILIKE':
      case 'GLOB':
      case 'REGEXP':
      case 'MATCH': {
        const pattern = this.parse(P_EQ + 1);
        let escape: Expr | null = null;
        const next = this.items[this.i];
        if (next !== undefined && next.t === 'infix' && next.op === 'ESCAPE') {
          this.i++;
          escape = this.parse(P_EQ + 1);
        }
        const end = (escape ?? pattern).span;
        return { kind: 'Like', op, operand: left, pattern, escape, not: it.not, span: joinSpans(left.span, end) };
      }
      case 'ESCAPE':
        throw new Error('unreachable: ESCAPE is read by LIKE');
      default: {
        const next = this.items[this.i];
        if (next !== undefined && next.t === 'quantified') {
          this.i++;
          return {
            kind: 'Quantified',
            op: op as ComparisonOp,
            quantifier: next.quantifier,
            left,
            query: next.query,
            span: joinSpans(left.span, next.span),
          };
        }
        const right = this.parse(prec + 1);
        if ((op === 'IS' || op === 'IS NOT') && right.kind === 'Literal' && right.type === 'null') {
          return { kind: 'IsNull', operand: left, not: op === 'IS NOT', span: joinSpans(left.span, right.span) };
        }
        return { kind: 'Binary', op, left, right, span: joinSpans(left.span, right.span) };
      }
    }
  }

  private prefix(): Expr {
    const it = this.items[this.i++];
    if (it.t === 'operand') {
      if (isStar(it.expr)) throw errorAtSpan(it.expr.span, `"*" is not allowed inside an expression`);
      return it.expr;
    }
    if (it.t !== 'prefix') throw new Error(`unreachable: expression starts with ${it.t}`);
    const operand = this.parse(it.op === 'NOT' ? P_NOT : P_UNARY);
    const span: Span = { start: startPos(it.tok), end: operand.span.end };
    // -9223372036854775808 is the one integer whose digits alone do not fit in 64 bits.
    if (
      it.op === '-' &&
      operand.kind === 'Literal' &&
      operand.type === 'real' &&
      operand.raw === '9223372036854775808'
    ) {
      return { kind: 'Literal', type: 'integer', value: -(1n << 63n), raw: `-${operand.raw}`, span };
    }
    return { kind: 'Unary', op: it.op, operand, span };
  }
}

function applyPostfix(left: Expr, p: Postfix, end: Position): Expr {
  const span: Span = { start: left.span.start, end };
  switch (p.type) {
    case 'isnull':
      return { kind: 'IsNull', operand: left, not: p.not, span };
    case 'collate':
      return { kind: 'Collate', operand: left, collation: p.collation, span };
    case 'inList':
      return { kind: 'InList', operand: left, list: p.list, not: p.not, span };
    case 'inQuery':
      return { kind: 'InSubquery', operand: left, query: p.query, not: p.not, span };
    case 'inTable':
      return { kind: 'InTable', operand: left, table: p.table, not: p.not, span };
  }
}

/** Maps an operator token's image to its normalized binary operator. */
export function binaryOp(image: string): BinaryOp {
  switch (image) {
    case '==':
      return '=';
    case '!=':
      return '<>';
    default: {
      const up = image.toUpperCase();
      return up as BinaryOp;
    }
  }
}

export function isComparison(op: string): boolean {
  return COMPARISON.has(op);
}

/** A node's span widened to include the parentheses around it: `(a + b)`. */
export function withParens<T extends { span: Span }>(node: T, open: IToken, close: IToken): T {
  return { ...node, span: { start: startPos(open), end: endPos(close) } };
}
