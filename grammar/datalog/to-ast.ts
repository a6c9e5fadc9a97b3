/**
 * to-ast.ts — turns the CST of parser.ts into the typed AST of ast.ts (third and last stage of
 * grammar/datalog). Decisions that depend on position are taken here:
 *   - in a body, `p(X)` is an atom and `p{…}` a path atom; inside a term, `f(X)` is a functor
 *     call and a path atom is an error;
 *   - `(…)` in a body is a group of literals; inside a term, a parenthesised expression;
 *   - a top-level head argument `sum(S)` / `count()` is a head aggregate;
 *   - `_` is the anonymous variable; `-` directly before a number literal is folded into it.
 * Mistakes found here are reported as ParseError with line, column and what was expected.
 * (Why a CST and this separate pass rather than embedded actions: see parser.ts.)
 */
import type { CstNode, IToken } from 'chevrotain';
import { ParseError } from '../../src/common/errors.js';
import type * as A from './ast.js';

const ATTRIBUTE_TYPES: readonly A.AttributeType[] = ['symbol', 'number', 'float', 'unsigned', 'string', 'any'];
/** Names that make a top-level head argument `name(X)` an aggregate. */
const AGGREGATE_NAMES: ReadonlySet<string> = new Set(['count', 'sum', 'min', 'max', 'avg', 'mean']);
const COMPARISON_OPS: readonly string[] = ["'='", "'!='", "'<'", "'<='", "'>'", "'>='"];

/** toAst converts a `program` CST into a DatalogProgram; `text` is the parsed source. */
export function toAst(cst: CstNode, text: string): A.DatalogProgram {
  return new Converter(text).program(cst);
}

// ── CST access and spans ────────────────────────────────────────────────────────────────────

const NONE: never[] = [];

/** nodes returns the sub-rule nodes a CST node holds under `key`, in source order. */
function nodes(node: CstNode, key: string): CstNode[] {
  // A key names either a sub-rule or a token type, never both, so the cast is exact.
  return (node.children[key] as CstNode[] | undefined) ?? NONE;
}

/** tokens returns the tokens a CST node holds under `key`, in source order. */
function tokens(node: CstNode, key: string): IToken[] {
  return (node.children[key] as IToken[] | undefined) ?? NONE;
}

function tokenSpan(token: IToken): A.Span {
  return {
    start: { line: token.startLine ?? 1, column: token.startColumn ?? 1, offset: token.startOffset },
    end: {
      line: token.endLine ?? 1,
      column: (token.endColumn ?? 0) + 1,
      offset: (token.endOffset ?? token.startOffset) + 1,
    },
  };
}

function nodeSpan(node: CstNode): A.Span {
  const l = node.location;
  if (l === undefined) throw new Error(`CST node ${node.name} has no location`);
  return {
    start: { line: l.startLine ?? 1, column: l.startColumn ?? 1, offset: l.startOffset },
    end: { line: l.endLine ?? 1, column: (l.endColumn ?? 0) + 1, offset: (l.endOffset ?? l.startOffset) + 1 },
  };
}

function startOffset(node: CstNode): number {
  return node.location?.startOffset ?? 0;
}

function join(first: A.Span, last: A.Span): A.Span {
  return { start: first.start, end: last.end };
}

// ── literal values ──────────────────────────────────────────────────────────────────────────

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "'": "'",
  '\\': '\\',
  '/': '/',
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  v: '\v',
  '0': '\0',
};

/** decodeString returns the value of a string token, decoding backslash escapes. */
function decodeString(token: IToken): string {
  const image = token.image;
  let out = '';
  for (let i = 1; i < image.length - 1; i++) {
    const c = image[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = image[i + 1];
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined && Object.hasOwn(SIMPLE_ESCAPES, e)) {
      out += simple;
      i++;
    } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(image.slice(i + 2, i + 6))) {
      out += String.fromCharCode(parseInt(image.slice(i + 2, i + 6), 16));
      i += 5;
    } else {
      const escape = image.slice(i, i + 2);
      throw new ParseError(
        `Syntax error: found the unknown escape '${escape}' in a string but expected one of \\" \\\\ \\/ \\' \\n \\t \\r \\b \\f \\v \\0 \\uXXXX`,
        { line: token.startLine ?? 1, column: (token.startColumn ?? 1) + i },
        ['\\"', '\\\\', '\\/', "\\'", '\\n', '\\t', '\\r', '\\b', '\\f', '\\v', '\\0', '\\uXXXX'],
      );
    }
  }
  return out;
}

