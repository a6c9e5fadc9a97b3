/**
 * parser-expr.ts — the expression half of the SQL grammar: expressions, function calls and
 * windows, CASE/CAST, ORDER BY items. Query rules (needed by subqueries) are declared in
 * parser-base.ts and defined in parser-query.ts.
 *
 * An expression is read flat, `term (operator term)*`, and folded into a tree by
 * `foldExpression` (to-ast.ts) using SQLite's precedence: reading it flat keeps the grammar
 * LL(k) and calls three rules per operand instead of one per precedence level.
 * Grammar reference: https://sqlite.org/lang_expr.html (expr), PostgreSQL `::` and `ARRAY[`.
 */
import type { IOrAlt, IToken } from 'chevrotain';
import type {
  CaseWhen,
  Expr,
  FrameBound,
  FunctionCall,
  OrderItem,
  SelectStar,
  WindowFrame,
  WindowSpec,
} from './ast.js';
import {
  ArrayOpen,
  BinaryOperator,
  BlobLiteral,
  Comma,
  ComparisonOperator,
  Dot,
  DoubleColon,
  Ident,
  K,
  KeywordLiteral,
  LikeOperator,
  LParen,
  NullTest,
  NumericLiteral,
  Parameter,
  PrefixOperator,
  RBracket,
  ReservedFunctionName,
  RParen,
  Star,
  StringLiteral,
} from './tokens.js';
import {
  binaryOp,
  blobLiteral,
  dottedName,
  endPos,
  errorAt,
  foldExpression,
  identifier,
  keywordLiteral,
  numericLiteral,
  stringLiteral,
  tokenSpan,
  withParens,
  type InfixOp,
} from './to-ast.js';
import { MAX_DEPTH, SqlBaseParser } from './parser-base.js';

export abstract class SqlExprParser extends SqlBaseParser {
  // -------------------------------------------------------------------------------------
  // Expressions

  /** An expression. */
  public expr = this.RULE('expr', (): Expr => {
    const base = this.flatStart();
    this.SUBRULE(this.term);
    this.MANY(() => this.SUBRULE(this.operator));
    return this.RECORDING_PHASE ? (undefined as never) : (this.flatFold(base, false) as Expr);
  });

  /** A select-list expression: may also be `t.*` (returned as a SelectStar). */
  public exprOrStar = this.RULE('exprOrStar', (): Expr | SelectStar => {
    const base = this.flatStart();
    this.SUBRULE(this.term);
    this.MANY(() => this.SUBRULE(this.operator));
    return this.RECORDING_PHASE ? (undefined as never) : this.flatFold(base, true);
  });

  /** A single term (prefix operators and a primary): `DEFAULT -1`, `DEFAULT 'x'`. */
  public termExpr = this.RULE('termExpr', (): Expr => {
    const base = this.flatStart();
    this.SUBRULE(this.term);
    return this.RECORDING_PHASE ? (undefined as never) : (this.flatFold(base, false) as Expr);
  });

  /**
   * Expressions are read onto one shared stack, `flat`: an expression pushes its terms and
   * operators above `base`, folds them, and pops them; an expression nested inside a term
   * (a function argument, a subquery) does the same higher up the stack first.
   */
  private flatStart(): number {
    if (!this.RECORDING_PHASE) this.enter();
    return this.flat.length;
  }

  private flatFold(base: number, allowStar: boolean): Expr | SelectStar {
    const e = foldExpression(this.flat, base, allowStar);
    this.flat.length = base;
    this.leave();
    return e;
  }

