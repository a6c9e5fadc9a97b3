/**
 * parser-base.ts — the root of the SQL parser's class chain: parser configuration, per-parse
 * state, helpers for actions and gates, and the rules for names and type names.
 * Chain: here → parser-expr.ts → parser-query.ts → parser-dml.ts → parser-ddl.ts → parser.ts.
 */
import { EmbeddedActionsParser, EOF, type IToken, type ParserMethod } from 'chevrotain';
import type { Identifier, ObjectName, Query, TypeName } from './ast.js';
import { errorMessageProvider } from './errors.js';
import { allTokens, BracketIdentifier, Comma, Dot, Ident, K, LParen, Minus, NumericLiteral, Plus, RParen } from './tokens.js';
import { endPos, errorAt, identifier, objectName, ParameterNumbering, signedNumber, startPos, type FlatItem } from './to-ast.js';

/** Words that may continue a one-word type after `::` (`x::double precision`). */
const TYPE_CONTINUATIONS = new Set(['PRECISION', 'VARYING']);

/**
 * Deepest nesting accepted, counting one level per expression, query and join group (so a
 * nested `(SELECT …)` costs two). SQLite allows 1000 expression levels; here every level is
 * a few chevrotain rule calls of several stack frames each, and Node's default stack ends
 * near 250 levels of parentheses, so the parser stops well before with a ParseError.
 */
export const MAX_DEPTH = 150;

export interface SqlParserOptions {
  /** Run chevrotain's grammar validations when building (default true). */
  validate?: boolean;
}

export abstract class SqlBaseParser extends EmbeddedActionsParser {
  /** Parameter numbering of the statement being parsed; reset per top-level statement. */
  protected readonly params = new ParameterNumbering();
  /** Nesting depth of expressions, queries and joins in the current parse (bounded, see enter). */
  protected depth = 0;
  /** The operand/operator stack expressions are read onto (see flatStart). */
  protected readonly flat: FlatItem[] = [];

  /** A whole query, `[WITH …] body [ORDER BY …] [LIMIT …]` (parser-query.ts). */
  abstract query: ParserMethod<[], Query>;

  /**
   * `validate: false` skips chevrotain's grammar checks (ambiguities, left recursion): a
   * third of the build time. The tests build the parser with them (grammar.test.ts).
   */
  constructor(options: SqlParserOptions = {}) {
    super(allTokens, {
      maxLookahead: 2,
      recoveryEnabled: false,
      errorMessageProvider,
      skipValidations: options.validate === false,
    });
  }

  // -------------------------------------------------------------------------------------
  // Helpers for actions and gates

  /** The span from `first` to the last token consumed so far. */
  protected spanFrom(first: IToken) {
    return { start: startPos(first), end: endPos(this.LA(0)) };
  }

  /** True when the next tokens open a query: SELECT, VALUES, WITH, or `(`… around one. */
  protected queryAhead(k = 1): boolean {
    let i = k;
    while (this.LA(i).tokenType === LParen) i++;
    const t = this.LA(i).tokenType;
    if (t !== K.SELECT && t !== K.VALUES && t !== K.WITH) return false;
    if (i === k) return true;
    // `((SELECT …) …)`: a query only if the group opened at k is followed by a query operator.
    let depth = 0;
    for (let j = k; ; j++) {
      const tt = this.LA(j).tokenType;
      if (tt === LParen) depth++;
      else if (tt === RParen) {
        depth--;
        if (depth === 0) {
          const after = this.LA(j + 1).tokenType;
          return (
            after === K.UNION || after === K.INTERSECT || after === K.EXCEPT ||
            after === K.ORDER || after === K.LIMIT || after === K.OFFSET || after === K.FETCH ||
            after === RParen
          );
        }
      } else if (tt === EOF) return false;
    }
  }

