/**
 * parser-dml.ts — INSERT, REPLACE, UPDATE and DELETE (with upsert and RETURNING), each
 * optionally after WITH; part of the SQL parser (parser-expr.ts → parser-query.ts → here →
 * parser-ddl.ts → parser.ts).
 *
 * Grammar references: https://sqlite.org/lang_insert.html, lang_upsert.html, lang_update.html,
 * lang_delete.html, lang_returning.html.
 */
import type { IToken } from 'chevrotain';
import type { Assignment, ConflictAction, Expr, OnConflict, SelectItem, Statement, WithClause } from './ast.js';
import { SqlQueryParser } from './parser-query.js';
import { Comma, Eq, K, LParen, RParen } from './tokens.js';

export abstract class SqlDmlParser extends SqlQueryParser {
  protected dmlOrQuery = this.RULE('dmlOrQuery', (): Statement => {
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

  /** `ON CONFLICT [(target) [WHERE e] | ON CONSTRAINT name] DO NOTHING | DO UPDATE SET … [WHERE e]`. */
  private upsertClause = this.RULE('upsertClause', (): OnConflict => {
    const start = this.CONSUME(K.ON);
    this.CONSUME(K.CONFLICT);
    let target: OnConflict['target'] = [];
    let targetWhere: Expr | null = null;
    let constraint: OnConflict['constraint'] = null;
    this.OPTION(() => {
      this.OR2([
        {
          ALT: () => {
            this.CONSUME(LParen);
            target = this.SUBRULE(this.orderItems);
            this.CONSUME(RParen);
            this.OPTION2(() => {
              this.CONSUME(K.WHERE);
              targetWhere = this.SUBRULE(this.expr);
            });
          },
        },
        {
          // PostgreSQL's form: the constraint (here: a unique index, or the table's `<table>_pkey`) by name.
          ALT: () => {
            this.CONSUME2(K.ON);
            this.CONSUME(K.CONSTRAINT);
            constraint = this.SUBRULE(this.ident);
          },
        },
      ]);
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
      constraint,
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

  protected conflictAction = this.RULE('conflictAction', (): ConflictAction => {
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
}
