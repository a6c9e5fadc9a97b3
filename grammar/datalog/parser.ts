/**
 * parser.ts — the Datalog grammar as a chevrotain CstParser (second stage of grammar/datalog:
 * tokens → CST; to-ast.ts turns the CST into the typed AST of ast.ts).
 *
 * Grammar-only by design (no embedded actions): the rules below read like the EBNF they
 * implement, and every decision that needs context — is `p(X)` an atom or a functor call, is
 * `sum(S)` a head aggregate, is `(…)` a group of literals or a parenthesised expression —
 * is taken in one place, to-ast.ts, where both the construct and its position are known.
 *
 * Bodies are parsed Prolog-style as one operator-precedence term and classified afterwards.
 * The rules are kept flat (few levels per term: every rule invocation allocates a CST node):
 * binary operators are read as a flat operand/operator list and to-ast.ts applies precedence.
 *
 *   program     ::= (declaration | ioDirective | query | clause)*
 *   declaration ::= '.decl' identifier '(' (attribute (',' attribute)*)? ')'
 *   attribute   ::= (identifier | variable) ':' identifier
 *   ioDirective ::= ('.input' | '.output' | '.printsize' | '.view') relationIo (',' relationIo)*
 *   relationIo  ::= identifier ('(' (param (',' param)*)? ')')?
 *   param       ::= (identifier | variable) '=' (string | identifier | variable | number)
 *   query       ::= '?-' disjunction '.'
 *   clause      ::= identifier arguments (':-' disjunction)? '.'      (the head, then the body)
 *   disjunction ::= literal ((',' | ';') literal)*          (',' binds tighter than ';')
 *   literal     ::= ('!' | 'not')* expression (comparisonOp expression)?
 *   comparisonOp ::= '=' | '!=' | '<' | '<=' | '>' | '>='
 *   expression  ::= operand (('+' | '-' | '*' | '/' | '%') operand)*
 *   operand     ::= '-'* ( number | string | variable
 *                        | aggregate                            (only where the gate allows)
 *                        | identifier (arguments | pathFields)? (atom, call, path atom, symbol)
 *                        | '(' disjunction ')' )
 *   arguments   ::= '(' (expression (',' expression)*)? ')'
 *   pathFields  ::= '{' (pathField (',' pathField)*)? '}'
 *   pathField   ::= segment pathTail* ':' expression
 *   pathTail    ::= '.' segment | '.input' | '.output' | '.printsize' | '.decl'
 *   segment     ::= identifier | variable | string | number | 'not'
 *   aggregate   ::= aggregateName expression? ':' ('{' disjunction '}' | operand)
 *   aggregateName ::= 'count' | 'sum' | 'min' | 'max' | 'avg' | 'mean'  (also an identifier)
 *
 * The aggregate alternative is taken when an aggregate name is followed by `:` or by a token
 * that can start its aggregated term without being read as a call (`sum Y :`, not `sum(Y)`).
 *
 * One parser instance is shared (chevrotain's self-analysis is costly); `parse` resets all
 * of its state from the token vector it is given, and parsing is synchronous.
 */
import { CstParser, type CstNode, type IRecognitionException, type IToken, type TokenType } from 'chevrotain';
import {
  ArithmeticOp,
  AggregateName,
  allTokens,
  Colon,
  ColonDash,
  Comma,
  ComparisonOp,
  Decl,
  Dot,
  Equals,
  Float,
  Identifier,
  Input,
  Integer,
  LBrace,
  LParen,
  Minus,
  NegationOp,
  Not,
  Output,
  PrintSize,
  View,
  QueryMark,
  RBrace,
  RParen,
  Semicolon,
  StringLiteral,
  Variable,
} from './tokens.js';

/** Tokens that may follow an aggregate's name when it is a body aggregate (`sum Y :`). */
const AGGREGATE_SECOND: ReadonlySet<TokenType> = new Set([
  Colon,
  Variable,
  Identifier,
  AggregateName,
  Integer,
  Float,
  StringLiteral,
]);

class DatalogParser extends CstParser {
  constructor() {
    super(allTokens, { nodeLocationTracking: 'full', maxLookahead: 2 });
    this.performSelfAnalysis();
  }

