/**
 * parser.ts — the SQL grammar's statements (DML, DDL, transactions, utilities) and the
 * `script` entry rule; completes the parser begun in parser-expr.ts and parser-query.ts.
 *
 * Grammar only, plus one-line embedded actions that build the AST (see to-ast.ts for why
 * actions rather than a CST visitor). Grammar references: https://sqlite.org/lang.html
 * (one page per statement), PostgreSQL for START TRANSACTION, ISOLATION LEVEL, DROP … CASCADE.
 */
import type { IToken } from 'chevrotain';
import type {
  AlterAction,
  Assignment,
  ColumnConstraint,
  ColumnDef,
  ConflictAction,
  Expr,
  ForeignKeyAction,
  ForeignKeyClause,
  Identifier,
  IsolationLevel,
  ObjectName,
  OnConflict,
  Query,
  SelectItem,
  Statement,
  TableConstraint,
  WithClause,
} from './ast.js';
import { SqlQueryParser } from './parser-query.js';
import { AnyReserved, Comma, Eq, Ident, K, LParen, RParen, Semicolon } from './tokens.js';
import { errorAt, identifier } from './to-ast.js';

export class SqlParser extends SqlQueryParser {
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
  private dmlOrQuery = this.RULE('dmlOrQuery', (): Statement => {
    const start = this.LA(1);
    const w = this.OPTION(() => this.SUBRULE(this.withClause)) ?? null;
    return this.OR([
      { ALT: () => this.SUBRULE(this.queryAfterWith, { ARGS: [w, start] }) },
      { ALT: () => this.SUBRULE(this.insertStmt, { ARGS: [w, start] }) },
      { ALT: () => this.SUBRULE(this.updateStmt, { ARGS: [w, start] }) },
      { ALT: () => this.SUBRULE(this.deleteStmt, { ARGS: [w, start] }) },
    ]);
  });

  // -------------------------------------------------------------------------------------
  // INSERT / UPDATE / DELETE

  /** `INSERT [OR action] | REPLACE  INTO t [AS a] [(cols)] (query | DEFAULT VALUES) [upsert] [RETURNING …]`. */
  private insertStmt = this.RULE('insertStmt', (w: WithClause | null, start: IToken): Statement => {
    const orAction = this.OR([
      {
        ALT: () => {
          this.CONSUME(K.INSERT);
          return this.OPTION(() => {
            this.CONSUME(K.OR);
            return this.SUBRULE(this.conflictAction);
          }) ?? null;
        },
      },
      { ALT: () => (this.CONSUME(K.REPLACE), 'REPLACE' as const) },
    ]);
    this.CONSUME(K.INTO);
    const table = this.SUBRULE(this.objectName);
    const alias = this.OPTION2(() => {
      this.CONSUME(K.AS);
      return this.SUBRULE(this.ident);
    }) ?? null;
    const columns = this.OPTION3(() => this.SUBRULE(this.identList)) ?? [];
    const source = this.OR2([
      {
        ALT: () => {
          this.CONSUME(K.DEFAULT);
          this.CONSUME(K.VALUES);
          return null;
        },
      },
      { ALT: () => this.SUBRULE(this.query) },
    ]);
    const onConflict: OnConflict[] = [];
    this.MANY(() => onConflict.push(this.SUBRULE(this.upsertClause)));
    const returning = this.OPTION4(() => this.SUBRULE(this.returningClause)) ?? null;
    return this.ACTION((): Statement => ({
      kind: 'Insert',
      with: w,
      orAction,
      table,
      alias,
      columns,
      source,
      onConflict,
      returning,
      span: this.spanFrom(start),
    }));
  });