/** numberValue returns the value of an Integer or Float token. */
function numberValue(token: IToken): { value: number | bigint; float: boolean } {
  const float = token.tokenType.name === 'Float';
  const value = Number(token.image);
  if (!Number.isFinite(value)) {
    throw new ParseError(
      `Syntax error: found the number ${token.image}, which is out of range, but expected a finite number`,
      { line: token.startLine ?? 1, column: token.startColumn ?? 1 },
      ['number'],
    );
  }
  if (!float && !Number.isSafeInteger(value)) return { value: BigInt(token.image), float };
  return { value, float };
}

function negate(value: number | bigint): number | bigint {
  if (typeof value === 'bigint') {
    const negated = -value;
    return negated >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(negated) : negated;
  }
  return value === 0 ? 0 : -value;
}

// ── the converter ───────────────────────────────────────────────────────────────────────────

class Converter {
  constructor(private readonly text: string) {}

  /** quote returns a short excerpt of the source text of a node, for messages. */
  private quote(span: A.Span): string {
    const raw = this.text.slice(span.start.offset, span.end.offset).replace(/\s+/g, ' ');
    return `'${raw.length > 40 ? `${raw.slice(0, 37)}...` : raw}'`;
  }

  private fail(span: A.Span, found: string, expected: string[], expectedText: string): never {
    throw new ParseError(`Syntax error: found ${found} but expected ${expectedText}`, span.start, expected);
  }

  program(cst: CstNode): A.DatalogProgram {
    // The CST groups statements by kind; convert them in source order, so that the first
    // mistake reported is the first in the text.
    const kinds = ['declaration', 'ioDirective', 'query', 'clause'];
    const ordered = kinds.flatMap((k) => nodes(cst, k)).sort((a, b) => startOffset(a) - startOffset(b));
    const statements: A.Statement[] = [];
    for (const node of ordered) {
      if (node.name === 'declaration') statements.push(this.declaration(node));
      else if (node.name === 'ioDirective') statements.push(...this.ioDirective(node));
      else if (node.name === 'query') statements.push(this.query(node));
      else statements.push(this.clause(node));
    }
    return { kind: 'Program', statements };
  }

  private query(node: CstNode): A.Query {
    return { kind: 'Query', body: this.disjunction(nodes(node, 'disjunction')[0]), span: nodeSpan(node) };
  }

  private declaration(node: CstNode): A.Declaration {
    const attributes = nodes(node, 'attribute').map((a): A.Attribute => {
      const type = tokens(a, 'type')[0];
      if (!(ATTRIBUTE_TYPES as readonly string[]).includes(type.image)) {
        const expected = ATTRIBUTE_TYPES.map((t) => `'${t}'`);
        this.fail(tokenSpan(type), `the unknown type '${type.image}'`, expected, `a type: one of ${expected.join(', ')}`);
      }
      return { name: tokens(a, 'name')[0].image, type: type.image as A.AttributeType, span: nodeSpan(a) };
    });
    return { kind: 'Declaration', name: tokens(node, 'Identifier')[0].image, attributes, span: nodeSpan(node) };
  }

  private ioDirective(node: CstNode): A.Directive[] {
    const keyword = tokens(node, 'keyword')[0];
    const directive = keyword.image.slice(1) as A.Directive['directive'];
    return nodes(node, 'relationIo').map((r, i): A.Directive => {
      const params = nodes(r, 'param').map((p): A.DirectiveParam => {
        const value = tokens(p, 'value')[0];
        const kind = value.tokenType.name;
        return {
          key: tokens(p, 'key')[0].image,
          value:
            kind === 'StringLiteral'
              ? decodeString(value)
              : kind === 'Integer' || kind === 'Float'
                ? Number(numberValue(value).value)
                : value.image,
          span: nodeSpan(p),
        };
      });
      const span = i === 0 ? join(tokenSpan(keyword), nodeSpan(r)) : nodeSpan(r);
      return { kind: 'Directive', directive, relation: tokens(r, 'Identifier')[0].image, params, span };
    });
  }

