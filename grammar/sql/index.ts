/**
 * index.ts — the SQL front end's API: `parseSql(text)` → Statement[] and `parseSqlStatement`.
 *
 * Pipeline position: text → (tokens.ts) tokens → (parser*.ts + to-ast.ts) AST (ast.ts) →
 * src/relational lowers the AST to the algebra. Errors are ParseError (code SYNTAX_ERROR) with
 * line, column, what was found and the expected tokens (errors.ts); no other error escapes,
 * whatever the input.
 *
 * One lexer and one parser are built on first use and reused: chevrotain parsers are costly
 * to build and cheap to reset. All per-parse state (token vector, parameter numbering,
 * nesting depth) is reset at the start of every parse, so nothing leaks between parses.
 */
import type { IRecognitionException, IToken } from 'chevrotain';
import { ParseError, type SourcePosition } from '../../src/common/errors.js';
import type { Statement } from './ast.js';
import { endOfText, lexingError, recognitionError, unterminatedError } from './errors.js';
import { SqlParser } from './parser.js';
import { Semicolon, tokenize } from './tokens.js';

export type * from './ast.js';
export { printExpr, printSql } from './printer.js';
export { ParseError } from '../../src/common/errors.js';

let parserInstance: SqlParser | undefined;

function parser(): SqlParser {
  // The grammar's validity is checked by the tests (grammar.test.ts), not on every start.
  parserInstance ??= new SqlParser({ validate: false });
  return parserInstance;
}

/** Parses a script of `;`-separated SQL statements (empty statements are skipped). */
export function parseSql(text: string): Statement[] {
  const p = parser();
  const lexed = tokenize(text);
  const tokens = lexed.tokens;
  p.resetState();
  p.input = tokens;

  let statements: Statement[] | undefined;
  let thrown: ParseError | undefined;
  try {
    statements = p.script();
  } catch (e) {
    if (e instanceof ParseError) thrown = e;
    else if (e instanceof RangeError) thrown = tooComplex(p.statementStartToken);
    else throw e;
  }

  const suggest = (prefix: IToken[]) => p.computeContentAssist('statement', prefix).map((s) => s.nextTokenType);
  const candidates: ParseError[] = [];
  if (thrown !== undefined) candidates.push(thrown);
  if (p.errors.length > 0) {
    const start = p.statementStartToken === undefined ? 0 : Math.max(tokens.indexOf(p.statementStartToken), 0);
    candidates.push(recognitionError(p.errors[0] as IRecognitionException, text, tokens, start, suggest));
  }
  if (lexed.errors.length > 0) {
    const err = lexed.errors.reduce((a, b) => (b.offset < a.offset ? b : a));
    candidates.push(lexingError(err, text, tokens, statementStartBefore(tokens, err.offset), suggest));
  }
  const broken = lexed.groups.errors as IToken[] | undefined;
  if (broken !== undefined && broken.length > 0) candidates.push(unterminatedError(broken[0]));

  if (candidates.length > 0) throw earliest(candidates);
  const result = statements ?? [];
  // Only long scripts can nest deeply enough to matter (see MAX_AST_HEIGHT).
  if (tokens.length >= MAX_AST_HEIGHT / 4) for (const s of result) checkHeight(s);
  return result;
}

/**
 * Deepest AST accepted (nodes from a statement down to a leaf). Long operator chains
 * (`a OR b OR …`, `SELECT … UNION SELECT …`) build trees as deep as they are long; every
 * later pass walks the tree recursively, so, like SQLite ("Expression tree is too large"),
 * the parser refuses trees deeper than this.
 */
export const MAX_AST_HEIGHT = 2000;

/** Throws when `root` is deeper than MAX_AST_HEIGHT (walks iteratively: no recursion). */
function checkHeight(root: Statement): void {
  const stack: { node: unknown; depth: number }[] = [{ node: root, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: unknown; depth: number };
    if (Array.isArray(node)) {
      for (const child of node) stack.push({ node: child, depth });
      continue;
    }
    if (node === null || typeof node !== 'object' || node instanceof Uint8Array) continue;
    const o = node as { kind?: unknown; span?: { start: SourcePosition } };
    if (o.kind !== undefined && depth > MAX_AST_HEIGHT && o.span !== undefined) {
      throw new ParseError(
        `Statement too large: its syntax tree is deeper than ${MAX_AST_HEIGHT} levels (split long chains of operators or UNIONs)`,
        o.span.start,
      );
    }
    for (const [key, child] of Object.entries(o)) {
      if (key !== 'span' && child !== null && typeof child === 'object') stack.push({ node: child, depth: depth + 1 });
    }
  }
}

/** Parses exactly one statement (a trailing `;` is allowed). */
export function parseSqlStatement(text: string): Statement {
  const statements = parseSql(text);
  if (statements.length === 1) return statements[0];
  if (statements.length === 0) {
    throw new ParseError('Expected a statement but found end of input', endOfText(text), ['statement']);
  }
  const second = statements[1].span.start;
  throw new ParseError(
    `Expected a single statement but found ${statements.length}`,
    { line: second.line, column: second.column },
    ['end of input'],
  );
}

function earliest(errors: ParseError[]): ParseError {
  const pos = (e: ParseError): SourcePosition => ({ line: e.line ?? 0, column: e.column ?? 0 });
  return errors.reduce((best, e) => {
    const a = pos(e);
    const b = pos(best);
    return a.line < b.line || (a.line === b.line && a.column < b.column) ? e : best;
  });
}

/** Index of the first token of the statement that contains `offset` (after the last `;`). */
function statementStartBefore(tokens: IToken[], offset: number): number {
  let start = 0;
  for (let i = 0; i < tokens.length && tokens[i].startOffset < offset; i++) {
    if (tokens[i].tokenType === Semicolon) start = i + 1;
  }
  return start;
}

function tooComplex(at: IToken | undefined): ParseError {
  const position = at === undefined ? { line: 1, column: 1 } : { line: at.startLine as number, column: at.startColumn as number };
  return new ParseError('Statement too complex to parse (nested too deeply)', position);
}
