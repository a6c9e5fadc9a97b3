/**
 * database.ts — the public facade: `Database.open()`, one method per language, transactions,
 * EXPLAIN. Everything here delegates to a Session (statement running and transaction control)
 * and to the pipeline; the facade itself only adapts arguments.
 */
import type { FrontEnd } from '../algebra/statement.js';
import { PolyglotError, StateError, UnsupportedError } from '../common/errors.js';
import type { Value } from '../common/values.js';
import { datalog } from '../datalog/index.js';
import { runDatalog } from './datalog.js';
import { sqlFrontEnd } from '../relational/index.js';
import { sparqlFrontEnd } from '../triples/index.js';
import type { Isolation, KVEngine } from '../storage/kv.js';
import { MemoryEngine } from '../storage/memory.js';
import type { Store, StoreTransaction } from '../storage/relations.js';
import { openStore } from '../storage/store.js';
import { explainQuery, lower, type Explanation, type Params, type RunOptions } from './pipeline.js';
import type { ResultSet } from './result.js';
import { EngineState, Session, type PlanCache } from './session.js';
import { exportRdf, loadRdf, runSparql, type ExportOptions, type LoadOptions, type RdfInput, type SparqlQueryOptions, type SparqlResult } from './sparql.js';

export type Language = 'sql' | 'datalog' | 'sparql';

export interface OpenOptions {
  /** A directory for durable storage (the file engine; not available yet). */
  path?: string;
  /** A storage engine to use instead of the default in-memory one. */
  engine?: KVEngine;
  /** Isolation for statements outside an explicit transaction, and for BEGIN without a level. */
  isolation?: Isolation;
}

export interface QueryOptions extends Omit<RunOptions, 'params'> {}

export interface TransactionOptions {
  isolation?: Isolation;
  readOnly?: boolean;
}

const FRONT_ENDS: Record<Language, FrontEnd<any>> = {
  sql: sqlFrontEnd,
  sparql: sparqlFrontEnd(),
  datalog,
};

function frontEnd(language: string): FrontEnd<unknown> {
  const f = (FRONT_ENDS as Record<string, FrontEnd<unknown>>)[language];
  if (!f) throw new UnsupportedError(`unknown query language ${JSON.stringify(language)}; available: ${Object.keys(FRONT_ENDS).join(', ')}`);
  return f;
}

/** sqlArguments accepts db.sql(text, params?, options?) and the tagged template db.sql`… ${v} …`. */
function sqlArguments(first: string | TemplateStringsArray, rest: unknown[]): { text: string; params?: Params; options?: QueryOptions } {
  if (typeof first === 'string') return { text: first, params: rest[0] as Params | undefined, options: rest[1] as QueryOptions | undefined };
  if (Array.isArray(first) && 'raw' in first) {
    // Interpolated values are bound as positional parameters, never spliced into the text.
    return { text: first.join('?'), params: rest as Value[] };
  }
  throw new PolyglotError('INVALID_ARGUMENT', 'db.sql expects a string or a tagged template');
}

/** Queries that run inside one transaction: the base of Database and of the `tx` in db.transaction(). */
abstract class Queryable {
  protected abstract session(): Session;

  /** sql runs a SQL script (statements separated by `;`) and returns the last statement's result. */
  sql(strings: TemplateStringsArray, ...values: unknown[]): Promise<ResultSet>;
  sql(text: string, params?: Params, options?: QueryOptions): Promise<ResultSet>;
  async sql(first: string | TemplateStringsArray, ...rest: unknown[]): Promise<ResultSet> {
    const { text, params, options } = sqlArguments(first, rest);
    return this.query('sql', text, params, options);
  }

  /** datalog runs a Datalog program (facts are stored; the result is the last query's answers). */
  async datalog(text: string, options?: QueryOptions): Promise<ResultSet> {
    if (typeof text !== 'string') throw new PolyglotError('INVALID_ARGUMENT', `query text must be a string, got ${typeof text}`);
    return runDatalog(this.session(), text, options);
  }

  /**
   * sparql runs a SPARQL query: bindings of RDF/JS terms (SELECT; null = unbound), a boolean (ASK)
   * or quads (CONSTRUCT, DESCRIBE); or an update request, atomically: `{ updated: true, operations }`.
   */
  async sparql(text: string, options?: SparqlQueryOptions): Promise<SparqlResult> {
    return runSparql(this.session(), text, options);
  }

  /**
   * loadRdf loads Turtle, N-Triples, N-Quads or TriG — text, a Node Readable or an async
   * iterable of chunks, streamed in batches — atomically (a syntax error loads nothing);
   * returns the quads added.
   */
  async loadRdf(input: RdfInput, options?: LoadOptions): Promise<number> {
    return loadRdf(this.session(), input, options);
  }

  /** exportRdf serializes the stored quads (N-Triples by default) through n3's Writer. */
  async exportRdf(options?: ExportOptions): Promise<string> {
    return exportRdf(this.session(), options);
  }

  /** query runs a script in any language by name. */
  async query(language: Language, text: string, params?: Params, options: QueryOptions = {}): Promise<ResultSet> {
    if (typeof text !== 'string') throw new PolyglotError('INVALID_ARGUMENT', `query text must be a string, got ${typeof text}`);
    return this.session().run(frontEnd(language), text, { ...options, params });
  }
}

