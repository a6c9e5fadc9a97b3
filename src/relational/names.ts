/**
 * names.ts — SQL identifiers and source positions as the lowering uses them.
 *
 * SQL compares identifiers case-insensitively (SQLite does so even for quoted ones), so every
 * name is normalized to lower case for lookup and kept as written for display.
 */
import type { SourcePosition } from '../common/errors.js';
import type { Identifier, ObjectName, Span } from '../../grammar/sql/ast.js';

/** key is the lookup form of a name. */
export function key(name: string): string {
  return name.toLowerCase();
}

/** objectKey is the lookup form of a table/index/view name (schemas main/temp are accepted and ignored). */
export function objectKey(n: ObjectName): string {
  return key(n.name.name);
}

export function idKey(id: Identifier): string {
  return key(id.name);
}

/** at converts a node's span to the position carried by errors. */
export function at(span: Span | undefined): SourcePosition | undefined {
  return span ? { line: span.start.line, column: span.start.column } : undefined;
}
