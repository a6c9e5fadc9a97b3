/**
 * session.ts — runs scripts of statements with SQL's transaction behaviour.
 *
 * Outside an explicit transaction every statement runs in its own transaction (autocommit),
 * retried a few times if it loses an optimistic-concurrency race. BEGIN opens an explicit
 * transaction that later calls share until COMMIT or ROLLBACK. Inside one, each statement is
 * atomic on its own: a failing statement is rolled back to the savepoint taken before it and
 * the transaction stays usable, as in PostgreSQL's and SQLite's statement-level rollback.
 */
import { RaiseError } from '../algebra/functions/sql-raise.js';
import type { FrontEnd, QueryStatement, Statement } from '../algebra/statement.js';
import { COUNTER_PARAMS } from '../common/counters.js';
import type { Value } from '../common/values.js';
import type { WriteCounts } from '../executor/operator.js';
import { ConflictError, StateError } from '../common/errors.js';
import type { Isolation, Savepoint, TransactionOptions } from '../storage/kv.js';
import type { Store, StoreTransaction } from '../storage/relations.js';
import { lower, lowering, planQuery, runPlanned, runQuery, type Params, type PlannedQuery, type RunOptions } from './pipeline.js';
import { ResultSet, WriteResult } from './result.js';
import { walk } from '../algebra/visit.js';

const AUTOCOMMIT_RETRIES = 5;

/** The options of a run without parameters or options (nothing downstream changes them). */
const NO_OPTIONS: RunOptions = Object.freeze({ params: undefined });

/** State shared by every session of one database. */
export class EngineState {
  /**
   * Bumped whenever the catalog may have changed (a schema statement ran, or a transaction that
   * may have run one was rolled back): cached plans from an older version are re-planned.
   */
  schemaVersion = 0;
  /** Statements kept by their text with their plans (db.sparql's plan cache), least recently used first. */
  readonly byText = new Map<string, { syntax: unknown; cache: { current: PlanCache | null } }>();
  /** SQL's changes(): the rows the last INSERT, UPDATE or DELETE changed. */
  changes = 0;
  /** SQL's total_changes(): the rows every INSERT, UPDATE and DELETE changed since the database opened. */
  totalChanges = 0;
  /** SQL's last_insert_rowid(): the rowid of the last row an INSERT inserted into a table with one. */
  lastInsertRowid: Value = 0;

  /** withCounters adds the counters to a run's parameters, for a statement that reads them (positional ones keep their numbers as keys). */
  withCounters(params: Params | undefined): Params {
    const out: Record<string, Value> = {};
    if (Array.isArray(params)) params.forEach((v: Value, i: number) => (out[i + 1] = v));
    else if (params !== undefined) Object.assign(out, params);
    out[COUNTER_PARAMS.changes] = this.changes;
    out[COUNTER_PARAMS.totalChanges] = this.totalChanges;
    out[COUNTER_PARAMS.lastInsertRowid] = this.lastInsertRowid;
    return out;
  }
}

/** How many texts EngineState.byText keeps. */
const TEXT_CACHE_SIZE = 200;

/**
 * A statement's cached lowering and plan, valid for one schema version (prepared statements)
 * and while the relations it reads keep their size to within a factor of two (`sizes`: the
 * planner's estimates came from their statistics; a load that grows them re-plans).
 */
export interface PlanCache {
  version: number;
  statement: Statement;
  planned: PlannedQuery | null;
  sizes?: readonly (readonly [relationId: number, magnitude: number])[];
  /** The store's statistics version at which `sizes` last held (Store.statisticsVersion). */
  sizesHeldAt?: number;
}

/** magnitude buckets a row count by powers of two. */
function magnitude(rows: number): number {
  // clz32 is exact and cheap below 2^31 rows (a cached plan checks this on every run).
  return rows < 0x7fffffff ? 31 - Math.clz32(rows + 1) : Math.floor(Math.log2(rows + 1));
}

/** sizesOf lists the relations a plan scans with the magnitude of their row counts. */
function sizesOf(statement: Statement, store: Store): [number, number][] {
  if (statement.kind !== 'query') return [];
  const ids = new Set<number>();
  walk(statement.plan, (p) => {
    if (p.kind === 'scan') ids.add(p.relation.id);
  });
  return [...ids].map((id) => [id, magnitude(store.statistics(id).rowCount)]);
}

