/**
 * codegen.ts — expressions compiled to JavaScript source, and the per-batch loops (kernels) of
 * the operators that evaluate them on every row.
 *
 * compile-expr.ts turns an expression into a tree of closures: each node is a call, and the
 * call sites inside shared closures see every plan's functions, so V8 can inline none of
 * them. Here a whole expression becomes one function: column reads are `r[i]`, functions that
 * give a source template (FunctionDef.inline — comparisons, IS NULL, …) are written in place,
 * AND/OR (FunctionDef.connective) become short-circuit branches, and any other call is a
 * direct call of the function's implementation. A kernel puts the operator's loop in the same
 * function (Filter: keep the rows whose predicate is true; Project: build the output rows), so
 * the per-row work has no call at all when every function inlines.
 *
 * Safety: values never appear in the source. Literals, parameters frames, outer frames and
 * implementations are passed in an array and read into constants when the function is made;
 * the source holds only slot numbers and identifiers, so generated sources repeat across plans
 * and are compiled once (a bounded cache of factories keyed by source text).
 *
 * What the code generator cannot express — a constant subexpression computed once, a lazy
 * function without a connective (CASE, COALESCE, IN lists) — is compiled to closures by
 * compile-expr.ts (compileExpr) and called from the generated code. Where the host forbids code generation
 * from strings (`--disallow-code-generation-from-strings`), every entry point returns null and
 * callers keep their closure evaluators.
 */
import type { Expr } from '../algebra/index.js';
import { lookupFunction, type AggregateDef, type Evaluator } from '../algebra/index.js';
import type { Row, Value } from '../common/values.js';
import { compileExpr, isConstant, type CompileEnv, type Layout } from './compile-expr.js';
import type { GroupTable } from './group-table.js';
import { blankRow, pair, single } from './row-sites.js';

/**
 * Keeps the rows of `batch[from..to)` whose predicate is true, in order, writing them to
 * `out[o..]`; returns the next free position of `out`.
 */
export type FilterKernel = (batch: readonly Row[], from: number, to: number, out: Row[], o: number) => number;

/** Writes the projected row of each `batch[i]` to `out[i]`. */
export type ProjectKernel = (batch: readonly Row[], out: Row[]) => void;

/**
 * Writes the row of one value `[r[slot]]` of each row `r` of `batch[from..to)` whose predicate
 * is true, in order, to `out[o..]`; returns the next free position of `out` (a join's output of
 * one column of its right rows under a test of those rows: join-driver.ts).
 */
export type PickKernel = FilterKernel;

type Factory = (refs: readonly unknown[]) => unknown;

const MAX_CACHED = 4096;
const factories = new Map<string, Factory>();
let available: boolean | null = null;

let enabled = true;

/** useCodegen turns code generation on or off (tests compare both ways); returns the previous setting. */
export function useCodegen(on: boolean): boolean {
  const was = enabled;
  enabled = on;
  return was;
}

/** codegenAvailable says whether code generation is on and the host allows compiling functions from source. */
export function codegenAvailable(): boolean {
  if (!enabled) return false;
  if (available === null) {
    try {
      available = (new Function('return 1') as () => number)() === 1;
    } catch {
      available = false;
    }
  }
  return available;
}

function factory(source: string): Factory {
  let f = factories.get(source);
  if (f === undefined) {
    f = new Function('K', source) as Factory;
    if (factories.size >= MAX_CACHED) factories.clear();
    factories.set(source, f);
  }
  return f;
}

/** Writes one function's statements: temporaries, and the references its source names. */
class Emitter {
  private temps = 0;
  readonly refs: unknown[] = [];
  private readonly refNames = new Map<unknown, string>();

  constructor(
    private readonly layout: Layout,
    private readonly env: CompileEnv,
  ) {}

  fresh(): string {
    return `t${this.temps++}`;
  }

  /** ref names a value the generated code reads (an implementation, a literal, a frame). */
  ref(x: unknown): string {
    let name = this.refNames.get(x);
    if (name === undefined) {
      name = `k${this.refs.length}`;
      this.refs.push(x);
      this.refNames.set(x, name);
    }
    return name;
  }

  /** The prologue that reads every reference into a constant, once per made function. */
  prologue(): string {
    return this.refs.map((_, i) => `const k${i} = K[${i}];`).join('\n');
  }

  /**
   * emit appends the statements computing `e` on the row `r` to `out` and returns a side-effect
   * free JavaScript expression for its value (a temporary, `r[i]`, a reference or a keyword).
   */
  emit(e: Expr, out: string[]): string {
    switch (e.kind) {
      case 'literal':
        return e.value === null ? 'null' : typeof e.value === 'boolean' ? String(e.value) : this.ref(e.value);
      case 'param': {
        const frame = this.env.frame;
        if (frame !== undefined) return `${this.ref(frame)}.values[${frame.slot(e.key)}]`;
        return e.type === 'null' ? 'null' : this.ref(this.env.params(e.key));
      }
      case 'column': {
        const i = this.layout.get(e.id);
        if (i !== undefined) return `r[${i}]`;
        return this.outer(e);
      }
      case 'call':
        return this.call(e, out);
    }
  }

