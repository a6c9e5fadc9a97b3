/**
 * spans.test.ts — source positions: every node's span covers exactly its text (checked on
 * whole corpora by walking the AST), and a few spans are pinned to line/column/offset.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parseSql, parseSqlStatement, type Expr, type Query, type Span } from '../../../grammar/sql/index.js';

/** Every object with a `kind` and a `span` inside `value`. */
function nodes(value: unknown, out: { kind: string; span: Span }[] = []): { kind: string; span: Span }[] {
  if (Array.isArray(value)) for (const v of value) nodes(v, out);
  else if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
    const o = value as Record<string, unknown>;
    if (typeof o.kind === 'string' && o.span !== undefined) out.push(o as { kind: string; span: Span });
    for (const [k, v] of Object.entries(o)) if (k !== 'span') nodes(v, out);
  }
  return out;
}

/** Line and column (1-based) of an offset, given the offsets where lines start. */
function lineColumn(lineStarts: number[], offset: number): { line: number; column: number } {
  let line = 0;
  while (line + 1 < lineStarts.length && lineStarts[line + 1] <= offset) line++;
  return { line: line + 1, column: offset - lineStarts[line] + 1 };
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) starts.push(i + 1);
  }
  return starts;
}

function text(src: string, span: Span): string {
  return src.slice(span.start.offset, span.end.offset);
}

const goldenDir = join(dirname(fileURLToPath(import.meta.url)), 'golden');

describe('spans', () => {
  test('every span of every golden statement is consistent with its text', () => {
    for (const file of readdirSync(goldenDir).filter((f) => f.endsWith('.sql'))) {
      const src = readFileSync(join(goldenDir, file), 'utf8');
      const starts = lineStartsOf(src);
      for (const stmt of parseSql(src)) {
        for (const n of nodes(stmt)) {
          const where = `${file}: ${n.kind} ${JSON.stringify(text(src, n.span))}`;
          expect(n.span.start.offset, where).toBeLessThanOrEqual(n.span.end.offset);
          expect(lineColumn(starts, n.span.start.offset), where).toEqual({ line: n.span.start.line, column: n.span.start.column });
          expect(lineColumn(starts, n.span.end.offset), where).toEqual({ line: n.span.end.line, column: n.span.end.column });
          // Children lie inside their statement, and no span starts or ends in whitespace.
          expect(n.span.start.offset, where).toBeGreaterThanOrEqual(stmt.span.start.offset);
          expect(n.span.end.offset, where).toBeLessThanOrEqual(stmt.span.end.offset);
          const t = text(src, n.span);
          if (t.length > 0) expect(t.trim(), where).toBe(t);
        }
      }
    }
  });

  test('statement and expression spans in a multi-line script', () => {
    const src = 'SELECT 1;\n  SELECT a + b,\n         (c)\n    FROM t;';
    const [first, second] = parseSql(src);
    expect(first.span).toEqual({ start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 9, offset: 8 } });
    expect(second.span.start).toEqual({ line: 2, column: 3, offset: 12 });
    expect(second.span.end).toEqual({ line: 4, column: 11, offset: 49 });
    const select = (second as Query).body;
    if (select.kind !== 'Select') throw new Error('expected a Select');
    const [sum, paren] = select.columns;
    if (sum.kind !== 'SelectExpr' || paren.kind !== 'SelectExpr') throw new Error('expected expressions');
    expect(text(src, sum.expr.span)).toBe('a + b');
    expect(sum.expr.span.start).toEqual({ line: 2, column: 10, offset: 19 });
    // A parenthesized expression's span includes its parentheses (SQLite names such a column "(c)").
    expect(text(src, paren.expr.span)).toBe('(c)');
    expect(paren.expr.span.start).toEqual({ line: 3, column: 10, offset: 35 });
    const from = select.from!;
    expect(from.span.start).toEqual({ line: 4, column: 10, offset: 48 });
  });

  test('names, literals and operators point at their own text', () => {
    const src = `SELECT "Quoted ""x""", 'it''s', x'AB', -9223372036854775808, t.c COLLATE nocase FROM s.t`;
    const q = parseSqlStatement(src) as Query;
    if (q.body.kind !== 'Select') throw new Error('expected a Select');
    const exprs = q.body.columns.map((c) => (c.kind === 'SelectExpr' ? c.expr : null)) as Expr[];
    expect(exprs.map((e) => text(src, e.span))).toEqual([
      '"Quoted ""x"""',
      "'it''s'",
      "x'AB'",
      '-9223372036854775808',
      't.c COLLATE nocase',
    ]);
    const collate = exprs[4];
    if (collate.kind !== 'Collate') throw new Error('expected Collate');
    expect(text(src, collate.collation.span)).toBe('nocase');
    expect(text(src, (q.body.from as { name: { span: Span } }).name.span)).toBe('s.t');
  });

  test('a statement after a CRLF line break', () => {
    const src = 'SELECT 1;\r\nSELECT\r\n  2';
    const [, second] = parseSql(src);
    expect(second.span.start).toEqual({ line: 2, column: 1, offset: 11 });
    expect(second.span.end).toEqual({ line: 3, column: 4, offset: 22 });
  });
});
