/**
 * parser.ts — the SPARQL 1.1 Query + Update grammar as a chevrotain CstParser (second stage of
 * grammar/sparql: tokens → CST; to-ast-*.ts turn the CST into the typed AST of ast.ts).
 *
 * Grammar only: no actions, no state. Each rule names its production in
 * https://www.w3.org/TR/sparql11-query/#grammar (numbers [1]–[138]; Update productions are
 * numbered in the same list). Where the spec's production is inlined or split, the comment
 * says so. Helper rules that are not productions (they only keep the CST grouped, because a
 * chevrotain CST groups children by name, not by position) are marked "helper".
 *
 * One top rule, `queryOrUpdate`, covers [1] QueryUnit and [3] UpdateUnit: both start with an
 * arbitrarily long [4] Prologue, which LL(k) cannot look past, so the prologue is parsed once and
 * the query forms and update operations are alternatives after it.
 *
 * The file is long on purpose: chevrotain rules are fields of one parser class, and the
 * grammar has ~120 productions; splitting it would need the class hierarchy STYLE.md warns
 * against. Read it next to the spec's grammar, top to bottom in the spec's order.
 *
 * Deviations (all accept a superset of the spec):
 *  - [83] PropertyListPathNotEmpty uses ObjectListPath after ';' as well: the spec's ObjectList
 *    there only forbids paths inside a `[ … ]` object after the first verb, an asymmetry with
 *    no purpose (`?s :p [ :q/:r ?x ]` is valid, `?s :a ?b ; :p [ :q/:r ?x ]` would not be).
 *  - [95] PathNegatedPropertySet also accepts NIL, because `!()` lexes as NIL.
 */
