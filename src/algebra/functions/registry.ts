/**
 * registry.ts — the function registry: every scalar function, aggregate and ordering the IR
 * can name, with what the optimizer needs to know about it.
 *
 * Function ids are namespaced by the language whose semantics they carry (`sql.eq`,
 * later `sparql.eq`, `cypher.eq`, `mongo.eq`); a language-neutral function has no prefix.
 * Implementations live beside their declarations so that constant folding (optimizer) and
 * expression compilation (executor) evaluate exactly the same code.
 */
import type { Row, Value, ValueType } from '../../common/values.js';
import { NameError } from '../../common/errors.js';

/** A compiled expression: evaluates against one row. Parameters and outer bindings are captured at compile time. */
export type Evaluator = (row: Row) => Value;

export interface FunctionDef {
  readonly id: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  returnType(argTypes: readonly ValueType[]): ValueType;
  /** Same arguments, same result, no side effects: may be folded and reordered. */
  readonly deterministic: boolean;
  /** Strict: a null argument makes the result null (SQL's `=`, `+`, NOT; not AND, OR, IS, COALESCE). */
  readonly nullRejecting: boolean;
  /** The result is null only when an argument is (SQL's comparisons): with no null argument it is never null. */
  readonly nullOnlyOnNull?: boolean;
  /** A null (first) argument makes the result false (IS NOT NULL): a filter on it drops rows where that argument is null. */
  readonly falseOnNull?: boolean;
  /** The function is a conjunction whose arguments may be split into separate filters. */
  readonly conjunction?: boolean;
  /** The function is an equality whose true result means both arguments are equal non-null values (hash/index joinable). */
  readonly equality?: boolean;
  /**
   * A membership test `f(x, v1, …, vn)`: a true result means x equals one of the v's, as an
   * `eq` comparison's true result does (SQL's IN list). Index selection reads such a test on
   * a key column as one key range per value.
   */
  readonly membership?: boolean;
  /** For comparisons: the function id with arguments swapped (a < b ⇔ b > a). */
  readonly mirror?: string;
  /**
   * For comparisons whose true result implies the same relation in the storage key order:
   * which one. The optimizer turns such predicates on key columns into key ranges (and keeps
   * them as a residual filter, so the range only needs to be a superset).
   */
  readonly comparison?: 'eq' | 'lt' | 'le' | 'gt' | 'ge';
  /**
   * A pattern match `f(x, pattern, …)`: given the constant arguments after x, the text every
   * matching x starts with (null: no usable prefix). Its true result also means x is text, so
   * index selection reads it on a text key column as the range [prefix, next prefix).
   */
  readonly prefix?: (args: readonly Value[]) => string | null;
  /**
   * With `prefix`: the match ignores the case of the prefix's ASCII letters (SQL LIKE), so x
   * starts with one of the prefix's case variants; index selection reads one range per variant.
   */
  readonly prefixFoldsAsciiCase?: boolean;
  /** Estimated fraction of rows for which a predicate is true, absent better statistics. */
  readonly selectivity?: number;
  /** Strict implementation: arguments evaluated first. */
  readonly eval?: (...args: Value[]) => Value;
  /** Lazy implementation: controls evaluation of its own arguments (AND, OR, CASE, COALESCE). */
  readonly compile?: (args: Evaluator[], argTypes: readonly ValueType[]) => Evaluator;
  /** Type-specialized strict implementation chosen at compile time (e.g. integer division). */
  readonly specialize?: (argTypes: readonly ValueType[]) => ((...args: Value[]) => Value) | undefined;
  /**
   * Source-level twin of `specialize`/`eval` for the executor's code generator: for the static
   * argument types, a template writing a JavaScript expression over argument expressions (each
   * free of side effects and cheap to repeat) that computes exactly what the implementation
   * would; undefined where the generated code should call the implementation instead.
   */
  readonly inline?: (argTypes: readonly ValueType[]) => ((...args: string[]) => string) | undefined;
  /**
   * AND/OR with three-valued logic, evaluated left to right and stopping at the first decisive
   * argument (false for AND, true for OR): the code generator writes it as branches. `truth`
   * reads an argument that is not statically boolean as a truth value (SQL's `WHERE 1`).
   */
  readonly connective?: { readonly op: 'and' | 'or'; readonly truth?: (v: Value) => boolean | null };
  checkArity(n: number): void;
}

