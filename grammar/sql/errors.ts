/**
 * errors.ts — turning lexer and chevrotain parser errors into ParseError (SYNTAX_ERROR).
 *
 * Every message names what was found and what was expected, and carries the 1-based line
 * and column of the offending token: `Expected one of: ',', FROM, WHERE, … but found "FORM"`.
 *
 * The expected list comes from two sources:
 * 1. chevrotain's own error data (the token a CONSUME wanted, the first tokens of every path
 *    an OR / MANY could take), captured through `errorMessageProvider`, which encodes it as
 *    JSON in the exception message so that it travels with the exception and no module
 *    state is needed;
 * 2. chevrotain's content assist (`computeContentAssist`) over the tokens of the statement
 *    before the error, which also lists what optional clauses could have continued
 *    (`SELECT * FORM t` → `,`, FROM, WHERE, GROUP …). Its cost grows with the prefix, so it
 *    is only asked for prefixes of up to CONTENT_ASSIST_MAX_TOKENS tokens.
 */
import { EOF, type IRecognitionException, type IToken, type TokenType } from 'chevrotain';
import { ParseError, type SourcePosition } from '../../src/common/errors.js';
import {
  allTokens,
  BinaryOperator,
  ComparisonOperator,
  DoubleColon,
  KeywordLiteral,
  LikeOperator,
  MALFORMED_NUMBER,
  NullTest,
  PrefixOperator,
  ReservedFunctionName,
} from './tokens.js';

/** Longest statement prefix (in tokens) handed to content assist. */
const CONTENT_ASSIST_MAX_TOKENS = 160;
/** At most this many expected tokens are spelled out in a message (all are in `expected`). */
const MESSAGE_MAX_EXPECTED = 12;

interface EncodedError {
  expected: string[];
}

/** A display label for a token type: `FROM`, `','`, `identifier`, `end of input`. */
export function tokenLabel(t: TokenType): string {
  if (t === EOF) return 'end of input';
  return t.LABEL ?? t.name;
}

/** Token classes listed by their members in messages (`'=', '<>', …` rather than "comparison operator"). */
const EXPANDED = [PrefixOperator, KeywordLiteral, NullTest, LikeOperator, ComparisonOperator, BinaryOperator];
const OPERATOR_CLASSES = new Set<TokenType>([ComparisonOperator, BinaryOperator, LikeOperator, NullTest]);

function membersOf(category: TokenType): TokenType[] {
  return allTokens.filter((t) => t !== category && (t.CATEGORIES ?? []).includes(category));
}
const MEMBER_LABELS = new Map<TokenType, string[]>(EXPANDED.map((c) => [c, membersOf(c).map(tokenLabel)]));
/** Labels of operators, listed after everything else (clauses and punctuation are likelier fixes). */
const OPERATOR_LABELS = new Set<string>([
  tokenLabel(DoubleColon),
  'IS',
  'IN',
  'NOT',
  'NULL',
  'COLLATE',
  ...[...OPERATOR_CLASSES].flatMap((c) => MEMBER_LABELS.get(c) ?? []),
]);
/** Operator labels that also start an operand (`NOT x`, `-1`, `NULL`). */
const ALSO_OPERAND = new Set<string>(['NOT', 'NULL', "'-'", "'+'"]);
/** Listed first: what most often stands where an operand is missing. */
const FIRST = ['identifier', 'number', 'string'];

/** Display labels for expected token types: classes expanded, internal classes dropped. */
function labelsOf(types: TokenType[]): string[] {
  const out: string[] = [];
  for (const t of types) {
    if (t === ReservedFunctionName) continue; // "identifier" already says a name may stand here
    const members = MEMBER_LABELS.get(t);
    if (members !== undefined) out.push(...members);
    else out.push(tokenLabel(t));
  }
  return out;
}

/** Unique labels: names and literals first, operators last, otherwise in grammar order. */
function ordered(labels: string[]): string[] {
  const u = unique(labels);
  const operandExpected = u.includes('number');
  const rank = (l: string): number => {
    if (FIRST.includes(l)) return 0;
    if (OPERATOR_LABELS.has(l) && !(operandExpected && ALSO_OPERAND.has(l))) return 2;
    return 1;
  };
  return u
    .map((l, i) => ({ l, i, r: rank(l) }))
    .sort((a, b) => a.r - b.r || (a.r === 0 ? FIRST.indexOf(a.l) - FIRST.indexOf(b.l) : a.i - b.i))
    .map((x) => x.l);
}

function encode(expected: TokenType[]): string {
  return JSON.stringify({ expected: labelsOf(expected) } satisfies EncodedError);
}

function firstTokens(paths: TokenType[][]): TokenType[] {
  const out: TokenType[] = [];
  for (const p of paths) if (p.length > 0) out.push(p[0]);
  return out;
}

