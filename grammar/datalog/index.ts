/**
 * index.ts — the public entry of grammar/datalog: `parseDatalog(text)` runs lexer
 * (tokens.ts) → parser (parser.ts) → CST-to-AST conversion (to-ast.ts) and returns the
 * syntactic AST of ast.ts, or throws a ParseError (line, column, expected tokens) for the
 * first mistake in the text. No other exception escapes for any input string.
 */
import { createTokenInstance, type IRecognitionException, type IToken, type TokenType } from 'chevrotain';
import { ParseError, type SourcePosition } from '../../src/common/errors.js';
import type { DatalogProgram } from './ast.js';
import { parseGroundFacts } from './ground-facts.js';
import { datalogParser } from './parser.js';
import { toAst } from './to-ast.js';
import {
  categoryMembers,
  ColonDash,
  Comma,
  datalogLexer,
  Dot,
  LBrace,
  LParen,
  QueryMark,
  RBrace,
  RParen,
  Semicolon,
  UnterminatedBlockComment,
  UnterminatedString,
} from './tokens.js';

export type * from './ast.js';
export { printDatalog } from './print.js';

/** Deepest nesting of parentheses and braces accepted (keeps recursion far from the stack limit). */
export const MAX_NESTING = 64;

/**
 * Deepest AST accepted, counted in nodes from the program down. Long operator chains such as
 * `1 + 1 + … + 1` nest without parentheses; this bound lets every later recursive pass
 * (lowering, printing) walk any AST this function returns.
 */
export const MAX_AST_DEPTH = 500;

/** parseDatalog parses a Datalog program into its AST or throws the first ParseError. */
export function parseDatalog(text: string): DatalogProgram {
  if (typeof text !== 'string') {
    throw new ParseError('Syntax error: found no program text but expected a string', { line: 1, column: 1 }, ['string']);
  }
  try {
    return parse(text);
  } catch (error) {
    if (error instanceof RangeError) {
      // Defence in depth: MAX_NESTING should make this unreachable.
      throw new ParseError('Syntax error: the program is nested too deeply to parse', { line: 1, column: 1 });
    }
    throw error;
  }
}

function parse(text: string): DatalogProgram {
  // A text of plain ground facts (a load) is read without the CST; anything else parses here.
  return parseGroundFacts(text) ?? parseWithGrammar(text);
}

/**
 * parseWithGrammar is the general path: lexer, parser, to-ast.ts (exported for the test that
 * compares ground-facts.ts with it). Throws a ParseError, or a RangeError past the stack.
 */
export function parseWithGrammar(text: string): DatalogProgram {
  const lexed = datalogLexer.tokenize(text);
  const problem = firstLexicalProblem(lexed.tokens, lexed.errors[0]?.offset);
  // Parse what precedes the first lexical problem: a grammar mistake there comes first.
  const tokens = problem === undefined ? lexed.tokens : lexed.tokens.filter((t) => t.startOffset < problem.offset);
  const { cst, errors } = datalogParser().parse(tokens);
  const parseError = errors[0];
  if (parseError !== undefined && (problem === undefined || !isEndOfInput(parseError.token))) {
    throw syntaxError(text, tokens, parseError);
  }
  if (problem !== undefined) throw lexicalError(text, tokens, problem);
  const program = toAst(cst, text);
  assertShallow(program);
  return program;
}

/** A place where the token stream cannot be parsed: a bad character, an unclosed token, too deep. */
interface LexicalProblem {
  offset: number;
  kind: 'character' | 'string' | 'comment' | 'nesting';
  image: string;
}

/** firstLexicalProblem returns the earliest lexical problem, if any. */
function firstLexicalProblem(tokens: IToken[], badCharacterOffset: number | undefined): LexicalProblem | undefined {
  const candidates: LexicalProblem[] = [];
  if (badCharacterOffset !== undefined) candidates.push({ offset: badCharacterOffset, kind: 'character', image: '' });
  const unclosed = tokens.find((t) => t.tokenType === UnterminatedString || t.tokenType === UnterminatedBlockComment);
  if (unclosed !== undefined) {
    const kind = unclosed.tokenType === UnterminatedString ? 'string' : 'comment';
    candidates.push({ offset: unclosed.startOffset, kind, image: unclosed.image });
  }
  const deep = tooDeep(tokens);
  if (deep !== undefined) candidates.push({ offset: deep.startOffset, kind: 'nesting', image: deep.image });
  return candidates.sort((a, b) => a.offset - b.offset)[0];
}

/** lexicalError describes a lexical problem; `tokens` are the (valid) tokens before it. */
function lexicalError(text: string, tokens: IToken[], problem: LexicalProblem): ParseError {
  const position = positionAt(text, problem.offset);
  switch (problem.kind) {
    case 'nesting':
      return new ParseError(
        `Syntax error: found '${problem.image}' nested more than ${MAX_NESTING} levels deep but expected shallower nesting`,
        position,
        [],
      );
    case 'string':
      return new ParseError(
        `Syntax error: found an unterminated string but expected its closing '"' on the same line`,
        position,
        ['"'],
      );
    case 'comment':
      return new ParseError(`Syntax error: found an unterminated block comment but expected its closing '*/'`, position, ['*/']);
    case 'character': {
      const expected = expectedAfter(tokens, tokens.length);
      const character = String.fromCodePoint(text.codePointAt(problem.offset) ?? 0);
      return new ParseError(
        `Syntax error: found the unexpected character ${JSON.stringify(character)} but expected ${describeExpected(expected)}`,
        position,
        expected,
      );
    }
  }
}