export type FunctionSpec = Omit<FunctionDef, 'checkArity' | 'minArgs' | 'maxArgs'> & {
  minArgs?: number;
  maxArgs?: number;
  arity?: number;
};

const functions = new Map<string, FunctionDef>();

/** defineFunction registers a function; ids are unique. */
export function defineFunction(spec: FunctionSpec): FunctionDef {
  if (functions.has(spec.id)) throw new Error(`function ${spec.id} defined twice`);
  const minArgs = spec.minArgs ?? spec.arity ?? 0;
  const maxArgs = spec.maxArgs ?? spec.arity ?? Infinity;
  const def: FunctionDef = {
    ...spec,
    minArgs,
    maxArgs,
    checkArity(n: number) {
      if (n < minArgs || n > maxArgs) {
        throw new NameError(
          'UNKNOWN_NAME',
          `function ${spec.id} takes ${minArgs === maxArgs ? minArgs : `${minArgs} to ${maxArgs}`} arguments, got ${n}`,
        );
      }
    },
  };
  functions.set(spec.id, Object.freeze(def));
  return def;
}

/** lookupFunction returns a registered function or throws (an unknown id is a bug in a front end). */
export function lookupFunction(id: string): FunctionDef {
  const f = functions.get(id);
  if (!f) throw new Error(`unknown function id ${id}`);
  return f;
}

/** hasFunction says whether an id is registered. */
export function hasFunction(id: string): boolean {
  return functions.has(id);
}

/** compileCall turns a call with compiled arguments into one evaluator, specialized by arity. */
export function compileCall(def: FunctionDef, args: Evaluator[], argTypes: readonly ValueType[]): Evaluator {
  if (def.compile) return def.compile(args, argTypes);
  const f = def.specialize?.(argTypes) ?? def.eval;
  if (!f) throw new Error(`function ${def.id} has no implementation`);
  switch (args.length) {
    case 0:
      return () => f();
    case 1: {
      const [a] = args;
      return (row) => f(a(row));
    }
    case 2: {
      const [a, b] = args;
      return (row) => f(a(row), b(row));
    }
    case 3: {
      const [a, b, c] = args;
      return (row) => f(a(row), b(row), c(row));
    }
    default:
      return (row) => f(...args.map((a) => a(row)));
  }
}

// ---------------------------------------------------------------------------------------------
// Aggregates

/** An aggregate's running state is opaque to the executor. */
export interface AggregateDef {
  readonly id: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  returnType(argTypes: readonly ValueType[]): ValueType;
  /** init makes the state for one group. */
  init(): unknown;
  /** step folds one row's argument values into the state and returns the new state. */
  step(state: unknown, args: Value[]): unknown;
  /** final turns the state into the group's value. */
  final(state: unknown): Value;
  /** The aggregate ignores rows whose (first) argument is null (SQL's COUNT(x), SUM…). */
  readonly skipNulls: boolean;
  /**
   * inverse removes a row previously folded in by step (same arguments) and returns the new
   * state. Optional: window frames that slide use it to stay linear; without it they recompute.
   */
  readonly inverse?: (state: unknown, args: Value[]) => unknown;
  /**
   * ofRowCount gives the state after folding `n` rows into init(), whatever their arguments:
   * set only where the arguments never matter (COUNT(*)). An operator that can count its rows
   * without making them (a multiway join counts its product) then answers the aggregate alone.
   */
  readonly ofRowCount?: (n: number) => unknown;
  /** The result does not depend on the order rows are folded in (MIN, MAX; not GROUP_CONCAT). */
  readonly commutative?: boolean;
  /**
   * The result is the first non-null argument value in `ordering` (min) or the last (max):
   * the optimizer may read it from one end of an index instead of folding every row.
   */
  readonly extremum?: { readonly ordering: string; readonly direction: 'min' | 'max' };
  /**
   * For the executor's code generator: a JavaScript expression for the new state given the
   * current state's expression and the arguments' (each evaluated once, into a local),
   * computing what `step` does (COUNT: `state + 1`); absent, the generated code calls `step`.
   */
  readonly inlineStep?: (state: string, args: readonly string[]) => string;
  /**
   * How the aggregate folds a set of rows split into parts: aggregate `partial` over each part
   * (same arguments), then aggregate `combine` over the parts' partial values (one argument)
   * — COUNT is the sum of the parts' counts, MIN the least of their minimums. A part's value
   * may be folded once per row it stands for (a part joined to several rows): `combine` must
   * then give what the aggregate gives over the rows repeated the same way. Eager aggregation
   * (optimizer/rules/eager-aggregate.ts) groups a join's input first with it. Absent: the
   * aggregate does not split (AVG, GROUP_CONCAT: order and counts matter).
   */
  readonly split?: { readonly partial: string; readonly combine: string };
}

