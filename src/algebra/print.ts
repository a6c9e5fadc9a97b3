/**
 * print.ts — the canonical S-expression form of logical plans and expressions.
 *
 * One line per operator, children indented under it; columns print as name#id. Golden tests
 * compare this text, and EXPLAIN of the logical plan prints it.
 */
import type { Value } from '../common/values.js';
import { columnLabel, type Column } from './columns.js';
import type { Expr } from './expr.js';
import type { FrameBound, Plan, PlanKind, PlanOf, SortKey, WindowCall, WindowFrame } from './logical.js';
import { children } from './visit.js';

/** formatValue prints a literal value unambiguously. */
export function formatValue(v: Value): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'bigint':
      return `${v}n`;
    case 'number':
    case 'boolean':
      return String(v);
    default:
      if (v instanceof Uint8Array) return `x'${Buffer.from(v).toString('hex')}'`;
      if (Array.isArray(v)) return `[${v.map(formatValue).join(' ')}]`;
      return `{${[...v.entries()].map(([k, x]) => `${JSON.stringify(k)}: ${formatValue(x)}`).join(', ')}}`;
  }
}

/** printExpr prints an expression as an S-expression. */
export function printExpr(e: Expr): string {
  switch (e.kind) {
    case 'column':
      return `${e.name}#${e.id}`;
    case 'literal':
      return formatValue(e.value);
    case 'param':
      return typeof e.key === 'number' ? `$${e.key}` : `:${e.key}`;
    case 'call':
      return `(${e.fn}${e.args.map((a) => ` ${printExpr(a)}`).join('')})`;
  }
}

const cols = (cs: readonly Column[]): string => `[${cs.map(columnLabel).join(' ')}]`;

type Header = { [K in PlanKind]: (p: PlanOf<K>) => string };

const header: Header = {
  write: (p) => `write ${p.action} ${p.relation.name}${p.keyColumns.length ? ` key[${p.keyColumns.join(' ')}]` : ''}${p.onConflict !== 'error' ? ` on-conflict ${p.onConflict}` : ''}${p.upsert.map((u) => ` upsert${u.target ? `[${u.target.join(' ')}]` : ''} ${u.set ? `set (${u.set.map(printExpr).join(' ')})` : 'nothing'}${u.where ? ` where ${printExpr(u.where)}` : ''}`).join('')}${p.triggers.map((t) => ` trigger ${t.timing} ${t.name}`).join('')}`,
  scan: (p) => `scan ${p.relation.name} ${cols(p.schema)}`,
  values: (p) => `values ${cols(p.schema)} ${p.rows.map((r) => `(${r.map(printExpr).join(' ')})`).join(' ')}`.trimEnd(),
  filter: (p) => `filter ${printExpr(p.predicate)}`,
  extend: (p) => `extend ${p.definitions.map((d) => `(${columnLabel(d.column)} ${printExpr(d.expr)})`).join(' ')}`,
  project: (p) => `project ${cols(p.schema)}`,
  join: (p) =>
    `join ${p.joinKind}${p.mark ? ` ${columnLabel(p.mark)}` : ''}${p.condition ? ` ${printExpr(p.condition)}` : ''}`,
  multijoin: (p) => `multijoin ${p.conditions.map(printExpr).join(' ')}`.trimEnd(),
  union: (p) => `union ${cols(p.schema)}`,
  minus: (p) => `minus ${p.semantics}`,
  intersect: (p) => `intersect ${p.semantics}`,
  distinct: () => 'distinct',
  aggregate: (p) =>
    `aggregate ${cols(p.groupBy)} ${p.aggregates
      .map(
        (a) =>
          `(${columnLabel(a.column)} (${a.fn}${a.distinct ? ' distinct' : ''}${a.args.map((x) => ` ${printExpr(x)}`).join('')})${
            a.filter ? ` filter ${printExpr(a.filter)}` : ''
          })`,
      )
      .join(' ')}`.trimEnd(),
  sort: (p) => `sort ${sortKeys(p.keys)}`,
  limit: (p) => `limit ${p.offset ? printExpr(p.offset) : '0'} ${p.count ? printExpr(p.count) : 'all'}`,
  unnest: (p) =>
    `unnest${p.outer ? ' outer' : ''} ${printExpr(p.expr)} ${columnLabel(p.element)}${p.ordinality ? ` ${columnLabel(p.ordinality)}` : ''}`,
  apply: (p) => `apply ${p.mode}${p.column ? ` ${columnLabel(p.column)}` : ''}`,
  'recursive-scan': (p) => `recursive-scan ${p.relation.name}${p.delta ? ' delta' : ''} ${cols(p.schema)}`,
  fixpoint: (p) =>
    `fixpoint ${p.semantics}${p.maxDepth !== null ? ` depth<=${p.maxDepth}` : ''} ${p.bindings
      .map((x) => `${x.relation.name}${cols(x.relation.columns)}`)
      .join(' ')}`,
  window: (p) =>
    `window partition ${p.partitionBy.length ? `(${p.partitionBy.map((k) => printExpr(k.expr)).join(' ')})` : '()'} order ${
      p.orderBy.length ? sortKeys(p.orderBy) : '()'
    } ${p.calls.map(printWindowCall).join(' ')}`,
};

function sortKeys(keys: readonly SortKey[]): string {
  return keys.map((k) => `(${printExpr(k.expr)} ${k.descending ? 'desc' : 'asc'}${k.nullsFirst ? ' nulls-first' : ' nulls-last'})`).join(' ');
}

/** printFrame prints a window frame as `rows|range|groups start..end [exclude …]`. */
export function printFrame(f: WindowFrame): string {
  const bound = (x: FrameBound): string => (x.offset ? `${printExpr(x.offset)} ${x.type}` : x.type);
  return `${f.units} ${bound(f.start)}..${bound(f.end)}${f.exclude === 'no-others' ? '' : ` exclude ${f.exclude}`}`;
}

function printWindowCall(c: WindowCall): string {
  return `(${columnLabel(c.column)} (${c.fn}${c.args.map((x) => ` ${printExpr(x)}`).join('')})${c.filter ? ` filter ${printExpr(c.filter)}` : ''} ${printFrame(c.frame)})`;
}

/** printPlan prints a plan as an indented S-expression. */
export function printPlan(p: Plan, indent = 0): string {
  const pad = '  '.repeat(indent);
  const cs = children(p);
  const head = (header[p.kind] as (p: Plan) => string)(p);
  if (cs.length === 0) return `${pad}(${head})`;
  return `${pad}(${head}\n${cs.map((c) => printPlan(c, indent + 1)).join('\n')})`;
}