import { CstParser, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';
import * as T from './tokens.js';

/** Records what the parser expected at its first error (read by errors.ts). */
export interface ExpectedAtError {
  expected: TokenType[];
}

class MessageProvider implements IParserErrorMessageProvider {
  last: ExpectedAtError = { expected: [] };
  buildMismatchTokenMessage(o: { expected: TokenType; actual: IToken }): string {
    this.last = { expected: [o.expected] };
    return 'mismatch';
  }
  buildNotAllInputParsedMessage(): string {
    this.last = { expected: [] };
    return 'redundant input';
  }
  buildNoViableAltMessage(o: { expectedPathsPerAlt: TokenType[][][] }): string {
    this.last = { expected: o.expectedPathsPerAlt.flatMap((alt) => alt.map((path) => path[0]!)) };
    return 'no viable alternative';
  }
  buildEarlyExitMessage(o: { expectedIterationPaths: TokenType[][] }): string {
    this.last = { expected: o.expectedIterationPaths.map((path) => path[0]!) };
    return 'early exit';
  }
}

export class SparqlParser extends CstParser {
  readonly messages: MessageProvider;

  constructor() {
    const messages = new MessageProvider();
    super(T.allTokens, { nodeLocationTracking: 'full', recoveryEnabled: false, maxLookahead: 3, errorMessageProvider: messages });
    this.messages = messages;
    this.performSelfAnalysis();
  }

  // ---- [1] QueryUnit, [2] Query, [3] UpdateUnit, [29] Update ----------------------------------

  /** [1] QueryUnit | [3] UpdateUnit: Prologue, then a query form + ValuesClause, or [29]'s tail. */
  queryOrUpdate = this.RULE('queryOrUpdate', () => {
    this.SUBRULE(this.prologue);
    this.OPTION(() =>
      this.OR([
        { ALT: () => this.SUBRULE(this.query) },
        { ALT: () => this.SUBRULE(this.updateOperations) },
      ]),
    );
  });

  /** [2] Query ::= Prologue ( SelectQuery | ConstructQuery | DescribeQuery | AskQuery ) ValuesClause (Prologue parsed by the caller) */
  query = this.RULE('query', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.selectQuery) },
      { ALT: () => this.SUBRULE(this.constructQuery) },
      { ALT: () => this.SUBRULE(this.describeQuery) },
      { ALT: () => this.SUBRULE(this.askQuery) },
    ]);
    this.SUBRULE(this.valuesClause);
  });

  /** [29] Update ::= Prologue ( Update1 ( ';' Update )? )? — the part after the first Prologue. */
  updateOperations = this.RULE('updateOperations', () => {
    this.SUBRULE(this.update1);
    this.OPTION(() => {
      this.CONSUME(T.Semicolon);
      this.SUBRULE(this.update);
    });
  });

  /** [29] Update ::= Prologue ( Update1 ( ';' Update )? )? */
  update = this.RULE('update', () => {
    this.SUBRULE(this.prologue);
    this.OPTION(() => this.SUBRULE(this.updateOperations));
  });

  /** [4] Prologue ::= ( BaseDecl | PrefixDecl )* */
  prologue = this.RULE('prologue', () => {
    this.MANY(() =>
      this.OR([
        { ALT: () => this.SUBRULE(this.baseDecl) },
        { ALT: () => this.SUBRULE(this.prefixDecl) },
      ]),
    );
  });

  /** [5] BaseDecl ::= 'BASE' IRIREF */
  baseDecl = this.RULE('baseDecl', () => {
    this.CONSUME(T.BASE);
    this.CONSUME(T.IRIREF);
  });

  /** [6] PrefixDecl ::= 'PREFIX' PNAME_NS IRIREF */
  prefixDecl = this.RULE('prefixDecl', () => {
    this.CONSUME(T.PREFIX);
    this.CONSUME(T.PNAME_NS);
    this.CONSUME(T.IRIREF);
  });

  // ---- query forms ---------------------------------------------------------------------------

  /** [7] SelectQuery ::= SelectClause DatasetClause* WhereClause SolutionModifier */
  selectQuery = this.RULE('selectQuery', () => {
    this.SUBRULE(this.selectClause);
    this.MANY(() => this.SUBRULE(this.datasetClause));
    this.SUBRULE(this.whereClause);
    this.SUBRULE(this.solutionModifier);
  });

  /** [8] SubSelect ::= SelectClause WhereClause SolutionModifier ValuesClause */
  subSelect = this.RULE('subSelect', () => {
    this.SUBRULE(this.selectClause);
    this.SUBRULE(this.whereClause);
    this.SUBRULE(this.solutionModifier);
    this.SUBRULE(this.valuesClause);
  });

  /** [9] SelectClause ::= 'SELECT' ( 'DISTINCT' | 'REDUCED' )? ( ( Var | ( '(' Expression 'AS' Var ')' ) )+ | '*' ) */
  selectClause = this.RULE('selectClause', () => {
    this.CONSUME(T.SELECT);
    this.OPTION(() =>
      this.OR([{ ALT: () => this.CONSUME(T.DISTINCT) }, { ALT: () => this.CONSUME(T.REDUCED) }]),
    );
    this.OR2([
      { ALT: () => this.AT_LEAST_ONE(() => this.SUBRULE(this.selectItem)) },
      { ALT: () => this.CONSUME(T.Star) },
    ]);
  });

  /** helper, part of [9]: Var | '(' Expression 'AS' Var ')' */
  selectItem = this.RULE('selectItem', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.var) },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.expression);
          this.CONSUME(T.AS);
          this.SUBRULE2(this.var);
          this.CONSUME(T.RParen);
        },
      },
    ]);
  });

  /** [10] ConstructQuery ::= 'CONSTRUCT' ( ConstructTemplate DatasetClause* WhereClause SolutionModifier | DatasetClause* 'WHERE' '{' TriplesTemplate? '}' SolutionModifier ) */
  constructQuery = this.RULE('constructQuery', () => {
    this.CONSUME(T.CONSTRUCT);
    this.OR([
      {
        ALT: () => {
          this.SUBRULE(this.constructTemplate);
          this.MANY(() => this.SUBRULE(this.datasetClause));
          this.SUBRULE(this.whereClause);
        },
      },
      {
        ALT: () => {
          this.MANY2(() => this.SUBRULE2(this.datasetClause));
          this.CONSUME(T.WHERE);
          this.CONSUME(T.LCurly);
          this.OPTION(() => this.SUBRULE(this.triplesTemplate));
          this.CONSUME(T.RCurly);
        },
      },
    ]);
    this.SUBRULE(this.solutionModifier);
  });

  /** [11] DescribeQuery ::= 'DESCRIBE' ( VarOrIri+ | '*' ) DatasetClause* WhereClause? SolutionModifier */
  describeQuery = this.RULE('describeQuery', () => {
    this.CONSUME(T.DESCRIBE);
    this.OR([
      { ALT: () => this.AT_LEAST_ONE(() => this.SUBRULE(this.varOrIri)) },
      { ALT: () => this.CONSUME(T.Star) },
    ]);
    this.MANY(() => this.SUBRULE(this.datasetClause));
    this.OPTION(() => this.SUBRULE(this.whereClause));
    this.SUBRULE(this.solutionModifier);
  });

  /** [12] AskQuery ::= 'ASK' DatasetClause* WhereClause SolutionModifier */
  askQuery = this.RULE('askQuery', () => {
    this.CONSUME(T.ASK);
    this.MANY(() => this.SUBRULE(this.datasetClause));
    this.SUBRULE(this.whereClause);
    this.SUBRULE(this.solutionModifier);
  });

  /** [13] DatasetClause ::= 'FROM' ( DefaultGraphClause | NamedGraphClause ), with [14] DefaultGraphClause, [15] NamedGraphClause ::= 'NAMED' SourceSelector and [16] SourceSelector ::= iri inlined */
  datasetClause = this.RULE('datasetClause', () => {
    this.CONSUME(T.FROM);
    this.OPTION(() => this.CONSUME(T.NAMED));
    this.SUBRULE(this.iri);
  });

  /** [17] WhereClause ::= 'WHERE'? GroupGraphPattern */
  whereClause = this.RULE('whereClause', () => {
    this.OPTION(() => this.CONSUME(T.WHERE));
    this.SUBRULE(this.groupGraphPattern);
  });

  /** [18] SolutionModifier ::= GroupClause? HavingClause? OrderClause? LimitOffsetClauses? */
  solutionModifier = this.RULE('solutionModifier', () => {
    this.OPTION(() => this.SUBRULE(this.groupClause));
    this.OPTION2(() => this.SUBRULE(this.havingClause));
    this.OPTION3(() => this.SUBRULE(this.orderClause));
    this.OPTION4(() => this.SUBRULE(this.limitOffsetClauses));
  });

  /** [19] GroupClause ::= 'GROUP' 'BY' GroupCondition+ */
  groupClause = this.RULE('groupClause', () => {
    this.CONSUME(T.GROUP);
    this.CONSUME(T.BY);
    this.AT_LEAST_ONE(() => this.SUBRULE(this.groupCondition));
  });

  /** [20] GroupCondition ::= BuiltInCall | FunctionCall | '(' Expression ( 'AS' Var )? ')' | Var */
  groupCondition = this.RULE('groupCondition', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.builtInCall) },
      { ALT: () => this.SUBRULE(this.functionCall) },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.expression);
          this.OPTION(() => {
            this.CONSUME(T.AS);
            this.SUBRULE(this.var);
          });
          this.CONSUME(T.RParen);
        },
      },
      { ALT: () => this.SUBRULE2(this.var) },
    ]);
  });

  /** [21] HavingClause ::= 'HAVING' HavingCondition+, with [22] HavingCondition ::= Constraint inlined */
  havingClause = this.RULE('havingClause', () => {
    this.CONSUME(T.HAVING);
    this.AT_LEAST_ONE(() => this.SUBRULE(this.constraint));
  });

  /** [23] OrderClause ::= 'ORDER' 'BY' OrderCondition+ */
  orderClause = this.RULE('orderClause', () => {
    this.CONSUME(T.ORDER);
    this.CONSUME(T.BY);
    this.AT_LEAST_ONE(() => this.SUBRULE(this.orderCondition));
  });

  /** [24] OrderCondition ::= ( ( 'ASC' | 'DESC' ) BrackettedExpression ) | ( Constraint | Var ) */
  orderCondition = this.RULE('orderCondition', () => {
    this.OR([
      {
        ALT: () => {
          this.OR2([{ ALT: () => this.CONSUME(T.ASC) }, { ALT: () => this.CONSUME(T.DESC) }]);
          this.SUBRULE(this.brackettedExpression);
        },
      },
      { ALT: () => this.SUBRULE(this.constraint) },
      { ALT: () => this.SUBRULE(this.var) },
    ]);
  });

  /** [25] LimitOffsetClauses ::= LimitClause OffsetClause? | OffsetClause LimitClause? */
  limitOffsetClauses = this.RULE('limitOffsetClauses', () => {
    this.OR([
      {
        ALT: () => {
          this.SUBRULE(this.limitClause);
          this.OPTION(() => this.SUBRULE(this.offsetClause));
        },
      },
      {
        ALT: () => {
          this.SUBRULE2(this.offsetClause);
          this.OPTION2(() => this.SUBRULE2(this.limitClause));
        },
      },
    ]);
  });

  /** [26] LimitClause ::= 'LIMIT' INTEGER */
  limitClause = this.RULE('limitClause', () => {
    this.CONSUME(T.LIMIT);
    this.CONSUME(T.INTEGER);
  });

  /** [27] OffsetClause ::= 'OFFSET' INTEGER */
  offsetClause = this.RULE('offsetClause', () => {
    this.CONSUME(T.OFFSET);
    this.CONSUME(T.INTEGER);
  });

  /** [28] ValuesClause ::= ( 'VALUES' DataBlock )? */
  valuesClause = this.RULE('valuesClause', () => {
    this.OPTION(() => {
      this.CONSUME(T.VALUES);
      this.SUBRULE(this.dataBlock);
    });
  });

  // ---- SPARQL Update -------------------------------------------------------------------------

  /** [30] Update1 ::= Load | Clear | Drop | Add | Move | Copy | Create | InsertData | DeleteData | DeleteWhere | Modify */
  update1 = this.RULE('update1', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.load) },
      { ALT: () => this.SUBRULE(this.clear) },
      { ALT: () => this.SUBRULE(this.drop) },
      { ALT: () => this.SUBRULE(this.add) },
      { ALT: () => this.SUBRULE(this.move) },
      { ALT: () => this.SUBRULE(this.copy) },
      { ALT: () => this.SUBRULE(this.create) },
      { ALT: () => this.SUBRULE(this.insertData) },
      { ALT: () => this.SUBRULE(this.deleteData) },
      { ALT: () => this.SUBRULE(this.deleteWhere) },
      { ALT: () => this.SUBRULE(this.modify) },
    ]);
  });

  /** [31] Load ::= 'LOAD' 'SILENT'? iri ( 'INTO' GraphRef )? */
  load = this.RULE('load', () => {
    this.CONSUME(T.LOAD);
    this.OPTION(() => this.CONSUME(T.SILENT));
    this.SUBRULE(this.iri);
    this.OPTION2(() => {
      this.CONSUME(T.INTO);
      this.SUBRULE(this.graphRef);
    });
  });

  /** [32] Clear ::= 'CLEAR' 'SILENT'? GraphRefAll */
  clear = this.RULE('clear', () => {
    this.CONSUME(T.CLEAR);
    this.OPTION(() => this.CONSUME(T.SILENT));
    this.SUBRULE(this.graphRefAll);
  });

  /** [33] Drop ::= 'DROP' 'SILENT'? GraphRefAll */
  drop = this.RULE('drop', () => {
    this.CONSUME(T.DROP);
    this.OPTION(() => this.CONSUME(T.SILENT));
    this.SUBRULE(this.graphRefAll);
  });

  /** [34] Create ::= 'CREATE' 'SILENT'? GraphRef */
  create = this.RULE('create', () => {
    this.CONSUME(T.CREATE);
    this.OPTION(() => this.CONSUME(T.SILENT));
    this.SUBRULE(this.graphRef);
  });

  /** [35] Add ::= 'ADD' 'SILENT'? GraphOrDefault 'TO' GraphOrDefault */
  add = this.RULE('add', () => {
    this.CONSUME(T.ADD);
    this.graphTransfer();
  });

  /** [36] Move ::= 'MOVE' 'SILENT'? GraphOrDefault 'TO' GraphOrDefault */
  move = this.RULE('move', () => {
    this.CONSUME(T.MOVE);
    this.graphTransfer();
  });

  /** [37] Copy ::= 'COPY' 'SILENT'? GraphOrDefault 'TO' GraphOrDefault */
  copy = this.RULE('copy', () => {
    this.CONSUME(T.COPY);
    this.graphTransfer();
  });

  /** The shared tail of [35]–[37]: 'SILENT'? GraphOrDefault 'TO' GraphOrDefault. */
  private graphTransfer(): void {
    this.OPTION(() => this.CONSUME(T.SILENT));
    this.SUBRULE(this.graphOrDefault);
    this.CONSUME(T.TO);
    this.SUBRULE2(this.graphOrDefault);
  }

  /** [38] InsertData ::= 'INSERT DATA' QuadData, with [49] QuadData ::= '{' Quads '}' inlined */
  insertData = this.RULE('insertData', () => {
    this.CONSUME(T.INSERT);
    this.CONSUME(T.DATA);
    this.CONSUME(T.LCurly);
    this.SUBRULE(this.quads);
    this.CONSUME(T.RCurly);
  });

  /** [39] DeleteData ::= 'DELETE DATA' QuadData, with [49] QuadData inlined */
  deleteData = this.RULE('deleteData', () => {
    this.CONSUME(T.DELETE);
    this.CONSUME(T.DATA);
    this.CONSUME(T.LCurly);
    this.SUBRULE(this.quads);
    this.CONSUME(T.RCurly);
  });

  /** [40] DeleteWhere ::= 'DELETE WHERE' QuadPattern */
  deleteWhere = this.RULE('deleteWhere', () => {
    this.CONSUME(T.DELETE);
    this.CONSUME(T.WHERE);
    this.SUBRULE(this.quadPattern);
  });

  /** [41] Modify ::= ( 'WITH' iri )? ( DeleteClause InsertClause? | InsertClause ) UsingClause* 'WHERE' GroupGraphPattern */
  modify = this.RULE('modify', () => {
    this.OPTION(() => {
      this.CONSUME(T.WITH);
      this.SUBRULE(this.iri);
    });
    this.OR([
      {
        ALT: () => {
          this.SUBRULE(this.deleteClause);
          this.OPTION2(() => this.SUBRULE(this.insertClause));
        },
      },
      { ALT: () => this.SUBRULE2(this.insertClause) },
    ]);
    this.MANY(() => this.SUBRULE(this.usingClause));
    this.CONSUME(T.WHERE);
    this.SUBRULE(this.groupGraphPattern);
  });

  /** [42] DeleteClause ::= 'DELETE' QuadPattern */
  deleteClause = this.RULE('deleteClause', () => {
    this.CONSUME(T.DELETE);
    this.SUBRULE(this.quadPattern);
  });

  /** [43] InsertClause ::= 'INSERT' QuadPattern */
  insertClause = this.RULE('insertClause', () => {
    this.CONSUME(T.INSERT);
    this.SUBRULE(this.quadPattern);
  });

  /** [44] UsingClause ::= 'USING' ( iri | 'NAMED' iri ) */
  usingClause = this.RULE('usingClause', () => {
    this.CONSUME(T.USING);
    this.OPTION(() => this.CONSUME(T.NAMED));
    this.SUBRULE(this.iri);
  });

  /** [45] GraphOrDefault ::= 'DEFAULT' | 'GRAPH'? iri */
  graphOrDefault = this.RULE('graphOrDefault', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.DEFAULT) },
      {
        ALT: () => {
          this.OPTION(() => this.CONSUME(T.GRAPH));
          this.SUBRULE(this.iri);
        },
      },
    ]);
  });

  /** [46] GraphRef ::= 'GRAPH' iri */
  graphRef = this.RULE('graphRef', () => {
    this.CONSUME(T.GRAPH);
    this.SUBRULE(this.iri);
  });

  /** [47] GraphRefAll ::= GraphRef | 'DEFAULT' | 'NAMED' | 'ALL' */
  graphRefAll = this.RULE('graphRefAll', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.graphRef) },
      { ALT: () => this.CONSUME(T.DEFAULT) },
      { ALT: () => this.CONSUME(T.NAMED) },
      { ALT: () => this.CONSUME(T.ALL) },
    ]);
  });

  /** [48] QuadPattern ::= '{' Quads '}' */
  quadPattern = this.RULE('quadPattern', () => {
    this.CONSUME(T.LCurly);
    this.SUBRULE(this.quads);
    this.CONSUME(T.RCurly);
  });

  /** [50] Quads ::= TriplesTemplate? ( QuadsNotTriples '.'? TriplesTemplate? )* */
  quads = this.RULE('quads', () => {
    this.OPTION(() => this.SUBRULE(this.triplesTemplate));
    this.MANY(() => {
      this.SUBRULE(this.quadsNotTriples);
      this.OPTION2(() => this.CONSUME(T.Dot));
      this.OPTION3(() => this.SUBRULE2(this.triplesTemplate));
    });
  });

  /** [51] QuadsNotTriples ::= 'GRAPH' VarOrIri '{' TriplesTemplate? '}' */
  quadsNotTriples = this.RULE('quadsNotTriples', () => {
    this.CONSUME(T.GRAPH);
    this.SUBRULE(this.varOrIri);
    this.CONSUME(T.LCurly);
    this.OPTION(() => this.SUBRULE(this.triplesTemplate));
    this.CONSUME(T.RCurly);
  });

  /** [52] TriplesTemplate ::= TriplesSameSubject ( '.' TriplesTemplate? )? — the recursion unrolled */
  triplesTemplate = this.RULE('triplesTemplate', () => this.triplesSequence(this.triplesSameSubject));

  /** X ( '.' X )* '.'? — the unrolled form of [52], [55] and [74] (X ( '.' Self? )?). */
  private triplesSequence(item: (idx?: number) => unknown): void {
    this.SUBRULE(item as never);
    this.MANY(() => {
      this.CONSUME(T.Dot);
      this.SUBRULE2(item as never);
    });
    this.OPTION(() => this.CONSUME2(T.Dot));
  }

  // ---- graph patterns ------------------------------------------------------------------------

  /** [53] GroupGraphPattern ::= '{' ( SubSelect | GroupGraphPatternSub ) '}' */
  groupGraphPattern = this.RULE('groupGraphPattern', () => {
    this.CONSUME(T.LCurly);
    this.OR([
      { ALT: () => this.SUBRULE(this.subSelect) },
      { ALT: () => this.SUBRULE(this.groupGraphPatternSub) },
    ]);
    this.CONSUME(T.RCurly);
  });

  /** [54] GroupGraphPatternSub ::= TriplesBlock? ( GraphPatternNotTriples '.'? TriplesBlock? )* */
  groupGraphPatternSub = this.RULE('groupGraphPatternSub', () => {
    this.OPTION(() => this.SUBRULE(this.triplesBlock));
    this.MANY(() => {
      this.SUBRULE(this.graphPatternNotTriples);
      this.OPTION2(() => this.CONSUME(T.Dot));
      this.OPTION3(() => this.SUBRULE2(this.triplesBlock));
    });
  });

  /** [55] TriplesBlock ::= TriplesSameSubjectPath ( '.' TriplesBlock? )? — the recursion unrolled */
  triplesBlock = this.RULE('triplesBlock', () => this.triplesSequence(this.triplesSameSubjectPath));

  /** [56] GraphPatternNotTriples ::= GroupOrUnionGraphPattern | OptionalGraphPattern | MinusGraphPattern | GraphGraphPattern | ServiceGraphPattern | Filter | Bind | InlineData */
  graphPatternNotTriples = this.RULE('graphPatternNotTriples', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.groupOrUnionGraphPattern) },
      { ALT: () => this.SUBRULE(this.optionalGraphPattern) },
      { ALT: () => this.SUBRULE(this.minusGraphPattern) },
      { ALT: () => this.SUBRULE(this.graphGraphPattern) },
      { ALT: () => this.SUBRULE(this.serviceGraphPattern) },
      { ALT: () => this.SUBRULE(this.filter) },
      { ALT: () => this.SUBRULE(this.bind) },
      { ALT: () => this.SUBRULE(this.inlineData) },
    ]);
  });

  /** [57] OptionalGraphPattern ::= 'OPTIONAL' GroupGraphPattern */
  optionalGraphPattern = this.RULE('optionalGraphPattern', () => {
    this.CONSUME(T.OPTIONAL);
    this.SUBRULE(this.groupGraphPattern);
  });

  /** [58] GraphGraphPattern ::= 'GRAPH' VarOrIri GroupGraphPattern */
  graphGraphPattern = this.RULE('graphGraphPattern', () => {
    this.CONSUME(T.GRAPH);
    this.SUBRULE(this.varOrIri);
    this.SUBRULE(this.groupGraphPattern);
  });

  /** [59] ServiceGraphPattern ::= 'SERVICE' 'SILENT'? VarOrIri GroupGraphPattern */
  serviceGraphPattern = this.RULE('serviceGraphPattern', () => {
    this.CONSUME(T.SERVICE);
    this.OPTION(() => this.CONSUME(T.SILENT));
    this.SUBRULE(this.varOrIri);
    this.SUBRULE(this.groupGraphPattern);
  });

  /** [60] Bind ::= 'BIND' '(' Expression 'AS' Var ')' */
  bind = this.RULE('bind', () => {
    this.CONSUME(T.BIND);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(T.AS);
    this.SUBRULE(this.var);
    this.CONSUME(T.RParen);
  });

  /** [61] InlineData ::= 'VALUES' DataBlock */
  inlineData = this.RULE('inlineData', () => {
    this.CONSUME(T.VALUES);
    this.SUBRULE(this.dataBlock);
  });

  /** [62] DataBlock ::= InlineDataOneVar | InlineDataFull */
  dataBlock = this.RULE('dataBlock', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.inlineDataOneVar) },
      { ALT: () => this.SUBRULE(this.inlineDataFull) },
    ]);
  });

  /** [63] InlineDataOneVar ::= Var '{' DataBlockValue* '}' */
  inlineDataOneVar = this.RULE('inlineDataOneVar', () => {
    this.SUBRULE(this.var);
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.dataBlockValue));
    this.CONSUME(T.RCurly);
  });

  /** [64] InlineDataFull ::= ( NIL | '(' Var* ')' ) '{' ( '(' DataBlockValue* ')' | NIL )* '}' */
  inlineDataFull = this.RULE('inlineDataFull', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.NIL) },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.MANY(() => this.SUBRULE(this.var));
          this.CONSUME(T.RParen);
        },
      },
    ]);
    this.CONSUME(T.LCurly);
    this.MANY2(() => this.SUBRULE(this.dataBlockRow));
    this.CONSUME(T.RCurly);
  });

  /** helper, part of [64]: '(' DataBlockValue* ')' | NIL */
  dataBlockRow = this.RULE('dataBlockRow', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.NIL) },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.MANY(() => this.SUBRULE(this.dataBlockValue));
          this.CONSUME(T.RParen);
        },
      },
    ]);
  });

  /** [65] DataBlockValue ::= iri | RDFLiteral | NumericLiteral | BooleanLiteral | 'UNDEF' */
  dataBlockValue = this.RULE('dataBlockValue', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.iri) },
      { ALT: () => this.SUBRULE(this.rdfLiteral) },
      { ALT: () => this.SUBRULE(this.numericLiteral) },
      { ALT: () => this.SUBRULE(this.booleanLiteral) },
      { ALT: () => this.CONSUME(T.UNDEF) },
    ]);
  });

  /** [66] MinusGraphPattern ::= 'MINUS' GroupGraphPattern */
  minusGraphPattern = this.RULE('minusGraphPattern', () => {
    this.CONSUME(T.MINUS);
    this.SUBRULE(this.groupGraphPattern);
  });

  /** [67] GroupOrUnionGraphPattern ::= GroupGraphPattern ( 'UNION' GroupGraphPattern )* */
  groupOrUnionGraphPattern = this.RULE('groupOrUnionGraphPattern', () => {
    this.SUBRULE(this.groupGraphPattern);
    this.MANY(() => {
      this.CONSUME(T.UNION);
      this.SUBRULE2(this.groupGraphPattern);
    });
  });

  /** [68] Filter ::= 'FILTER' Constraint */
  filter = this.RULE('filter', () => {
    this.CONSUME(T.FILTER);
    this.SUBRULE(this.constraint);
  });

  /** [69] Constraint ::= BrackettedExpression | BuiltInCall | FunctionCall */
  constraint = this.RULE('constraint', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.brackettedExpression) },
      { ALT: () => this.SUBRULE(this.builtInCall) },
      { ALT: () => this.SUBRULE(this.functionCall) },
    ]);
  });

  /** [70] FunctionCall ::= iri ArgList */
  functionCall = this.RULE('functionCall', () => {
    this.SUBRULE(this.iri);
    this.SUBRULE(this.argList);
  });

  /** [71] ArgList ::= NIL | '(' 'DISTINCT'? Expression ( ',' Expression )* ')' */
  argList = this.RULE('argList', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.NIL) },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.OPTION(() => this.CONSUME(T.DISTINCT));
          this.SUBRULE(this.expression);
          this.MANY(() => {
            this.CONSUME(T.Comma);
            this.SUBRULE2(this.expression);
          });
          this.CONSUME(T.RParen);
        },
      },
    ]);
  });

  /** [72] ExpressionList ::= NIL | '(' Expression ( ',' Expression )* ')' */
  expressionList = this.RULE('expressionList', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.NIL) },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.expression);
          this.MANY(() => {
            this.CONSUME(T.Comma);
            this.SUBRULE2(this.expression);
          });
          this.CONSUME(T.RParen);
        },
      },
    ]);
  });

  // ---- triples -------------------------------------------------------------------------------

  /** [73] ConstructTemplate ::= '{' ConstructTriples? '}' */
  constructTemplate = this.RULE('constructTemplate', () => {
    this.CONSUME(T.LCurly);
    this.OPTION(() => this.SUBRULE(this.constructTriples));
    this.CONSUME(T.RCurly);
  });

  /** [74] ConstructTriples ::= TriplesSameSubject ( '.' ConstructTriples? )? — the recursion unrolled */
  constructTriples = this.RULE('constructTriples', () => this.triplesSequence(this.triplesSameSubject));

  /** [75] TriplesSameSubject ::= VarOrTerm PropertyListNotEmpty | TriplesNode PropertyList, with [76] PropertyList ::= PropertyListNotEmpty? inlined */
  triplesSameSubject = this.RULE('triplesSameSubject', () => {
    this.OR([
      {
        ALT: () => {
          this.SUBRULE(this.varOrTerm);
          this.SUBRULE(this.propertyListNotEmpty);
        },
      },
      {
        ALT: () => {
          this.SUBRULE(this.triplesNode);
          this.OPTION(() => this.SUBRULE2(this.propertyListNotEmpty));
        },
      },
    ]);
  });

  /** [77] PropertyListNotEmpty ::= Verb ObjectList ( ';' ( Verb ObjectList )? )* */
  propertyListNotEmpty = this.RULE('propertyListNotEmpty', () => {
    this.SUBRULE(this.verb);
    this.SUBRULE(this.objectList);
    this.MANY(() => {
      this.CONSUME(T.Semicolon);
      this.OPTION(() => {
        this.SUBRULE2(this.verb);
        this.SUBRULE2(this.objectList);
      });
    });
  });

  /** [78] Verb ::= VarOrIri | 'a' */
  verb = this.RULE('verb', () => {
    this.OR([{ ALT: () => this.SUBRULE(this.varOrIri) }, { ALT: () => this.CONSUME(T.A) }]);
  });

  /** [79] ObjectList ::= Object ( ',' Object )*, with [80] Object ::= GraphNode inlined */
  objectList = this.RULE('objectList', () => {
    this.SUBRULE(this.graphNode);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.graphNode);
    });
  });

  /** [81] TriplesSameSubjectPath ::= VarOrTerm PropertyListPathNotEmpty | TriplesNodePath PropertyListPath, with [82] PropertyListPath ::= PropertyListPathNotEmpty? inlined */
  triplesSameSubjectPath = this.RULE('triplesSameSubjectPath', () => {
    this.OR([
      {
        ALT: () => {
          this.SUBRULE(this.varOrTerm);
          this.SUBRULE(this.propertyListPathNotEmpty);
        },
      },
      {
        ALT: () => {
          this.SUBRULE(this.triplesNodePath);
          this.OPTION(() => this.SUBRULE2(this.propertyListPathNotEmpty));
        },
      },
    ]);
  });

  /** [83] PropertyListPathNotEmpty ::= ( VerbPath | VerbSimple ) ObjectListPath ( ';' ( ( VerbPath | VerbSimple ) ObjectList )? )* (ObjectListPath after ';' too, see the header) */
  propertyListPathNotEmpty = this.RULE('propertyListPathNotEmpty', () => {
    this.SUBRULE(this.verbPathOrSimple);
    this.SUBRULE(this.objectListPath);
    this.MANY(() => {
      this.CONSUME(T.Semicolon);
      this.OPTION(() => {
        this.SUBRULE2(this.verbPathOrSimple);
        this.SUBRULE2(this.objectListPath);
      });
    });
  });

  /** helper, part of [83]: VerbPath | VerbSimple, with [84] VerbPath ::= Path and [85] VerbSimple ::= Var inlined */
  verbPathOrSimple = this.RULE('verbPathOrSimple', () => {
    this.OR([{ ALT: () => this.SUBRULE(this.path) }, { ALT: () => this.SUBRULE(this.var) }]);
  });

  /** [86] ObjectListPath ::= ObjectPath ( ',' ObjectPath )*, with [87] ObjectPath ::= GraphNodePath inlined */
  objectListPath = this.RULE('objectListPath', () => {
    this.SUBRULE(this.graphNodePath);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.graphNodePath);
    });
  });

  // ---- property paths ------------------------------------------------------------------------

  /** [88] Path ::= PathAlternative, with [89] PathAlternative ::= PathSequence ( '|' PathSequence )* inlined */
  path = this.RULE('path', () => {
    this.SUBRULE(this.pathSequence);
    this.MANY(() => {
      this.CONSUME(T.Pipe);
      this.SUBRULE2(this.pathSequence);
    });
  });

  /** [90] PathSequence ::= PathEltOrInverse ( '/' PathEltOrInverse )* */
  pathSequence = this.RULE('pathSequence', () => {
    this.SUBRULE(this.pathEltOrInverse);
    this.MANY(() => {
      this.CONSUME(T.Slash);
      this.SUBRULE2(this.pathEltOrInverse);
    });
  });

  /** [92] PathEltOrInverse ::= PathElt | '^' PathElt, with [91] PathElt ::= PathPrimary PathMod? and [93] PathMod ::= '?' | '*' | '+' inlined */
  pathEltOrInverse = this.RULE('pathEltOrInverse', () => {
    this.OPTION(() => this.CONSUME(T.Caret));
    this.SUBRULE(this.pathPrimary);
    this.OPTION2(() =>
      this.OR([
        { ALT: () => this.CONSUME(T.Question) },
        { ALT: () => this.CONSUME(T.Star) },
        { ALT: () => this.CONSUME(T.Plus) },
      ]),
    );
  });

  /** [94] PathPrimary ::= iri | 'a' | '!' PathNegatedPropertySet | '(' Path ')' */
  pathPrimary = this.RULE('pathPrimary', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.iri) },
      { ALT: () => this.CONSUME(T.A) },
      {
        ALT: () => {
          this.CONSUME(T.Bang);
          this.SUBRULE(this.pathNegatedPropertySet);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.path);
          this.CONSUME(T.RParen);
        },
      },
    ]);
  });

  /** [95] PathNegatedPropertySet ::= PathOneInPropertySet | '(' ( PathOneInPropertySet ( '|' PathOneInPropertySet )* )? ')' (NIL for '()') */
  pathNegatedPropertySet = this.RULE('pathNegatedPropertySet', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.pathOneInPropertySet) },
      { ALT: () => this.CONSUME(T.NIL) },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE2(this.pathOneInPropertySet);
          this.MANY(() => {
            this.CONSUME(T.Pipe);
            this.SUBRULE3(this.pathOneInPropertySet);
          });
          this.CONSUME(T.RParen);
        },
      },
    ]);
  });

  /** [96] PathOneInPropertySet ::= iri | 'a' | '^' ( iri | 'a' ) */
  pathOneInPropertySet = this.RULE('pathOneInPropertySet', () => {
    this.OPTION(() => this.CONSUME(T.Caret));
    this.OR([{ ALT: () => this.SUBRULE(this.iri) }, { ALT: () => this.CONSUME(T.A) }]);
  });

  // ---- triples nodes -------------------------------------------------------------------------

  /** [98] TriplesNode ::= Collection | BlankNodePropertyList, with [102] Collection ::= '(' GraphNode+ ')' and [99] BlankNodePropertyList ::= '[' PropertyListNotEmpty ']' inlined */
  triplesNode = this.RULE('triplesNode', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.AT_LEAST_ONE(() => this.SUBRULE(this.graphNode));
          this.CONSUME(T.RParen);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LBracket);
          this.SUBRULE(this.propertyListNotEmpty);
          this.CONSUME(T.RBracket);
        },
      },
    ]);
  });

  /** [100] TriplesNodePath ::= CollectionPath | BlankNodePropertyListPath, with [103] CollectionPath ::= '(' GraphNodePath+ ')' and [101] BlankNodePropertyListPath ::= '[' PropertyListPathNotEmpty ']' inlined */
  triplesNodePath = this.RULE('triplesNodePath', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.AT_LEAST_ONE(() => this.SUBRULE(this.graphNodePath));
          this.CONSUME(T.RParen);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LBracket);
          this.SUBRULE(this.propertyListPathNotEmpty);
          this.CONSUME(T.RBracket);
        },
      },
    ]);
  });

  /** [104] GraphNode ::= VarOrTerm | TriplesNode */
  graphNode = this.RULE('graphNode', () => {
    this.OR([{ ALT: () => this.SUBRULE(this.varOrTerm) }, { ALT: () => this.SUBRULE(this.triplesNode) }]);
  });

  /** [105] GraphNodePath ::= VarOrTerm | TriplesNodePath */
  graphNodePath = this.RULE('graphNodePath', () => {
    this.OR([{ ALT: () => this.SUBRULE(this.varOrTerm) }, { ALT: () => this.SUBRULE(this.triplesNodePath) }]);
  });

  /** [106] VarOrTerm ::= Var | GraphTerm */
  varOrTerm = this.RULE('varOrTerm', () => {
    this.OR([{ ALT: () => this.SUBRULE(this.var) }, { ALT: () => this.SUBRULE(this.graphTerm) }]);
  });

  /** [107] VarOrIri ::= Var | iri */
  varOrIri = this.RULE('varOrIri', () => {
    this.OR([{ ALT: () => this.SUBRULE(this.var) }, { ALT: () => this.SUBRULE(this.iri) }]);
  });

  /** [108] Var ::= VAR1 | VAR2 */
  var = this.RULE('var', () => {
    this.OR([{ ALT: () => this.CONSUME(T.VAR1) }, { ALT: () => this.CONSUME(T.VAR2) }]);
  });

  /** [109] GraphTerm ::= iri | RDFLiteral | NumericLiteral | BooleanLiteral | BlankNode | NIL, with [138] BlankNode ::= BLANK_NODE_LABEL | ANON inlined */
  graphTerm = this.RULE('graphTerm', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.iri) },
      { ALT: () => this.SUBRULE(this.rdfLiteral) },
      { ALT: () => this.SUBRULE(this.numericLiteral) },
      { ALT: () => this.SUBRULE(this.booleanLiteral) },
      { ALT: () => this.CONSUME(T.BLANK_NODE_LABEL) },
      { ALT: () => this.CONSUME(T.ANON) },
      { ALT: () => this.CONSUME(T.NIL) },
    ]);
  });

  // ---- expressions ---------------------------------------------------------------------------

  /** [110] Expression ::= ConditionalOrExpression, with [111] ConditionalOrExpression ::= ConditionalAndExpression ( '||' ConditionalAndExpression )* inlined */
  expression = this.RULE('expression', () => {
    this.SUBRULE(this.conditionalAndExpression);
    this.MANY(() => {
      this.CONSUME(T.OrOr);
      this.SUBRULE2(this.conditionalAndExpression);
    });
  });

  /** [112] ConditionalAndExpression ::= ValueLogical ( '&&' ValueLogical )*, with [113] ValueLogical ::= RelationalExpression inlined */
  conditionalAndExpression = this.RULE('conditionalAndExpression', () => {
    this.SUBRULE(this.relationalExpression);
    this.MANY(() => {
      this.CONSUME(T.AndAnd);
      this.SUBRULE2(this.relationalExpression);
    });
  });

  /** [114] RelationalExpression ::= NumericExpression ( '=' NumericExpression | '!=' … | '<' … | '>' … | '<=' … | '>=' … | 'IN' ExpressionList | 'NOT' 'IN' ExpressionList )?, with [115] NumericExpression ::= AdditiveExpression inlined */
  relationalExpression = this.RULE('relationalExpression', () => {
    this.SUBRULE(this.additiveExpression);
    this.OPTION(() =>
      this.OR([
        {
          ALT: () => {
            this.OR2([
              { ALT: () => this.CONSUME(T.Equals) },
              { ALT: () => this.CONSUME(T.NotEquals) },
              { ALT: () => this.CONSUME(T.Less) },
              { ALT: () => this.CONSUME(T.Greater) },
              { ALT: () => this.CONSUME(T.LessEq) },
              { ALT: () => this.CONSUME(T.GreaterEq) },
            ]);
            this.SUBRULE2(this.additiveExpression);
          },
        },
        {
          ALT: () => {
            this.OPTION2(() => this.CONSUME(T.NOT));
            this.CONSUME(T.IN);
            this.SUBRULE(this.expressionList);
          },
        },
      ]),
    );
  });

  /** [116] AdditiveExpression ::= MultiplicativeExpression ( '+' MultiplicativeExpression | '-' MultiplicativeExpression | ( NumericLiteralPositive | NumericLiteralNegative ) ( ( '*' UnaryExpression ) | ( '/' UnaryExpression ) )* )* */
  additiveExpression = this.RULE('additiveExpression', () => {
    this.SUBRULE(this.multiplicativeExpression);
    this.MANY(() =>
      this.OR([
        {
          ALT: () => {
            this.OR2([{ ALT: () => this.CONSUME(T.Plus) }, { ALT: () => this.CONSUME(T.Minus) }]);
            this.SUBRULE2(this.multiplicativeExpression);
          },
        },
        { ALT: () => this.SUBRULE(this.signedNumberTerm) },
      ]),
    );
  });

  /** helper, part of [116]: ( NumericLiteralPositive | NumericLiteralNegative ) ( ( '*' UnaryExpression ) | ( '/' UnaryExpression ) )* */
  signedNumberTerm = this.RULE('signedNumberTerm', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.numericLiteralPositive) },
      { ALT: () => this.SUBRULE(this.numericLiteralNegative) },
    ]);
    this.MANY(() => {
      this.OR2([{ ALT: () => this.CONSUME(T.Star) }, { ALT: () => this.CONSUME(T.Slash) }]);
      this.SUBRULE(this.unaryExpression);
    });
  });

  /** [117] MultiplicativeExpression ::= UnaryExpression ( '*' UnaryExpression | '/' UnaryExpression )* */
  multiplicativeExpression = this.RULE('multiplicativeExpression', () => {
    this.SUBRULE(this.unaryExpression);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Star) }, { ALT: () => this.CONSUME(T.Slash) }]);
      this.SUBRULE2(this.unaryExpression);
    });
  });

  /** [118] UnaryExpression ::= '!' PrimaryExpression | '+' PrimaryExpression | '-' PrimaryExpression | PrimaryExpression */
  unaryExpression = this.RULE('unaryExpression', () => {
    this.OPTION(() =>
      this.OR([
        { ALT: () => this.CONSUME(T.Bang) },
        { ALT: () => this.CONSUME(T.Plus) },
        { ALT: () => this.CONSUME(T.Minus) },
      ]),
    );
    this.SUBRULE(this.primaryExpression);
  });

  /** [119] PrimaryExpression ::= BrackettedExpression | BuiltInCall | iriOrFunction | RDFLiteral | NumericLiteral | BooleanLiteral | Var */
  primaryExpression = this.RULE('primaryExpression', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.brackettedExpression) },
      { ALT: () => this.SUBRULE(this.builtInCall) },
      { ALT: () => this.SUBRULE(this.iriOrFunction) },
      { ALT: () => this.SUBRULE(this.rdfLiteral) },
      { ALT: () => this.SUBRULE(this.numericLiteral) },
      { ALT: () => this.SUBRULE(this.booleanLiteral) },
      { ALT: () => this.SUBRULE(this.var) },
    ]);
  });

  /** [120] BrackettedExpression ::= '(' Expression ')' */
  brackettedExpression = this.RULE('brackettedExpression', () => {
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(T.RParen);
  });

  /**
   * [121] BuiltInCall. The one-argument built-ins (STR, LANG, DATATYPE, IRI, URI, ABS, CEIL,
   * FLOOR, ROUND, STRLEN, UCASE, LCASE, ENCODE_FOR_URI, YEAR … TZ, MD5, SHA*, isIRI, isURI,
   * isBLANK, isLITERAL, isNUMERIC), the two-argument ones (LANGMATCHES, CONTAINS, STRSTARTS,
   * STRENDS, STRBEFORE, STRAFTER, STRLANG, STRDT, sameTerm) and the NIL ones (RAND, NOW, UUID,
   * STRUUID) share one alternative each through token categories (tokens.ts).
   */
  builtInCall = this.RULE('builtInCall', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.aggregate) },
      {
        ALT: () => {
          this.CONSUME(T.UnaryBuiltin);
          this.CONSUME(T.LParen);
          this.SUBRULE(this.expression);
          this.CONSUME(T.RParen);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.BinaryBuiltin);
          this.CONSUME2(T.LParen);
          this.SUBRULE2(this.expression);
          this.CONSUME(T.Comma);
          this.SUBRULE3(this.expression);
          this.CONSUME2(T.RParen);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.NullaryBuiltin);
          this.CONSUME(T.NIL);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.BOUND);
          this.CONSUME3(T.LParen);
          this.SUBRULE(this.var);
          this.CONSUME3(T.RParen);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.BNODE);
          this.OR2([
            {
              ALT: () => {
                this.CONSUME4(T.LParen);
                this.SUBRULE4(this.expression);
                this.CONSUME4(T.RParen);
              },
            },
            { ALT: () => this.CONSUME2(T.NIL) },
          ]);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.CONCAT);
          this.SUBRULE(this.expressionList);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.COALESCE);
          this.SUBRULE2(this.expressionList);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.IF);
          this.CONSUME5(T.LParen);
          this.SUBRULE5(this.expression);
          this.CONSUME2(T.Comma);
          this.SUBRULE6(this.expression);
          this.CONSUME3(T.Comma);
          this.SUBRULE7(this.expression);
          this.CONSUME5(T.RParen);
        },
      },
      { ALT: () => this.SUBRULE(this.regexExpression) },
      { ALT: () => this.SUBRULE(this.substringExpression) },
      { ALT: () => this.SUBRULE(this.strReplaceExpression) },
      { ALT: () => this.SUBRULE(this.existsFunc) },
      { ALT: () => this.SUBRULE(this.notExistsFunc) },
    ]);
  });

  /** [122] RegexExpression ::= 'REGEX' '(' Expression ',' Expression ( ',' Expression )? ')' */
  regexExpression = this.RULE('regexExpression', () => {
    this.CONSUME(T.REGEX);
    this.argumentsOf(2, 3);
  });

  /** [123] SubstringExpression ::= 'SUBSTR' '(' Expression ',' Expression ( ',' Expression )? ')' */
  substringExpression = this.RULE('substringExpression', () => {
    this.CONSUME(T.SUBSTR);
    this.argumentsOf(2, 3);
  });

  /** [124] StrReplaceExpression ::= 'REPLACE' '(' Expression ',' Expression ',' Expression ( ',' Expression )? ')' */
  strReplaceExpression = this.RULE('strReplaceExpression', () => {
    this.CONSUME(T.REPLACE);
    this.argumentsOf(3, 4);
  });

  /** '(' Expression (',' Expression){min-1} (',' Expression)? ')' for [122]–[124] (max = min + 1). */
  private argumentsOf(min: 2 | 3, max: 3 | 4): void {
    void max;
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(T.Comma);
    this.SUBRULE2(this.expression);
    if (min === 3) {
      this.CONSUME2(T.Comma);
      this.SUBRULE3(this.expression);
    }
    this.OPTION(() => {
      this.CONSUME3(T.Comma);
      this.SUBRULE4(this.expression);
    });
    this.CONSUME(T.RParen);
  }

  /** [125] ExistsFunc ::= 'EXISTS' GroupGraphPattern */
  existsFunc = this.RULE('existsFunc', () => {
    this.CONSUME(T.EXISTS);
    this.SUBRULE(this.groupGraphPattern);
  });

  /** [126] NotExistsFunc ::= 'NOT' 'EXISTS' GroupGraphPattern */
  notExistsFunc = this.RULE('notExistsFunc', () => {
    this.CONSUME(T.NOT);
    this.CONSUME(T.EXISTS);
    this.SUBRULE(this.groupGraphPattern);
  });

  /** [127] Aggregate ::= 'COUNT' '(' 'DISTINCT'? ( '*' | Expression ) ')' | ( 'SUM' | 'MIN' | 'MAX' | 'AVG' | 'SAMPLE' ) '(' 'DISTINCT'? Expression ')' | 'GROUP_CONCAT' '(' 'DISTINCT'? Expression ( ';' 'SEPARATOR' '=' String )? ')' */
  aggregate = this.RULE('aggregate', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.COUNT);
          this.CONSUME(T.LParen);
          this.OPTION(() => this.CONSUME(T.DISTINCT));
          this.OR2([{ ALT: () => this.CONSUME(T.Star) }, { ALT: () => this.SUBRULE(this.expression) }]);
          this.CONSUME(T.RParen);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.SimpleAggregate);
          this.CONSUME2(T.LParen);
          this.OPTION2(() => this.CONSUME2(T.DISTINCT));
          this.SUBRULE2(this.expression);
          this.CONSUME2(T.RParen);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.GROUP_CONCAT);
          this.CONSUME3(T.LParen);
          this.OPTION3(() => this.CONSUME3(T.DISTINCT));
          this.SUBRULE3(this.expression);
          this.OPTION4(() => {
            this.CONSUME(T.Semicolon);
            this.CONSUME(T.SEPARATOR);
            this.CONSUME(T.Equals);
            this.SUBRULE(this.string);
          });
          this.CONSUME3(T.RParen);
        },
      },
    ]);
  });

  /** [128] iriOrFunction ::= iri ArgList? */
  iriOrFunction = this.RULE('iriOrFunction', () => {
    this.SUBRULE(this.iri);
    this.OPTION(() => this.SUBRULE(this.argList));
  });

  // ---- terms ---------------------------------------------------------------------------------

  /** [129] RDFLiteral ::= String ( LANGTAG | ( '^^' iri ) )? */
  rdfLiteral = this.RULE('rdfLiteral', () => {
    this.SUBRULE(this.string);
    this.OPTION(() =>
      this.OR([
        { ALT: () => this.CONSUME(T.LANGTAG) },
        {
          ALT: () => {
            this.CONSUME(T.Caret2);
            this.SUBRULE(this.iri);
          },
        },
      ]),
    );
  });

  /** [130] NumericLiteral ::= NumericLiteralUnsigned | NumericLiteralPositive | NumericLiteralNegative, with [131] NumericLiteralUnsigned ::= INTEGER | DECIMAL | DOUBLE inlined */
  numericLiteral = this.RULE('numericLiteral', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.INTEGER) },
      { ALT: () => this.CONSUME(T.DECIMAL) },
      { ALT: () => this.CONSUME(T.DOUBLE) },
      { ALT: () => this.SUBRULE(this.numericLiteralPositive) },
      { ALT: () => this.SUBRULE(this.numericLiteralNegative) },
    ]);
  });

  /** [132] NumericLiteralPositive ::= INTEGER_POSITIVE | DECIMAL_POSITIVE | DOUBLE_POSITIVE */
  numericLiteralPositive = this.RULE('numericLiteralPositive', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.INTEGER_POSITIVE) },
      { ALT: () => this.CONSUME(T.DECIMAL_POSITIVE) },
      { ALT: () => this.CONSUME(T.DOUBLE_POSITIVE) },
    ]);
  });

  /** [133] NumericLiteralNegative ::= INTEGER_NEGATIVE | DECIMAL_NEGATIVE | DOUBLE_NEGATIVE */
  numericLiteralNegative = this.RULE('numericLiteralNegative', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.INTEGER_NEGATIVE) },
      { ALT: () => this.CONSUME(T.DECIMAL_NEGATIVE) },
      { ALT: () => this.CONSUME(T.DOUBLE_NEGATIVE) },
    ]);
  });

  /** [134] BooleanLiteral ::= 'true' | 'false' */
  booleanLiteral = this.RULE('booleanLiteral', () => {
    this.OR([{ ALT: () => this.CONSUME(T.TRUE) }, { ALT: () => this.CONSUME(T.FALSE) }]);
  });

  /** [135] String ::= STRING_LITERAL1 | STRING_LITERAL2 | STRING_LITERAL_LONG1 | STRING_LITERAL_LONG2 */
  string = this.RULE('string', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.STRING_LITERAL1) },
      { ALT: () => this.CONSUME(T.STRING_LITERAL2) },
      { ALT: () => this.CONSUME(T.STRING_LITERAL_LONG1) },
      { ALT: () => this.CONSUME(T.STRING_LITERAL_LONG2) },
    ]);
  });

  /** [136] iri ::= IRIREF | PrefixedName, with [137] PrefixedName ::= PNAME_LN | PNAME_NS inlined */
  iri = this.RULE('iri', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.IRIREF) },
      { ALT: () => this.CONSUME(T.PNAME_LN) },
      { ALT: () => this.CONSUME(T.PNAME_NS) },
    ]);
  });
}

/** The one parser instance (chevrotain parsers are reusable: `input = tokens` resets them). */
export const sparqlParser = new SparqlParser();