export class Database extends Queryable {
  private closed = false;
  private readonly main: Session;

  private readonly state = new EngineState();

  private constructor(
    private readonly store: Store,
    private readonly isolation: Isolation,
  ) {
    super();
    this.main = new Session(store, this.state, null, isolation);
  }

  /** open creates an in-memory database (the default) or, with `path`, a durable one. */
  static async open(options: OpenOptions = {}): Promise<Database> {
    if (options.path !== undefined && !options.engine) {
      throw new UnsupportedError('durable storage (the file engine) is not available yet; open without `path` for an in-memory database');
    }
    const store = await openStore(options.engine ?? new MemoryEngine());
    return new Database(store, options.isolation ?? 'serializable');
  }

  protected session(): Session {
    if (this.closed) throw new StateError('CLOSED', 'the database is closed');
    return this.main;
  }

  /** transaction runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  async transaction<T>(fn: (tx: Transaction) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    this.session();
    const tx = this.store.begin({ isolation: options.isolation ?? this.isolation, readOnly: options.readOnly });
    const session = new Session(this.store, this.state, tx, this.isolation);
    const handle = new Transaction(session, tx);
    let value: T;
    try {
      value = await fn(handle);
    } catch (e) {
      if (!tx.finished) session.rollback(tx);
      throw e;
    } finally {
      handle.end();
    }
    try {
      await tx.commit();
    } catch (e) {
      this.state.schemaVersion++;
      throw e;
    }
    return value;
  }

  /**
   * prepare parses a single statement once and keeps its plan: each run binds new parameters
   * and reuses the plan until the schema changes.
   */
  async prepare(text: string, language: Language = 'sql'): Promise<PreparedStatement> {
    this.session();
    const f = frontEnd(language);
    const syntax = f.parse(text);
    if (syntax.length !== 1) throw new PolyglotError('INVALID_ARGUMENT', `prepare takes exactly one statement, got ${syntax.length}`);
    return new PreparedStatement(() => this.session(), f, syntax[0]);
  }

  /** explain describes the plan chosen for a query (and runs it, with actual figures, under `analyze`). */
  async explain(language: Language, text: string, options: QueryOptions & { params?: Params; analyze?: boolean } = {}): Promise<Explanation> {
    this.session();
    const f = frontEnd(language);
    const syntax = f.parse(text);
    if (syntax.length !== 1) throw new PolyglotError('INVALID_ARGUMENT', `explain takes exactly one statement, got ${syntax.length}`);
    const tx = this.store.begin({ isolation: this.isolation });
    try {
      const statement = lower(f, syntax[0], this.store, tx);
      if (statement.kind !== 'query') throw new PolyglotError('INVALID_ARGUMENT', `explain needs a query or a write, got a ${statement.kind} statement`);
      return explainQuery(statement, this.store, tx, options.analyze ?? false, options);
    } finally {
      // EXPLAIN ANALYZE of a write runs it, but never keeps its effects.
      tx.rollback();
    }
  }

  /** close rolls back an open explicit transaction and releases storage. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.main.abandon();
    await this.store.close();
  }
}

/** The handle passed to db.transaction's callback: the same query methods, inside that transaction. */
export class Transaction extends Queryable {
  private active = true;

  constructor(
    private readonly inner: Session,
    private readonly tx: StoreTransaction,
  ) {
    super();
  }

  protected session(): Session {
    if (!this.active || this.tx.finished) throw new StateError('TRANSACTION_STATE', 'this transaction has finished');
    return this.inner;
  }

  /** end marks the handle unusable once the callback has returned. */
  end(): void {
    this.active = false;
  }
}

/** A parsed statement whose plan is kept between runs (until the schema changes). */
export class PreparedStatement {
  private readonly cache: { current: PlanCache | null } = { current: null };

  constructor(
    private readonly session: () => Session,
    private readonly frontEnd: FrontEnd<unknown>,
    private readonly syntax: unknown,
  ) {}

  /** run executes the statement with `params` bound. */
  run(params?: Params, options?: QueryOptions): Promise<ResultSet> {
    // Not async: handing runOne's promise straight back saves the extra turns an async
    // wrapper's resolution takes (per call, it shows in tight loops of point lookups).
    try {
      if (options === undefined) return this.session().runPrepared(this.frontEnd, this.syntax, params, this.cache);
      return this.session().runOne(this.frontEnd, this.syntax, { ...options, params }, this.cache);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * runMany executes the statement once per parameter set, in one transaction: the runs read
   * one snapshot, and their writes all take effect or (when any run fails) none do. Returns one
   * result per parameter set, in order. Many short runs (point lookups, inserts) cost far less
   * this way than as separate awaited calls, which each begin and end a transaction.
   */
  runMany(paramSets: readonly Params[], options: QueryOptions = {}): Promise<ResultSet[]> {
    try {
      if (!Array.isArray(paramSets)) throw new PolyglotError('INVALID_ARGUMENT', 'runMany takes an array of parameter sets');
      return this.session().runMany(this.frontEnd, this.syntax, paramSets, options, this.cache);
    } catch (e) {
      return Promise.reject(e);
    }
  }
}