  /** clause converts a fact or rule; top-level head arguments `sum(S)`, `count()` … are aggregates. */
  private clause(node: CstNode): A.Fact | A.Rule {
    const name = tokens(node, 'Identifier')[0];
    const argsNode = nodes(node, 'arguments')[0];
    const args = this.arguments(argsNode).map((arg) => this.headAggregate(arg));
    const head: A.Atom = { kind: 'Atom', name: name.image, args, span: join(tokenSpan(name), nodeSpan(argsNode)) };
    const span = nodeSpan(node);
    const [body] = nodes(node, 'disjunction');
    if (body === undefined) return { kind: 'Fact', atom: head, span };
    return { kind: 'Rule', head, body: this.disjunction(body), span };
  }

  private headAggregate(term: A.Term): A.Term {
    if (term.kind !== 'Call' || !AGGREGATE_NAMES.has(term.name) || term.args.length > 1) return term;
    const fn = aggregateFn(term.name);
    const arg = term.args[0] ?? null;
    if (arg === null && fn !== 'count') {
      this.fail(term.span, `${this.quote(term.span)} without a term to aggregate`, ['variable'], `${term.name}(X)`);
    }
    return { kind: 'Aggregate', fn, arg, body: null, span: term.span };
  }

  private arguments(node: CstNode): A.Term[] {
    return nodes(node, 'expression').map((e) => this.expression(e));
  }

  // ── bodies ────────────────────────────────────────────────────────────────────────────────

  /**
   * disjunction converts `a, b ; c` to a conjunction: literals joined by `,` stay in one
   * branch, `;` starts a new branch, and several branches make one Disjunction node.
   */
  private disjunction(node: CstNode, span: A.Span = nodeSpan(node)): A.Literal[] {
    const literals = nodes(node, 'literal');
    const separators = tokens(node, 'separator');
    const branches: A.Literal[][] = [this.literal(literals[0])];
    for (let i = 0; i < separators.length; i++) {
      const next = this.literal(literals[i + 1]);
      if (separators[i].image === ';') branches.push(next);
      else branches[branches.length - 1].push(...next);
    }
    if (branches.length === 1) return branches[0];
    return [{ kind: 'Disjunction', branches, span }];
  }

  /** literal converts one conjunct; a parenthesised group without `;` yields several. */
  private literal(node: CstNode): A.Literal[] {
    const negations = tokens(node, 'NegationOp');
    if (negations.length === 0) return this.positiveLiteral(node);
    if (negations.length > 1) {
      this.fail(tokenSpan(negations[1]), `a second negation '${negations[1].image}'`, ['identifier'], 'an atom');
    }
    const inner = this.positiveLiteral(node);
    const atom = inner[0];
    if (inner.length !== 1 || (atom.kind !== 'Atom' && atom.kind !== 'PathAtom')) {
      const expressions = nodes(node, 'expression');
      const span = join(nodeSpan(expressions[0]), nodeSpan(expressions[expressions.length - 1]));
      this.fail(span, this.quote(span), ['identifier'], `an atom after '${negations[0].image}'`);
    }
    return [{ kind: 'Negation', atom, span: join(tokenSpan(negations[0]), atom.span) }];
  }

  /** positiveLiteral converts a literal without its negations: a comparison or a bare operand. */
  private positiveLiteral(node: CstNode): A.Literal[] {
    const [left, right] = nodes(node, 'expression');
    const op = tokens(node, 'ComparisonOp')[0];
    if (op !== undefined && right !== undefined) {
      const l = this.expression(left);
      const r = this.expression(right);
      return [{ kind: 'Comparison', op: op.image as A.ComparisonOp, left: l, right: r, span: join(l.span, r.span) }];
    }
    const operand = bareOperand(left);
    if (operand !== undefined) return this.operandLiteral(operand);
    const span = nodeSpan(left);
    return this.fail(
      span,
      `the expression ${this.quote(span)}`,
      ['identifier', ...COMPARISON_OPS],
      `an atom, or a comparison operator (${COMPARISON_OPS.join(' ')}) after the expression`,
    );
  }

