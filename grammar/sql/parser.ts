/**
 * parser.ts — the SQL parser: the `script` entry rule, statement dispatch, transactions,
 * EXPLAIN and utility statements. The grammar is one chevrotain parser built as a chain of
 * classes, one per part: parser-expr.ts (expressions) → parser-query.ts (queries) →
 * parser-dml.ts → parser-ddl.ts → this file, which runs chevrotain's self-analysis.
 *
 * Grammar only, plus one-line embedded actions that build the AST (see to-ast.ts for why
 * actions rather than a CST visitor). Grammar references: https://sqlite.org/lang.html
 * (one page per statement), PostgreSQL for START TRANSACTION and ISOLATION LEVEL.
 */
import type { IToken } from 'chevrotain';
import type { Expr, Identifier, IsolationLevel, Statement } from './ast.js';
import type { SqlParserOptions } from './parser-base.js';
import { SqlDdlParser } from './parser-ddl.js';
import { AnyReserved, Comma, Eq, K, LParen, RParen, Semicolon } from './tokens.js';
import { identifier } from './to-ast.js';

export class SqlParser extends SqlDdlParser {
  /** First token of the top-level statement being parsed (error reporting). */
  statementStartToken: IToken | undefined;

  // -------------------------------------------------------------------------------------
  // Script

  /** `[statement] (; [statement])*` — a script of `;`-separated statements. */
  public script = this.RULE('script', (): Statement[] => {
    const out: Statement[] = [];
    this.MANY(() => this.CONSUME(Semicolon));
    this.OPTION(() => {
      this.ACTION(() => this.beginStatement());
      out.push(this.SUBRULE(this.statement));
      this.MANY2(() => {
        this.AT_LEAST_ONE(() => this.CONSUME2(Semicolon));
        this.OPTION2(() => {
          this.ACTION(() => this.beginStatement());
          out.push(this.SUBRULE2(this.statement));
        });
      });
    });
    return out;
  });

  private beginStatement(): void {
    this.params.reset();
    this.statementStartToken = this.LA(1);
  }

  /** Resets per-parse state; called before every parse. */
  resetState(): void {
    this.params.reset();
    this.statementStartToken = undefined;
    this.depth = 0;
    this.flat.length = 0;
  }

  public statement = this.RULE('statement', (): Statement => {
    return this.OR([
      { ALT: () => this.SUBRULE(this.dmlOrQuery) },
      { ALT: () => this.SUBRULE(this.createStmt) },
      { ALT: () => this.SUBRULE(this.dropStmt) },
      { ALT: () => this.SUBRULE(this.alterStmt) },
      { ALT: () => this.SUBRULE(this.transactionStmt) },
      { ALT: () => this.SUBRULE(this.explainStmt) },
      { ALT: () => this.SUBRULE(this.utilityStmt) },
    ]);
  });

  /** A query, INSERT, UPDATE or DELETE, each optionally after a WITH clause. */
  // -------------------------------------------------------------------------------------
  // Transactions

