/**
 * errors.ts — turns chevrotain lexer and parser errors into ParseError (src/common/errors.ts):
 * 1-based line/column of the offending text, what was found, and what was expected.
 *
 * The expected set comes from chevrotain's content assist (every token that can follow the
 * valid prefix, whichever rule is active), which is more complete than the recognizer's own
 * report (that names only the tokens of the last failed rule). For very long prefixes the
 * recognizer's report is used, to keep error reporting cheap.
 */
import type { ILexingError, IRecognitionException, IToken, TokenType } from 'chevrotain';
import { ParseError } from '../../src/common/errors.js';
import type { SparqlParser } from './parser.js';

const MAX_ASSIST_TOKENS = 400;
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

/** parserError reports the parser's first error, with every token that could have come instead. */
export function parserError(parser: SparqlParser, tokens: IToken[], error: IRecognitionException): ParseError {
  const token = error.token;
  const isEof = token.tokenType.name === 'EOF';
  const index = isEof ? tokens.length : tokens.findIndex((t) => t.startOffset === token.startOffset);
  const types =
    index >= 0 && index <= MAX_ASSIST_TOKENS
      ? parser.computeContentAssist('queryOrUpdate', tokens.slice(0, index)).map((s) => s.nextTokenType)
      : parser.messages.last.expected;
  const expected = [...new Set(types.map(label))];
  // Trailing text after a complete query or request: its end was also acceptable.
  if (error.name === 'NotAllInputParsedException') expected.unshift('end of input');
  const last = tokens[tokens.length - 1];
  const position = isEof
    ? { line: last?.endLine ?? 1, column: (last?.endColumn ?? 0) + 1 }
    : { line: token.startLine ?? 1, column: token.startColumn ?? 1 };
  return new ParseError(`Syntax error: found ${describeToken(token)}${listExpected(expected)}`, position, expected);
}