  private outer(e: Extract<Expr, { kind: 'column' }>): string {
    for (let s = this.env.outer; s !== null; s = s.parent) {
      const i = s.layout.get(e.id);
      if (i !== undefined) return `${this.ref(s.frame)}.row[${i}]`;
    }
    throw new Error(`executor: column ${e.name}#${e.id} is neither in the operator's input nor an outer column`);
  }

  private call(e: Extract<Expr, { kind: 'call' }>, out: string[]): string {
    const def = lookupFunction(e.fn);
    const types = e.args.map((a) => a.type);
    if (isConstantCall(e)) return this.viaClosure(e, out);
    if (def.connective) return this.connective(def.connective.op, def.connective.truth, e.args, out);
    const template = def.inline?.(types);
    if (template !== undefined) {
      const args = e.args.map((a) => this.emit(a, out));
      return this.assign(template(...args), out);
    }
    if (def.compile) return this.viaClosure(e, out);
    const f = def.specialize?.(types) ?? def.eval;
    if (!f) throw new Error(`function ${def.id} has no implementation`);
    const args = e.args.map((a) => this.emit(a, out));
    return this.assign(`${this.ref(f)}(${args.join(', ')})`, out);
  }

  private assign(value: string, out: string[]): string {
    const t = this.fresh();
    out.push(`const ${t} = ${value};`);
    return t;
  }

  private viaClosure(e: Expr, out: string[]): string {
    return this.assign(`${this.ref(compileExpr(e, this.layout, this.env))}(r)`, out);
  }

  /**
   * AND: false as soon as an argument is false (later ones are not evaluated), else unknown if
   * one was not true, else true. OR is its dual. `truth` (when given) first reads an argument
   * as a truth value (SQL's `WHERE 1`).
   */
  private connective(op: 'and' | 'or', truth: ((v: Value) => boolean | null) | undefined, args: readonly Expr[], out: string[]): string {
    const result = this.fresh();
    const decisive = op === 'and' ? 'false' : 'true';
    const neutral = op === 'and' ? 'true' : 'false';
    out.push(`let ${result} = ${neutral};`);
    const read = truth === undefined ? null : this.ref(truth);
    // Each argument after the first is evaluated inside the else-branch of the one before it.
    for (let k = 0; k < args.length; k++) {
      const raw = this.emit(args[k], out);
      const v = read === null || args[k].type === 'boolean' ? raw : this.assign(`${read}(${raw})`, out);
      out.push(`if (${v} === ${decisive}) ${result} = ${decisive};`);
      if (k === args.length - 1) out.push(`else if (${v} !== ${neutral}) ${result} = null;`);
      else out.push(`else {`, `if (${v} !== ${neutral}) ${result} = null;`);
    }
    for (let k = 1; k < args.length; k++) out.push('}');
    return result;
  }
}

/** isConstantCall: deterministic over constants only — computed once by the closure compiler. */
function isConstantCall(e: Extract<Expr, { kind: 'call' }>): boolean {
  return e.args.length > 0 && isConstant(e);
}

/** worthGenerating: a call tree; a lone column, literal or parameter is as fast as a closure. */
function worthGenerating(e: Expr): boolean {
  return e.kind === 'call' && !isConstantCall(e);
}

function make<T>(source: string, em: Emitter): T {
  return factory(`${em.prologue()}\n${source}`)(em.refs) as T;
}

/** generateEvaluator compiles `e` to one function of the row, or returns null (not worth it, or no codegen). */
export function generateEvaluator(e: Expr, layout: Layout, env: CompileEnv): Evaluator | null {
  if (!worthGenerating(e) || !codegenAvailable()) return null;
  const em = new Emitter(layout, env);
  const body: string[] = [];
  const v = em.emit(e, body);
  return make<Evaluator>(`return function evaluate(r) {\n${body.join('\n')}\nreturn ${v};\n};`, em);
}

/** generateFilterKernel compiles a Filter's loop with its predicate inlined, or returns null. */
export function generateFilterKernel(predicate: Expr, layout: Layout, env: CompileEnv): FilterKernel | null {
  if (!worthGenerating(predicate) || !codegenAvailable()) return null;
  const em = new Emitter(layout, env);
  const body: string[] = [];
  const v = em.emit(predicate, body);
  return make<FilterKernel>(
    `return function filter(batch, from, to, out, o) {\nfor (let i = from; i < to; i++) {\nconst r = batch[i];\n${body.join('\n')}\nif (${v} === true) out[o++] = r;\n}\nreturn o;\n};`,
    em,
  );
}