export class Session {
  private explicit: StoreTransaction | null = null;
  private savepoints: { name: string; savepoint: Savepoint }[] = [];

  /**
   * @param store   the database's store
   * @param state   state shared with the database's other sessions
   * @param pinned  a transaction owned by the caller (db.transaction): statements run in it and
   *                transaction control statements are refused
   * @param defaultIsolation isolation for autocommit and BEGIN without a level
   */
  constructor(
    private readonly store: Store,
    private readonly state: EngineState,
    private readonly pinned: StoreTransaction | null = null,
    private readonly defaultIsolation: Isolation = 'serializable',
  ) {}

  get inTransaction(): boolean {
    return this.explicit !== null;
  }

  /**
   * byText returns the statements parsed from `key`'s text with their plan cache, parsing with
   * `parse` on a miss; `keep` says whether the parse may be kept (not when parsing made
   * something that must be fresh per run). Shared by every session of the database.
   */
  byText<S>(key: string, parse: () => S, keep: (syntax: S) => boolean): { syntax: S; cache?: { current: PlanCache | null } } {
    const texts = this.state.byText;
    const hit = texts.get(key);
    if (hit) {
      texts.delete(key);
      texts.set(key, hit);
      return hit as { syntax: S; cache: { current: PlanCache | null } };
    }
    const syntax = parse();
    if (!keep(syntax)) return { syntax };
    const entry = { syntax, cache: { current: null } };
    texts.set(key, entry);
    if (texts.size > TEXT_CACHE_SIZE) texts.delete(texts.keys().next().value as string);
    return entry;
  }

  /** run parses a script and runs its statements in order; the result is the last statement's. */
  async run<S>(frontEnd: FrontEnd<S>, text: string, options: RunOptions = {}): Promise<ResultSet> {
    const syntax = frontEnd.parse(text);
    let result = new ResultSet([], []);
    for (const s of syntax) result = await this.runOne(frontEnd, s, options);
    return result;
  }

