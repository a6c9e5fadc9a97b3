/**
 * cst-util.ts — small helpers the AST builder uses on chevrotain CST nodes and tokens: source
 * spans, source order across differently named children, and positioned syntax errors.
 */
import type { CstElement, CstNode, IToken } from 'chevrotain';
import { ParseError } from '../../src/common/errors.js';
import type { Position, Span } from './ast.js';

/** isToken tells a token from a CST node. */
export function isToken(element: CstElement): element is IToken {
  return (element as IToken).image !== undefined;
}

function startOf(element: CstElement): number {
  return isToken(element) ? element.startOffset : (element.location?.startOffset ?? Number.NaN);
}

/**
 * inOrder merges children of different names into source order. A chevrotain CST groups
 * children by name (`triplesBlock: […], graphPatternNotTriples: […]`), losing how they
 * interleave; their start offsets restore it.
 */
export function inOrder<E extends CstElement>(...groups: (E[] | undefined)[]): E[] {
  const all: E[] = [];
  for (const g of groups) if (g) all.push(...g);
  return all.sort((x, y) => startOf(x) - startOf(y));
}

/** tokenStart is the position of a token's first character. */
export function tokenStart(token: IToken): Position {
  return { offset: token.startOffset, line: token.startLine ?? 1, column: token.startColumn ?? 1 };
}

/** tokenEnd is the position just past a token's last character. */
export function tokenEnd(token: IToken): Position {
  return {
    offset: (token.endOffset ?? token.startOffset) + 1,
    line: token.endLine ?? token.startLine ?? 1,
    column: (token.endColumn ?? token.startColumn ?? 0) + 1,
  };
}

/** spanOf is the source range of a token or CST node. */
export function spanOf(element: CstElement): Span {
  if (isToken(element)) return { start: tokenStart(element), end: tokenEnd(element) };
  const loc = element.location!;
  return {
    start: { offset: loc.startOffset, line: loc.startLine ?? 1, column: loc.startColumn ?? 1 },
    end: {
      offset: (loc.endOffset ?? loc.startOffset) + 1,
      line: loc.endLine ?? loc.startLine ?? 1,
      column: (loc.endColumn ?? 0) + 1,
    },
  };
}

/** spanFrom covers from the start of `first` to the end of `last`. */
export function spanFrom(first: Span, last: Span): Span {
  return { start: first.start, end: last.end };
}

/** positionInToken is the position of the character at `index` in a token's image. */
export function positionInToken(token: IToken, index: number): Position {
  let line = token.startLine ?? 1;
  let column = token.startColumn ?? 1;
  const image = token.image;
  for (let i = 0; i < index && i < image.length; i++) {
    const ch = image.charCodeAt(i);
    if (ch === 10 || (ch === 13 && image.charCodeAt(i + 1) !== 10)) {
      line++;
      column = 1;
    } else column++;
  }
  return { offset: token.startOffset + index, line, column };
}

/** syntaxError builds the ParseError for a static-rule violation found at `at`. */
export function syntaxError(message: string, at: Span | Position): ParseError {
  const p = 'start' in at ? at.start : at;
  return new ParseError(message, { line: p.line, column: p.column });
}

/** only returns the single child of a node group that the grammar guarantees exists. */
export function only<T>(items: T[] | undefined): T {
  return items![0]!;
}

export type { CstNode, IToken };
