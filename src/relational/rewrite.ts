/**
 * rewrite.ts — renames inside stored SQL source (view queries, CHECK expressions), as
 * SQLite's ALTER TABLE … RENAME does: the text is parsed, the identifiers that name the
 * renamed table or column are located by their spans, and only those spans are replaced, so
 * the rest of the text stays as the user wrote it.
 */
import type * as ast from '../../grammar/sql/ast.js';
import { parseSql } from '../../grammar/sql/index.js';
import { idKey, key } from './names.js';

type Edit = { start: number; end: number; text: string };

/** quoteIdent writes a name so that it parses back as itself. */
export function quoteIdent(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** nodes yields every syntax node under `root` (anything with a `kind`), depth first. */
function* nodes(root: unknown): Generator<{ kind: string } & Record<string, unknown>> {
  if (root === null || typeof root !== 'object') return;
  if (Array.isArray(root)) {
    for (const x of root) yield* nodes(x);
    return;
  }
  const node = root as { kind?: unknown } & Record<string, unknown>;
  if (typeof node.kind === 'string') yield node as { kind: string } & Record<string, unknown>;
  for (const [k, v] of Object.entries(node)) if (k !== 'span' && v !== null && typeof v === 'object') yield* nodes(v);
}

function applyEdits(text: string, edits: Edit[], offset: number): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start - offset) + e.text + out.slice(e.end - offset);
  return out;
}

function replace(id: ast.Identifier, to: string): Edit {
  return { start: id.span.start.offset, end: id.span.end.offset, text: quoteIdent(to) };
}

/** Names the renamed table is known by in `root`: its own name and the aliases given to it. */
function namesOf(root: unknown, table: string): Set<string> {
  const names = new Set<string>();
  for (const n of nodes(root)) {
    if (n.kind !== 'TableName') continue;
    const t = n as unknown as ast.TableName;
    if (key(t.name.name.name) !== table) continue;
    names.add(t.alias ? idKey(t.alias) : table);
  }
  return names;
}

/** renameInQuery rewrites a view's query text for a renamed table or column of `table`. */
export function renameInQuery(text: string, table: string, change: { table?: string; column?: { from: string; to: string } }): string {
  const [statement] = parseSql(text);
  const aliases = namesOf(statement, table);
  if (aliases.size === 0) return text;
  return applyEdits(text, renameEdits(statement, table, aliases, change), 0);
}

/** renameInExpr rewrites a CHECK expression of `table` (its column references are the table's). */
export function renameInExpr(text: string, table: string, change: { table?: string; column?: { from: string; to: string } }): string {
  const prefix = 'SELECT ';
  const [statement] = parseSql(prefix + text);
  return applyEdits(prefix + text, renameEdits(statement, table, new Set([table]), change, true), 0).slice(prefix.length);
}

function renameEdits(root: unknown, table: string, aliases: Set<string>, change: { table?: string; column?: { from: string; to: string } }, unqualifiedIsTable = false): Edit[] {
  const edits: Edit[] = [];
  for (const n of nodes(root)) {
    if (n.kind === 'TableName' && change.table !== undefined) {
      const t = n as unknown as ast.TableName;
      if (key(t.name.name.name) === table) edits.push(replace(t.name.name, change.table));
    } else if (n.kind === 'ColumnRef') {
      const c = n as unknown as ast.ColumnRef;
      const qualifier = c.table ? idKey(c.table) : null;
      if (change.table !== undefined && qualifier === table) edits.push(replace(c.table!, change.table));
      if (change.column && idKey(c.column) === key(change.column.from) && (qualifier === null ? unqualifiedIsTable || aliases.size > 0 : aliases.has(qualifier))) {
        edits.push(replace(c.column, change.column.to));
      }
    }
  }
  return edits;
}

/** mentionsColumn tells whether an expression's text refers to a column named `name`. */
export function mentionsColumn(text: string, name: string): boolean {
  const [statement] = parseSql(`SELECT ${text}`);
  for (const n of nodes(statement)) if (n.kind === 'ColumnRef' && idKey((n as unknown as ast.ColumnRef).column) === key(name)) return true;
  return false;
}
