/**
 * fixpoint.ts — semi-naive evaluation of mutually recursive relations, then `body`.
 *
 * Each binding R keeps `full` (every row derived so far) and `delta` (the rows new in the last
 * iteration), both in one RecursiveRows (recursive-rows.ts). Evaluation:
 *   1. init: every binding's init is evaluated while all recursive relations are still empty
 *      (inits are the non-recursive parts); full_R = delta_R = its rows (deduplicated under
 *      set semantics).
 *   2. iteration k = 1, 2, …: while some delta is non-empty and k <= maxDepth (if any), every
 *      binding's step is evaluated against the same snapshot — the state at the end of
 *      iteration k-1: a read of S with delta=true sees delta_S (S's rows new in iteration k-1,
 *      or its init rows when k = 1); with delta=false it sees full_S as of the end of k-1
 *      (which includes delta_S). Rows derived during iteration k are invisible to every step
 *      of iteration k, whatever the bindings' order (Jacobi, not Gauss-Seidel). So a
 *      non-linear step written as ΔT⋈T ∪ T⋈ΔT reads the previous full and delta, which
 *      covers every derivation that uses at least one new row. After all steps: under set
 *      semantics new_R = the step's rows not in full_R and not repeated (a RowSet,
 *      row-set.ts); under bag semantics new_R = all of them. full_R += new_R; delta_R = new_R.
 *   3. stop when every delta is empty or after maxDepth iterations (maxDepth counts step
 *      evaluations: 0 means init only). Bag semantics over a cycle needs maxDepth (or a time
 *      limit) to stop.
 *   4. body is evaluated with full = everything derived and delta = the last iteration's rows.
 * Under set semantics all relations share one ValueCodes dictionary (with the enclosing set
 * Fixpoints too: sharedDictionaryOf), so their rows are tuples of codes that mean the same
 * values everywhere, and inits and steps of the join shape run as fused loops over codes
 * (fixpoint-step.ts, fixpoint-join.ts).
 * Time and cancellation are checked once per iteration (and per batch by the scans inside).
 */
import type { PFixpoint, PhysicalPlan } from '../../algebra/index.js';
import type { Row } from '../../common/values.js';
import type { CodedRows } from '../coded-rows.js';
import type { PlanCompiler } from '../compile-plan.js';
import { RecursiveRows } from '../recursive-rows.js';
import { ValueCodes } from '../value-codes.js';
import { type Limits, type Open, type Operator, type RecursiveState, type Scope } from '../operator.js';
import { compileStep, type StepParts, type StepRun } from './fixpoint-step.js';

export function compileFixpoint(p: PFixpoint, c: PlanCompiler, scope: Scope): Open {
  const set = p.semantics === 'set';
  const empty = p.bindings.map((b) => emptyRows(b.relation.columns.length, set));
  const states: RecursiveState[] = p.bindings.map((b, i) => ({ relation: b.relation, rows: empty[i] }));
  const recursive = new Map(scope.recursive);
  for (const s of states) recursive.set(s.relation.id, s);
  const inner: Scope = { outer: scope.outer, recursive };
  const own = new Map(states.map((s) => [s.relation.id, s]));
  const plan: FixpointPlan = {
    states,
    empty,
    enclosing: set ? sharedDictionaryOf(scope) : null,
    inits: p.bindings.map((b, i) => compileStep(b.init, c, inner, own, states[i], set, true)),
    steps: p.bindings.map((b, i) => compileStep(b.step, c, inner, own, states[i], set, false)),
    body: c.compile(p.body, inner),
    wholeBody: set ? wholeRead(p.body, own) : null,
    nestedBody: set && p.body.kind === 'fixpoint',
    set,
    maxDepth: p.maxDepth,
    limits: c.ctx.limits,
  };
  return () => new FixpointOperator(plan);
}

/**
 * wholeRead: the relation the body returns as it is — a full read of one of this Fixpoint's
 * relations (under unions of one input, which the plan may keep) — or null. Such a body's
 * rows can be handed over as codes (operator.ts, the coded hand-over).
 */
function wholeRead(body: PhysicalPlan, own: ReadonlyMap<number, RecursiveState>): RecursiveState | null {
  if (body.kind === 'union' && body.inputs.length === 1) return wholeRead(body.inputs[0], own);
  if (body.kind !== 'recursive-scan' || body.delta) return null;
  return own.get(body.relation.id) ?? null;
}

/**
 * sharedDictionaryOf: the relation of an enclosing set-semantics Fixpoint whose dictionary a
 * nested one codes its values with — the outermost, so every set Fixpoint of a nest shares
 * one dictionary (a nested Fixpoint runs only while the enclosing ones hold their rows: in
 * their steps or bodies). Rows then pass between them as codes that mean the same values,
 * and a nested run neither decodes and re-codes them nor builds a dictionary of its own.
 */
