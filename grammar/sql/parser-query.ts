/**
 * parser-query.ts — the query half of the SQL grammar: SELECT, VALUES, compound queries,
 * WITH, FROM/joins, ORDER BY/LIMIT. Extends the expression grammar; parser.ts adds statements.
 *
 * Grammar reference: https://sqlite.org/lang_select.html. As in SQLite, UNION, INTERSECT and
 * EXCEPT have one precedence and associate to the left, and `,` and JOIN in FROM associate
 * to the left together. `LIMIT a, b` is SQLite's "skip a, take b".
 */
import type { IToken, ParserMethod } from 'chevrotain';
import type {
  CommonTableExpr,
  Expr,
  Identifier,
  JoinRef,
  NamedWindow,
  Position,
  Query,
  QueryBody,
  Select,
  SelectItem,
  Span,
  TableRef,
  Values,
  WithClause,
} from './ast.js';
import { SqlExprParser } from './parser-expr.js';
import { Comma, Ident, K, LParen, RParen, Star, StringLiteral } from './tokens.js';
import { endPos, errorAt, errorAtSpan, identifier, identifierFromString, tokenSpan, withParens } from './to-ast.js';

export abstract class SqlQueryParser extends SqlExprParser {
  // -------------------------------------------------------------------------------------
  // Whole queries

  /** `[WITH …] body [ORDER BY …] [LIMIT …]`. */
  public query: ParserMethod<[], Query> = this.RULE('query', (): Query => {
    const start = this.LA(1);
    this.ACTION(() => this.enter());
    const w = this.OPTION(() => this.SUBRULE(this.withClause)) ?? null;
    const q = this.SUBRULE(this.queryAfterWith, { ARGS: [w, start] });
    this.ACTION(() => this.leave());
    return q;
  });

  /** The rest of a query once its WITH clause (if any) is read. */
  public queryAfterWith = this.RULE('queryAfterWith', (w: WithClause | null, start: IToken): Query => {
    const body = this.SUBRULE(this.compoundBody);
    const orderBy = this.OPTION(() => this.SUBRULE(this.orderByClause)) ?? [];
    const lim = this.OPTION2(() => this.SUBRULE(this.limitClause)) ?? null;
    return this.ACTION(() => ({
      kind: 'Query',
      with: w,
      body,
      orderBy,
      limit: lim?.limit ?? null,
      offset: lim?.offset ?? null,
      span: this.spanFrom(start),
    }));
  });