  /** operandLiteral converts an operand standing alone in a body: atom, path atom or group. */
  private operandLiteral(node: CstNode): A.Literal[] {
    const span = nodeSpan(node);
    const [name] = tokens(node, 'Identifier');
    const [args] = nodes(node, 'arguments');
    if (name !== undefined && args !== undefined) {
      return [{ kind: 'Atom', name: name.image, args: this.arguments(args), span }];
    }
    const [fields] = nodes(node, 'pathFields');
    if (name !== undefined && fields !== undefined) return [this.pathAtom(name, fields, span)];
    const [group] = nodes(node, 'disjunction');
    if (group !== undefined) return this.disjunction(group, span);
    return this.fail(
      span,
      this.quote(span),
      ['identifier', ...COMPARISON_OPS],
      `an atom, or a comparison operator (${COMPARISON_OPS.join(' ')}) after the term`,
    );
  }

  private pathAtom(name: IToken, node: CstNode, span: A.Span): A.PathAtom {
    const fields = nodes(node, 'pathField').map((f): A.PathField => {
      const path = segmentNames(nodes(f, 'segment')[0]);
      for (const tail of nodes(f, 'pathTail')) {
        const [keyword] = tokens(tail, 'keyword');
        if (keyword !== undefined) path.push(keyword.image.slice(1));
        else path.push(...segmentNames(nodes(tail, 'segment')[0]));
      }
      return { path, value: this.expression(nodes(f, 'expression')[0]), span: nodeSpan(f) };
    });
    return { kind: 'PathAtom', collection: name.image, fields, span };
  }

  // ── terms ─────────────────────────────────────────────────────────────────────────────────