const aggregates = new Map<string, AggregateDef>();

export function defineAggregate(def: AggregateDef): AggregateDef {
  if (aggregates.has(def.id)) throw new Error(`aggregate ${def.id} defined twice`);
  aggregates.set(def.id, Object.freeze(def));
  return def;
}

/** aggregateDefined says whether an aggregate of that id exists. */
export function aggregateDefined(id: string): boolean {
  return aggregates.has(id);
}

export function lookupAggregate(id: string): AggregateDef {
  const a = aggregates.get(id);
  if (!a) throw new Error(`unknown aggregate id ${id}`);
  return a;
}

// ---------------------------------------------------------------------------------------------
// Window functions (RANK, LAG, FIRST_VALUE…): computed over a whole sorted partition at once.

/**
 * One partition of a Window, sorted, as a window function sees it. Rows are numbered 0..size-1
 * in window order; ranges are half-open.
 */
export interface WindowPartition {
  readonly size: number;
  /** How many arguments the call has. */
  readonly arity: number;
  /** arg(k, i) is the call's argument k evaluated on row i. */
  arg(k: number, i: number): Value;
  /** peerStart/peerEnd: the rows equal to row i on every order key (the whole partition without ORDER BY). */
  peerStart(i: number): number;
  peerEnd(i: number): number;
  /** frameSize(i) is the number of rows in row i's frame (after EXCLUDE). */
  frameSize(i: number): number;
  /** frameRow(i, n) is the n-th row (0-based, in window order) of row i's frame; -1 outside it. */
  frameRow(i: number, n: number): number;
}

export interface WindowFunctionDef {
  readonly id: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  returnType(argTypes: readonly ValueType[]): ValueType;
  /** evaluate computes the function for every row of one partition into out[0..part.size). */
  evaluate(part: WindowPartition, out: Value[]): void;
}

const windowFunctions = new Map<string, WindowFunctionDef>();

export function defineWindowFunction(def: WindowFunctionDef): WindowFunctionDef {
  if (windowFunctions.has(def.id)) throw new Error(`window function ${def.id} defined twice`);
  windowFunctions.set(def.id, Object.freeze(def));
  return def;
}

export function lookupWindowFunction(id: string): WindowFunctionDef {
  const w = windowFunctions.get(id);
  if (!w) throw new Error(`unknown window function id ${id}`);
  return w;
}

/** hasWindowFunction says whether an id names a window function (otherwise a window call's id is an aggregate). */
export function hasWindowFunction(id: string): boolean {
  return windowFunctions.has(id);
}

// ---------------------------------------------------------------------------------------------
// Orderings (ORDER BY, MIN/MAX, sort-based operators): each language orders mixed values its own way.

export type Comparator = (a: Value, b: Value) => number;

const orderings = new Map<string, Comparator>();
const keyOrdered = new Map<string, ReadonlySet<ValueType>>();

/**
 * defineOrdering registers a language's ordering. `keyOrderTypes`: for a column whose values
 * all have one of these static types, the ordering (ascending, NULL first) is the storage key
 * order, so a scan in key order needs no sort.
 */
export function defineOrdering(id: string, cmp: Comparator, keyOrderTypes: readonly ValueType[] = []): void {
  if (orderings.has(id)) throw new Error(`ordering ${id} defined twice`);
  orderings.set(id, cmp);
  keyOrdered.set(id, new Set(keyOrderTypes));
}

/** followsKeyOrder says whether ordering `id` sorts values of static type `type` in storage key order. */
export function followsKeyOrder(id: string, type: ValueType): boolean {
  return keyOrdered.get(id)?.has(type) === true;
}

export function lookupOrdering(id: string): Comparator {
  const c = orderings.get(id);
  if (!c) throw new Error(`unknown ordering ${id}`);
  return c;
}
