/**
 * session.ts — runs scripts of statements with SQL's transaction behaviour.
 *
 * Outside an explicit transaction every statement runs in its own transaction (autocommit),
 * retried a few times if it loses an optimistic-concurrency race. BEGIN opens an explicit
 * transaction that later calls share until COMMIT or ROLLBACK. Inside one, each statement is
 * atomic on its own: a failing statement is rolled back to the savepoint taken before it and
 * the transaction stays usable, as in PostgreSQL's and SQLite's statement-level rollback.
 */
import type { FrontEnd, Statement } from '../algebra/statement.js';
import { ConflictError, StateError } from '../common/errors.js';
import type { Isolation, Savepoint } from '../storage/kv.js';
import type { Store, StoreTransaction } from '../storage/relations.js';
import { lower, runQuery, type RunOptions } from './pipeline.js';
import { ResultSet } from './result.js';

const AUTOCOMMIT_RETRIES = 5;

export class Session {
  private explicit: StoreTransaction | null = null;
  private savepoints: { name: string; savepoint: Savepoint }[] = [];

  /**
   * @param store   the database's store
   * @param pinned  a transaction owned by the caller (db.transaction): statements run in it and
   *                transaction control statements are refused
   * @param defaultIsolation isolation for autocommit and BEGIN without a level
   */
  constructor(
    private readonly store: Store,
    private readonly pinned: StoreTransaction | null = null,
    private readonly defaultIsolation: Isolation = 'serializable',
  ) {}

  get inTransaction(): boolean {
    return this.explicit !== null;
  }

  /** run parses a script and runs its statements in order; the result is the last statement's. */
  async run<S>(frontEnd: FrontEnd<S>, text: string, options: RunOptions = {}): Promise<ResultSet> {
    const syntax = frontEnd.parse(text);
    let result = new ResultSet([], []);
    for (const s of syntax) result = await this.runOne(frontEnd, s, options);
    return result;
  }

  private async runOne<S>(frontEnd: FrontEnd<S>, syntax: S, options: RunOptions): Promise<ResultSet> {
    const tx = this.pinned ?? this.explicit;
    if (tx) return this.inside(tx, frontEnd, syntax, options);
    for (let attempt = 0; ; attempt++) {
      const auto = this.store.begin({ isolation: this.defaultIsolation });
      let statement: Statement;
      try {
        statement = lower(frontEnd, syntax, this.store, auto);
      } catch (e) {
        auto.rollback();
        throw e;
      }
      if (statement.kind === 'transaction') {
        auto.rollback();
        return this.control(statement);
      }
      try {
        const result = this.execute(statement, auto, options);
        await auto.commit();
        return result;
      } catch (e) {
        if (!auto.finished) auto.rollback();
        if (e instanceof ConflictError && attempt < AUTOCOMMIT_RETRIES) continue;
        throw e;
      }
    }
  }

  private async inside<S>(tx: StoreTransaction, frontEnd: FrontEnd<S>, syntax: S, options: RunOptions): Promise<ResultSet> {
    if (tx.finished) throw new StateError('TRANSACTION_STATE', 'the transaction has already finished');
    const statement = lower(frontEnd, syntax, this.store, tx);
    if (statement.kind === 'transaction') {
      if (this.pinned) throw new StateError('TRANSACTION_STATE', `${statement.action.toUpperCase()} is not allowed inside db.transaction(); return or throw from the callback instead`);
      return this.control(statement);
    }
    const before = tx.savepoint();
    try {
      return this.execute(statement, tx, options);
    } catch (e) {
      tx.rollbackTo(before);
      throw e;
    }
  }

  private execute(statement: Exclude<Statement, { kind: 'transaction' }>, tx: StoreTransaction, options: RunOptions): ResultSet {
    if (statement.kind === 'schema') {
      statement.apply(tx.catalog);
      return new ResultSet([], [], 0);
    }
    return runQuery(statement, this.store, tx, options);
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
        await tx.commit();
        return done;
      }
      case 'rollback': {
        const tx = this.requireExplicit('ROLLBACK');
        this.explicit = null;
        this.savepoints = [];
        tx.rollback();
        return done;
      }
      case 'savepoint': {
        if (!this.explicit) this.explicit = this.store.begin({ isolation: this.defaultIsolation });
        this.savepoints.push({ name: statement.name as string, savepoint: this.explicit.savepoint() });
        return done;
      }
      case 'release': {
        this.requireExplicit('RELEASE');
        const at = this.findSavepoint(statement.name as string);
        this.savepoints.length = at;
        return done;
      }
      case 'rollback-to': {
        const tx = this.requireExplicit('ROLLBACK TO');
        const at = this.findSavepoint(statement.name as string);
        tx.rollbackTo(this.savepoints[at].savepoint);
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
    if (this.explicit && !this.explicit.finished) this.explicit.rollback();
    this.explicit = null;
    this.savepoints = [];
  }
}