  /**
   * expression converts a flat `operand (op operand)*` list, applying precedence: `*` `/` `%`
   * bind tighter than `+` `-`, and both levels associate to the left.
   */
  private expression(node: CstNode): A.Term {
    const operands = nodes(node, 'operand');
    const ops = tokens(node, 'ArithmeticOp');
    let product = this.operand(operands[0]);
    if (ops.length === 0) return product;
    let sum: A.Term | undefined;
    let sumOp: A.ArithmeticOp = '+';
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i].image as A.ArithmeticOp;
      const right = this.operand(operands[i + 1]);
      if (op === '*' || op === '/' || op === '%') {
        product = binary(op, product, right);
      } else {
        sum = sum === undefined ? product : binary(sumOp, sum, product);
        sumOp = op;
        product = right;
      }
    }
    return sum === undefined ? product : binary(sumOp, sum, product);
  }

  /** operand converts one operand: leading minuses, then a value. */
  private operand(node: CstNode): A.Term {
    const minuses = tokens(node, 'Minus');
    let term = this.value(node);
    for (let i = minuses.length - 1; i >= 0; i--) {
      const span = join(tokenSpan(minuses[i]), term.span);
      const isLiteral = i === minuses.length - 1 && nodes(node, 'disjunction').length === 0;
      term =
        isLiteral && term.kind === 'Number'
          ? { kind: 'Number', value: negate(term.value), float: term.float, span }
          : { kind: 'Unary', op: '-', operand: term, span };
    }
    return term;
  }

  /** value converts what follows an operand's minuses, used as a term. */
  private value(node: CstNode): A.Term {
    const [number] = tokens(node, 'Integer').length > 0 ? tokens(node, 'Integer') : tokens(node, 'Float');
    if (number !== undefined) return { kind: 'Number', ...numberValue(number), span: tokenSpan(number) };
    const [string] = tokens(node, 'StringLiteral');
    if (string !== undefined) return { kind: 'String', value: decodeString(string), span: tokenSpan(string) };
    const [variable] = tokens(node, 'Variable');
    if (variable !== undefined) {
      const span = tokenSpan(variable);
      return variable.image === '_' ? { kind: 'Anonymous', span } : { kind: 'Variable', name: variable.image, span };
    }
    const [aggregate] = nodes(node, 'aggregate');
    if (aggregate !== undefined) return this.aggregate(aggregate);
    const [name] = tokens(node, 'Identifier');
    if (name !== undefined) {
      const [args] = nodes(node, 'arguments');
      if (args !== undefined) {
        return { kind: 'Call', name: name.image, args: this.arguments(args), span: join(tokenSpan(name), nodeSpan(args)) };
      }
      const [fields] = nodes(node, 'pathFields');
      if (fields !== undefined) {
        const span = join(tokenSpan(name), nodeSpan(fields));
        this.fail(span, `the path atom ${this.quote(span)}`, ['variable'], 'a term (a path atom is a body literal, not a value)');
      }
      return { kind: 'Symbol', name: name.image, span: tokenSpan(name) };
    }
    const span = join(tokenSpan(tokens(node, 'LParen')[0]), tokenSpan(tokens(node, 'RParen')[0]));
    return this.group(nodes(node, 'disjunction')[0], span);
  }

  /** group converts `( expression )` in a term; anything else in the parentheses is a mistake. */
  private group(node: CstNode, span: A.Span): A.Term {
    const literals = nodes(node, 'literal');
    const literal = literals.length === 1 ? literals[0] : undefined;
    if (
      literal === undefined ||
      tokens(literal, 'NegationOp').length > 0 ||
      tokens(literal, 'ComparisonOp').length > 0
    ) {
      const inner = nodeSpan(node);
      return this.fail(inner, `the formula ${this.quote(inner)}`, ['variable', 'number'], 'an expression inside parentheses');
    }
    const term = this.expression(nodes(literal, 'expression')[0]);
    return { ...term, span };
  }

  /** aggregate converts Soufflé's body form `sum Y : { q(X, Y) }` / `count : p(X)`. */
  private aggregate(node: CstNode): A.Aggregate {
    const name = tokens(node, 'AggregateName')[0];
    const fn = aggregateFn(name.image);
    const [target] = nodes(node, 'expression');
    const arg = target === undefined ? null : this.expression(target);
    if (arg === null && fn !== 'count') {
      this.fail(tokenSpan(name), `'${name.image}' without a term to aggregate`, ['variable'], `${name.image} X : { … }`);
    }
    const [braced] = nodes(node, 'disjunction');
    let body: A.Literal[];
    if (braced !== undefined) body = this.disjunction(braced);
    else {
      const operand = nodes(node, 'operand')[0];
      if (tokens(operand, 'Minus').length > 0) {
        const span = nodeSpan(operand);
        this.fail(span, this.quote(span), ['identifier', "'{'"], 'an atom or a body in braces after the aggregate');
      }
      body = this.operandLiteral(operand);
    }
    return { kind: 'Aggregate', fn, arg, body, span: nodeSpan(node) };
  }
}

function binary(op: A.ArithmeticOp, left: A.Term, right: A.Term): A.Binary {
  return { kind: 'Binary', op, left, right, span: join(left.span, right.span) };
}

function aggregateFn(name: string): A.AggregateFn {
  return name === 'mean' ? 'avg' : (name as A.AggregateFn);
}

/** bareOperand returns the operand of an expression that is nothing but one minus-free operand. */
function bareOperand(expression: CstNode): CstNode | undefined {
  const operands = nodes(expression, 'operand');
  if (operands.length !== 1 || tokens(operands[0], 'Minus').length > 0) return undefined;
  return operands[0];
}

/** segmentNames returns the path segments one `segment` node spells (`0.1` spells two). */
function segmentNames(node: CstNode): string[] {
  const [string] = tokens(node, 'StringLiteral');
  if (string !== undefined) return [decodeString(string)];
  const [float] = tokens(node, 'Float');
  if (float !== undefined) return float.image.split('.');
  const token = Object.values(node.children)[0][0] as IToken;
  return [token.image];
}