  /** runOne runs one parsed statement; `cache` keeps its lowering and plan across runs. */
  runOne<S>(frontEnd: FrontEnd<S>, syntax: S, options: RunOptions, cache?: { current: PlanCache | null }): Promise<ResultSet> {
    try {
      const tx = this.pinned ?? this.explicit;
      if (tx) return this.inside(tx, frontEnd, syntax, options, cache);
      const hit = cache?.current;
      const fresh = hit != null && this.valid(hit);
      // A cached plan that writes nothing runs in a read-only transaction: no read set is
      // tracked, nothing is registered for validation, and the commit never aborts — so it
      // needs no retry loop and no await (a point lookup's whole cost is this path).
      if (fresh && hit.planned !== null && hit.planned.readOnly) return Promise.resolve(this.readOnly(hit.planned, options.params, options));
      return this.autocommit(frontEnd, syntax, options, cache, fresh);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * runPrepared is runOne of a prepared statement run with parameters and no other options
   * (PreparedStatement.run): a cached plan that writes nothing, outside a transaction, runs
   * without an options object made for the run.
   */
  runPrepared<S>(frontEnd: FrontEnd<S>, syntax: S, params: Params | undefined, cache: { current: PlanCache | null }): Promise<ResultSet> {
    const hit = cache.current;
    if (hit !== null && this.pinned === null && this.explicit === null) {
      const planned = hit.planned;
      // valid()'s common answer first: the schema and the statistics unchanged since it last held.
      if (planned !== null && planned.readOnly && hit.version === this.state.schemaVersion) {
        try {
          if (hit.sizesHeldAt === this.store.statisticsVersion() || this.valid(hit)) {
            const shared = this.store.readLatest(this.defaultIsolation);
            if (shared === null) return Promise.resolve(this.readOnly(planned, params, NO_OPTIONS));
            // (readOnly binds the counters itself: bound here only on the path that skips it.)
            return Promise.resolve(runPlanned(planned, shared, planned.statement.readsCounters ? this.state.withCounters(params) : params, NO_OPTIONS));
          }
        } catch (e) {
          return Promise.reject(e);
        }
      }
    }
    return this.runOne(frontEnd, syntax, params === undefined ? NO_OPTIONS : { params }, cache);
  }

  private readOnlyBegin: TransactionOptions | null = null;

  /**
   * readOnly runs a cached plan that writes nothing on the latest committed state: in the
   * store's shared read-only transaction where it has one (Store.readLatest), else in one of
   * its own. `params` are the run's parameters (options.params is not read).
   */
  private readOnly(planned: PlannedQuery, params: Params | undefined, options: RunOptions): ResultSet {
    if (planned.statement.readsCounters) params = this.state.withCounters(params);
    const shared = this.store.readLatest(this.defaultIsolation);
    if (shared !== null) return runPlanned(planned, shared, params, options);
    const begin = (this.readOnlyBegin ??= { isolation: this.defaultIsolation, readOnly: true });
    const auto = this.store.begin(begin);
    try {
      return runPlanned(planned, auto, params, options);
    } finally {
      auto.rollback();
    }
  }

  /** autocommit runs one statement in a transaction of its own, retried after a lost concurrency race. */
  private async autocommit<S>(frontEnd: FrontEnd<S>, syntax: S, options: RunOptions, cache: { current: PlanCache | null } | undefined, fresh: boolean): Promise<ResultSet> {
    for (let attempt = 0; ; attempt++) {
      const auto = this.store.begin({ isolation: this.defaultIsolation });
      let statement: Statement;
      let planned: PlannedQuery | null;
      try {
        ({ statement, planned } = this.prepare(frontEnd, syntax, auto, options, cache, fresh && attempt === 0));
      } catch (e) {
        auto.rollback();
        throw e;
      }
      if (statement.kind === 'transaction') {
        auto.rollback();
        return this.control(statement);
      }
      try {
        const result = this.execute(statement, auto, options, planned);
        await auto.commit();
        return result;
      } catch (e) {
        // RAISE(FAIL) keeps what the statement did before it failed.
        if (e instanceof RaiseError && e.action === 'fail' && !auto.finished) await auto.commit();
        if (!auto.finished) this.rollback(auto);
        if (e instanceof ConflictError && attempt < AUTOCOMMIT_RETRIES) continue;
        throw e;
      }
    }
  }

  /**
   * runMany runs one parsed statement once per parameter set, all in one transaction: every run
   * reads the same snapshot, and the writes of all runs take effect together or not at all (the
   * first failing run rejects the call). Inside an open transaction, the runs share one savepoint.
   * The statement is lowered and planned once; each run only binds its parameters.
   */
  async runMany<S>(
    frontEnd: FrontEnd<S>,
    syntax: S,
    paramSets: readonly Params[],
    options: RunOptions,
    cache?: { current: PlanCache | null },
  ): Promise<ResultSet[]> {
    const each = (tx: StoreTransaction): ResultSet[] => {
      const { statement, planned } = this.prepare(frontEnd, syntax, tx, options, cache);
      if (statement.kind === 'transaction') throw new StateError('TRANSACTION_STATE', 'transaction control cannot run once per parameter set');
      const out = new Array<ResultSet>(paramSets.length);
      // One options object re-pointed per run: a run reads its parameters when it starts and keeps nothing.
      const each: RunOptions = { ...options, params: undefined };
      for (let i = 0; i < paramSets.length; i++) {
        each.params = paramSets[i];
        out[i] = this.execute(statement, tx, each, planned);
      }
      return out;
    };
    const hit = cache?.current;
    const readOnly = hit != null && this.valid(hit) && hit.planned !== null && hit.planned.readOnly;
    return this.asOneUnit(each, readOnly, true);
  }

  /**
   * runAtomically runs statements as one unit (a SPARQL update request, an RDF load): inside an
   * open transaction under one savepoint, otherwise in one transaction of their own. Either all
   * of them take effect or none. `syntax` may be produced lazily (a streamed load): each
   * statement is lowered after the previous one ran. An autocommit run that loses a
   * concurrency race is retried only when `syntax` can be iterated again (an array).
   */
  async runAtomically<S>(frontEnd: FrontEnd<S>, syntax: Iterable<S> | AsyncIterable<S>, options: RunOptions = {}): Promise<ResultSet[]> {
    const runAll = async (tx: StoreTransaction): Promise<ResultSet[]> => {
      const out: ResultSet[] = [];
      for await (const s of syntax) {
        const statement = lower(frontEnd, s, this.store, tx);
        if (statement.kind === 'transaction') throw new StateError('TRANSACTION_STATE', 'transaction control cannot be part of an atomic request');
        out.push(this.execute(statement, tx, options, null));
      }
      return out;
    };
    return this.asOneUnit(runAll, false, Array.isArray(syntax));
  }

  /**
   * asOneUnit runs `work` so that all of it takes effect or none: inside the open transaction
   * under one savepoint, otherwise in a transaction of its own (read-only when `readOnly`),
   * retried after a lost concurrency race when `retryable` (the work can run again).
   */
  private async asOneUnit<T>(work: (tx: StoreTransaction) => T | Promise<T>, readOnly: boolean, retryable: boolean): Promise<T> {
    const open = this.pinned ?? this.explicit;
    if (open) {
      if (open.finished) throw new StateError('TRANSACTION_STATE', 'the transaction has already finished');
      const before = open.savepoint();
      try {
        return await work(open);
      } catch (e) {
        if (e instanceof RaiseError && e.action === 'rollback' && open === this.explicit) {
          // RAISE(ROLLBACK) ends the whole transaction, as it does for a single statement.
          this.explicit = null;
          this.savepoints = [];
          this.rollback(open);
          throw e;
        }
        open.rollbackTo(before);
        this.state.schemaVersion++;
        throw e;
      } finally {
        if (!open.finished) open.release(before);
      }
    }
    for (let attempt = 0; ; attempt++) {
      const auto = this.store.begin({ isolation: this.defaultIsolation, readOnly });
      try {
        const out = await work(auto);
        // A read-only transaction has nothing to publish: ending it is all a commit would do.
        if (readOnly) auto.rollback();
        else await auto.commit();
        return out;
      } catch (e) {
        if (!auto.finished) this.rollback(auto);
        if (e instanceof ConflictError && retryable && attempt < AUTOCOMMIT_RETRIES) continue;
        throw e;
      }
    }
  }

  /** prepare lowers (and plans) a statement, reusing the cache while the schema is unchanged. */
  private prepare<S>(
    frontEnd: FrontEnd<S>,
    syntax: S,
    tx: StoreTransaction,
    options: RunOptions,
    cache?: { current: PlanCache | null },
    /** The cache's entry was found valid just before (nothing can have changed since). */
    checked = false,
  ): { statement: Statement; planned: PlannedQuery | null } {
    const hit = cache?.current;
    if (hit && (checked || this.valid(hit))) return hit;
    const version = this.state.schemaVersion;
    const statement = lower(frontEnd, syntax, this.store, tx);
    const planned = cache && statement.kind === 'query' ? planQuery(statement, this.store, options) : null;
    if (cache) cache.current = { version, statement, planned, sizes: sizesOf(statement, this.store), sizesHeldAt: -1 };
    return { statement, planned };
  }

  /** valid says whether a cached plan still fits the schema and the sizes of the relations it reads. */
  private valid(hit: PlanCache): boolean {
    if (hit.version !== this.state.schemaVersion) return false;
    const at = this.store.statisticsVersion();
    if (hit.sizesHeldAt === at) return true;
    if (hit.sizes) for (const [id, m] of hit.sizes) if (magnitude(this.store.statistics(id).rowCount) !== m) return false;
    hit.sizesHeldAt = at;
    return true;
  }

  private async inside<S>(
    tx: StoreTransaction,
    frontEnd: FrontEnd<S>,
    syntax: S,
    options: RunOptions,
    cache?: { current: PlanCache | null },
  ): Promise<ResultSet> {
    if (tx.finished) throw new StateError('TRANSACTION_STATE', 'the transaction has already finished');
    const { statement, planned } = this.prepare(frontEnd, syntax, tx, options, cache);
    if (statement.kind === 'transaction') {
      if (this.pinned) throw new StateError('TRANSACTION_STATE', `${statement.action.toUpperCase()} is not allowed inside db.transaction(); return or throw from the callback instead`);
      return this.control(statement);
    }
    const before = tx.savepoint();
    try {
      return this.execute(statement, tx, options, planned);
    } catch (e) {
      // RAISE(FAIL) keeps the statement's work so far; RAISE(ROLLBACK) ends the whole transaction.
      if (e instanceof RaiseError && e.action === 'fail') throw e;
      if (e instanceof RaiseError && e.action === 'rollback' && tx === this.explicit) {
        this.explicit = null;
        this.savepoints = [];
        this.rollback(tx);
        throw e;
      }
      tx.rollbackTo(before);
      this.state.schemaVersion++;
      throw e;
    } finally {
      // Held savepoints make every write log what it replaces; the statement is over.
      if (!tx.finished) tx.release(before);
    }
  }

  private execute(statement: Exclude<Statement, { kind: 'transaction' }>, tx: StoreTransaction, options: RunOptions, planned: PlannedQuery | null): ResultSet {
    if (statement.kind === 'schema') {
      this.state.schemaVersion++;
      statement.apply(tx.catalog);
      if (statement.then) return this.query(statement.then(lowering(this.store, tx)), tx, options, null);
      return new ResultSet([], [], 0);
    }
    return this.query(statement, tx, options, planned);
  }

  /** query runs a query statement, binding the change counters where it reads them and recording its changes where it counts them. */
  private query(statement: QueryStatement, tx: StoreTransaction, options: RunOptions, planned: PlannedQuery | null): ResultSet {
    if (statement.readsCounters) options = { ...options, params: this.state.withCounters(options.params) };
    // (An EXPLAIN of a write describes it: nothing to count.)
    if (!statement.countsChanges || statement.explain !== null) return runQuery(statement, this.store, tx, options, planned ?? undefined);
    const state = this.state;
    const counts: WriteCounts = { rowid: null, byTriggers: 0 };
    let result: ResultSet;
    try {
      result = runQuery(statement, this.store, tx, { ...options, writeCounts: counts }, planned ?? undefined);
    } catch (e) {
      // As SQLite: a failed statement changed nothing it reports; the rows it did insert moved the last rowid.
      state.changes = 0;
      if (counts.rowid !== null) state.lastInsertRowid = counts.rowid;
      throw e;
    }
    const changed = result.rowsAffected ?? result.length;
    state.changes = changed;
    state.totalChanges += changed + counts.byTriggers;
    if (counts.rowid !== null) state.lastInsertRowid = counts.rowid;
    return statement.returnsRows ? result : new WriteResult(changed, counts.rowid);
  }

  /** rollback ends a transaction without keeping its work (cached plans may have seen its schema). */
  rollback(tx: StoreTransaction): void {
    tx.rollback();
    this.state.schemaVersion++;
  }

  private async control(statement: Extract<Statement, { kind: 'transaction' }>): Promise<ResultSet> {
    const done = new ResultSet([], []);
    switch (statement.action) {
      case 'begin':
        if (this.explicit) throw new StateError('TRANSACTION_STATE', 'cannot BEGIN: a transaction is already active');
        this.explicit = this.store.begin({ isolation: statement.isolation ?? this.defaultIsolation });
        return done;
      case 'commit': {
        const tx = this.requireExplicit('COMMIT');
        this.explicit = null;
        this.savepoints = [];
        try {
          await tx.commit();
        } catch (e) {
          this.state.schemaVersion++;
          throw e;
        }
        return done;
      }
      case 'rollback': {
        const tx = this.requireExplicit('ROLLBACK');
        this.explicit = null;
        this.savepoints = [];
        this.rollback(tx);
        return done;
      }
      case 'savepoint': {
        if (!this.explicit) this.explicit = this.store.begin({ isolation: this.defaultIsolation });
        this.savepoints.push({ name: statement.name as string, savepoint: this.explicit.savepoint() });
        return done;
      }
      case 'release': {
        const tx = this.requireExplicit('RELEASE');
        const at = this.findSavepoint(statement.name as string);
        tx.release(this.savepoints[at].savepoint);
        this.savepoints.length = at;
        return done;
      }
      case 'rollback-to': {
        const tx = this.requireExplicit('ROLLBACK TO');
        const at = this.findSavepoint(statement.name as string);
        tx.rollbackTo(this.savepoints[at].savepoint);
        this.state.schemaVersion++;
        this.savepoints.length = at + 1;
        return done;
      }
    }
  }

  private requireExplicit(what: string): StoreTransaction {
    if (!this.explicit) throw new StateError('TRANSACTION_STATE', `cannot ${what}: no transaction is active`);
    return this.explicit;
  }

  private findSavepoint(name: string): number {
    for (let i = this.savepoints.length - 1; i >= 0; i--) if (this.savepoints[i].name.toLowerCase() === name.toLowerCase()) return i;
    throw new StateError('TRANSACTION_STATE', `no such savepoint: ${name}`);
  }

  /** abandon rolls back an open explicit transaction (on close). */
  abandon(): void {
    if (this.explicit && !this.explicit.finished) this.rollback(this.explicit);
    this.explicit = null;
    this.savepoints = [];
  }
}