/** generatePickKernel compiles a PickKernel: the rows of `slot` alone of the rows whose predicate holds; or returns null. */
export function generatePickKernel(predicate: Expr, slot: number, layout: Layout, env: CompileEnv): PickKernel | null {
  if (!worthGenerating(predicate) || !codegenAvailable()) return null;
  const em = new Emitter(layout, env);
  const body: string[] = [];
  const v = em.emit(predicate, body);
  // The row is made by row-sites.ts's single, whose allocation site is settled (a literal here would be a site of its own).
  const row = em.ref(single);
  return make<PickKernel>(
    `return function pick(batch, from, to, out, o) {\nfor (let i = from; i < to; i++) {\nconst r = batch[i];\n${body.join('\n')}\nif (${v} === true) out[o++] = ${row}(r[${slot | 0}]);\n}\nreturn o;\n};`,
    em,
  );
}

/** generateProjectKernel compiles a Project's loop with its expressions inlined, or returns null. */
export function generateProjectKernel(exprs: readonly Expr[], layout: Layout, env: CompileEnv): ProjectKernel | null {
  if (!exprs.some(worthGenerating) || !codegenAvailable()) return null;
  const em = new Emitter(layout, env);
  const body: string[] = [];
  const values = exprs.map((e) => em.emit(e, body));
  return make<ProjectKernel>(
    `return function project(batch, out) {\nfor (let i = 0; i < batch.length; i++) {\nconst r = batch[i];\n${body.join('\n')}\n${rowOf(values, em)}\n}\n};`,
    em,
  );
}

/**
 * rowOf writes the statements that make the row of `values` as `out[i]`, by row-sites.ts's
 * functions, whose allocation sites are settled: a literal here would be a site of each source
 * text, decided "tenure" for good when one answer of it outlived a collection.
 */
function rowOf(values: readonly string[], em: Emitter): string {
  if (values.length === 1) return `out[i] = ${em.ref(single)}(${values[0]});`;
  if (values.length === 2) return `out[i] = ${em.ref(pair)}(${values[0]}, ${values[1]});`;
  const o = em.fresh();
  return [`const ${o} = ${em.ref(blankRow)}(${values.length});`, ...values.map((v, j) => `${o}[${j}] = ${v};`), `out[i] = ${o};`].join('\n');
}

/** One aggregate call as the aggregate kernel folds it: no FILTER, no DISTINCT. */
export interface KernelAggregate {
  readonly def: AggregateDef;
  readonly args: readonly Expr[];
}

/** A group as the kernel folds it: its grouping values, then one running state per aggregate call, in the calls' order. */
export type KernelGroup = unknown[];

/**
 * Folds every row of `batch[from..to)` into its group, found in (or added to) `groups`;
 * without grouping columns every row folds into `only`.
 */
export type AggregateKernel = (batch: readonly Row[], groups: GroupTable<KernelGroup>, only: KernelGroup | null, from: number, to: number) => void;

/**
 * generateAggregateKernel compiles a hash aggregate's loop — group key, lookup, every
 * aggregate's arguments and step — into one function, or returns null. Each aggregate's step
 * is called from its own call site (or written in place: AggregateDef.inlineStep), so V8 can
 * inline it.
 */
export function generateAggregateKernel(
  groupSlots: readonly number[],
  aggregates: readonly KernelAggregate[],
  layout: Layout,
  env: CompileEnv,
): AggregateKernel | null {
  if (!codegenAvailable()) return null;
  const em = new Emitter(layout, env);
  const body: string[] = [];
  if (groupSlots.length === 0) body.push('const st = only;');
  else if (groupSlots.length === 1) body.push(`const st = groups.one(r[${groupSlots[0]}], r);`);
  else {
    const scratch = em.ref(new Array(groupSlots.length).fill(null));
    groupSlots.forEach((slot, j) => body.push(`${scratch}[${j}] = r[${slot}];`));
    body.push(`const st = groups.tuple(${scratch}, ${groupSlots.length}, r);`);
  }
  // The states follow the grouping values.
  aggregates.forEach((a, k) => {
    const n = groupSlots.length + k;
    const values = a.args.map((e) => em.emit(e, body));
    const skip = a.def.skipNulls && values.length > 0 ? `if (${values[0]} !== null) ` : '';
    if (a.def.inlineStep) {
      body.push(`${skip}st[${n}] = ${a.def.inlineStep(`st[${n}]`, values)};`);
    } else {
      // The argument array is reused across rows (hash-aggregate.ts: aggregates never keep it).
      const args = em.ref(new Array(values.length).fill(null));
      const fill = values.map((v, j) => `${args}[${j}] = ${v};`).join(' ');
      body.push(`${skip}{ ${fill} st[${n}] = ${em.ref(a.def.step)}(st[${n}], ${args}); }`);
    }
  });
  return make<AggregateKernel>(
    `return function aggregate(batch, groups, only, from, to) {\nfor (let i = from; i < to; i++) {\nconst r = batch[i];\n${body.join('\n')}\n}\n};`,
    em,
  );
}
