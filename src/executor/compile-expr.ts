/**
 * compile-expr.ts — turns algebra expressions (expr.ts) into Evaluators, once per compiled
 * operator, so no expression tree is ever interpreted per row.
 *
 * Column references are resolved to slot indexes through the input's Layout (column id →
 * position). A column absent from the layout is a correlated (outer) column: it is read from
 * the Frame of the enclosing Apply whose input produced it (OuterScope chain, innermost
 * first). Parameters are looked up when compiling and captured as constants — or, when the
 * environment has a ParamFrame (a plan compiled once and run many times), read from the frame
 * that each execution binds before it opens the plan. Calls go through
 * the registry's compileCall; strict calls whose arguments are all columns or constants get
 * argument-plumbing specialized here (same implementation function, one closure fewer per
 * argument), and deterministic calls over constants are computed once, on first use.
 */
import type { Column, Expr } from '../algebra/index.js';
import { compileCall, lookupFunction, type Evaluator } from '../algebra/index.js';
import { PolyglotError } from '../common/errors.js';
import type { Params, Row, Value } from '../common/values.js';

/** Column id → position in the row an evaluator receives. */
export type Layout = ReadonlyMap<number, number>;

/** The current outer row of an Apply: set by Apply before (re)opening its subquery. */
export interface Frame {
  row: Row;
}

/** Outer columns visible to a subquery: the enclosing Apply's input layout and its frame. */
export interface OuterScope {
  readonly layout: Layout;
  readonly frame: Frame;
  readonly parent: OuterScope | null;
}

/** Looks up a query parameter's value; throws PolyglotError INVALID_ARGUMENT when it is missing. */
export type ParamLookup = (key: number | string) => Value;

export interface CompileEnv {
  readonly params: ParamLookup;
  readonly outer: OuterScope | null;
  /** When present, parameters are read from this frame at evaluation time (not captured). */
  readonly frame?: ParamFrame;
}

/**
 * The parameter values of one execution of a plan compiled once (execute.ts CompiledPlan):
 * every parameter the plan mentions gets a slot at compile time; `bind` fills the slots
 * before each execution (a missing parameter fails there) and bumps `generation`, which
 * invalidates constant subexpressions computed from the previous values.
 */
export class ParamFrame {
  values: Value[] = [];
  generation = 0;
  private readonly keys: (number | string)[] = [];
  private readonly slots = new Map<number | string, number>();

  /** slot returns the position of parameter `key` in `values`, adding it at compile time. */
  slot(key: number | string): number {
    let s = this.slots.get(key);
    if (s === undefined) {
      s = this.keys.length;
      this.keys.push(key);
      this.slots.set(key, s);
      this.values.push(null);
    }
    return s;
  }

  /** bind reads every parameter of the plan from `params` (throws when one is missing). */
  bind(params: Params | undefined): void {
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) this.values[i] = paramValue(params, keys[i]);
    this.generation++;
  }
}

const layouts = new WeakMap<readonly Column[], Layout>();

/** layoutOf maps a schema's column ids to positions (cached per schema array). */
export function layoutOf(schema: readonly Column[]): Layout {
  let l = layouts.get(schema);
  if (!l) {
    const m = new Map<number, number>();
    // The first occurrence wins if a schema repeats an id (a projection may duplicate a column).
    for (let i = schema.length - 1; i >= 0; i--) m.set(schema[i].id, i);
    l = m;
    layouts.set(schema, l);
  }
  return l;
}

/** concatLayout is the layout of rows made of `left` followed by `right` (join outputs, residuals). */
export function concatLayout(left: readonly Column[], right: readonly Column[]): Layout {
  const m = new Map<number, number>();
  const all = [...left, ...right];
  for (let i = all.length - 1; i >= 0; i--) m.set(all[i].id, i);
  return m;
}

/** paramLookup builds the parameter lookup for ExecutionOptions.params. */
export function paramLookup(params: Params | undefined): ParamLookup {
  return (key) => paramValue(params, key);
}

/** paramValue is parameter `key`'s value in `params`; throws PolyglotError INVALID_ARGUMENT when it is missing. */
function paramValue(params: Params | undefined, key: number | string): Value {
  let v: Value | undefined;
  if (params !== undefined) {
    if (Array.isArray(params)) {
      if (typeof key === 'number' && Number.isInteger(key) && key >= 1 && key <= params.length) v = params[key - 1];
    } else {
      const rec = params as Readonly<Record<string, Value>>;
      const name = String(key);
      if (Object.hasOwn(rec, name)) v = rec[name];
    }
  }
  if (v === undefined) {
    throw new PolyglotError('INVALID_ARGUMENT', `missing query parameter ${typeof key === 'number' ? `$${key}` : `:${key}`}`);
  }
  return v;
}

/** The row a run-constant evaluator (no column read) is called with. */
export const NO_ROW: Row = [];
/** The layout to compile run-constant expressions (literals, parameters, outer columns) against. */
export const NO_COLUMNS: Layout = new Map<number, number>();

