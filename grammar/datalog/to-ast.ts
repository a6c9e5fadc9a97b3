/**
 * to-ast.ts — turns the CST of parser.ts into the typed AST of ast.ts (third and last stage of
 * grammar/datalog). Decisions that depend on position are taken here:
 *   - in a body, `p(X)` is an atom and `p{…}` a path atom; inside a term, `f(X)` is a functor
 *     call and a path atom is an error;
 *   - `(…)` in a body is a group of literals; inside a term, a parenthesised expression;
 *   - a top-level head argument `sum(S)` / `count()` is a head aggregate;
 *   - `_` is the anonymous variable; `-` directly before a number literal is folded into it.
 * Mistakes found here are reported as ParseError with line, column and what was expected.
 */
import type { CstElement, CstNode, IToken } from 'chevrotain';
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

function isToken(element: CstElement): element is IToken {
  return 'image' in element;
}

/** nodes returns the sub-rule nodes a CST node holds under `key`, in source order. */
function nodes(node: CstNode, key: string): CstNode[] {
  return (node.children[key] ?? []).filter((e): e is CstNode => !isToken(e));
}

/** tokens returns the tokens a CST node holds under `key`, in source order. */
function tokens(node: CstNode, key: string): IToken[] {
  return (node.children[key] ?? []).filter(isToken);
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
    const statements: A.Statement[] = [];
    for (const s of nodes(cst, 'statement')) statements.push(...this.statement(s));
    return { kind: 'Program', statements };
  }

  private statement(node: CstNode): A.Statement[] {
    const [declaration] = nodes(node, 'declaration');
    if (declaration) return [this.declaration(declaration)];
    const [io] = nodes(node, 'ioDirective');
    if (io) return this.ioDirective(io);
    const [query] = nodes(node, 'query');
    if (query) return [{ kind: 'Query', body: this.disjunction(nodes(query, 'disjunction')[0]), span: nodeSpan(query) }];
    return [this.clause(nodes(node, 'clause')[0])];
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

  private clause(node: CstNode): A.Fact | A.Rule {
    const head = this.head(nodes(node, 'head')[0]);
    const span = nodeSpan(node);
    const [body] = nodes(node, 'disjunction');
    if (body === undefined) return { kind: 'Fact', atom: head, span };
    return { kind: 'Rule', head, body: this.disjunction(body), span };
  }

  /** head converts a rule head; top-level `sum(S)`, `count()` … become head aggregates. */
  private head(node: CstNode): A.Atom {
    const args = this.arguments(nodes(node, 'arguments')[0]).map((arg) => this.headAggregate(arg));
    return { kind: 'Atom', name: tokens(node, 'Identifier')[0].image, args, span: nodeSpan(node) };
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
    return nodes(node, 'additive').map((a) => this.expression(a));
  }

  // ── bodies ────────────────────────────────────────────────────────────────────────────────

  /** disjunction converts `a, b ; c` to a conjunction, wrapping `;` in a Disjunction node. */
  private disjunction(node: CstNode, span: A.Span = nodeSpan(node)): A.Literal[] {
    const branches = nodes(node, 'conjunction').map((c) => nodes(c, 'literal').flatMap((l) => this.literal(l)));
    if (branches.length === 1) return branches[0];
    return [{ kind: 'Disjunction', branches, span }];
  }

  /** literal converts one conjunct; a parenthesised group without `;` yields several. */
  private literal(node: CstNode): A.Literal[] {
    const negations = tokens(node, 'NegationOp');
    const comparison = nodes(node, 'comparison')[0];
    if (negations.length === 0) return this.comparison(comparison);
    if (negations.length > 1) {
      this.fail(tokenSpan(negations[1]), `a second negation '${negations[1].image}'`, ['identifier'], 'an atom');
    }
    const inner = this.comparison(comparison);
    const atom = inner[0];
    if (inner.length !== 1 || (atom.kind !== 'Atom' && atom.kind !== 'PathAtom')) {
      const span = nodeSpan(comparison);
      this.fail(span, this.quote(span), ['identifier'], `an atom after '${negations[0].image}'`);
    }
    return [{ kind: 'Negation', atom, span: join(tokenSpan(negations[0]), atom.span) }];
  }

  private comparison(node: CstNode): A.Literal[] {
    const [left, right] = nodes(node, 'additive');
    const op = tokens(node, 'ComparisonOp')[0];
    if (op !== undefined && right !== undefined) {
      return [
        {
          kind: 'Comparison',
          op: op.image as A.ComparisonOp,
          left: this.expression(left),
          right: this.expression(right),
          span: nodeSpan(node),
        },
      ];
    }
    const primary = bareprimary(left);
    if (primary !== undefined) return this.primaryLiteral(primary);
    const span = nodeSpan(left);
    return this.fail(
      span,
      `the expression ${this.quote(span)}`,
      ['identifier', ...COMPARISON_OPS],
      `an atom, or a comparison operator (${COMPARISON_OPS.join(' ')}) after the expression`,
    );
  }

  /** primaryLiteral converts a primary standing alone in a body: atom, path atom or group. */
  private primaryLiteral(node: CstNode): A.Literal[] {
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
      return { path, value: this.expression(nodes(f, 'additive')[0]), span: nodeSpan(f) };
    });
    return { kind: 'PathAtom', collection: name.image, fields, span };
  }

  // ── terms ─────────────────────────────────────────────────────────────────────────────────

  /** expression converts an `additive` CST node: left-associative `+` and `-`. */
  private expression(node: CstNode): A.Term {
    const operands = nodes(node, 'multiplicative');
    const ops = tokens(node, 'AdditiveOp');
    let term = this.multiplicative(operands[0]);
    for (let i = 0; i < ops.length; i++) {
      const right = this.multiplicative(operands[i + 1]);
      term = { kind: 'Binary', op: ops[i].image as A.ArithmeticOp, left: term, right, span: join(term.span, right.span) };
    }
    return term;
  }

  private multiplicative(node: CstNode): A.Term {
    const operands = nodes(node, 'unary');
    const ops = tokens(node, 'MultiplicativeOp');
    let term = this.unary(operands[0]);
    for (let i = 0; i < ops.length; i++) {
      const right = this.unary(operands[i + 1]);
      term = { kind: 'Binary', op: ops[i].image as A.ArithmeticOp, left: term, right, span: join(term.span, right.span) };
    }
    return term;
  }

  private unary(node: CstNode): A.Term {
    const minuses = tokens(node, 'Minus');
    const primary = nodes(node, 'primary')[0];
    let term = this.primaryTerm(primary);
    for (let i = minuses.length - 1; i >= 0; i--) {
      const span = join(tokenSpan(minuses[i]), term.span);
      const literal = i === minuses.length - 1 && term.kind === 'Number' && nodes(primary, 'disjunction').length === 0;
      term = literal && term.kind === 'Number'
        ? { kind: 'Number', value: negate(term.value), float: term.float, span }
        : { kind: 'Unary', op: '-', operand: term, span };
    }
    return term;
  }

  /** primaryTerm converts a primary used as a value. */
  private primaryTerm(node: CstNode): A.Term {
    const span = nodeSpan(node);
    const [number] = [...tokens(node, 'Integer'), ...tokens(node, 'Float')];
    if (number !== undefined) return { kind: 'Number', ...numberValue(number), span };
    const [string] = tokens(node, 'StringLiteral');
    if (string !== undefined) return { kind: 'String', value: decodeString(string), span };
    const [variable] = tokens(node, 'Variable');
    if (variable !== undefined) {
      return variable.image === '_' ? { kind: 'Anonymous', span } : { kind: 'Variable', name: variable.image, span };
    }
    const [aggregate] = nodes(node, 'aggregate');
    if (aggregate !== undefined) return this.aggregate(aggregate);
    const [name] = tokens(node, 'Identifier');
    if (name !== undefined) {
      const [args] = nodes(node, 'arguments');
      if (args !== undefined) return { kind: 'Call', name: name.image, args: this.arguments(args), span };
      if (nodes(node, 'pathFields').length > 0) {
        this.fail(span, `the path atom ${this.quote(span)}`, ['variable'], 'a term (a path atom is a body literal, not a value)');
      }
      return { kind: 'Symbol', name: name.image, span };
    }
    return this.group(nodes(node, 'disjunction')[0], span);
  }

  /** group converts `( expression )` in a term; anything else in the parentheses is a mistake. */
  private group(node: CstNode, span: A.Span): A.Term {
    const conjunctions = nodes(node, 'conjunction');
    const literals = conjunctions.length === 1 ? nodes(conjunctions[0], 'literal') : [];
    const literal = literals.length === 1 ? literals[0] : undefined;
    const comparison = literal && tokens(literal, 'NegationOp').length === 0 ? nodes(literal, 'comparison')[0] : undefined;
    if (comparison === undefined || tokens(comparison, 'ComparisonOp').length > 0) {
      const inner = nodeSpan(node);
      return this.fail(inner, `the formula ${this.quote(inner)}`, ['variable', 'number'], 'an expression inside parentheses');
    }
    const term = this.expression(nodes(comparison, 'additive')[0]);
    return { ...term, span };
  }

  /** aggregate converts Soufflé's body form `sum Y : { q(X, Y) }` / `count : p(X)`. */
  private aggregate(node: CstNode): A.Aggregate {
    const name = tokens(node, 'AggregateName')[0];
    const fn = aggregateFn(name.image);
    const [target] = nodes(node, 'additive');
    const arg = target === undefined ? null : this.expression(target);
    if (arg === null && fn !== 'count') {
      this.fail(tokenSpan(name), `'${name.image}' without a term to aggregate`, ['variable'], `${name.image} X : { … }`);
    }
    const [braced] = nodes(node, 'disjunction');
    const body = braced !== undefined ? this.disjunction(braced) : this.primaryLiteral(nodes(node, 'primary')[0]);
    return { kind: 'Aggregate', fn, arg, body, span: nodeSpan(node) };
  }
}

function aggregateFn(name: string): A.AggregateFn {
  return name === 'mean' ? 'avg' : (name as A.AggregateFn);
}

/** bareprimary returns the primary of an `additive` node that is nothing but that primary. */
function bareprimary(additive: CstNode): CstNode | undefined {
  const mults = nodes(additive, 'multiplicative');
  if (mults.length !== 1) return undefined;
  const unaries = nodes(mults[0], 'unary');
  if (unaries.length !== 1 || tokens(unaries[0], 'Minus').length > 0) return undefined;
  return nodes(unaries[0], 'primary')[0];
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