  private transactionStmt = this.RULE('transactionStmt', (): Statement => {
    const start = this.LA(1);
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(K.BEGIN);
          const mode = this.OPTION(() =>
            this.OR2([
              { ALT: () => (this.CONSUME(K.DEFERRED), 'DEFERRED' as const) },
              { ALT: () => (this.CONSUME(K.IMMEDIATE), 'IMMEDIATE' as const) },
              { ALT: () => (this.CONSUME(K.EXCLUSIVE), 'EXCLUSIVE' as const) },
            ]),
          ) ?? null;
          this.OPTION2(() => this.OR3([{ ALT: () => this.CONSUME(K.TRANSACTION) }, { ALT: () => this.CONSUME(K.WORK) }]));
          const modes = this.SUBRULE(this.transactionModes);
          return this.ACTION((): Statement => ({ kind: 'Begin', mode, ...modes, span: this.spanFrom(start) }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.START);
          this.CONSUME2(K.TRANSACTION);
          const modes = this.SUBRULE2(this.transactionModes);
          return this.ACTION((): Statement => ({ kind: 'Begin', mode: null, ...modes, span: this.spanFrom(start) }));
        },
      },
      {
        ALT: () => {
          this.OR4([
            {
              ALT: () => {
                this.CONSUME(K.COMMIT);
                this.OPTION3(() => this.OR5([{ ALT: () => this.CONSUME3(K.TRANSACTION) }, { ALT: () => this.CONSUME2(K.WORK) }]));
              },
            },
            {
              ALT: () => {
                this.CONSUME(K.END);
                this.OPTION4(() => this.CONSUME4(K.TRANSACTION));
              },
            },
          ]);
          return this.ACTION((): Statement => ({ kind: 'Commit', span: this.spanFrom(start) }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.ROLLBACK);
          this.OPTION5(() => this.OR6([{ ALT: () => this.CONSUME5(K.TRANSACTION) }, { ALT: () => this.CONSUME3(K.WORK) }]));
          const savepoint = this.OPTION6(() => {
            this.CONSUME(K.TO);
            this.OPTION7(() => this.CONSUME(K.SAVEPOINT));
            return this.SUBRULE(this.ident);
          }) ?? null;
          return this.ACTION((): Statement => ({ kind: 'Rollback', savepoint, span: this.spanFrom(start) }));
        },
      },
      {
        ALT: () => {
          this.CONSUME2(K.SAVEPOINT);
          const name = this.SUBRULE2(this.ident);
          return this.ACTION((): Statement => ({ kind: 'Savepoint', name, span: this.spanFrom(start) }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.RELEASE);
          this.OPTION8(() => this.CONSUME3(K.SAVEPOINT));
          const name = this.SUBRULE3(this.ident);
          return this.ACTION((): Statement => ({ kind: 'Release', name, span: this.spanFrom(start) }));
        },
      },
    ]);
  });

  /** `[mode [[,] mode]…]`, each mode `ISOLATION LEVEL level | READ ONLY | READ WRITE`. */
  private transactionModes = this.RULE('transactionModes', (): { isolation: IsolationLevel | null; readOnly: boolean | null } => {
    const out: { isolation: IsolationLevel | null; readOnly: boolean | null } = { isolation: null, readOnly: null };
    this.OPTION(() => {
      this.SUBRULE(this.transactionMode, { ARGS: [out] });
      this.MANY(() => {
        this.OPTION2(() => this.CONSUME(Comma));
        this.SUBRULE2(this.transactionMode, { ARGS: [out] });
      });
    });
    return out;
  });

  private transactionMode = this.RULE(
    'transactionMode',
    (out: { isolation: IsolationLevel | null; readOnly: boolean | null }): void => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(K.ISOLATION);
            this.CONSUME(K.LEVEL);
            const level = this.SUBRULE(this.isolationLevel);
            if (!this.RECORDING_PHASE) out.isolation = level;
          },
        },
        {
          ALT: () => {
            this.CONSUME(K.READ);
            const rw = this.OR2([{ ALT: () => this.CONSUME(K.ONLY) }, { ALT: () => this.CONSUME(K.WRITE) }]);
            if (!this.RECORDING_PHASE) out.readOnly = rw.tokenType === K.ONLY;
          },
        },
      ]);
    },
  );

  private isolationLevel = this.RULE('isolationLevel', (): IsolationLevel => {
    return this.OR([
      { ALT: () => (this.CONSUME(K.SERIALIZABLE), 'SERIALIZABLE' as const) },
      { ALT: () => (this.CONSUME(K.SNAPSHOT), 'SNAPSHOT' as const) },
      {
        ALT: () => {
          this.CONSUME(K.REPEATABLE);
          this.CONSUME(K.READ);
          return 'REPEATABLE READ' as const;
        },
      },
      {
        ALT: () => {
          this.CONSUME2(K.READ);
          return this.OR2([
            { ALT: () => (this.CONSUME(K.COMMITTED), 'READ COMMITTED' as const) },
            { ALT: () => (this.CONSUME(K.UNCOMMITTED), 'READ UNCOMMITTED' as const) },
          ]);
        },
      },
    ]);
  });

  // -------------------------------------------------------------------------------------
  // EXPLAIN and utilities

  /** `EXPLAIN [ANALYZE] [QUERY PLAN] statement`. */
  private explainStmt = this.RULE('explainStmt', (): Statement => {
    const start = this.CONSUME(K.EXPLAIN);
    const analyze = this.OPTION(() => this.CONSUME(K.ANALYZE)) !== undefined;
    const queryPlan = this.OPTION2(() => {
      this.CONSUME(K.QUERY);
      return this.CONSUME(K.PLAN);
    }) !== undefined;
    const statement = this.SUBRULE(this.statement);
    return this.ACTION((): Statement => ({ kind: 'Explain', analyze, queryPlan, statement, span: this.spanFrom(start) }));
  });

  /** ANALYZE, REINDEX, VACUUM, PRAGMA. */
  private utilityStmt = this.RULE('utilityStmt', (): Statement => {
    const start = this.LA(1);
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(K.ANALYZE);
          const target = this.OPTION(() => this.SUBRULE(this.objectName)) ?? null;
          return this.ACTION((): Statement => ({ kind: 'Analyze', target, span: this.spanFrom(start) }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.REINDEX);
          const target = this.OPTION2(() => this.SUBRULE2(this.objectName)) ?? null;
          return this.ACTION((): Statement => ({ kind: 'Reindex', target, span: this.spanFrom(start) }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.VACUUM);
          const schema = this.OPTION3(() => this.SUBRULE(this.ident)) ?? null;
          return this.ACTION((): Statement => ({ kind: 'Vacuum', schema, span: this.spanFrom(start) }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.PRAGMA);
          const name = this.SUBRULE3(this.objectName);
          const value = this.OPTION4(() =>
            this.OR2([
              {
                ALT: () => {
                  this.CONSUME(Eq);
                  return this.SUBRULE(this.pragmaValue);
                },
              },
              {
                ALT: () => {
                  this.CONSUME(LParen);
                  const v = this.SUBRULE2(this.pragmaValue);
                  this.CONSUME(RParen);
                  return v;
                },
              },
            ]),
          ) ?? null;
          return this.ACTION((): Statement => ({ kind: 'Pragma', name, value, span: this.spanFrom(start) }));
        },
      },
    ]);
  });

  /** A PRAGMA value: a signed number, a string, or a name (keywords such as ON, FULL, DELETE included). */
  private pragmaValue = this.RULE('pragmaValue', (): Expr | Identifier => {
    return this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            const e = this.SUBRULE(this.termExpr);
            return this.ACTION(() => (e.kind === 'ColumnRef' && e.table === null ? e.column : e));
          },
        },
        { ALT: () => this.build(identifier, this.CONSUME(AnyReserved)) },
      ],
    });
  });

  // -------------------------------------------------------------------------------------

  constructor(options: SqlParserOptions = {}) {
    super(options);
    this.performSelfAnalysis();
  }
}