  /** `ON CONFLICT [(target) [WHERE e]] DO NOTHING | DO UPDATE SET … [WHERE e]`. */
  private upsertClause = this.RULE('upsertClause', (): OnConflict => {
    const start = this.CONSUME(K.ON);
    this.CONSUME(K.CONFLICT);
    let target: OnConflict['target'] = [];
    let targetWhere: Expr | null = null;
    this.OPTION(() => {
      this.CONSUME(LParen);
      target = this.SUBRULE(this.orderItems);
      this.CONSUME(RParen);
      this.OPTION2(() => {
        this.CONSUME(K.WHERE);
        targetWhere = this.SUBRULE(this.expr);
      });
    });
    this.CONSUME(K.DO);
    let assignments: Assignment[] = [];
    let where: Expr | null = null;
    const action = this.OR([
      { ALT: () => (this.CONSUME(K.NOTHING), 'NOTHING' as const) },
      {
        ALT: () => {
          this.CONSUME(K.UPDATE);
          this.CONSUME(K.SET);
          assignments = this.SUBRULE(this.assignments);
          this.OPTION3(() => {
            this.CONSUME2(K.WHERE);
            where = this.SUBRULE2(this.expr);
          });
          return 'UPDATE' as const;
        },
      },
    ]);
    return this.ACTION(() => ({
      kind: 'OnConflict',
      target,
      targetWhere,
      action,
      assignments,
      where,
      span: this.spanFrom(start),
    }));
  });

  private returningClause = this.RULE('returningClause', (): SelectItem[] => {
    this.CONSUME(K.RETURNING);
    return this.SUBRULE(this.selectItems);
  });

  private conflictAction = this.RULE('conflictAction', (): ConflictAction => {
    const t = this.OR([
      { ALT: () => this.CONSUME(K.ROLLBACK) },
      { ALT: () => this.CONSUME(K.ABORT) },
      { ALT: () => this.CONSUME(K.FAIL) },
      { ALT: () => this.CONSUME(K.IGNORE) },
      { ALT: () => this.CONSUME(K.REPLACE) },
    ]);
    return this.ACTION(() => t.image.toUpperCase() as ConflictAction);
  });

  /** `UPDATE [OR action] t [[AS] a] SET … [FROM …] [WHERE e] [RETURNING …]`. */
  private updateStmt = this.RULE('updateStmt', (w: WithClause | null, start: IToken): Statement => {
    this.CONSUME(K.UPDATE);
    const orAction = this.OPTION(() => {
      this.CONSUME(K.OR);
      return this.SUBRULE(this.conflictAction);
    }) ?? null;
    const table = this.SUBRULE(this.objectName);
    const alias = this.OPTION2(() => this.SUBRULE(this.alias)) ?? null;
    this.CONSUME(K.SET);
    const assignments = this.SUBRULE(this.assignments);
    const from = this.OPTION3(() => {
      this.CONSUME(K.FROM);
      return this.SUBRULE(this.joinSource);
    }) ?? null;
    const where = this.OPTION4(() => {
      this.CONSUME(K.WHERE);
      return this.SUBRULE(this.expr);
    }) ?? null;
    const returning = this.OPTION5(() => this.SUBRULE(this.returningClause)) ?? null;
    return this.ACTION((): Statement => ({
      kind: 'Update',
      with: w,
      orAction,
      table,
      alias,
      assignments,
      from,
      where,
      returning,
      span: this.spanFrom(start),
    }));
  });