/** Passed to the parser: keeps chevrotain's error data machine-readable (see header). */
export const errorMessageProvider = {
  buildMismatchTokenMessage(o: { expected: TokenType }): string {
    return encode([o.expected]);
  },
  buildNotAllInputParsedMessage(): string {
    return encode([]);
  },
  buildNoViableAltMessage(o: { expectedPathsPerAlt: TokenType[][][] }): string {
    return encode(o.expectedPathsPerAlt.flatMap(firstTokens));
  },
  buildEarlyExitMessage(o: { expectedIterationPaths: TokenType[][] }): string {
    return encode(firstTokens(o.expectedIterationPaths));
  },
};

function decode(message: string): string[] {
  try {
    const parsed = JSON.parse(message) as EncodedError;
    return Array.isArray(parsed.expected) ? parsed.expected : [];
  } catch {
    return [];
  }
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}

/** The line and column just past the end of `text` (where "end of input" is). */
export function endOfText(text: string): SourcePosition {
  let line = 1;
  let lastBreak = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lastBreak = i;
    }
  }
  return { line, column: text.length - lastBreak };
}

/** How a found token is named in a message. */
export function describeToken(t: IToken): string {
  if (t.tokenType === EOF) return 'end of input';
  const img = t.image.length > 40 ? `${t.image.slice(0, 40)}…` : t.image;
  return JSON.stringify(img);
}

/** `Expected one of: A, B … but found X`. */
export function expectedMessage(expected: string[], found: string): string {
  if (expected.length === 0) return `Unexpected ${found}`;
  if (expected.length === 1) return `Expected ${expected[0]} but found ${found}`;
  const shown = expected.slice(0, MESSAGE_MAX_EXPECTED).join(', ');
  const more = expected.length > MESSAGE_MAX_EXPECTED ? ', …' : '';
  return `Expected one of: ${shown}${more} but found ${found}`;
}

/** What the grammar accepts after `prefix` (the statement so far), or [] if too costly. */
export type Suggest = (prefix: IToken[]) => TokenType[];

function suggestSafely(suggest: Suggest, prefix: IToken[]): string[] {
  if (prefix.length > CONTENT_ASSIST_MAX_TOKENS) return [];
  try {
    return labelsOf(suggest(prefix));
  } catch {
    return [];
  }
}

/**
 * The ParseError for a chevrotain recognition exception. `tokens` is the whole token vector
 * and `statementStart` the index of the first token of the statement being parsed.
 */
export function recognitionError(
  e: IRecognitionException,
  text: string,
  tokens: IToken[],
  statementStart: number,
  suggest: Suggest,
): ParseError {
  const tok = e.token;
  const atEnd = tok.tokenType === EOF || Number.isNaN(tok.startOffset);
  const index = atEnd ? tokens.length : tokens.indexOf(tok);
  const prefix = tokens.slice(Math.min(statementStart, Math.max(index, 0)), Math.max(index, 0));
  const fromAssist = suggestSafely(suggest, prefix);
  const fromError = decode(e.message);
  const complete = e.name === 'NotAllInputParsedException';
  const expected = ordered([...fromAssist, ...fromError, ...(complete ? ["';'"] : [])]);
  const position: SourcePosition = atEnd ? endOfText(text) : { line: tok.startLine as number, column: tok.startColumn as number };
  return new ParseError(expectedMessage(expected, describeToken(tok)), position, expected);
}

/** The ParseError for a character the lexer could not read. */
export function lexingError(
  err: { offset: number; line: number | undefined; column: number | undefined; length: number; message: string },
  text: string,
  tokens: IToken[],
  statementStart: number,
  suggest: Suggest,
): ParseError {
  if (err.message.startsWith(MALFORMED_NUMBER)) {
    return new ParseError(err.message, { line: err.line ?? 1, column: err.column ?? 1 }, []);
  }
  const ch = String.fromCodePoint(text.codePointAt(err.offset) ?? 0xfffd);
  let index = tokens.findIndex((t) => t.startOffset > err.offset);
  if (index < 0) index = tokens.length;
  const expected = ordered(suggestSafely(suggest, tokens.slice(statementStart, index)));
  const found = `unexpected character ${JSON.stringify(ch)}`;
  const message = expected.length === 0 ? `Unexpected character ${JSON.stringify(ch)}` : expectedMessage(expected, found);
  return new ParseError(message, { line: err.line ?? 1, column: err.column ?? 1 }, expected);
}

/** The ParseError for an unterminated string, quoted name or comment (an `errors` group token). */
export function unterminatedError(t: IToken): ParseError {
  const c = t.image.charAt(0);
  let what = 'comment';
  let closing = '*/';
  if (c === "'") {
    what = 'string literal';
    closing = "'";
  } else if (c === '"' || c === '`') {
    what = 'quoted identifier';
    closing = c;
  } else if (c === '[') {
    what = 'quoted identifier';
    closing = ']';
  }
  return new ParseError(
    `Unterminated ${what}: expected a closing ${closing} before the end of input`,
    { line: t.startLine as number, column: t.startColumn as number },
    [closing],
  );
}
