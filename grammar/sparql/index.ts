/**
 * grammar/sparql — SPARQL 1.1 Query and Update text → typed syntactic AST (ast.ts).
 *
 * The pipeline, one file per stage:
 *   tokens.ts (lexer) → parser.ts (grammar → chevrotain CST; cst.ts types it)
 *   → to-ast-*.ts (CST → AST; terms.ts resolves names, escapes, literals)
 *   → checks.ts (the grammar's static rules) → SparqlQuery | SparqlUpdate.
 *
 * Why a CST and a separate AST builder, not embedded actions: the grammar stays a plain
 * transcription of the spec (each rule next to its production number) with no ACTION()
 * guards, the AST builder is ordinary typed code split by area (queries, patterns, triples,
 * expressions, updates) against generated CST types, and the CST is cheap at query sizes.
 *
 * Every failure is a ParseError (src/common/errors.ts) with a 1-based line and column; a
 * syntax error also lists the tokens that were expected.
 */
import { ParseError } from '../../src/common/errors.js';
import type { ParseOptions, Span, SparqlQuery, SparqlUpdate } from './ast.js';
import { checkQuery, checkUpdate } from './checks.js';
import type { QueryOrUpdateCstNode } from './cst.js';
import { lexerError, parserError } from './errors.js';
import { sparqlParser } from './parser.js';
import { TermContext } from './terms.js';
import { prologue, query } from './to-ast-query.js';
import { updateOperations } from './to-ast-update.js';
import type { IToken } from 'chevrotain';
import {
  BLANK_NODE_LABEL, LBracket, LCurly, LParen, RBracket, RCurly, RParen, sparqlLexer,
} from './tokens.js';

export type * from './ast.js';

/** parseSparql parses a SPARQL 1.1 query or update request; throws ParseError. */
export function parseSparql(text: string, options: ParseOptions = {}): SparqlQuery | SparqlUpdate {
  // A byte order mark is read as a space, so that offsets stay those of `text`.
  const lexed = sparqlLexer.tokenize(text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text);
  if (lexed.errors.length > 0) throw lexerError(text, lexed.errors[0]!);
  checkNesting(lexed.tokens);
  sparqlParser.input = lexed.tokens;
  const cst = sparqlParser.queryOrUpdate() as QueryOrUpdateCstNode;
  if (sparqlParser.errors.length > 0) throw parserError(sparqlParser, lexed.tokens, sparqlParser.errors[0]!);

  const labels = new Set<string>();
  for (const t of lexed.tokens) if (t.tokenType === BLANK_NODE_LABEL) labels.add(t.image.slice(2));
  const ctx = new TermContext(options, labels);
  const span = wholeText(text);
  prologue(ctx, cst.children.prologue[0]!);
  if (cst.children.query) {
    const ast = query(ctx, cst.children.query[0]!, span);
    checkQuery(ast);
    return ast;
  }
  const operations = updateOperations(ctx, cst.children.updateOperations?.[0]);
  const ast: SparqlUpdate = {
    kind: 'update', operations, base: ctx.base, prefixes: Object.fromEntries(ctx.prefixes), span,
  };
  checkUpdate(ast);
  return ast;
}

/** parseSparqlQuery parses a query; an update request is a ParseError. */
export function parseSparqlQuery(text: string, options: ParseOptions = {}): SparqlQuery {
  const ast = parseSparql(text, options);
  if (ast.kind === 'update') throw new ParseError('Expected a SPARQL query (SELECT, CONSTRUCT, ASK or DESCRIBE), found an update request', { line: 1, column: 1 }, ['SELECT', 'CONSTRUCT', 'ASK', 'DESCRIBE']);
  return ast;
}

/** parseSparqlUpdate parses an update request; a query is a ParseError. */
export function parseSparqlUpdate(text: string, options: ParseOptions = {}): SparqlUpdate {
  const ast = parseSparql(text, options);
  if (ast.kind !== 'update') throw new ParseError('Expected a SPARQL update request, found a query', ast.span.start);
  return ast;
}

/**
 * How deep (, [ and { may nest. The parser, the AST builder and every later pass recurse once
 * per level (about ten rules per parenthesized expression), so an unbounded depth would end in
 * a stack overflow instead of a ParseError; real queries stay far below this.
 */
export const MAX_NESTING = 128;

function checkNesting(tokens: IToken[]): void {
  let depth = 0;
  for (const t of tokens) {
    if (t.tokenType === LParen || t.tokenType === LBracket || t.tokenType === LCurly) {
      if (++depth > MAX_NESTING) {
        throw new ParseError(`Syntax error: brackets nest more than ${MAX_NESTING} levels deep`, {
          line: t.startLine ?? 1,
          column: t.startColumn ?? 1,
        });
      }
    } else if (t.tokenType === RParen || t.tokenType === RBracket || t.tokenType === RCurly) depth--;
  }
}

function wholeText(text: string): Span {
  const lines = text.split(/\r\n|\r|\n/);
  return {
    start: { offset: 0, line: 1, column: 1 },
    end: { offset: text.length, line: lines.length, column: lines[lines.length - 1]!.length + 1 },
  };
}
