/**
 * columns.ts — the one naming convention every layer shares for columns: a column whose name
 * begins with INTERNAL_MARK is the engine's own (an index expression's hidden value), which no
 * unquoted SQL identifier can name and which messages and listings leave out.
 */
export const INTERNAL_MARK = '#';

export const isInternalColumn = (name: string): boolean => name.startsWith(INTERNAL_MARK);