  /** `expr, expr, …`. */
  public exprList = this.RULE('exprList', (): Expr[] => {
    const list: Expr[] = [];
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => list.push(this.SUBRULE(this.expr)) });
    return list;
  });

  /** Prefix operators, then a primary. */
  private term = this.RULE('term', (): void => {
    const flat = this.flat;
    let prefixes = 0;
    this.MANY(() => {
      const tok = this.CONSUME(PrefixOperator);
      if (!this.RECORDING_PHASE) {
        if (++prefixes > MAX_DEPTH) throw errorAt(tok, `Too many prefix operators in a row (more than ${MAX_DEPTH})`);
        flat.push({ t: 'prefix', op: tok.tokenType === K.NOT ? 'NOT' : (tok.image as '-'), tok });
      }
    });
    const e = this.SUBRULE(this.primary);
    if (!this.RECORDING_PHASE) flat.push({ t: 'operand', expr: e });
  });

  private operatorAlts?: IOrAlt<void>[];
  private comparisonRhsAlts?: IOrAlt<void>[];
  private notOperatorAlts?: IOrAlt<void>[];

  /** One operator after an operand, with its right-hand term if it takes one. */
  private operator = this.RULE('operator', (): void => {
    this.OR(
      (this.operatorAlts ??= [
        {
          // Comparison, which may be quantified: `x = ANY (SELECT …)`.
          ALT: () => {
            const tok = this.CONSUME(ComparisonOperator);
            if (!this.RECORDING_PHASE) this.flat.push({ t: 'infix', op: binaryOp(tok.image), not: false, tok });
            this.OR2(
              (this.comparisonRhsAlts ??= [
                { ALT: () => this.SUBRULE(this.quantified) },
                { ALT: () => this.SUBRULE(this.term) },
              ]),
            );
          },
        },
        {
          ALT: () => {
            const tok = this.CONSUME(BinaryOperator);
            if (!this.RECORDING_PHASE) this.flat.push({ t: 'infix', op: binaryOp(tok.image) as InfixOp, not: false, tok });
            this.SUBRULE2(this.term);
          },
        },
        {
          // IS [NOT] [DISTINCT FROM] b
          ALT: () => {
            const tok = this.CONSUME(K.IS);
            const not = this.OPTION(() => this.CONSUME(K.NOT)) !== undefined;
            const distinct =
              this.OPTION2(() => {
                this.CONSUME(K.DISTINCT);
                return this.CONSUME(K.FROM);
              }) !== undefined;
            if (!this.RECORDING_PHASE) this.flat.push({ t: 'infix', op: not !== distinct ? 'IS NOT' : 'IS', not: false, tok });
            this.SUBRULE3(this.term);
          },
        },
        {
          // ISNULL, NOTNULL
          ALT: () => {
            const tok = this.CONSUME(NullTest);
            if (!this.RECORDING_PHASE) {
              this.flat.push({ t: 'postfix', post: { type: 'isnull', not: tok.tokenType === K.NOTNULL }, end: endPos(tok), tok });
            }
          },
        },
        {
          // [NOT] IN …, [NOT] LIKE|GLOB|REGEXP|MATCH|BETWEEN …, NOT NULL
          ALT: () => {
            this.notTok = this.OPTION3(() => this.CONSUME2(K.NOT));
            this.OR3(
              (this.notOperatorAlts ??= [
                {
                  ALT: () => {
                    const nullTok = this.CONSUME(K.NULL);
                    if (!this.RECORDING_PHASE) {
                      const notTok = this.notTok;
                      if (notTok === undefined) throw errorAt(nullTok, 'Unexpected NULL: expected an operator', ['NOT NULL']);
                      this.flat.push({ t: 'postfix', post: { type: 'isnull', not: true }, end: endPos(nullTok), tok: notTok });
                    }
                  },
                },
                { ALT: () => this.SUBRULE(this.inPostfix) },
                {
                  ALT: () => {
                    const tok = this.CONSUME(LikeOperator);
                    if (!this.RECORDING_PHASE) {
                      this.flat.push({ t: 'infix', op: tok.image.toUpperCase() as InfixOp, not: this.notTok !== undefined, tok });
                    }
                    this.SUBRULE4(this.term);
                  },
                },
              ]),
            );
          },
        },
        {
          ALT: () => {
            const tok = this.CONSUME(K.COLLATE);
            const name = this.CONSUME(Ident);
            if (!this.RECORDING_PHASE) {
              this.flat.push({ t: 'postfix', post: { type: 'collate', collation: identifier(name) }, end: endPos(name), tok });
            }
          },
        },
      ]),
    );
  });

  /** The NOT before IN / LIKE / BETWEEN / NULL, read by `operator` and used by its sub-rules. */
  private notTok: IToken | undefined;

  /** `ANY|SOME|ALL (query)` after a comparison operator. */
  private quantified = this.RULE('quantified', (): void => {
    const q = this.OR([
      { ALT: () => this.CONSUME(K.ANY) },
      { ALT: () => this.CONSUME(K.SOME) },
      { ALT: () => this.CONSUME(K.ALL) },
    ]);
    this.CONSUME(LParen);
    const query = this.SUBRULE(this.query);
    const close = this.CONSUME(RParen);
    if (!this.RECORDING_PHASE) {
      this.flat.push({ t: 'quantified', quantifier: q.image.toUpperCase() as 'ANY', query, span: tokenSpan(q, close) });
    }
  });

  /** `IN (list)`, `IN (query)`, `IN table`, after an optional NOT (in `notTok`). */
  private inPostfix = this.RULE('inPostfix', (): void => {
    const notTok = this.notTok;
    const inTok = this.CONSUME(K.IN);
    const tok = notTok ?? inTok;
    const not = notTok !== undefined;
    this.OR([
      {
        ALT: () => {
          this.CONSUME(LParen);
          this.OR2([
            {
              GATE: () => this.queryAhead(),
              ALT: () => {
                const query = this.SUBRULE(this.query);
                const close = this.CONSUME(RParen);
                if (!this.RECORDING_PHASE) {
                  this.flat.push({ t: 'postfix', post: { type: 'inQuery', query, not }, end: endPos(close), tok });
                }
              },
            },
            {
              ALT: () => {
                const list = this.OPTION(() => this.SUBRULE(this.exprList)) ?? [];
                const close = this.CONSUME2(RParen);
                if (!this.RECORDING_PHASE) {
                  this.flat.push({ t: 'postfix', post: { type: 'inList', list, not }, end: endPos(close), tok });
                }
              },
            },
          ]);
        },
      },
      {
        ALT: () => {
          const table = this.SUBRULE(this.objectName);
          if (!this.RECORDING_PHASE) {
            this.flat.push({ t: 'postfix', post: { type: 'inTable', table, not }, end: table.span.end, tok });
          }
        },
      },
    ]);
  });

  private primaryAlts?: IOrAlt<Expr | SelectStar>[];

  /** A primary expression, with any `::type` casts after it. */
  private primary = this.RULE('primary', (): Expr | SelectStar => {
    let e = this.OR(
      (this.primaryAlts ??= [
        { ALT: () => this.build(numericLiteral, this.CONSUME(NumericLiteral)) },
        { ALT: () => this.build(stringLiteral, this.CONSUME(StringLiteral)) },
        { ALT: () => this.build(keywordLiteral, this.CONSUME(KeywordLiteral)) },
        { ALT: () => this.build(blobLiteral, this.CONSUME(BlobLiteral)) },
        { ALT: () => this.parameter(this.CONSUME(Parameter)) },
        { ALT: () => this.SUBRULE(this.nameOrCall) },
        { ALT: () => this.SUBRULE(this.parenthesized) },
        { ALT: () => this.SUBRULE(this.caseExpr) },
        { ALT: () => this.SUBRULE(this.castExpr) },
        {
          ALT: () => {
            const start = this.CONSUME(K.EXISTS);
            this.CONSUME2(LParen);
            const query = this.SUBRULE(this.query);
            this.CONSUME2(RParen);
            return this.RECORDING_PHASE ? (undefined as never) : { kind: 'Exists', query, span: this.spanFrom(start) };
          },
        },
        {
          ALT: () => {
            const start = this.CONSUME(ArrayOpen);
            const items = this.OPTION(() => this.SUBRULE(this.exprList)) ?? [];
            this.CONSUME(RBracket);
            return this.RECORDING_PHASE ? (undefined as never) : { kind: 'Array', items, span: this.spanFrom(start) };
          },
        },
        {
          // Functions named by reserved words: like(), glob(), regexp(), match(), left(), right().
          ALT: () => this.SUBRULE(this.callTail, { ARGS: [this.CONSUME(ReservedFunctionName)] }),
        },
      ]),
    );
    this.MANY(() => {
      this.CONSUME(DoubleColon);
      const type = this.SUBRULE(this.typeName, { ARGS: [false] });
      if (!this.RECORDING_PHASE) {
        if (e.kind === 'SelectStar') throw errorAt(this.LA(0), '"*" cannot be cast');
        e = { kind: 'Cast', operand: e, type, syntax: '::', span: { start: e.span.start, end: type.span.end } };
      }
    });
    return e;
  });


  private parameter(tok: IToken): Expr {
    return this.RECORDING_PHASE ? (undefined as never) : this.params.parameter(tok);
  }

  /** `( query )`, `( expr )` or a row `( expr, expr, … )`. */
  private parenthesized = this.RULE('parenthesized', (): Expr => {
    const open = this.CONSUME(LParen);
    return this.OR([
      {
        GATE: () => this.queryAhead(),
        ALT: () => {
          const query = this.SUBRULE(this.query);
          const close = this.CONSUME(RParen);
          return this.ACTION((): Expr => ({ kind: 'Subquery', query, span: tokenSpan(open, close) }));
        },
      },
      {
        ALT: () => {
          const list = this.SUBRULE(this.exprList);
          const close = this.CONSUME2(RParen);
          return this.ACTION(
            (): Expr =>
              list.length === 1
                ? withParens(list[0], open, close)
                : { kind: 'Row', items: list, span: tokenSpan(open, close) },
          );
        },
      },
    ]);
  });

  /** A name: column reference (`a`, `t.a`, `s.t.a`), `t.*`, or a function call `f(…)`. */
  private nameOrCall = this.RULE('nameOrCall', (): Expr | SelectStar => {
    const first = this.CONSUME(Ident);
    return this.OR([
      { ALT: () => this.SUBRULE(this.callTail, { ARGS: [first] }) },
      {
        ALT: () => {
          const parts = [first];
          let star: IToken | undefined;
          this.MANY({
            GATE: () => star === undefined,
            DEF: () => {
              this.CONSUME(Dot);
              this.OR2([
                { ALT: () => parts.push(this.CONSUME2(Ident)) },
                { ALT: () => (star = this.CONSUME(Star)) },
              ]);
            },
          });
          return this.ACTION(() => dottedName(parts, star));
        },
      },
    ]);
  });

  /** `( [DISTINCT] args [ORDER BY …] | * ) [FILTER (WHERE e)] [OVER …]` after a function name. */
  private callTail = this.RULE('callTail', (nameTok: IToken): Expr => {
    this.CONSUME(LParen);
    let star = false;
    let distinct = false;
    let args: Expr[] = [];
    let orderBy: OrderItem[] = [];
    this.OPTION(() =>
      this.OR([
        { ALT: () => (star = this.CONSUME(Star) !== undefined) },
        {
          ALT: () => {
            this.OPTION2(() =>
              this.OR2([
                { ALT: () => (distinct = this.CONSUME(K.DISTINCT) !== undefined) },
                { ALT: () => this.CONSUME(K.ALL) },
              ]),
            );
            args = this.SUBRULE(this.exprList);
            orderBy = this.OPTION3(() => this.SUBRULE(this.orderByClause)) ?? [];
          },
        },
      ]),
    );
    this.CONSUME(RParen);
    const filter = this.OPTION4(() => {
      this.CONSUME(K.FILTER);
      this.CONSUME2(LParen);
      this.CONSUME(K.WHERE);
      const e = this.SUBRULE(this.expr);
      this.CONSUME2(RParen);
      return e;
    });
    const over = this.OPTION5(() => {
      this.CONSUME(K.OVER);
      return this.OR3([
        { ALT: () => this.SUBRULE(this.windowSpec) },
        { ALT: () => this.SUBRULE(this.ident) },
      ]);
    });
    return this.ACTION((): Expr => {
      const span = this.spanFrom(nameTok);
      const name = identifier(nameTok);
      if (name.name.toUpperCase() === 'RAISE' && !name.quoted) return raise(args, star, span, nameTok);
      const call: FunctionCall = {
        kind: 'FunctionCall',
        name,
        args,
        star,
        distinct,
        orderBy,
        filter: filter ?? null,
        over: over ?? null,
        span,
      };
      return call;
    });
  });

  /** `CASE [x] WHEN … THEN … [ELSE …] END`. */
  private caseExpr = this.RULE('caseExpr', (): Expr => {
    const start = this.CONSUME(K.CASE);
    const operand = this.OPTION(() => this.SUBRULE(this.expr)) ?? null;
    const whens: CaseWhen[] = [];
    this.AT_LEAST_ONE(() => {
      const w = this.CONSUME(K.WHEN);
      const when = this.SUBRULE2(this.expr);
      this.CONSUME(K.THEN);
      const then = this.SUBRULE3(this.expr);
      this.ACTION(() => whens.push({ kind: 'CaseWhen', when, then, span: this.spanFrom(w) }));
    });
    const otherwise = this.OPTION2(() => {
      this.CONSUME(K.ELSE);
      return this.SUBRULE4(this.expr);
    }) ?? null;
    this.CONSUME(K.END);
    return this.ACTION((): Expr => ({ kind: 'Case', operand, whens, else: otherwise, span: this.spanFrom(start) }));
  });

  /** `CAST(e AS type)`. */
  private castExpr = this.RULE('castExpr', (): Expr => {
    const start = this.CONSUME(K.CAST);
    this.CONSUME(LParen);
    const operand = this.SUBRULE(this.expr);
    this.CONSUME(K.AS);
    const type = this.SUBRULE(this.typeName, { ARGS: [true] });
    this.CONSUME(RParen);
    return this.ACTION((): Expr => ({ kind: 'Cast', operand, type, syntax: 'cast', span: this.spanFrom(start) }));
  });


  // -------------------------------------------------------------------------------------
  // Ordering and windows

  /** `ORDER BY item, …`. */
  public orderByClause = this.RULE('orderByClause', (): OrderItem[] => {
    this.CONSUME(K.ORDER);
    this.CONSUME(K.BY);
    return this.SUBRULE(this.orderItems);
  });

  public orderItems = this.RULE('orderItems', (): OrderItem[] => {
    const items: OrderItem[] = [];
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => items.push(this.SUBRULE(this.orderItem)) });
    return items;
  });

  /** `expr [COLLATE c] [ASC|DESC] [NULLS FIRST|LAST]`. */
  public orderItem = this.RULE('orderItem', (): OrderItem => {
    const start = this.LA(1);
    const expr = this.SUBRULE(this.expr);
    const dir = this.OPTION(() => this.OR([{ ALT: () => this.CONSUME(K.ASC) }, { ALT: () => this.CONSUME(K.DESC) }]));
    const nulls = this.OPTION2(() => {
      this.CONSUME(K.NULLS);
      return this.OR2([{ ALT: () => this.CONSUME(K.FIRST) }, { ALT: () => this.CONSUME(K.LAST) }]);
    });
    return this.ACTION(() => ({
      kind: 'OrderItem',
      expr,
      direction: dir === undefined ? null : dir.tokenType === K.ASC ? 'ASC' : 'DESC',
      nulls: nulls === undefined ? null : nulls.tokenType === K.FIRST ? 'FIRST' : 'LAST',
      span: this.spanFrom(start),
    }));
  });

  /** `( [base] [PARTITION BY …] [ORDER BY …] [frame] )`. */
  public windowSpec = this.RULE('windowSpec', (): WindowSpec => {
    const open = this.CONSUME(LParen);
    const base = this.OPTION({
      GATE: () => {
        const t = this.LA(1).tokenType;
        return t !== K.PARTITION && t !== K.ROWS && t !== K.RANGE && t !== K.GROUPS;
      },
      DEF: () => this.SUBRULE(this.ident),
    }) ?? null;
    const partitionBy = this.OPTION2(() => {
      this.CONSUME(K.PARTITION);
      this.CONSUME(K.BY);
      return this.SUBRULE(this.exprList);
    }) ?? [];
    const orderBy = this.OPTION3(() => this.SUBRULE(this.orderByClause)) ?? [];
    const frame = this.OPTION4(() => this.SUBRULE(this.windowFrame)) ?? null;
    this.CONSUME(RParen);
    return this.ACTION(() => ({ kind: 'WindowSpec', base, partitionBy, orderBy, frame, span: this.spanFrom(open) }));
  });

  private windowFrame = this.RULE('windowFrame', (): WindowFrame => {
    const unitsTok = this.OR([
      { ALT: () => this.CONSUME(K.ROWS) },
      { ALT: () => this.CONSUME(K.RANGE) },
      { ALT: () => this.CONSUME(K.GROUPS) },
    ]);
    let start!: FrameBound;
    let end: FrameBound | null = null;
    this.OR2([
      {
        ALT: () => {
          this.CONSUME(K.BETWEEN);
          start = this.SUBRULE(this.frameBound);
          this.CONSUME(K.AND);
          end = this.SUBRULE2(this.frameBound);
        },
      },
      { ALT: () => (start = this.SUBRULE3(this.frameBound)) },
    ]);
    const exclude = this.OPTION(() => {
      this.CONSUME(K.EXCLUDE);
      return this.OR3([
        {
          ALT: () => {
            this.CONSUME(K.NO);
            this.CONSUME(K.OTHERS);
            return 'NO OTHERS' as const;
          },
        },
        {
          ALT: () => {
            this.CONSUME(K.CURRENT);
            this.CONSUME(K.ROW);
            return 'CURRENT ROW' as const;
          },
        },
        { ALT: () => (this.CONSUME(K.GROUP), 'GROUP' as const) },
        { ALT: () => (this.CONSUME(K.TIES), 'TIES' as const) },
      ]);
    }) ?? null;
    return this.ACTION(() => ({
      kind: 'WindowFrame',
      units: unitsTok.image.toUpperCase() as 'ROWS',
      start,
      end,
      exclude,
      span: this.spanFrom(unitsTok),
    }));
  });

  private frameBound = this.RULE('frameBound', (): FrameBound => {
    const first = this.LA(1);
    return this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            this.CONSUME(K.UNBOUNDED);
            const which = this.OR2([{ ALT: () => this.CONSUME(K.PRECEDING) }, { ALT: () => this.CONSUME(K.FOLLOWING) }]);
            return this.ACTION((): FrameBound => ({
              kind: 'FrameBound',
              type: which.tokenType === K.PRECEDING ? 'UNBOUNDED PRECEDING' : 'UNBOUNDED FOLLOWING',
              offset: null,
              span: this.spanFrom(first),
            }));
          },
        },
        {
          ALT: () => {
            this.CONSUME(K.CURRENT);
            this.CONSUME(K.ROW);
            return this.ACTION((): FrameBound => ({ kind: 'FrameBound', type: 'CURRENT ROW', offset: null, span: this.spanFrom(first) }));
          },
        },
        {
          ALT: () => {
            const offset = this.SUBRULE(this.expr);
            const which = this.OR3([{ ALT: () => this.CONSUME2(K.PRECEDING) }, { ALT: () => this.CONSUME2(K.FOLLOWING) }]);
            return this.ACTION((): FrameBound => ({
              kind: 'FrameBound',
              type: which.tokenType === K.PRECEDING ? 'PRECEDING' : 'FOLLOWING',
              offset,
              span: this.spanFrom(first),
            }));
          },
        },
      ],
    });
  });
}

/** `RAISE(IGNORE)` / `RAISE(ABORT, 'msg')`, read as a call and checked here. */
function raise(args: Expr[], star: boolean, span: Expr['span'], nameTok: IToken): Expr {
  const first = args[0];
  const action =
    first !== undefined && first.kind === 'ColumnRef' && first.table === null ? first.column.name.toUpperCase() : '';
  const ok =
    !star &&
    ((action === 'IGNORE' && args.length === 1) ||
      ((action === 'ROLLBACK' || action === 'ABORT' || action === 'FAIL') && args.length === 2));
  if (!ok) throw errorAt(nameTok, 'Expected RAISE(IGNORE) or RAISE(ROLLBACK|ABORT|FAIL, message)');
  return { kind: 'Raise', action: action as 'IGNORE', message: args[1] ?? null, span };
}