function sharedDictionaryOf(scope: Scope): RecursiveState | null {
  for (const s of scope.recursive.values()) if (s.rows.dictionary !== null) return s;
  return null;
}

function emptyRows(width: number, set: boolean): RecursiveRows {
  return new RecursiveRows(width, set ? new ValueCodes() : null);
}

interface FixpointPlan {
  readonly states: RecursiveState[];
  /**
   * Each relation's rows while no run holds them (before the first, after each close): made once
   * with the plan and never written (a run writes fresh ones), so a run's close allocates no
   * dictionary, set and arrays per relation only to drop the run's rows.
   */
  readonly empty: readonly RecursiveRows[];
  /** Set semantics inside an enclosing set Fixpoint: a relation of it, whose run's dictionary this one shares (sharedDictionaryOf). */
  readonly enclosing: RecursiveState | null;
  readonly inits: readonly StepParts[];
  readonly steps: readonly StepParts[];
  readonly body: Open;
  /** The relation the body reads whole (its rows are the Fixpoint's), or null. */
  readonly wholeBody: RecursiveState | null;
  /** Whether the body is a nested Fixpoint (set semantics): its coded hand-over, if it makes one, is this one's. */
  readonly nestedBody: boolean;
  readonly set: boolean;
  readonly maxDepth: number | null;
  readonly limits: Limits;
}

class FixpointOperator implements Operator {
  private body: Operator | null = null;
  private closed = false;
  /** The dictionary this run made (not an enclosing Fixpoint's), released with its rows at close. */
  private dictionary: ValueCodes | null = null;
  /** Whether this run wrote its relations' rows (only then are they its own to release). */
  private solved = false;

  constructor(private readonly plan: FixpointPlan) {}

  next(): Row[] | null {
    if (this.closed) return null;
    if (this.body === null) {
      this.solve();
      this.body = this.plan.body();
    }
    return this.body.next();
  }

  /**
   * codes hands over the rows as codes, before any batch, when the body reads one relation
   * whole (set semantics), or is a nested Fixpoint that hands its rows over so: the nest of
   * Fixpoints a Datalog query with magic sets lowers to (magic_…, then the adorned relations,
   * then the query's own predicate) returns its answer as codes of the shared dictionary,
   * not as rows built from them, batched and copied for the caller. When the nested one makes
   * no such hand-over, its operator stays open and `next` reads its batches.
   */
  codes(): CodedRows | null {
    const { wholeBody: whole, nestedBody } = this.plan;
    if (this.closed || this.body !== null || (whole === null && !nestedBody)) return null;
    this.solve();
    let coded: CodedRows | null;
    if (whole !== null) coded = whole.rows.coded();
    else {
      this.body = this.plan.body();
      coded = this.body.codes?.() ?? null;
      if (coded === null) return null;
    }
    this.close();
    return coded;
  }

  /**
   * close ends the run: the relations' rows and the dictionary this run made give their arrays
   * back to the executor's pool (scratch.ts), except rows handed over as codes (`codes`), which
   * the caller still reads, as it reads the dictionary's values.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.body?.close();
    this.body = null;
    const { states, empty } = this.plan;
    for (let i = 0; i < states.length; i++) {
      if (this.solved && states[i].rows !== empty[i]) states[i].rows.release();
      states[i].rows = empty[i];
    }
    this.dictionary?.release();
    this.dictionary = null;
  }

  private solve(): void {
    const { states, inits, steps, set, maxDepth, limits } = this.plan;
    this.solved = true;
    const enclosing = this.plan.enclosing?.rows.dictionary;
    const dictionary = !set ? null : (enclosing ?? (this.dictionary = new ValueCodes()));
    for (const s of states) s.rows = new RecursiveRows(s.relation.columns.length, dictionary);
    // Every init is evaluated before any relation shows its rows.
    runOnce(inits.map((start) => start()));
    for (const s of states) s.rows.advance();
    const parts: StepRun[][] = steps.map((start) => start());
    try {
      for (let depth = 1; maxDepth === null || depth <= maxDepth; depth++) {
        if (!states.some((s) => s.rows.to > s.rows.from)) break;
        limits.check();
        for (const runs of parts) for (const run of runs) run.run();
        for (const s of states) s.rows.advance();
      }
    } finally {
      for (const runs of parts) for (const run of runs) run.close();
    }
    for (const s of states) s.rows.keepBuilt = false;
  }
}

/** runOnce runs parts of a step once each (the inits), closing them after. */
function runOnce(parts: StepRun[][]): void {
  try {
    for (const runs of parts) for (const run of runs) run.run();
  } finally {
    for (const runs of parts) for (const run of runs) run.close();
  }
}