  /** isAggregateAhead says whether the next tokens open a body aggregate such as `count :`. */
  private isAggregateAhead(): boolean {
    return this.LA(1).tokenType === AggregateName && AGGREGATE_SECOND.has(this.LA(2).tokenType);
  }

  public program = this.RULE('program', () => {
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.declaration) },
        { ALT: () => this.SUBRULE(this.ioDirective) },
        { ALT: () => this.SUBRULE(this.query) },
        { ALT: () => this.SUBRULE(this.clause) },
      ]);
    });
  });

  private declaration = this.RULE('declaration', () => {
    this.CONSUME(Decl);
    this.CONSUME(Identifier);
    this.CONSUME(LParen);
    this.OPTION(() => {
      this.SUBRULE(this.attribute);
      this.MANY(() => {
        this.CONSUME(Comma);
        this.SUBRULE2(this.attribute);
      });
    });
    this.CONSUME(RParen);
  });

  private attribute = this.RULE('attribute', () => {
    this.OR([{ ALT: () => this.CONSUME(Identifier, { LABEL: 'name' }) }, { ALT: () => this.CONSUME(Variable, { LABEL: 'name' }) }]);
    this.CONSUME(Colon);
    this.CONSUME2(Identifier, { LABEL: 'type' });
  });

  private ioDirective = this.RULE('ioDirective', () => {
    this.OR([
      { ALT: () => this.CONSUME(Input, { LABEL: 'keyword' }) },
      { ALT: () => this.CONSUME(Output, { LABEL: 'keyword' }) },
      { ALT: () => this.CONSUME(PrintSize, { LABEL: 'keyword' }) },
      { ALT: () => this.CONSUME(View, { LABEL: 'keyword' }) },
    ]);
    this.SUBRULE(this.relationIo);
    this.MANY(() => {
      this.CONSUME(Comma);
      this.SUBRULE2(this.relationIo);
    });
  });

  private relationIo = this.RULE('relationIo', () => {
    this.CONSUME(Identifier);
    this.OPTION(() => {
      this.CONSUME(LParen);
      this.OPTION2(() => {
        this.SUBRULE(this.param);
        this.MANY(() => {
          this.CONSUME(Comma);
          this.SUBRULE2(this.param);
        });
      });
      this.CONSUME(RParen);
    });
  });

  private param = this.RULE('param', () => {
    this.OR([{ ALT: () => this.CONSUME(Identifier, { LABEL: 'key' }) }, { ALT: () => this.CONSUME(Variable, { LABEL: 'key' }) }]);
    this.CONSUME(Equals);
    this.OR2([
      { ALT: () => this.CONSUME(StringLiteral, { LABEL: 'value' }) },
      { ALT: () => this.CONSUME2(Identifier, { LABEL: 'value' }) },
      { ALT: () => this.CONSUME2(Variable, { LABEL: 'value' }) },
      { ALT: () => this.CONSUME(Integer, { LABEL: 'value' }) },
      { ALT: () => this.CONSUME(Float, { LABEL: 'value' }) },
    ]);
  });

  private query = this.RULE('query', () => {
    this.CONSUME(QueryMark);
    this.SUBRULE(this.disjunction);
    this.CONSUME(Dot);
  });

  private clause = this.RULE('clause', () => {
    this.CONSUME(Identifier);
    this.SUBRULE(this.arguments);
    this.OPTION(() => {
      this.CONSUME(ColonDash);
      this.SUBRULE(this.disjunction);
    });
    this.CONSUME(Dot);
  });

  private disjunction = this.RULE('disjunction', () => {
    this.SUBRULE(this.literal);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(Comma, { LABEL: 'separator' }) },
        { ALT: () => this.CONSUME(Semicolon, { LABEL: 'separator' }) },
      ]);
      this.SUBRULE2(this.literal);
    });
  });

  private literal = this.RULE('literal', () => {
    this.MANY(() => this.CONSUME(NegationOp));
    this.SUBRULE(this.expression);
    this.OPTION(() => {
      this.CONSUME(ComparisonOp);
      this.SUBRULE2(this.expression);
    });
  });

  private expression = this.RULE('expression', () => {
    this.SUBRULE(this.operand);
    this.MANY(() => {
      this.CONSUME(ArithmeticOp);
      this.SUBRULE2(this.operand);
    });
  });

  private operand = this.RULE('operand', () => {
    this.MANY(() => this.CONSUME(Minus));
    this.OR([
      { ALT: () => this.CONSUME(Integer) },
      { ALT: () => this.CONSUME(Float) },
      { ALT: () => this.CONSUME(StringLiteral) },
      { ALT: () => this.CONSUME(Variable) },
      { GATE: () => this.isAggregateAhead(), ALT: () => this.SUBRULE(this.aggregate) },
      {
        ALT: () => {
          this.CONSUME(Identifier);
          this.OPTION(() => {
            this.OR2([
              { ALT: () => this.SUBRULE(this.arguments) },
              { ALT: () => this.SUBRULE(this.pathFields) },
            ]);
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(LParen);
          this.SUBRULE(this.disjunction);
          this.CONSUME(RParen);
        },
      },
    ]);
  });

  private arguments = this.RULE('arguments', () => {
    this.CONSUME(LParen);
    this.OPTION(() => {
      this.SUBRULE(this.expression);
      this.MANY(() => {
        this.CONSUME(Comma);
        this.SUBRULE2(this.expression);
      });
    });
    this.CONSUME(RParen);
  });

  private pathFields = this.RULE('pathFields', () => {
    this.CONSUME(LBrace);
    this.OPTION(() => {
      this.SUBRULE(this.pathField);
      this.MANY(() => {
        this.CONSUME(Comma);
        this.SUBRULE2(this.pathField);
      });
    });
    this.CONSUME(RBrace);
  });

  private pathField = this.RULE('pathField', () => {
    this.SUBRULE(this.segment);
    this.MANY(() => this.SUBRULE(this.pathTail));
    this.CONSUME(Colon);
    this.SUBRULE(this.expression);
  });

  private pathTail = this.RULE('pathTail', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(Dot);
          this.SUBRULE(this.segment);
        },
      },
      // `a.input` lexes its tail as the directive keyword `.input`.
      { ALT: () => this.CONSUME(Input, { LABEL: 'keyword' }) },
      { ALT: () => this.CONSUME(Output, { LABEL: 'keyword' }) },
      { ALT: () => this.CONSUME(PrintSize, { LABEL: 'keyword' }) },
      { ALT: () => this.CONSUME(View, { LABEL: 'keyword' }) },
      { ALT: () => this.CONSUME(Decl, { LABEL: 'keyword' }) },
    ]);
  });

  private segment = this.RULE('segment', () => {
    this.OR([
      { ALT: () => this.CONSUME(Identifier) },
      { ALT: () => this.CONSUME(Variable) },
      { ALT: () => this.CONSUME(StringLiteral) },
      { ALT: () => this.CONSUME(Integer) },
      { ALT: () => this.CONSUME(Float) },
      { ALT: () => this.CONSUME(Not) },
    ]);
  });

  private aggregate = this.RULE('aggregate', () => {
    this.CONSUME(AggregateName);
    this.OPTION(() => this.SUBRULE(this.expression));
    this.CONSUME(Colon);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(LBrace);
          this.SUBRULE(this.disjunction);
          this.CONSUME(RBrace);
        },
      },
      { ALT: () => this.SUBRULE(this.operand) },
    ]);
  });

  /** parse runs the grammar over a token vector and returns the CST and the first error. */
  parse(tokens: IToken[]): { cst: CstNode; errors: IRecognitionException[] } {
    this.input = tokens;
    const cst = this.program();
    return { cst, errors: this.errors };
  }

  /**
   * nextTokenTypes lists the token types the grammar allows after `prefix` (a valid program
   * prefix), for error messages. Chevrotain's content assist prunes alternatives beyond the
   * parser's lookahead, assuming an LL(k) grammar; the gated aggregate alternative is not,
   * so the lookahead is lifted past the prefix's length while it runs.
   */
  nextTokenTypes(prefix: IToken[]): TokenType[] {
    const self = this as unknown as { maxLookahead: number };
    const saved = self.maxLookahead;
    self.maxLookahead = prefix.length + 2;
    try {
      return this.computeContentAssist('program', prefix).map((path) => path.nextTokenType);
    } finally {
      self.maxLookahead = saved;
    }
  }
}

let shared: DatalogParser | undefined;

/** datalogParser returns the one shared parser instance, built on first use. */
export function datalogParser(): DatalogParser {
  shared ??= new DatalogParser();
  return shared;
}

export type { DatalogParser };
