/**
 * names.ts — source positions for the Datalog front end's errors.
 */
import type { SourcePosition } from '../common/errors.js';
import type { Span } from '../../grammar/datalog/ast.js';

/** at converts a node's span to the position carried by errors. */
export function at(span: Span | undefined): SourcePosition | undefined {
  return span ? { line: span.start.line, column: span.start.column } : undefined;
}