  /** `WITH [RECURSIVE] cte, …`. */
  public withClause = this.RULE('withClause', (): WithClause => {
    const start = this.CONSUME(K.WITH);
    const recursive = this.OPTION(() => this.CONSUME(K.RECURSIVE)) !== undefined;
    const ctes: CommonTableExpr[] = [];
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => ctes.push(this.SUBRULE(this.cte)) });
    return this.ACTION(() => ({ kind: 'With', recursive, ctes, span: this.spanFrom(start) }));
  });

  /** `name [(cols)] AS [[NOT] MATERIALIZED] (query)`. */
  private cte = this.RULE('cte', (): CommonTableExpr => {
    const nameTok = this.CONSUME(Ident);
    const columns = this.OPTION(() => this.SUBRULE(this.identList)) ?? [];
    this.CONSUME(K.AS);
    const materialized = this.OPTION2(() => {
      const not = this.OPTION3(() => this.CONSUME(K.NOT)) !== undefined;
      this.CONSUME(K.MATERIALIZED);
      return !not;
    }) ?? null;
    this.CONSUME(LParen);
    const query = this.SUBRULE(this.query);
    this.CONSUME(RParen);
    return this.ACTION(() => ({
      kind: 'CTE',
      name: identifier(nameTok),
      columns,
      materialized,
      query,
      span: this.spanFrom(nameTok),
    }));
  });

  /** `term (UNION [ALL] | INTERSECT | EXCEPT term)*`, left-associative. */
  private compoundBody = this.RULE('compoundBody', (): QueryBody => {
    let left = this.SUBRULE(this.queryTerm);
    this.MANY(() => {
      const opTok = this.OR([
        { ALT: () => this.CONSUME(K.UNION) },
        { ALT: () => this.CONSUME(K.INTERSECT) },
        { ALT: () => this.CONSUME(K.EXCEPT) },
      ]);
      const all = this.OPTION(() =>
        this.OR2([{ ALT: () => this.CONSUME(K.ALL) }, { ALT: () => this.CONSUME(K.DISTINCT) }]),
      );
      const right = this.SUBRULE2(this.queryTerm);
      this.ACTION(() => {
        left = {
          kind: 'SetOperation',
          op: opTok.image.toUpperCase() as 'UNION',
          all: all !== undefined && all.tokenType === K.ALL,
          left,
          right,
          span: { start: left.span.start, end: right.span.end },
        };
      });
    });
    return left;
  });

  /** SELECT …, VALUES …, or a parenthesized query. */
  private queryTerm = this.RULE('queryTerm', (): QueryBody => {
    return this.OR([
      { ALT: () => this.SUBRULE(this.selectCore) },
      { ALT: () => this.SUBRULE(this.valuesClause) },
      {
        ALT: () => {
          const open = this.CONSUME(LParen);
          const q = this.SUBRULE(this.query);
          const close = this.CONSUME(RParen);
          return this.ACTION((): QueryBody => {
            // `(SELECT …)` with nothing of its own is just its body.
            const bare = q.with === null && q.orderBy.length === 0 && q.limit === null && q.offset === null;
            return bare ? withParens(q.body, open, close) : withParens(q, open, close);
          });
        },
      },
    ]);
  });

  /** `VALUES (…), (…)`. */
  public valuesClause = this.RULE('valuesClause', (): Values => {
    const start = this.CONSUME(K.VALUES);
    const rows: Expr[][] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: Comma,
      DEF: () => {
        this.CONSUME(LParen);
        rows.push(this.SUBRULE(this.exprList));
        this.CONSUME(RParen);
      },
    });
    return this.ACTION((): Values => {
      const width = rows[0].length;
      rows.forEach((r, i) => {
        if (r.length !== width) {
          throw errorAt(start, `All VALUES rows must have the same number of values: row 1 has ${width}, row ${i + 1} has ${r.length}`);
        }
      });
      return { kind: 'Values', rows, span: this.spanFrom(start) };
    });
  });

  /** `LIMIT n [OFFSET m | , m]`, `OFFSET m [ROWS] [FETCH …]`, `FETCH FIRST n ROWS ONLY`. */
  private limitClause = this.RULE('limitClause', (): { limit: Expr | null; offset: Expr | null } => {
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(K.LIMIT);
          const first = this.OR2([
            { ALT: () => (this.CONSUME(K.ALL), null) },
            { ALT: () => this.SUBRULE(this.expr) },
          ]);
          const rest = this.OPTION(() =>
            this.OR3([
              {
                ALT: () => {
                  this.CONSUME(K.OFFSET);
                  return { comma: false, e: this.SUBRULE2(this.expr) };
                },
              },
              {
                ALT: () => {
                  this.CONSUME(Comma);
                  return { comma: true, e: this.SUBRULE3(this.expr) };
                },
              },
            ]),
          );
          return this.ACTION(() => {
            if (rest === undefined) return { limit: first, offset: null };
            // SQLite: `LIMIT a, b` skips a rows and takes b.
            return rest.comma ? { limit: rest.e, offset: first } : { limit: first, offset: rest.e };
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME2(K.OFFSET);
          const offset = this.SUBRULE4(this.expr);
          this.OPTION2(() => this.OR4([{ ALT: () => this.CONSUME(K.ROW) }, { ALT: () => this.CONSUME(K.ROWS) }]));
          const limit = this.OPTION3(() =>
            this.OR5([
              {
                ALT: () => {
                  this.CONSUME2(K.LIMIT);
                  return this.SUBRULE5(this.expr);
                },
              },
              { ALT: () => this.SUBRULE(this.fetchClause) },
            ]),
          ) ?? null;
          return { limit, offset };
        },
      },
      { ALT: () => ({ limit: this.SUBRULE2(this.fetchClause), offset: null }) },
    ]);
  });

  /** `FETCH FIRST|NEXT [n] ROW|ROWS ONLY` (n defaults to 1). */
  private fetchClause = this.RULE('fetchClause', (): Expr => {
    const start = this.CONSUME(K.FETCH);
    this.OR([{ ALT: () => this.CONSUME(K.FIRST) }, { ALT: () => this.CONSUME(K.NEXT) }]);
    const n = this.OPTION({
      GATE: () => !((this.LA(1).tokenType === K.ROW || this.LA(1).tokenType === K.ROWS) && this.LA(2).tokenType === K.ONLY),
      DEF: () => this.SUBRULE(this.expr),
    });
    const unit = this.OR2([{ ALT: () => this.CONSUME(K.ROW) }, { ALT: () => this.CONSUME(K.ROWS) }]);
    this.CONSUME(K.ONLY);
    return this.ACTION(
      (): Expr => n ?? { kind: 'Literal', type: 'integer', value: 1, raw: '1', span: tokenSpan(start, unit) },
    );
  });

  // -------------------------------------------------------------------------------------
  // SELECT

  /** `SELECT [DISTINCT|ALL] items [FROM …] [WHERE …] [GROUP BY …] [HAVING …] [WINDOW …]`. */
  private selectCore = this.RULE('selectCore', (): Select => {
    const start = this.CONSUME(K.SELECT);
    const q = this.OPTION(() => this.OR([{ ALT: () => this.CONSUME(K.DISTINCT) }, { ALT: () => this.CONSUME(K.ALL) }]));
    const columns = this.SUBRULE(this.selectItems);
    const from = this.OPTION2(() => {
      this.CONSUME(K.FROM);
      return this.SUBRULE(this.joinSource);
    }) ?? null;
    const where = this.OPTION3(() => {
      this.CONSUME(K.WHERE);
      return this.SUBRULE(this.expr);
    }) ?? null;
    const groupBy = this.OPTION4(() => {
      this.CONSUME(K.GROUP);
      this.CONSUME(K.BY);
      return this.SUBRULE(this.exprList);
    }) ?? [];
    const having = this.OPTION5(() => {
      this.CONSUME(K.HAVING);
      return this.SUBRULE2(this.expr);
    }) ?? null;
    const windows: NamedWindow[] = [];
    this.OPTION6(() => {
      this.CONSUME(K.WINDOW);
      this.AT_LEAST_ONE_SEP({
        SEP: Comma,
        DEF: () => {
          const name = this.SUBRULE(this.ident);
          this.CONSUME(K.AS);
          const spec = this.SUBRULE(this.windowSpec);
          this.ACTION(() => windows.push({ kind: 'NamedWindow', name, spec, span: { start: name.span.start, end: spec.span.end } }));
        },
      });
    });
    return this.ACTION(() => ({
      kind: 'Select',
      distinct: q !== undefined && q.tokenType === K.DISTINCT,
      columns,
      from,
      where,
      groupBy,
      having,
      windows,
      span: this.spanFrom(start),
    }));
  });

  /** `item, item, …` (also RETURNING's list). */
  public selectItems = this.RULE('selectItems', (): SelectItem[] => {
    const items: SelectItem[] = [];
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => items.push(this.SUBRULE(this.selectItem)) });
    return items;
  });

  /** `*`, `t.*`, or `expr [[AS] alias]`. */
  private selectItem = this.RULE('selectItem', (): SelectItem => {
    return this.OR([
      {
        ALT: () => {
          const star = this.CONSUME(Star);
          return this.ACTION((): SelectItem => ({ kind: 'SelectStar', schema: null, table: null, span: tokenSpan(star) }));
        },
      },
      {
        ALT: () => {
          const e = this.SUBRULE(this.exprOrStar);
          const alias = this.OPTION(() => this.SUBRULE(this.alias)) ?? null;
          return this.ACTION((): SelectItem => {
            if (e.kind === 'SelectStar') {
              if (alias !== null) throw errorAt(this.LA(0), `"${alias.name}": a "*" column cannot have an alias`);
              return e;
            }
            return { kind: 'SelectExpr', expr: e, alias, span: { start: e.span.start, end: (alias ?? e).span.end } };
          });
        },
      },
    ]);
  });

  /** `[AS] name` or `[AS] 'name'`. */
  public alias = this.RULE('alias', (): Identifier => {
    this.OPTION(() => this.CONSUME(K.AS));
    return this.OR([
      { ALT: () => this.SUBRULE(this.ident) },
      { ALT: () => this.build(identifierFromString, this.CONSUME(StringLiteral)) },
    ]);
  });

  // -------------------------------------------------------------------------------------
  // FROM

  /** `table (, table | [NATURAL] [LEFT|RIGHT|FULL [OUTER]|INNER|CROSS] JOIN table [ON e | USING (…)])*`. */
  public joinSource = this.RULE('joinSource', (): TableRef => {
    this.ACTION(() => this.enter());
    let left = this.SUBRULE(this.tableOrSubquery);
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(Comma);
            const right = this.SUBRULE2(this.tableOrSubquery);
            this.ACTION(() => {
              left = join(left, right, 'COMMA', false, null, null, endPos(this.LA(0)));
            });
          },
        },
        {
          ALT: () => {
            const natural = this.OPTION(() => this.CONSUME(K.NATURAL)) !== undefined;
            const type = this.OPTION2(() =>
              this.OR2([
                {
                  ALT: () => {
                    this.CONSUME(K.LEFT);
                    this.OPTION4(() => this.CONSUME(K.OUTER));
                    return 'LEFT' as const;
                  },
                },
                {
                  ALT: () => {
                    this.CONSUME(K.RIGHT);
                    this.OPTION5(() => this.CONSUME2(K.OUTER));
                    return 'RIGHT' as const;
                  },
                },
                {
                  ALT: () => {
                    this.CONSUME(K.FULL);
                    this.OPTION6(() => this.CONSUME3(K.OUTER));
                    return 'FULL' as const;
                  },
                },
                { ALT: () => (this.CONSUME(K.INNER), 'INNER' as const) },
                { ALT: () => (this.CONSUME(K.CROSS), 'CROSS' as const) },
              ]),
            ) ?? 'INNER';
            this.CONSUME(K.JOIN);
            const right = this.SUBRULE3(this.tableOrSubquery);
            let on: Expr | null = null;
            let using: Identifier[] | null = null;
            this.OPTION3(() =>
              this.OR3([
                {
                  ALT: () => {
                    this.CONSUME(K.ON);
                    on = this.SUBRULE(this.expr);
                  },
                },
                {
                  ALT: () => {
                    this.CONSUME(K.USING);
                    using = this.SUBRULE(this.identList);
                  },
                },
              ]),
            );
            this.ACTION(() => {
              left = join(left, right, type, natural, on, using, endPos(this.LA(0)));
            });
          },
        },
      ]);
    });
    this.ACTION(() => this.leave());
    return left;
  });

  /** A table, table-valued function, subquery or parenthesized join, with its alias. */
  private tableOrSubquery = this.RULE('tableOrSubquery', (): TableRef => {
    return this.OR([
      {
        ALT: () => {
          const open = this.CONSUME(LParen);
          return this.OR2([
            {
              GATE: () => this.queryAhead(),
              ALT: () => {
                const query = this.SUBRULE(this.query);
                this.CONSUME(RParen);
                const alias = this.OPTION(() => this.SUBRULE(this.alias)) ?? null;
                const columnAliases = this.OPTION2(() => this.SUBRULE(this.identList)) ?? [];
                return this.RECORDING_PHASE
                  ? (undefined as never)
                  : { kind: 'SubqueryRef', query, alias, columnAliases, span: this.spanFrom(open) };
              },
            },
            {
              ALT: () => {
                const inner = this.SUBRULE(this.joinSource);
                this.CONSUME2(RParen);
                const alias = this.OPTION8(() => this.SUBRULE3(this.alias)) ?? null;
                return this.RECORDING_PHASE ? (undefined as never) : parenthesizedSource(inner, alias, this.spanFrom(open));
              },
            },
          ]);
        },
      },
      {
        ALT: () => {
          const name = this.SUBRULE(this.objectName);
          const args = this.OPTION3(() => {
            this.CONSUME3(LParen);
            const list = this.OPTION4(() => this.SUBRULE(this.exprList)) ?? [];
            this.CONSUME3(RParen);
            return list;
          });
          const alias = this.OPTION5({
            GATE: () => !(this.LA(1).tokenType === K.INDEXED && this.LA(2).tokenType === K.BY),
            DEF: () => this.SUBRULE2(this.alias),
          }) ?? null;
          const columnAliases = this.OPTION6({
            GATE: () => args !== undefined,
            DEF: () => this.SUBRULE2(this.identList),
          }) ?? [];
          let indexedBy: Identifier | null = null;
          let notIndexed = false;
          this.OPTION7(() =>
            this.OR3([
              {
                ALT: () => {
                  this.CONSUME(K.INDEXED);
                  this.CONSUME(K.BY);
                  indexedBy = this.SUBRULE(this.ident);
                },
              },
              {
                ALT: () => {
                  this.CONSUME(K.NOT);
                  this.CONSUME2(K.INDEXED);
                  notIndexed = true;
                },
              },
            ]),
          );
          if (this.RECORDING_PHASE) return undefined as never;
          const span = { start: name.span.start, end: endPos(this.LA(0)) };
          return args === undefined
            ? { kind: 'TableName', name, alias, indexedBy, notIndexed, span }
            : { kind: 'TableFunction', name, args, alias, columnAliases, span };
        },
      },
    ]);
  });
}

/** `(t)`, `(t) AS x`, `(a JOIN b)`: SQLite lets a one-table group take a new alias. */
function parenthesizedSource(inner: TableRef, alias: Identifier | null, span: Span): TableRef {
  if (alias === null) return { ...inner, span };
  if (inner.kind === 'Join') throw errorAtSpan(alias.span, `A parenthesized join cannot have an alias ("${alias.name}")`);
  return { ...inner, alias, span };
}

function join(
  left: TableRef,
  right: TableRef,
  joinType: JoinRef['joinType'],
  natural: boolean,
  on: Expr | null,
  using: Identifier[] | null,
  end: Position,
): TableRef {
  return {
    kind: 'Join',
    joinType,
    natural,
    left,
    right,
    on,
    using,
    span: { start: left.span.start, end },
  };
}