/** compileExpr compiles `e` for rows laid out by `layout`, with outer columns and parameters from `env`. */
export function compileExpr(e: Expr, layout: Layout, env: CompileEnv): Evaluator {
  switch (e.kind) {
    case 'literal': {
      const v = e.value;
      return () => v;
    }
    case 'param': {
      const frame = env.frame;
      if (frame !== undefined) {
        const s = frame.slot(e.key);
        return () => frame.values[s];
      }
      const v = env.params(e.key);
      return () => v;
    }
    case 'column': {
      const i = layout.get(e.id);
      if (i !== undefined) return (row) => row[i];
      return compileOuter(e.id, e.name, env.outer);
    }
    case 'call':
      return compileCallExpr(e, layout, env);
  }
}

function compileOuter(id: number, name: string, outer: OuterScope | null): Evaluator {
  for (let s = outer; s !== null; s = s.parent) {
    const i = s.layout.get(id);
    if (i !== undefined) {
      const frame = s.frame;
      return () => frame.row[i];
    }
  }
  throw new Error(`executor: column ${name}#${id} is neither in the operator's input nor an outer column`);
}

function mentionsParam(e: Expr): boolean {
  return e.kind === 'param' || (e.kind === 'call' && e.args.some(mentionsParam));
}

/** isConstant: a literal, a parameter, or a deterministic call of constants (computed once, never per row). */
export function isConstant(e: Expr): boolean {
  return e.kind === 'literal' || e.kind === 'param' || (e.kind === 'call' && lookupFunction(e.fn).deterministic && e.args.every(isConstant));
}

function constantValue(e: Expr, env: CompileEnv): Value {
  return e.kind === 'literal' ? e.value : e.kind === 'param' ? env.params(e.key) : compileExpr(e, new Map(), env)(NO_ROW);
}

function compileCallExpr(e: Extract<Expr, { kind: 'call' }>, layout: Layout, env: CompileEnv): Evaluator {
  const def = lookupFunction(e.fn);
  const argTypes = e.args.map((a) => a.type);
  const frame = env.frame;
  const only = e.args.length === 1 ? e.args[0] : null;
  if (def.deterministic && frame !== undefined && only !== null && only.kind === 'param' && !def.compile) {
    // A function of one parameter (a key's affinity: f($1)) reads the frame's slot itself,
    // recomputed once per binding: no closure for the argument, none around the function.
    const f = def.specialize?.(argTypes) ?? def.eval;
    if (f) {
      const s = frame.slot(only.key);
      let value: Value = null;
      let generation = -1;
      return () => {
        if (generation !== frame.generation) {
          value = f(frame.values[s]);
          generation = frame.generation;
        }
        return value;
      };
    }
  }
  if (def.deterministic && e.args.length > 0 && e.args.every(isConstant)) {
    // Computed on first use, not at compile time: an operator that never evaluates it must not fail.
    const f = compileCall(
      def,
      e.args.map((a) => compileExpr(a, layout, env)),
      argTypes,
    );
    let value: Value = null;
    if (frame !== undefined && e.args.some(mentionsParam)) {
      // Recomputed once per binding of the parameters.
      let generation = -1;
      return () => {
        if (generation !== frame.generation) {
          value = f(NO_ROW);
          generation = frame.generation;
        }
        return value;
      };
    }
    let done = false;
    return () => {
      if (!done) {
        value = f(NO_ROW);
        done = true;
      }
      return value;
    };
  }
  if (!def.compile && e.args.length >= 1 && e.args.length <= 2) {
    const f = def.specialize?.(argTypes) ?? def.eval;
    const direct = f && specializeStrict(f, e.args, layout, env);
    if (direct) return direct;
  }
  return compileCall(
    def,
    e.args.map((a) => compileExpr(a, layout, env)),
    argTypes,
  );
}

/** specializeStrict inlines column reads and constants into a strict call of one or two arguments. */
function specializeStrict(f: (...args: Value[]) => Value, args: readonly Expr[], layout: Layout, env: CompileEnv): Evaluator | null {
  const slot = (a: Expr): number => (a.kind === 'column' ? (layout.get(a.id) ?? -1) : -1);
  // With a parameter frame a parameter's value is read per row (it changes between executions).
  const constant = (a: Expr): boolean => a.kind === 'literal' || (a.kind === 'param' && env.frame === undefined);
  if (args.length === 1) {
    const i = slot(args[0]);
    return i >= 0 ? (row) => f(row[i]) : null;
  }
  const [a, b] = args;
  const i = slot(a);
  const j = slot(b);
  if (i >= 0 && j >= 0) return (row) => f(row[i], row[j]);
  if (i >= 0 && constant(b)) {
    const c = constantValue(b, env);
    return (row) => f(row[i], c);
  }
  if (j >= 0 && constant(a)) {
    const c = constantValue(a, env);
    return (row) => f(c, row[j]);
  }
  return null;
}
