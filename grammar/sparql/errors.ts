/**
 * errors.ts — turns chevrotain lexer and parser errors into ParseError (src/common/errors.ts):
 * 1-based line/column of the offending text, what was found, and what was expected.
 *
 * The expected set comes from chevrotain's content assist (every token that can follow the
 * valid prefix, whichever rule is active), which is more complete than the recognizer's own
 * report (that names only the tokens of the last failed rule). For very long prefixes the
 * recognizer's report is used, to keep error reporting cheap.
 */
import { tokenMatcher, type ILexingError, type IRecognitionException, type IToken, type TokenType } from 'chevrotain';
import { ParseError } from '../../src/common/errors.js';
import type { SparqlParser } from './parser.js';

/** Content assist costs about 0.3 ms per preceding token; past this the recognizer's report is used. */
const MAX_ASSIST_TOKENS = 100;
const MAX_LISTED = 12;

const label = (t: TokenType): string => t.LABEL ?? t.name;

function describeToken(token: IToken): string {
  if (token.tokenType.name === 'EOF') return 'end of input';
  const image = token.image.length > 40 ? `${token.image.slice(0, 37)}…` : token.image;
  return `'${image}'`;
}

function listExpected(expected: string[]): string {
  if (expected.length === 0) return '';
  if (expected.length === 1) return `, expected ${expected[0]}`;
  const shown = expected.slice(0, MAX_LISTED).join(', ');
  return `, expected one of: ${shown}${expected.length > MAX_LISTED ? ', …' : ''}`;
}

/** lexerError reports text that is no SPARQL token. */
export function lexerError(text: string, error: ILexingError): ParseError {
  const ch = text[error.offset] ?? '';
  let hint = '';
  if (ch === '"' || ch === "'") hint = ' (an unterminated string, a raw line break in a short string, or an invalid escape)';
  else if (ch === '\\') hint = ' (\\ escapes are allowed only inside strings, IRIs and prefixed-name local parts)';
  const shown = JSON.stringify(ch).slice(1, -1);
  return new ParseError(`Syntax error: unexpected character '${shown}'${hint}`, {
    line: error.line ?? 1,
    column: error.column ?? 1,
  });
}

/**
 * parserError reports the parser's first error, with every token that could have come instead.
 * An LL(k) decision fails at its first token even when the mistake is a token or two later
 * (`INSERT WHERE`: INSERT is fine, WHERE is not); the report moves to the first token that
 * cannot follow the tokens before it.
 */
export function parserError(parser: SparqlParser, tokens: IToken[], error: IRecognitionException): ParseError {
  let token = error.token;
  let index = token.tokenType.name === 'EOF' ? tokens.length : tokens.findIndex((t) => t.startOffset === token.startOffset);
  const assist = (i: number): TokenType[] => {
    try {
      return parser.computeContentAssist('queryOrUpdate', tokens.slice(0, i)).map((s) => s.nextTokenType);
    } catch {
      return parser.messages.last.expected; // never seen; a report without the full list beats a crash
    }
  };
  let types: TokenType[];
  if (index >= 0 && index <= MAX_ASSIST_TOKENS) {
    types = assist(index);
    const lookahead = error.name === 'NoViableAltException' ? 3 : 0;
    for (let step = 0; step < lookahead && index < tokens.length && types.some((t) => tokenMatcher(tokens[index]!, t)); step++) {
      index++;
      types = assist(index);
    }
    token = tokens[index] ?? token;
  } else types = parser.messages.last.expected;
  const isEof = index >= tokens.length;
  const expected = [...new Set(types.map(label))];
  // Trailing text after a complete query or request: its end was also acceptable.
  if (error.name === 'NotAllInputParsedException') expected.unshift('end of input');
  const last = tokens[tokens.length - 1];
  const position = isEof
    ? { line: last?.endLine ?? 1, column: (last?.endColumn ?? 0) + 1 }
    : { line: token.startLine ?? 1, column: token.startColumn ?? 1 };
  const found = isEof ? 'end of input' : describeToken(token);
  return new ParseError(`Syntax error: found ${found}${listExpected(expected)}`, position, expected);
}