  /** `col = e, (a, b) = (…), …`. */
  private assignments = this.RULE('assignments', (): Assignment[] => {
    const list: Assignment[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: Comma,
      DEF: () => {
        const start = this.LA(1);
        const columns = this.OR([
          { ALT: () => [this.SUBRULE(this.ident)] },
          { ALT: () => this.SUBRULE(this.identList) },
        ]);
        this.CONSUME(Eq);
        const value = this.SUBRULE(this.expr);
        this.ACTION(() =>
          list.push({ kind: 'Assignment', columns, tuple: start.tokenType === LParen, value, span: this.spanFrom(start) }),
        );
      },
    });
    return list;
  });

  /** `DELETE FROM t [[AS] a] [WHERE e] [RETURNING …]`. */
  private deleteStmt = this.RULE('deleteStmt', (w: WithClause | null, start: IToken): Statement => {
    this.CONSUME(K.DELETE);
    this.CONSUME(K.FROM);
    const table = this.SUBRULE(this.objectName);
    const alias = this.OPTION(() => this.SUBRULE(this.alias)) ?? null;
    const where = this.OPTION2(() => {
      this.CONSUME(K.WHERE);
      return this.SUBRULE(this.expr);
    }) ?? null;
    const returning = this.OPTION3(() => this.SUBRULE(this.returningClause)) ?? null;
    return this.ACTION((): Statement => ({
      kind: 'Delete',
      with: w,
      table,
      alias,
      where,
      returning,
      span: this.spanFrom(start),
    }));
  });

  // -------------------------------------------------------------------------------------
  // CREATE

  private createStmt = this.RULE('createStmt', (): Statement => {
    const start = this.CONSUME(K.CREATE);
    return this.OR([
      {
        ALT: () => {
          const temporary = this.SUBRULE(this.temporary);
          this.CONSUME(K.TABLE);
          return this.SUBRULE(this.createTableRest, { ARGS: [start, temporary] });
        },
      },
      {
        ALT: () => {
          const unique = this.OPTION(() => this.CONSUME(K.UNIQUE)) !== undefined;
          this.CONSUME(K.INDEX);
          return this.SUBRULE(this.createIndexRest, { ARGS: [start, unique] });
        },
      },
      {
        ALT: () => {
          const orReplace = this.OPTION2(() => {
            this.CONSUME(K.OR);
            return this.CONSUME(K.REPLACE);
          }) !== undefined;
          const temporary = this.SUBRULE2(this.temporary);
          this.CONSUME(K.VIEW);
          return this.SUBRULE(this.createViewRest, { ARGS: [start, orReplace, temporary] });
        },
      },
      {
        ALT: () => {
          const temporary = this.SUBRULE3(this.temporary);
          this.CONSUME(K.TRIGGER);
          return this.SUBRULE(this.createTriggerRest, { ARGS: [start, temporary] });
        },
      },
    ]);
  });

  /** `[TEMP | TEMPORARY]` → whether it was written. */
  private temporary = this.RULE('temporary', (): boolean => {
    const t = this.OPTION(() => this.OR([{ ALT: () => this.CONSUME(K.TEMP) }, { ALT: () => this.CONSUME(K.TEMPORARY) }]));
    return t !== undefined;
  });

  private ifNotExists = this.RULE('ifNotExists', (): boolean => {
    const t = this.OPTION(() => {
      this.CONSUME(K.IF);
      this.CONSUME(K.NOT);
      return this.CONSUME(K.EXISTS);
    });
    return t !== undefined;
  });

  private createTableRest = this.RULE('createTableRest', (start: IToken, temporary: boolean): Statement => {
    const ifNotExists = this.SUBRULE(this.ifNotExists);
    const name = this.SUBRULE(this.objectName);
    const columns: ColumnDef[] = [];
    const constraints: TableConstraint[] = [];
    let as: Query | null = null;
    let withoutRowid = false;
    let strict = false;
    this.OR([
      {
        ALT: () => {
          this.CONSUME(LParen);
          this.AT_LEAST_ONE_SEP({
            SEP: Comma,
            DEF: () =>
              this.OR2([
                { ALT: () => constraints.push(this.SUBRULE(this.tableConstraint)) },
                { ALT: () => columns.push(this.SUBRULE(this.columnDef)) },
              ]),
          });
          this.CONSUME(RParen);
          this.MANY_SEP({
            SEP: Comma,
            DEF: () =>
              this.OR3([
                {
                  ALT: () => {
                    this.CONSUME(K.WITHOUT);
                    const rowid = this.CONSUME(Ident);
                    this.ACTION(() => {
                      if (rowid.image.toUpperCase() !== 'ROWID') throw errorAt(rowid, `Expected ROWID after WITHOUT but found "${rowid.image}"`, ['ROWID']);
                      withoutRowid = true;
                    });
                  },
                },
                { ALT: () => (this.CONSUME(K.STRICT), (strict = true)) },
              ]),
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.AS);
          as = this.SUBRULE(this.query);
        },
      },
    ]);
    return this.ACTION((): Statement => ({
      kind: 'CreateTable',
      temporary,
      ifNotExists,
      name,
      columns,
      constraints,
      as,
      withoutRowid,
      strict,
      span: this.spanFrom(start),
    }));
  });

  /** `name [type] constraint*`. */
  private columnDef = this.RULE('columnDef', (): ColumnDef => {
    const nameTok = this.CONSUME(Ident);
    const type = this.OPTION({
      GATE: () => !(this.LA(1).tokenType === K.GENERATED && this.LA(2).tokenType === K.ALWAYS),
      DEF: () => this.SUBRULE(this.typeName, { ARGS: [true] }),
    }) ?? null;
    const constraints: ColumnConstraint[] = [];
    this.MANY(() => constraints.push(this.SUBRULE(this.columnConstraint)));
    return this.ACTION(() => ({ kind: 'ColumnDef', name: identifier(nameTok), type, constraints, span: this.spanFrom(nameTok) }));
  });

  private constraintName = this.RULE('constraintName', (): Identifier | null => {
    return this.OPTION(() => {
      this.CONSUME(K.CONSTRAINT);
      return this.SUBRULE(this.ident);
    }) ?? null;
  });

  private columnConstraint = this.RULE('columnConstraint', (): ColumnConstraint => {
    const start = this.LA(1);
    const name = this.SUBRULE(this.constraintName);
    const c = this.OR([
      {
        ALT: () => {
          this.CONSUME(K.PRIMARY);
          this.CONSUME(K.KEY);
          const dir = this.OPTION(() => this.OR2([{ ALT: () => this.CONSUME(K.ASC) }, { ALT: () => this.CONSUME(K.DESC) }]));
          const onConflict = this.SUBRULE(this.conflictClause);
          const autoincrement = this.OPTION2(() => this.CONSUME(K.AUTOINCREMENT)) !== undefined;
          return this.ACTION(() => ({
            kind: 'PrimaryKey' as const,
            direction: dir === undefined ? null : dir.tokenType === K.ASC ? ('ASC' as const) : ('DESC' as const),
            autoincrement,
            onConflict,
          }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.NOT);
          this.CONSUME(K.NULL);
          return { kind: 'NotNull' as const, onConflict: this.SUBRULE2(this.conflictClause) };
        },
      },
      { ALT: () => (this.CONSUME2(K.NULL), { kind: 'Null' as const }) },
      { ALT: () => (this.CONSUME(K.UNIQUE), { kind: 'Unique' as const, onConflict: this.SUBRULE3(this.conflictClause) }) },
      { ALT: () => ({ kind: 'Check' as const, expr: this.SUBRULE(this.checkBody) }) },
      {
        ALT: () => {
          this.CONSUME(K.DEFAULT);
          return { kind: 'Default' as const, expr: this.SUBRULE(this.termExpr) };
        },
      },
      { ALT: () => ({ kind: 'References' as const, references: this.SUBRULE(this.foreignKeyClause) }) },
      {
        ALT: () => {
          this.CONSUME(K.COLLATE);
          return { kind: 'Collate' as const, collation: this.SUBRULE(this.ident) };
        },
      },
      {
        ALT: () => {
          this.OPTION3(() => {
            this.CONSUME(K.GENERATED);
            this.CONSUME(K.ALWAYS);
          });
          this.CONSUME(K.AS);
          this.CONSUME(LParen);
          const expr = this.SUBRULE(this.expr);
          this.CONSUME(RParen);
          const kind = this.OPTION4(() => this.OR3([{ ALT: () => this.CONSUME(K.STORED) }, { ALT: () => this.CONSUME(K.VIRTUAL) }]));
          return this.ACTION(() => ({ kind: 'Generated' as const, expr, stored: kind !== undefined && kind.tokenType === K.STORED }));
        },
      },
    ]);
    return this.ACTION(() => ({ ...c, name, span: this.spanFrom(start) }) as ColumnConstraint);
  });

  /** `CHECK (expr)`. */
  private checkBody = this.RULE('checkBody', (): Expr => {
    this.CONSUME(K.CHECK);
    this.CONSUME(LParen);
    const e = this.SUBRULE(this.expr);
    this.CONSUME(RParen);
    return e;
  });

  /** `[ON CONFLICT action]` on PRIMARY KEY, NOT NULL, UNIQUE. */
  private conflictClause = this.RULE('conflictClause', (): ConflictAction | null => {
    return this.OPTION(() => {
      this.CONSUME(K.ON);
      this.CONSUME(K.CONFLICT);
      return this.SUBRULE(this.conflictAction);
    }) ?? null;
  });

  /** `REFERENCES t [(cols)] [ON DELETE|UPDATE action | MATCH name]* [[NOT] DEFERRABLE [INITIALLY …]]`. */
  private foreignKeyClause = this.RULE('foreignKeyClause', (): ForeignKeyClause => {
    const start = this.CONSUME(K.REFERENCES);
    const table = this.SUBRULE(this.objectName);
    const columns = this.OPTION(() => this.SUBRULE(this.identList)) ?? [];
    let onDelete: ForeignKeyAction | null = null;
    let onUpdate: ForeignKeyAction | null = null;
    this.MANY(() =>
      this.OR([
        {
          ALT: () => {
            this.CONSUME(K.ON);
            const which = this.OR2([{ ALT: () => this.CONSUME(K.DELETE) }, { ALT: () => this.CONSUME(K.UPDATE) }]);
            const action = this.SUBRULE(this.foreignKeyAction);
            this.ACTION(() => {
              if (which.tokenType === K.DELETE) onDelete = action;
              else onUpdate = action;
            });
          },
        },
        {
          ALT: () => {
            this.CONSUME(K.MATCH);
            this.SUBRULE(this.ident);
          },
        },
      ]),
    );
    let deferred = false;
    this.OPTION2(() => {
      const not = this.OPTION3(() => this.CONSUME(K.NOT)) !== undefined;
      this.CONSUME(K.DEFERRABLE);
      const initially = this.OPTION4(() => {
        this.CONSUME(K.INITIALLY);
        return this.OR3([{ ALT: () => this.CONSUME(K.DEFERRED) }, { ALT: () => this.CONSUME(K.IMMEDIATE) }]);
      });
      this.ACTION(() => {
        deferred = !not && initially !== undefined && initially.tokenType === K.DEFERRED;
      });
    });
    return this.ACTION(() => ({
      kind: 'ForeignKeyClause',
      table,
      columns,
      onDelete,
      onUpdate,
      deferred,
      span: this.spanFrom(start),
    }));
  });

  private foreignKeyAction = this.RULE('foreignKeyAction', (): ForeignKeyAction => {
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(K.SET);
          return this.OR2([
            { ALT: () => (this.CONSUME(K.NULL), 'SET NULL' as const) },
            { ALT: () => (this.CONSUME(K.DEFAULT), 'SET DEFAULT' as const) },
          ]);
        },
      },
      { ALT: () => (this.CONSUME(K.CASCADE), 'CASCADE' as const) },
      { ALT: () => (this.CONSUME(K.RESTRICT), 'RESTRICT' as const) },
      {
        ALT: () => {
          this.CONSUME(K.NO);
          this.CONSUME(K.ACTION);
          return 'NO ACTION' as const;
        },
      },
    ]);
  });

  private tableConstraint = this.RULE('tableConstraint', (): TableConstraint => {
    const start = this.LA(1);
    const name = this.SUBRULE(this.constraintName);
    const c = this.OR([
      {
        ALT: () => {
          this.CONSUME(K.PRIMARY);
          this.CONSUME(K.KEY);
          const columns = this.SUBRULE(this.parenOrderItems);
          return { kind: 'TablePrimaryKey' as const, columns, onConflict: this.SUBRULE(this.conflictClause) };
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.UNIQUE);
          const columns = this.SUBRULE2(this.parenOrderItems);
          return { kind: 'TableUnique' as const, columns, onConflict: this.SUBRULE2(this.conflictClause) };
        },
      },
      { ALT: () => ({ kind: 'TableCheck' as const, expr: this.SUBRULE(this.checkBody) }) },
      {
        ALT: () => {
          this.CONSUME(K.FOREIGN);
          this.CONSUME2(K.KEY);
          const columns = this.SUBRULE(this.identList);
          return { kind: 'TableForeignKey' as const, columns, references: this.SUBRULE(this.foreignKeyClause) };
        },
      },
    ]);
    return this.ACTION(() => ({ ...c, name, span: this.spanFrom(start) }) as TableConstraint);
  });

  private parenOrderItems = this.RULE('parenOrderItems', () => {
    this.CONSUME(LParen);
    const items = this.SUBRULE(this.orderItems);
    this.CONSUME(RParen);
    return items;
  });

  /** `[IF NOT EXISTS] name ON table (cols) [WHERE e]`. */
  private createIndexRest = this.RULE('createIndexRest', (start: IToken, unique: boolean): Statement => {
    const ifNotExists = this.SUBRULE(this.ifNotExists);
    const name = this.SUBRULE(this.objectName);
    this.CONSUME(K.ON);
    const table = this.SUBRULE2(this.objectName);
    const columns = this.SUBRULE(this.parenOrderItems);
    const where = this.OPTION(() => {
      this.CONSUME(K.WHERE);
      return this.SUBRULE(this.expr);
    }) ?? null;
    return this.ACTION((): Statement => ({
      kind: 'CreateIndex',
      unique,
      ifNotExists,
      name,
      table,
      columns,
      where,
      span: this.spanFrom(start),
    }));
  });

  /** `[IF NOT EXISTS] name [(cols)] AS query`. */
  private createViewRest = this.RULE('createViewRest', (start: IToken, orReplace: boolean, temporary: boolean): Statement => {
    const ifNotExists = this.SUBRULE(this.ifNotExists);
    const name = this.SUBRULE(this.objectName);
    const columns = this.OPTION(() => this.SUBRULE(this.identList)) ?? [];
    this.CONSUME(K.AS);
    const query = this.SUBRULE(this.query);
    return this.ACTION((): Statement => ({
      kind: 'CreateView',
      temporary,
      orReplace,
      ifNotExists,
      name,
      columns,
      query,
      span: this.spanFrom(start),
    }));
  });

  /** `[IF NOT EXISTS] name [BEFORE|AFTER|INSTEAD OF] event ON t [FOR EACH ROW] [WHEN e] BEGIN stmt; … END`. */
  private createTriggerRest = this.RULE('createTriggerRest', (start: IToken, temporary: boolean): Statement => {
    const ifNotExists = this.SUBRULE(this.ifNotExists);
    const name = this.SUBRULE(this.objectName);
    const timing = this.OPTION(() =>
      this.OR([
        { ALT: () => (this.CONSUME(K.BEFORE), 'BEFORE' as const) },
        { ALT: () => (this.CONSUME(K.AFTER), 'AFTER' as const) },
        {
          ALT: () => {
            this.CONSUME(K.INSTEAD);
            this.CONSUME(K.OF);
            return 'INSTEAD OF' as const;
          },
        },
      ]),
    ) ?? null;
    const columns: Identifier[] = [];
    const event = this.OR2([
      { ALT: () => (this.CONSUME(K.DELETE), 'DELETE' as const) },
      { ALT: () => (this.CONSUME(K.INSERT), 'INSERT' as const) },
      {
        ALT: () => {
          this.CONSUME(K.UPDATE);
          this.OPTION2(() => {
            this.CONSUME2(K.OF);
            this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => columns.push(this.SUBRULE(this.ident)) });
          });
          return 'UPDATE' as const;
        },
      },
    ]);
    this.CONSUME(K.ON);
    const table = this.SUBRULE2(this.objectName);
    const forEachRow = this.OPTION3(() => {
      this.CONSUME(K.FOR);
      this.CONSUME(K.EACH);
      return this.CONSUME(K.ROW);
    }) !== undefined;
    const when = this.OPTION4(() => {
      this.CONSUME(K.WHEN);
      return this.SUBRULE(this.expr);
    }) ?? null;
    this.CONSUME(K.BEGIN);
    const body: Statement[] = [];
    this.AT_LEAST_ONE(() => {
      body.push(this.SUBRULE(this.dmlOrQuery));
      this.CONSUME(Semicolon);
    });
    this.CONSUME(K.END);
    return this.ACTION((): Statement => ({
      kind: 'CreateTrigger',
      temporary,
      ifNotExists,
      name,
      timing,
      event,
      columns,
      table,
      forEachRow,
      when,
      body,
      span: this.spanFrom(start),
    }));
  });

  // -------------------------------------------------------------------------------------
  // DROP / ALTER

  /** `DROP TABLE|INDEX|VIEW|TRIGGER [IF EXISTS] name, … [CASCADE|RESTRICT]`. */
  private dropStmt = this.RULE('dropStmt', (): Statement => {
    const start = this.CONSUME(K.DROP);
    const objectType = this.OR([
      { ALT: () => (this.CONSUME(K.TABLE), 'TABLE' as const) },
      { ALT: () => (this.CONSUME(K.INDEX), 'INDEX' as const) },
      { ALT: () => (this.CONSUME(K.VIEW), 'VIEW' as const) },
      { ALT: () => (this.CONSUME(K.TRIGGER), 'TRIGGER' as const) },
    ]);
    const ifExists = this.OPTION(() => {
      this.CONSUME(K.IF);
      return this.CONSUME(K.EXISTS);
    }) !== undefined;
    const names: ObjectName[] = [];
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => names.push(this.SUBRULE(this.objectName)) });
    const behavior = this.OPTION2(() =>
      this.OR2([
        { ALT: () => (this.CONSUME(K.CASCADE), 'CASCADE' as const) },
        { ALT: () => (this.CONSUME(K.RESTRICT), 'RESTRICT' as const) },
      ]),
    ) ?? null;
    return this.ACTION((): Statement => ({ kind: 'Drop', objectType, ifExists, names, behavior, span: this.spanFrom(start) }));
  });

  /** `ALTER TABLE t ADD [COLUMN] def | ADD constraint | DROP [COLUMN] c | RENAME [COLUMN] a TO b | RENAME TO t2`. */
  private alterStmt = this.RULE('alterStmt', (): Statement => {
    const start = this.CONSUME(K.ALTER);
    this.CONSUME(K.TABLE);
    const table = this.SUBRULE(this.objectName);
    const actionStart = this.LA(1);
    const action = this.OR([
      {
        ALT: () => {
          this.CONSUME(K.ADD);
          return this.OR2([
            {
              ALT: () => {
                const constraint = this.SUBRULE(this.tableConstraint);
                return this.ACTION((): AlterAction => ({ kind: 'AddConstraint', constraint, span: this.spanFrom(actionStart) }));
              },
            },
            {
              ALT: () => {
                this.OPTION(() => this.CONSUME(K.COLUMN));
                const column = this.SUBRULE(this.columnDef);
                return this.ACTION((): AlterAction => ({ kind: 'AddColumn', column, span: this.spanFrom(actionStart) }));
              },
            },
          ]);
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.DROP);
          this.OPTION2(() => this.CONSUME2(K.COLUMN));
          const column = this.SUBRULE(this.ident);
          return this.ACTION((): AlterAction => ({ kind: 'DropColumn', column, span: this.spanFrom(actionStart) }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.RENAME);
          return this.OR3([
            {
              ALT: () => {
                this.CONSUME(K.TO);
                const to = this.SUBRULE2(this.ident);
                return this.ACTION((): AlterAction => ({ kind: 'RenameTable', to, span: this.spanFrom(actionStart) }));
              },
            },
            {
              ALT: () => {
                this.OPTION3(() => this.CONSUME3(K.COLUMN));
                const from = this.SUBRULE3(this.ident);
                this.CONSUME2(K.TO);
                const to = this.SUBRULE4(this.ident);
                return this.ACTION((): AlterAction => ({ kind: 'RenameColumn', from, to, span: this.spanFrom(actionStart) }));
              },
            },
          ]);
        },
      },
    ]);
    return this.ACTION((): Statement => ({ kind: 'AlterTable', table, action, span: this.spanFrom(start) }));
  });

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
        { ALT: () => this.ACTION1i(this.CONSUME(AnyReserved)) },
      ],
    });
  });

  private ACTION1i(t: IToken): Identifier {
    return this.ACTION(() => ({ kind: 'Identifier', name: t.image, quoted: false, span: this.spanFrom(t) }));
  }

  // -------------------------------------------------------------------------------------

  constructor() {
    super();
    this.performSelfAnalysis();
  }
}