/**
 * assertShallow throws a ParseError when a node lies deeper than MAX_AST_DEPTH, placed at the
 * start of the deepest node still within the bound (in a chain `1 + 1 + …`, the chain's start).
 * The walk is iterative, so it cannot overflow the stack itself.
 */
function assertShallow(program: DatalogProgram): void {
  type Item = [value: unknown, depth: number, parent: SourcePosition];
  const stack: Item[] = [[program, 0, { line: 1, column: 1 }]];
  while (stack.length > 0) {
    const [value, depth, parent] = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (const item of value) stack.push([item, depth, parent]);
      continue;
    }
    const node = value as { kind?: unknown; span?: { start: SourcePosition } };
    const isNode = node.kind !== undefined && node.span !== undefined;
    if (isNode && depth > MAX_AST_DEPTH) {
      throw new ParseError(
        `Syntax error: found an expression nested more than ${MAX_AST_DEPTH} levels deep but expected a shallower one (split it, or balance it with parentheses)`,
        parent,
        [],
      );
    }
    const here = isNode ? node.span!.start : parent;
    for (const [key, child] of Object.entries(value)) {
      if (key !== 'span') stack.push([child, isNode ? depth + 1 : depth, here]);
    }
  }
}

/** tooDeep returns the first `(` or `{` nested deeper than MAX_NESTING, if any. */
function tooDeep(tokens: IToken[]): IToken | undefined {
  let depth = 0;
  for (const t of tokens) {
    if (t.tokenType === LParen || t.tokenType === LBrace) {
      if (++depth > MAX_NESTING) return t;
    } else if (t.tokenType === RParen || t.tokenType === RBrace) {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

function isEndOfInput(token: IToken): boolean {
  return token.tokenType.name === 'EOF';
}

/** syntaxError turns chevrotain's first recognition error into a ParseError. */
function syntaxError(text: string, tokens: IToken[], error: IRecognitionException): ParseError {
  const token = error.token;
  const atEnd = isEndOfInput(token);
  const index = atEnd ? tokens.length : tokens.indexOf(token);
  const expected = expectedAfter(tokens, index < 0 ? tokens.length : index);
  const found = atEnd ? 'the end of the input' : `'${shorten(token.image)}'`;
  const position = atEnd
    ? positionAt(text, text.length)
    : { line: token.startLine ?? 1, column: token.startColumn ?? 1 };
  const message =
    expected.length > 0
      ? `Syntax error: found ${found} but expected ${describeExpected(expected)}`
      : `Syntax error: found the unexpected ${found}`;
  return new ParseError(message, position, expected);
}

/** Longest prefix handed to content assist (about 15 µs a token); past it, no expected list. */
const MAX_ASSIST_PREFIX = 20_000;

/**
 * expectedAfter lists (by label) the tokens the grammar allows after tokens[0..index), using
 * chevrotain's content assist over the shortest prefix that gives the same answer: the current
 * statement (after the last top-level `.`), or inside a body, `?-` followed by the current
 * top-level literal — what may follow is the same after `?- …` as after `head :- …, …`.
 */
function expectedAfter(tokens: IToken[], index: number): string[] {
  let start = 0;
  let literalStart = -1;
  let depth = 0;
  for (let i = 0; i < index; i++) {
    const type = tokens[i].tokenType;
    if (type === LParen || type === LBrace) depth++;
    else if (type === RParen || type === RBrace) depth = Math.max(0, depth - 1);
    else if (depth > 0) continue;
    else if (type === Dot) {
      start = i + 1;
      literalStart = -1;
    } else if (type === ColonDash || type === QueryMark || ((type === Comma || type === Semicolon) && literalStart >= 0)) {
      literalStart = i + 1;
    }
  }
  const prefix =
    literalStart >= 0
      ? [createTokenInstance(QueryMark, '?-', NaN, NaN, NaN, NaN, NaN, NaN), ...tokens.slice(literalStart, index)]
      : tokens.slice(start, index);
  if (prefix.length > MAX_ASSIST_PREFIX) return [];
  const labels: string[] = [];
  for (const next of datalogParser().nextTokenTypes(prefix)) {
    for (const type of expand(next)) {
      const label = type.LABEL ?? type.name;
      if (!labels.includes(label)) labels.push(label);
    }
  }
  return labels;
}

function expand(type: TokenType): readonly TokenType[] {
  return categoryMembers.get(type) ?? [type];
}

function describeExpected(expected: string[]): string {
  if (expected.length === 0) return 'nothing more';
  if (expected.length === 1) return expected[0];
  return `one of ${expected.join(', ')}`;
}

function shorten(image: string): string {
  return image.length > 30 ? `${image.slice(0, 27)}...` : image;
}

/** positionAt returns the 1-based line and column of an offset (line breaks: \n, \r\n, \r). */
function positionAt(text: string, offset: number): SourcePosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
