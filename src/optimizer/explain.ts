/**
 * explain.ts — EXPLAIN's text: the physical plan in one vocabulary, whatever the language.
 *
 * One line per operator with its details and the optimizer's row estimate; with a profile
 * (EXPLAIN ANALYZE) each line also shows actual rows, loops and time.
 */
import { columnLabel, type Column } from '../algebra/columns.js';
import type { Expr } from '../algebra/expr.js';
import type { PhysicalKeyRange, PhysicalKind, PhysicalOf, PhysicalPlan } from '../algebra/physical.js';
import { physicalChildren } from '../algebra/physical.js';
import { printExpr, printFrame } from '../algebra/print.js';

export interface OperatorProfile {
  rows: number;
  batches: number;
  timeMs: number;
  loops: number;
}

const cols = (cs: readonly Column[]) => cs.map(columnLabel).join(', ');
const exprs = (es: readonly Expr[]) => es.map(printExpr).join(', ');

function range(r: PhysicalKeyRange | null): string {
  if (!r) return '';
  const lo = r.lower ? `${r.lower.inclusive ? '[' : '('}${exprs(r.lower.values)}` : '(-inf';
  const hi = r.upper ? `${exprs(r.upper.values)}${r.upper.inclusive ? ']' : ')'}` : '+inf)';
  return ` range ${lo} .. ${hi}`;
}

function keyList(list: readonly Expr[] | undefined): string {
  return list === undefined ? '' : ` in (${exprs(list)})`;
}

type Describe = { [K in PhysicalKind]: (p: PhysicalOf<K>) => string };

const describe: Describe = {
  write: (p) => `Write ${p.action} ${p.relation.name}${p.onConflict !== 'error' ? ` on conflict ${p.onConflict}` : ''}${p.upsert?.length ? ` on conflict ${p.upsert.map((u) => (u.set ? 'do update' : 'do nothing')).join(', ')}` : ''}${(p.triggers ?? []).map((t) => ` trigger ${t.timing} ${t.name}${t.when ? ' when' : ''}`).join('')}`,
  'table-scan': (p) => `TableScan ${p.relation.name}${range(p.range)}${keyList(p.keyList)}${p.reverse ? ' reverse' : ''}`,
  'index-scan': (p) => `IndexScan ${p.relation.name} using ${p.index.name}${range(p.range)}${keyList(p.keyList)}${p.reverse ? ' reverse' : ''}${p.covering ? ' covering' : ''}`,
  values: (p) => `Values ${p.rows.length} rows`,
  filter: (p) => `Filter ${printExpr(p.predicate)}${p.exactForKeys ? ' (skipped for number or text keys)' : ''}`,
  project: (p) => `Project ${p.outputs.map((o) => (o.expr.kind === 'column' && o.expr.id === o.column.id ? columnLabel(o.column) : `${columnLabel(o.column)} := ${printExpr(o.expr)}`)).join(', ')}`,
  'hash-join': (p) =>
    `HashJoin ${p.joinKind} on (${exprs(p.leftKeys)}) = (${exprs(p.rightKeys)})${p.residual ? ` residual ${printExpr(p.residual)}` : ''}${p.mark ? ` mark ${columnLabel(p.mark)}` : ''}`,
  'index-join': (p) =>
    `IndexJoin ${p.joinKind} ${p.relation.name} using ${p.index ? p.index.name : 'primary key'} keys (${exprs(p.keys)})${p.residual ? ` residual ${printExpr(p.residual)}` : ''}${p.keyEqualities ? ` (key equalities ${p.keyEqualities.length} skipped for number or text keys)` : ''}${p.covering ? ' covering' : ''}`,
  'multiway-join': (p) => `MultiwayJoin on ${p.variables.map((v) => `(${v.map(columnLabel).join(' = ')})`).join(', ')}`,
  'nested-loop-join': (p) => `NestedLoopJoin ${p.joinKind}${p.condition ? ` on ${printExpr(p.condition)}` : ''}`,
  'hash-aggregate': (p) =>
    `HashAggregate by (${cols(p.groupBy)}) ${p.aggregates.map((a) => `${columnLabel(a.column)} := ${a.fn}(${a.distinct ? 'distinct ' : ''}${exprs(a.args)})`).join(', ')}`.trimEnd(),
  sort: (p) => `Sort ${p.keys.map((k) => `${printExpr(k.expr)} ${k.descending ? 'desc' : 'asc'}`).join(', ')}`,
  'top-k': (p) => `TopK ${printExpr(p.count)}${p.offset ? ` offset ${printExpr(p.offset)}` : ''} by ${p.keys.map((k) => `${printExpr(k.expr)} ${k.descending ? 'desc' : 'asc'}`).join(', ')}`,
  limit: (p) => `Limit ${p.count ? printExpr(p.count) : 'all'}${p.offset ? ` offset ${printExpr(p.offset)}` : ''}`,
  distinct: () => 'HashDistinct',
  union: (p) => `Union ${p.inputs.length} inputs`,
  minus: (p) => `Except ${p.semantics}`,
  intersect: (p) => `Intersect ${p.semantics}`,
  unnest: (p) => `Unnest ${printExpr(p.expr)} as ${columnLabel(p.element)}${p.outer ? ' outer' : ''}`,
  apply: (p) => `Apply ${p.mode}${p.column ? ` ${columnLabel(p.column)}` : ''}`,
  'recursive-scan': (p) => `RecursiveScan ${p.relation.name}${p.delta ? ' delta' : ''}`,
  window: (p) =>
    `Window${p.partitionBy.length ? ` partition (${exprs(p.partitionBy.map((k) => k.expr))})` : ''}${
      p.orderBy.length ? ` order (${p.orderBy.map((k) => `${printExpr(k.expr)} ${k.descending ? 'desc' : 'asc'}`).join(', ')})` : ''
    } ${p.calls
      .map((c) => `${columnLabel(c.column)} := ${c.fn}(${exprs(c.args)})${c.filter ? ` filter ${printExpr(c.filter)}` : ''} ${printFrame(c.frame)}`)
      .join(', ')}`,
  fixpoint: (p) => `Fixpoint ${p.semantics} ${p.bindings.map((x) => x.relation.name).join(', ')}${p.maxDepth !== null ? ` depth<=${p.maxDepth}` : ''}`,
};

/** printPhysical renders a physical plan as an indented tree, with actual figures when profiled. */
export function printPhysical(p: PhysicalPlan, profile?: ReadonlyMap<PhysicalPlan, OperatorProfile>, indent = 0): string {
  const line = `${'  '.repeat(indent)}${(describe[p.kind] as (p: PhysicalPlan) => string)(p)}  (est. ${formatRows(p.estimatedRows)} rows${actual(p, profile)})`;
  return [line, ...physicalChildren(p).map((c) => printPhysical(c, profile, indent + 1))].join('\n');
}

function actual(p: PhysicalPlan, profile?: ReadonlyMap<PhysicalPlan, OperatorProfile>): string {
  if (!profile) return '';
  const s = profile.get(p);
  if (!s) return '; not run';
  return `; actual ${s.rows} rows, ${s.loops} loops, ${s.timeMs.toFixed(3)} ms`;
}

function formatRows(n: number): string {
  return n >= 100 ? String(Math.round(n)) : String(Math.round(n * 10) / 10);
}