  /** Enters one level of nesting; refuses past MAX_DEPTH instead of overflowing the stack. */
  protected enter(): void {
    if (++this.depth > MAX_DEPTH) {
      throw errorAt(this.LA(1), `Too deeply nested: more than ${MAX_DEPTH} levels of parentheses or subqueries`);
    }
  }

  protected leave(): void {
    this.depth--;
  }

  // -------------------------------------------------------------------------------------
  // Names

  /** `name` → Identifier. */
  public ident = this.RULE('ident', (): Identifier => {
    const t = this.CONSUME(Ident);
    return this.ACTION(() => identifier(t));
  });

  /** `[schema.]name`. */
  public objectName = this.RULE('objectName', (): ObjectName => {
    const first = this.CONSUME(Ident);
    const second = this.OPTION(() => {
      this.CONSUME(Dot);
      return this.CONSUME2(Ident);
    });
    return this.ACTION(() => objectName(first, second));
  });

  /** `(a, b, …)`. */
  public identList = this.RULE('identList', (): Identifier[] => {
    const names: Identifier[] = [];
    this.CONSUME(LParen);
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => names.push(this.SUBRULE(this.ident)) });
    this.CONSUME(RParen);
    return names;
  });


  /** `build(tok)`, except while chevrotain records the grammar. */
  protected build<T>(build: (t: IToken) => T, tok: IToken): T {
    return this.RECORDING_PHASE ? (undefined as never) : build(tok);
  }

  /**
   * A type name. `multiWord` (column definitions, CAST) reads every following name word, as
   * SQLite does (`UNSIGNED BIG INT`); after `::` only one word (plus PRECISION / VARYING).
   */
  public typeName = this.RULE('typeName', (multiWord: boolean): TypeName => {
    const first = this.CONSUME(Ident);
    const words = [first];
    this.MANY({
      GATE: () => this.typeWordAhead(multiWord),
      DEF: () => words.push(this.CONSUME2(Ident)),
    });
    const args: number[] = [];
    this.OPTION(() => {
      this.CONSUME(LParen);
      this.AT_LEAST_ONE_SEP({
        SEP: Comma,
        DEF: () => {
          const sign = this.OPTION2(() => this.OR([{ ALT: () => this.CONSUME(Plus) }, { ALT: () => this.CONSUME(Minus) }]));
          const n = this.CONSUME(NumericLiteral);
          this.ACTION(() => args.push(signedNumber(sign, n)));
        },
      });
      this.CONSUME(RParen);
    });
    // TIMESTAMP WITH TIME ZONE (WITHOUT is an ordinary word).
    this.OPTION3({
      GATE: () => this.LA(2).image.toUpperCase() === 'TIME',
      DEF: () => {
        words.push(this.CONSUME(K.WITH), this.CONSUME3(Ident), this.CONSUME4(Ident));
      },
    });
    let arrayDims = 0;
    this.MANY2({
      GATE: () => this.LA(1).tokenType === BracketIdentifier && this.LA(1).image === '[]',
      DEF: () => {
        this.CONSUME(BracketIdentifier);
        arrayDims++;
      },
    });
    return this.ACTION(() => ({
      kind: 'TypeName',
      name: words.map((w) => identifier(w).name).join(' '),
      words: words.map(identifier),
      args,
      arrayDims,
      span: this.spanFrom(first),
    }));
  });

  private typeWordAhead(multiWord: boolean): boolean {
    const t = this.LA(1);
    if (t.tokenType === BracketIdentifier && t.image === '[]') return false;
    if (!multiWord) return TYPE_CONTINUATIONS.has(t.image.toUpperCase());
    // Stop before `GENERATED ALWAYS AS …` / `GENERATED BY DEFAULT …` in a column definition.
    return !this.generatedAhead();
  }

  /** True before `GENERATED ALWAYS` or `GENERATED BY` (GENERATED is also a valid name). */
  protected generatedAhead(): boolean {
    const next = this.LA(2).tokenType;
    return this.LA(1).tokenType === K.GENERATED && (next === K.ALWAYS || next === K.BY);
  }
}
