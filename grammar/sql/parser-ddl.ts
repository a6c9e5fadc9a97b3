/**
 * parser-ddl.ts — CREATE TABLE / INDEX / VIEW / TRIGGER, DROP and ALTER TABLE; part of the SQL
 * parser (parser-expr.ts → parser-query.ts → parser-dml.ts → here → parser.ts).
 *
 * Grammar references: https://sqlite.org/lang_createtable.html (column and table
 * constraints, WITHOUT ROWID, STRICT), lang_createindex.html, lang_createview.html,
 * lang_createtrigger.html, lang_droptable.html, lang_altertable.html; PostgreSQL for
 * CREATE OR REPLACE VIEW, DROP … CASCADE and ALTER TABLE … ADD CONSTRAINT.
 */
import type { IToken } from 'chevrotain';
import type {
  AlterAction,
  ColumnConstraint,
  ColumnDef,
  ConflictAction,
  Expr,
  ForeignKeyAction,
  ForeignKeyClause,
  Identifier,
  ObjectName,
  Query,
  Statement,
  TableConstraint,
} from './ast.js';
import { SqlDmlParser } from './parser-dml.js';
import { Comma, Ident, K, LParen, RParen, Semicolon } from './tokens.js';
import { errorAt, identifier } from './to-ast.js';

export abstract class SqlDdlParser extends SqlDmlParser {
  // -------------------------------------------------------------------------------------
  // CREATE

  protected createStmt = this.RULE('createStmt', (): Statement => {
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
      GATE: () => !this.generatedAhead(),
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
          this.CONSUME(K.AS);
          return this.SUBRULE(this.generatedAs);
        },
      },
      {
        // GENERATED ALWAYS AS (expr) | GENERATED {ALWAYS | BY DEFAULT} AS IDENTITY (PostgreSQL)
        ALT: () => {
          const gen = this.CONSUME(K.GENERATED);
          const always = this.OR3([
            { ALT: () => (this.CONSUME(K.ALWAYS), true) },
            {
              ALT: () => {
                this.CONSUME(K.BY);
                this.CONSUME2(K.DEFAULT);
                return false;
              },
            },
          ]);
          this.CONSUME2(K.AS);
          return this.OR4([
            { ALT: () => (this.CONSUME(K.IDENTITY), { kind: 'Identity' as const, always }) },
            {
              ALT: () => {
                const g = this.SUBRULE2(this.generatedAs);
                if (!this.RECORDING_PHASE && !always) throw errorAt(gen, 'Expected GENERATED ALWAYS AS (expression) or GENERATED BY DEFAULT AS IDENTITY');
                return g;
              },
            },
          ]);
        },
      },
    ]);
    return this.ACTION(() => ({ ...c, name, span: this.spanFrom(start) }) as ColumnConstraint);
  });

  /** `(expr) [STORED | VIRTUAL]` after `[GENERATED ALWAYS] AS`. */
  private generatedAs = this.RULE('generatedAs', () => {
    this.CONSUME(LParen);
    const expr = this.SUBRULE(this.expr);
    this.CONSUME(RParen);
    const kind = this.OPTION(() => this.OR([{ ALT: () => this.CONSUME(K.STORED) }, { ALT: () => this.CONSUME(K.VIRTUAL) }]));
    return this.ACTION(() => ({ kind: 'Generated' as const, expr, stored: kind !== undefined && kind.tokenType === K.STORED }));
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
  protected dropStmt = this.RULE('dropStmt', (): Statement => {
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
  protected alterStmt = this.RULE('alterStmt', (): Statement => {
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

}
