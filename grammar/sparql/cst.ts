/**
 * cst.ts — GENERATED from parser.ts by test/grammar/sparql/cst-types.test.ts (chevrotain's
 * generateCstDts); do not edit. The shapes of the CST nodes that to-ast*.ts reads.
 * Regenerate: UPDATE_SPARQL_CST=1 npx vitest run test/grammar/sparql/cst-types.test.ts
 */
import type { CstNode, IToken } from "chevrotain";

export interface QueryOrUpdateCstNode extends CstNode {
  name: "queryOrUpdate";
  children: QueryOrUpdateCstChildren;
}

export type QueryOrUpdateCstChildren = {
  prologue: PrologueCstNode[];
  query?: QueryCstNode[];
  updateOperations?: UpdateOperationsCstNode[];
};

export interface QueryCstNode extends CstNode {
  name: "query";
  children: QueryCstChildren;
}

export type QueryCstChildren = {
  selectQuery?: SelectQueryCstNode[];
  constructQuery?: ConstructQueryCstNode[];
  describeQuery?: DescribeQueryCstNode[];
  askQuery?: AskQueryCstNode[];
  valuesClause: ValuesClauseCstNode[];
};

export interface UpdateOperationsCstNode extends CstNode {
  name: "updateOperations";
  children: UpdateOperationsCstChildren;
}

export type UpdateOperationsCstChildren = {
  update1: Update1CstNode[];
  Semicolon?: IToken[];
  update?: UpdateCstNode[];
};

export interface UpdateCstNode extends CstNode {
  name: "update";
  children: UpdateCstChildren;
}

export type UpdateCstChildren = {
  prologue: PrologueCstNode[];
  updateOperations?: UpdateOperationsCstNode[];
};

export interface PrologueCstNode extends CstNode {
  name: "prologue";
  children: PrologueCstChildren;
}

export type PrologueCstChildren = {
  baseDecl?: BaseDeclCstNode[];
  prefixDecl?: PrefixDeclCstNode[];
};

export interface BaseDeclCstNode extends CstNode {
  name: "baseDecl";
  children: BaseDeclCstChildren;
}

export type BaseDeclCstChildren = {
  BASE: IToken[];
  IRIREF: IToken[];
};

export interface PrefixDeclCstNode extends CstNode {
  name: "prefixDecl";
  children: PrefixDeclCstChildren;
}

export type PrefixDeclCstChildren = {
  PREFIX: IToken[];
  PNAME_NS: IToken[];
  IRIREF: IToken[];
};

export interface SelectQueryCstNode extends CstNode {
  name: "selectQuery";
  children: SelectQueryCstChildren;
}

export type SelectQueryCstChildren = {
  selectClause: SelectClauseCstNode[];
  datasetClause?: DatasetClauseCstNode[];
  whereClause: WhereClauseCstNode[];
  solutionModifier: SolutionModifierCstNode[];
};

export interface SubSelectCstNode extends CstNode {
  name: "subSelect";
  children: SubSelectCstChildren;
}

export type SubSelectCstChildren = {
  selectClause: SelectClauseCstNode[];
  whereClause: WhereClauseCstNode[];
  solutionModifier: SolutionModifierCstNode[];
  valuesClause: ValuesClauseCstNode[];
};

export interface SelectClauseCstNode extends CstNode {
  name: "selectClause";
  children: SelectClauseCstChildren;
}

export type SelectClauseCstChildren = {
  SELECT: IToken[];
  DISTINCT?: IToken[];
  REDUCED?: IToken[];
  selectItem?: SelectItemCstNode[];
  Star?: IToken[];
};

export interface SelectItemCstNode extends CstNode {
  name: "selectItem";
  children: SelectItemCstChildren;
}

export type SelectItemCstChildren = {
  var?: (VarCstNode)[];
  LParen?: IToken[];
  expression?: ExpressionCstNode[];
  AS?: IToken[];
  RParen?: IToken[];
};

export interface ConstructQueryCstNode extends CstNode {
  name: "constructQuery";
  children: ConstructQueryCstChildren;
}

export type ConstructQueryCstChildren = {
  CONSTRUCT: IToken[];
  constructTemplate?: ConstructTemplateCstNode[];
  datasetClause?: (DatasetClauseCstNode)[];
  whereClause?: WhereClauseCstNode[];
  WHERE?: IToken[];
  LCurly?: IToken[];
  triplesTemplate?: TriplesTemplateCstNode[];
  RCurly?: IToken[];
  solutionModifier: SolutionModifierCstNode[];
};

export interface DescribeQueryCstNode extends CstNode {
  name: "describeQuery";
  children: DescribeQueryCstChildren;
}

export type DescribeQueryCstChildren = {
  DESCRIBE: IToken[];
  varOrIri?: VarOrIriCstNode[];
  Star?: IToken[];
  datasetClause?: DatasetClauseCstNode[];
  whereClause?: WhereClauseCstNode[];
  solutionModifier: SolutionModifierCstNode[];
};

export interface AskQueryCstNode extends CstNode {
  name: "askQuery";
  children: AskQueryCstChildren;
}

export type AskQueryCstChildren = {
  ASK: IToken[];
  datasetClause?: DatasetClauseCstNode[];
  whereClause: WhereClauseCstNode[];
  solutionModifier: SolutionModifierCstNode[];
};

export interface DatasetClauseCstNode extends CstNode {
  name: "datasetClause";
  children: DatasetClauseCstChildren;
}

export type DatasetClauseCstChildren = {
  FROM: IToken[];
  NAMED?: IToken[];
  iri: IriCstNode[];
};

export interface WhereClauseCstNode extends CstNode {
  name: "whereClause";
  children: WhereClauseCstChildren;
}

export type WhereClauseCstChildren = {
  WHERE?: IToken[];
  groupGraphPattern: GroupGraphPatternCstNode[];
};

export interface SolutionModifierCstNode extends CstNode {
  name: "solutionModifier";
  children: SolutionModifierCstChildren;
}

export type SolutionModifierCstChildren = {
  groupClause?: GroupClauseCstNode[];
  havingClause?: HavingClauseCstNode[];
  orderClause?: OrderClauseCstNode[];
  limitOffsetClauses?: LimitOffsetClausesCstNode[];
};

export interface GroupClauseCstNode extends CstNode {
  name: "groupClause";
  children: GroupClauseCstChildren;
}

export type GroupClauseCstChildren = {
  GROUP: IToken[];
  BY: IToken[];
  groupCondition: GroupConditionCstNode[];
};

export interface GroupConditionCstNode extends CstNode {
  name: "groupCondition";
  children: GroupConditionCstChildren;
}

export type GroupConditionCstChildren = {
  builtInCall?: BuiltInCallCstNode[];
  functionCall?: FunctionCallCstNode[];
  LParen?: IToken[];
  expression?: ExpressionCstNode[];
  AS?: IToken[];
  var?: (VarCstNode)[];
  RParen?: IToken[];
};

export interface HavingClauseCstNode extends CstNode {
  name: "havingClause";
  children: HavingClauseCstChildren;
}

export type HavingClauseCstChildren = {
  HAVING: IToken[];
  constraint: ConstraintCstNode[];
};

export interface OrderClauseCstNode extends CstNode {
  name: "orderClause";
  children: OrderClauseCstChildren;
}

export type OrderClauseCstChildren = {
  ORDER: IToken[];
  BY: IToken[];
  orderCondition: OrderConditionCstNode[];
};

export interface OrderConditionCstNode extends CstNode {
  name: "orderCondition";
  children: OrderConditionCstChildren;
}

export type OrderConditionCstChildren = {
  ASC?: IToken[];
  DESC?: IToken[];
  brackettedExpression?: BrackettedExpressionCstNode[];
  constraint?: ConstraintCstNode[];
  var?: VarCstNode[];
};

export interface LimitOffsetClausesCstNode extends CstNode {
  name: "limitOffsetClauses";
  children: LimitOffsetClausesCstChildren;
}

export type LimitOffsetClausesCstChildren = {
  limitClause?: (LimitClauseCstNode)[];
  offsetClause?: (OffsetClauseCstNode)[];
};

export interface LimitClauseCstNode extends CstNode {
  name: "limitClause";
  children: LimitClauseCstChildren;
}

export type LimitClauseCstChildren = {
  LIMIT: IToken[];
  INTEGER: IToken[];
};

export interface OffsetClauseCstNode extends CstNode {
  name: "offsetClause";
  children: OffsetClauseCstChildren;
}

export type OffsetClauseCstChildren = {
  OFFSET: IToken[];
  INTEGER: IToken[];
};

export interface ValuesClauseCstNode extends CstNode {
  name: "valuesClause";
  children: ValuesClauseCstChildren;
}

export type ValuesClauseCstChildren = {
  VALUES?: IToken[];
  dataBlock?: DataBlockCstNode[];
};

export interface Update1CstNode extends CstNode {
  name: "update1";
  children: Update1CstChildren;
}

export type Update1CstChildren = {
  load?: LoadCstNode[];
  clear?: ClearCstNode[];
  drop?: DropCstNode[];
  add?: AddCstNode[];
  move?: MoveCstNode[];
  copy?: CopyCstNode[];
  create?: CreateCstNode[];
  insertData?: InsertDataCstNode[];
  deleteData?: DeleteDataCstNode[];
  deleteWhere?: DeleteWhereCstNode[];
  modify?: ModifyCstNode[];
};

export interface LoadCstNode extends CstNode {
  name: "load";
  children: LoadCstChildren;
}

export type LoadCstChildren = {
  LOAD: IToken[];
  SILENT?: IToken[];
  iri: IriCstNode[];
  INTO?: IToken[];
  graphRef?: GraphRefCstNode[];
};

export interface ClearCstNode extends CstNode {
  name: "clear";
  children: ClearCstChildren;
}

export type ClearCstChildren = {
  CLEAR: IToken[];
  SILENT?: IToken[];
  graphRefAll: GraphRefAllCstNode[];
};

export interface DropCstNode extends CstNode {
  name: "drop";
  children: DropCstChildren;
}

export type DropCstChildren = {
  DROP: IToken[];
  SILENT?: IToken[];
  graphRefAll: GraphRefAllCstNode[];
};

export interface CreateCstNode extends CstNode {
  name: "create";
  children: CreateCstChildren;
}

export type CreateCstChildren = {
  CREATE: IToken[];
  SILENT?: IToken[];
  graphRef: GraphRefCstNode[];
};

export interface AddCstNode extends CstNode {
  name: "add";
  children: AddCstChildren;
}

export type AddCstChildren = {
  ADD: IToken[];
  SILENT?: IToken[];
  graphOrDefault: (GraphOrDefaultCstNode)[];
  TO: IToken[];
};

export interface MoveCstNode extends CstNode {
  name: "move";
  children: MoveCstChildren;
}

export type MoveCstChildren = {
  MOVE: IToken[];
  SILENT?: IToken[];
  graphOrDefault: (GraphOrDefaultCstNode)[];
  TO: IToken[];
};

export interface CopyCstNode extends CstNode {
  name: "copy";
  children: CopyCstChildren;
}

export type CopyCstChildren = {
  COPY: IToken[];
  SILENT?: IToken[];
  graphOrDefault: (GraphOrDefaultCstNode)[];
  TO: IToken[];
};

export interface InsertDataCstNode extends CstNode {
  name: "insertData";
  children: InsertDataCstChildren;
}

export type InsertDataCstChildren = {
  INSERT: IToken[];
  DATA: IToken[];
  LCurly: IToken[];
  quads: QuadsCstNode[];
  RCurly: IToken[];
};

export interface DeleteDataCstNode extends CstNode {
  name: "deleteData";
  children: DeleteDataCstChildren;
}

export type DeleteDataCstChildren = {
  DELETE: IToken[];
  DATA: IToken[];
  LCurly: IToken[];
  quads: QuadsCstNode[];
  RCurly: IToken[];
};

export interface DeleteWhereCstNode extends CstNode {
  name: "deleteWhere";
  children: DeleteWhereCstChildren;
}

export type DeleteWhereCstChildren = {
  DELETE: IToken[];
  WHERE: IToken[];
  quadPattern: QuadPatternCstNode[];
};

export interface ModifyCstNode extends CstNode {
  name: "modify";
  children: ModifyCstChildren;
}

export type ModifyCstChildren = {
  WITH?: IToken[];
  iri?: IriCstNode[];
  deleteClause?: DeleteClauseCstNode[];
  insertClause?: (InsertClauseCstNode)[];
  usingClause?: UsingClauseCstNode[];
  WHERE: IToken[];
  groupGraphPattern: GroupGraphPatternCstNode[];
};

export interface DeleteClauseCstNode extends CstNode {
  name: "deleteClause";
  children: DeleteClauseCstChildren;
}

export type DeleteClauseCstChildren = {
  DELETE: IToken[];
  quadPattern: QuadPatternCstNode[];
};

export interface InsertClauseCstNode extends CstNode {
  name: "insertClause";
  children: InsertClauseCstChildren;
}

export type InsertClauseCstChildren = {
  INSERT: IToken[];
  quadPattern: QuadPatternCstNode[];
};

export interface UsingClauseCstNode extends CstNode {
  name: "usingClause";
  children: UsingClauseCstChildren;
}

export type UsingClauseCstChildren = {
  USING: IToken[];
  NAMED?: IToken[];
  iri: IriCstNode[];
};

export interface GraphOrDefaultCstNode extends CstNode {
  name: "graphOrDefault";
  children: GraphOrDefaultCstChildren;
}

export type GraphOrDefaultCstChildren = {
  DEFAULT?: IToken[];
  GRAPH?: IToken[];
  iri?: IriCstNode[];
};

export interface GraphRefCstNode extends CstNode {
  name: "graphRef";
  children: GraphRefCstChildren;
}

export type GraphRefCstChildren = {
  GRAPH: IToken[];
  iri: IriCstNode[];
};

export interface GraphRefAllCstNode extends CstNode {
  name: "graphRefAll";
  children: GraphRefAllCstChildren;
}

export type GraphRefAllCstChildren = {
  graphRef?: GraphRefCstNode[];
  DEFAULT?: IToken[];
  NAMED?: IToken[];
  ALL?: IToken[];
};

export interface QuadPatternCstNode extends CstNode {
  name: "quadPattern";
  children: QuadPatternCstChildren;
}

export type QuadPatternCstChildren = {
  LCurly: IToken[];
  quads: QuadsCstNode[];
  RCurly: IToken[];
};

export interface QuadsCstNode extends CstNode {
  name: "quads";
  children: QuadsCstChildren;
}

export type QuadsCstChildren = {
  triplesTemplate?: (TriplesTemplateCstNode)[];
  quadsNotTriples?: QuadsNotTriplesCstNode[];
  Dot?: IToken[];
};

export interface QuadsNotTriplesCstNode extends CstNode {
  name: "quadsNotTriples";
  children: QuadsNotTriplesCstChildren;
}

export type QuadsNotTriplesCstChildren = {
  GRAPH: IToken[];
  varOrIri: VarOrIriCstNode[];
  LCurly: IToken[];
  triplesTemplate?: TriplesTemplateCstNode[];
  RCurly: IToken[];
};

export interface TriplesTemplateCstNode extends CstNode {
  name: "triplesTemplate";
  children: TriplesTemplateCstChildren;
}

export type TriplesTemplateCstChildren = {
  triplesSameSubject: (TriplesSameSubjectCstNode)[];
  Dot?: (IToken)[];
};

export interface GroupGraphPatternCstNode extends CstNode {
  name: "groupGraphPattern";
  children: GroupGraphPatternCstChildren;
}

export type GroupGraphPatternCstChildren = {
  LCurly: IToken[];
  subSelect?: SubSelectCstNode[];
  groupGraphPatternSub?: GroupGraphPatternSubCstNode[];
  RCurly: IToken[];
};

export interface GroupGraphPatternSubCstNode extends CstNode {
  name: "groupGraphPatternSub";
  children: GroupGraphPatternSubCstChildren;
}

export type GroupGraphPatternSubCstChildren = {
  triplesBlock?: (TriplesBlockCstNode)[];
  graphPatternNotTriples?: GraphPatternNotTriplesCstNode[];
  Dot?: IToken[];
};

export interface TriplesBlockCstNode extends CstNode {
  name: "triplesBlock";
  children: TriplesBlockCstChildren;
}

export type TriplesBlockCstChildren = {
  triplesSameSubjectPath: (TriplesSameSubjectPathCstNode)[];
  Dot?: (IToken)[];
};

export interface GraphPatternNotTriplesCstNode extends CstNode {
  name: "graphPatternNotTriples";
  children: GraphPatternNotTriplesCstChildren;
}

export type GraphPatternNotTriplesCstChildren = {
  groupOrUnionGraphPattern?: GroupOrUnionGraphPatternCstNode[];
  optionalGraphPattern?: OptionalGraphPatternCstNode[];
  minusGraphPattern?: MinusGraphPatternCstNode[];
  graphGraphPattern?: GraphGraphPatternCstNode[];
  serviceGraphPattern?: ServiceGraphPatternCstNode[];
  filter?: FilterCstNode[];
  bind?: BindCstNode[];
  inlineData?: InlineDataCstNode[];
};

export interface OptionalGraphPatternCstNode extends CstNode {
  name: "optionalGraphPattern";
  children: OptionalGraphPatternCstChildren;
}

export type OptionalGraphPatternCstChildren = {
  OPTIONAL: IToken[];
  groupGraphPattern: GroupGraphPatternCstNode[];
};

export interface GraphGraphPatternCstNode extends CstNode {
  name: "graphGraphPattern";
  children: GraphGraphPatternCstChildren;
}

export type GraphGraphPatternCstChildren = {
  GRAPH: IToken[];
  varOrIri: VarOrIriCstNode[];
  groupGraphPattern: GroupGraphPatternCstNode[];
};

export interface ServiceGraphPatternCstNode extends CstNode {
  name: "serviceGraphPattern";
  children: ServiceGraphPatternCstChildren;
}

export type ServiceGraphPatternCstChildren = {
  SERVICE: IToken[];
  SILENT?: IToken[];
  varOrIri: VarOrIriCstNode[];
  groupGraphPattern: GroupGraphPatternCstNode[];
};

export interface BindCstNode extends CstNode {
  name: "bind";
  children: BindCstChildren;
}

export type BindCstChildren = {
  BIND: IToken[];
  LParen: IToken[];
  expression: ExpressionCstNode[];
  AS: IToken[];
  var: VarCstNode[];
  RParen: IToken[];
};

export interface InlineDataCstNode extends CstNode {
  name: "inlineData";
  children: InlineDataCstChildren;
}

export type InlineDataCstChildren = {
  VALUES: IToken[];
  dataBlock: DataBlockCstNode[];
};

export interface DataBlockCstNode extends CstNode {
  name: "dataBlock";
  children: DataBlockCstChildren;
}

export type DataBlockCstChildren = {
  inlineDataOneVar?: InlineDataOneVarCstNode[];
  inlineDataFull?: InlineDataFullCstNode[];
};

export interface InlineDataOneVarCstNode extends CstNode {
  name: "inlineDataOneVar";
  children: InlineDataOneVarCstChildren;
}

export type InlineDataOneVarCstChildren = {
  var: VarCstNode[];
  LCurly: IToken[];
  dataBlockValue?: DataBlockValueCstNode[];
  RCurly: IToken[];
};

export interface InlineDataFullCstNode extends CstNode {
  name: "inlineDataFull";
  children: InlineDataFullCstChildren;
}

export type InlineDataFullCstChildren = {
  NIL?: IToken[];
  LParen?: IToken[];
  var?: VarCstNode[];
  RParen?: IToken[];
  LCurly: IToken[];
  dataBlockRow?: DataBlockRowCstNode[];
  RCurly: IToken[];
};

export interface DataBlockRowCstNode extends CstNode {
  name: "dataBlockRow";
  children: DataBlockRowCstChildren;
}

export type DataBlockRowCstChildren = {
  NIL?: IToken[];
  LParen?: IToken[];
  dataBlockValue?: DataBlockValueCstNode[];
  RParen?: IToken[];
};

export interface DataBlockValueCstNode extends CstNode {
  name: "dataBlockValue";
  children: DataBlockValueCstChildren;
}

export type DataBlockValueCstChildren = {
  iri?: IriCstNode[];
  rdfLiteral?: RdfLiteralCstNode[];
  numericLiteral?: NumericLiteralCstNode[];
  booleanLiteral?: BooleanLiteralCstNode[];
  UNDEF?: IToken[];
};

export interface MinusGraphPatternCstNode extends CstNode {
  name: "minusGraphPattern";
  children: MinusGraphPatternCstChildren;
}

export type MinusGraphPatternCstChildren = {
  MINUS: IToken[];
  groupGraphPattern: GroupGraphPatternCstNode[];
};

export interface GroupOrUnionGraphPatternCstNode extends CstNode {
  name: "groupOrUnionGraphPattern";
  children: GroupOrUnionGraphPatternCstChildren;
}

export type GroupOrUnionGraphPatternCstChildren = {
  groupGraphPattern: (GroupGraphPatternCstNode)[];
  UNION?: IToken[];
};

export interface FilterCstNode extends CstNode {
  name: "filter";
  children: FilterCstChildren;
}

export type FilterCstChildren = {
  FILTER: IToken[];
  constraint: ConstraintCstNode[];
};

export interface ConstraintCstNode extends CstNode {
  name: "constraint";
  children: ConstraintCstChildren;
}

export type ConstraintCstChildren = {
  brackettedExpression?: BrackettedExpressionCstNode[];
  builtInCall?: BuiltInCallCstNode[];
  functionCall?: FunctionCallCstNode[];
};

export interface FunctionCallCstNode extends CstNode {
  name: "functionCall";
  children: FunctionCallCstChildren;
}

export type FunctionCallCstChildren = {
  iri: IriCstNode[];
  argList: ArgListCstNode[];
};

export interface ArgListCstNode extends CstNode {
  name: "argList";
  children: ArgListCstChildren;
}

export type ArgListCstChildren = {
  NIL?: IToken[];
  LParen?: IToken[];
  DISTINCT?: IToken[];
  expression?: (ExpressionCstNode)[];
  Comma?: IToken[];
  RParen?: IToken[];
};

export interface ExpressionListCstNode extends CstNode {
  name: "expressionList";
  children: ExpressionListCstChildren;
}

export type ExpressionListCstChildren = {
  NIL?: IToken[];
  LParen?: IToken[];
  expression?: (ExpressionCstNode)[];
  Comma?: IToken[];
  RParen?: IToken[];
};

export interface ConstructTemplateCstNode extends CstNode {
  name: "constructTemplate";
  children: ConstructTemplateCstChildren;
}

export type ConstructTemplateCstChildren = {
  LCurly: IToken[];
  constructTriples?: ConstructTriplesCstNode[];
  RCurly: IToken[];
};

export interface ConstructTriplesCstNode extends CstNode {
  name: "constructTriples";
  children: ConstructTriplesCstChildren;
}

export type ConstructTriplesCstChildren = {
  triplesSameSubject: (TriplesSameSubjectCstNode)[];
  Dot?: (IToken)[];
};

export interface TriplesSameSubjectCstNode extends CstNode {
  name: "triplesSameSubject";
  children: TriplesSameSubjectCstChildren;
}

export type TriplesSameSubjectCstChildren = {
  varOrTerm?: VarOrTermCstNode[];
  propertyListNotEmpty?: (PropertyListNotEmptyCstNode)[];
  triplesNode?: TriplesNodeCstNode[];
};

export interface PropertyListNotEmptyCstNode extends CstNode {
  name: "propertyListNotEmpty";
  children: PropertyListNotEmptyCstChildren;
}

export type PropertyListNotEmptyCstChildren = {
  verb: (VerbCstNode)[];
  objectList: (ObjectListCstNode)[];
  Semicolon?: IToken[];
};

export interface VerbCstNode extends CstNode {
  name: "verb";
  children: VerbCstChildren;
}

export type VerbCstChildren = {
  varOrIri?: VarOrIriCstNode[];
  a?: IToken[];
};

export interface ObjectListCstNode extends CstNode {
  name: "objectList";
  children: ObjectListCstChildren;
}

export type ObjectListCstChildren = {
  graphNode: (GraphNodeCstNode)[];
  Comma?: IToken[];
};

export interface TriplesSameSubjectPathCstNode extends CstNode {
  name: "triplesSameSubjectPath";
  children: TriplesSameSubjectPathCstChildren;
}

export type TriplesSameSubjectPathCstChildren = {
  varOrTerm?: VarOrTermCstNode[];
  propertyListPathNotEmpty?: (PropertyListPathNotEmptyCstNode)[];
  triplesNodePath?: TriplesNodePathCstNode[];
};

export interface PropertyListPathNotEmptyCstNode extends CstNode {
  name: "propertyListPathNotEmpty";
  children: PropertyListPathNotEmptyCstChildren;
}

export type PropertyListPathNotEmptyCstChildren = {
  verbPathOrSimple: (VerbPathOrSimpleCstNode)[];
  objectListPath: (ObjectListPathCstNode)[];
  Semicolon?: IToken[];
};

export interface VerbPathOrSimpleCstNode extends CstNode {
  name: "verbPathOrSimple";
  children: VerbPathOrSimpleCstChildren;
}

export type VerbPathOrSimpleCstChildren = {
  path?: PathCstNode[];
  var?: VarCstNode[];
};

export interface ObjectListPathCstNode extends CstNode {
  name: "objectListPath";
  children: ObjectListPathCstChildren;
}

export type ObjectListPathCstChildren = {
  graphNodePath: (GraphNodePathCstNode)[];
  Comma?: IToken[];
};

export interface PathCstNode extends CstNode {
  name: "path";
  children: PathCstChildren;
}

export type PathCstChildren = {
  pathSequence: (PathSequenceCstNode)[];
  Pipe?: IToken[];
};

export interface PathSequenceCstNode extends CstNode {
  name: "pathSequence";
  children: PathSequenceCstChildren;
}

export type PathSequenceCstChildren = {
  pathEltOrInverse: (PathEltOrInverseCstNode)[];
  Slash?: IToken[];
};

export interface PathEltOrInverseCstNode extends CstNode {
  name: "pathEltOrInverse";
  children: PathEltOrInverseCstChildren;
}

export type PathEltOrInverseCstChildren = {
  Caret?: IToken[];
  pathPrimary: PathPrimaryCstNode[];
  Question?: IToken[];
  Star?: IToken[];
  Plus?: IToken[];
};

export interface PathPrimaryCstNode extends CstNode {
  name: "pathPrimary";
  children: PathPrimaryCstChildren;
}

export type PathPrimaryCstChildren = {
  iri?: IriCstNode[];
  a?: IToken[];
  Bang?: IToken[];
  pathNegatedPropertySet?: PathNegatedPropertySetCstNode[];
  LParen?: IToken[];
  path?: PathCstNode[];
  RParen?: IToken[];
};

export interface PathNegatedPropertySetCstNode extends CstNode {
  name: "pathNegatedPropertySet";
  children: PathNegatedPropertySetCstChildren;
}

export type PathNegatedPropertySetCstChildren = {
  pathOneInPropertySet?: (PathOneInPropertySetCstNode)[];
  NIL?: IToken[];
  LParen?: IToken[];
  Pipe?: IToken[];
  RParen?: IToken[];
};

export interface PathOneInPropertySetCstNode extends CstNode {
  name: "pathOneInPropertySet";
  children: PathOneInPropertySetCstChildren;
}

export type PathOneInPropertySetCstChildren = {
  Caret?: IToken[];
  iri?: IriCstNode[];
  a?: IToken[];
};

export interface TriplesNodeCstNode extends CstNode {
  name: "triplesNode";
  children: TriplesNodeCstChildren;
}

export type TriplesNodeCstChildren = {
  LParen?: IToken[];
  graphNode?: GraphNodeCstNode[];
  RParen?: IToken[];
  LBracket?: IToken[];
  propertyListNotEmpty?: PropertyListNotEmptyCstNode[];
  RBracket?: IToken[];
};

export interface TriplesNodePathCstNode extends CstNode {
  name: "triplesNodePath";
  children: TriplesNodePathCstChildren;
}

export type TriplesNodePathCstChildren = {
  LParen?: IToken[];
  graphNodePath?: GraphNodePathCstNode[];
  RParen?: IToken[];
  LBracket?: IToken[];
  propertyListPathNotEmpty?: PropertyListPathNotEmptyCstNode[];
  RBracket?: IToken[];
};

export interface GraphNodeCstNode extends CstNode {
  name: "graphNode";
  children: GraphNodeCstChildren;
}

export type GraphNodeCstChildren = {
  varOrTerm?: VarOrTermCstNode[];
  triplesNode?: TriplesNodeCstNode[];
};

export interface GraphNodePathCstNode extends CstNode {
  name: "graphNodePath";
  children: GraphNodePathCstChildren;
}

export type GraphNodePathCstChildren = {
  varOrTerm?: VarOrTermCstNode[];
  triplesNodePath?: TriplesNodePathCstNode[];
};

export interface VarOrTermCstNode extends CstNode {
  name: "varOrTerm";
  children: VarOrTermCstChildren;
}

export type VarOrTermCstChildren = {
  var?: VarCstNode[];
  graphTerm?: GraphTermCstNode[];
};

export interface VarOrIriCstNode extends CstNode {
  name: "varOrIri";
  children: VarOrIriCstChildren;
}

export type VarOrIriCstChildren = {
  var?: VarCstNode[];
  iri?: IriCstNode[];
};

export interface VarCstNode extends CstNode {
  name: "var";
  children: VarCstChildren;
}

export type VarCstChildren = {
  VAR1?: IToken[];
  VAR2?: IToken[];
};

export interface GraphTermCstNode extends CstNode {
  name: "graphTerm";
  children: GraphTermCstChildren;
}

export type GraphTermCstChildren = {
  iri?: IriCstNode[];
  rdfLiteral?: RdfLiteralCstNode[];
  numericLiteral?: NumericLiteralCstNode[];
  booleanLiteral?: BooleanLiteralCstNode[];
  BLANK_NODE_LABEL?: IToken[];
  ANON?: IToken[];
  NIL?: IToken[];
};

export interface ExpressionCstNode extends CstNode {
  name: "expression";
  children: ExpressionCstChildren;
}

export type ExpressionCstChildren = {
  conditionalAndExpression: (ConditionalAndExpressionCstNode)[];
  OrOr?: IToken[];
};

export interface ConditionalAndExpressionCstNode extends CstNode {
  name: "conditionalAndExpression";
  children: ConditionalAndExpressionCstChildren;
}

export type ConditionalAndExpressionCstChildren = {
  relationalExpression: (RelationalExpressionCstNode)[];
  AndAnd?: IToken[];
};

export interface RelationalExpressionCstNode extends CstNode {
  name: "relationalExpression";
  children: RelationalExpressionCstChildren;
}

export type RelationalExpressionCstChildren = {
  additiveExpression: (AdditiveExpressionCstNode)[];
  Equals?: IToken[];
  NotEquals?: IToken[];
  Less?: IToken[];
  Greater?: IToken[];
  LessEq?: IToken[];
  GreaterEq?: IToken[];
  NOT?: IToken[];
  IN?: IToken[];
  expressionList?: ExpressionListCstNode[];
};

export interface AdditiveExpressionCstNode extends CstNode {
  name: "additiveExpression";
  children: AdditiveExpressionCstChildren;
}

export type AdditiveExpressionCstChildren = {
  multiplicativeExpression: (MultiplicativeExpressionCstNode)[];
  Plus?: IToken[];
  Minus?: IToken[];
  signedNumberTerm?: SignedNumberTermCstNode[];
};

export interface SignedNumberTermCstNode extends CstNode {
  name: "signedNumberTerm";
  children: SignedNumberTermCstChildren;
}

export type SignedNumberTermCstChildren = {
  numericLiteralPositive?: NumericLiteralPositiveCstNode[];
  numericLiteralNegative?: NumericLiteralNegativeCstNode[];
  Star?: IToken[];
  Slash?: IToken[];
  unaryExpression?: UnaryExpressionCstNode[];
};

export interface MultiplicativeExpressionCstNode extends CstNode {
  name: "multiplicativeExpression";
  children: MultiplicativeExpressionCstChildren;
}

export type MultiplicativeExpressionCstChildren = {
  unaryExpression: (UnaryExpressionCstNode)[];
  Star?: IToken[];
  Slash?: IToken[];
};

export interface UnaryExpressionCstNode extends CstNode {
  name: "unaryExpression";
  children: UnaryExpressionCstChildren;
}

export type UnaryExpressionCstChildren = {
  Bang?: IToken[];
  Plus?: IToken[];
  Minus?: IToken[];
  primaryExpression: PrimaryExpressionCstNode[];
};

export interface PrimaryExpressionCstNode extends CstNode {
  name: "primaryExpression";
  children: PrimaryExpressionCstChildren;
}

export type PrimaryExpressionCstChildren = {
  brackettedExpression?: BrackettedExpressionCstNode[];
  builtInCall?: BuiltInCallCstNode[];
  iriOrFunction?: IriOrFunctionCstNode[];
  rdfLiteral?: RdfLiteralCstNode[];
  numericLiteral?: NumericLiteralCstNode[];
  booleanLiteral?: BooleanLiteralCstNode[];
  var?: VarCstNode[];
};

export interface BrackettedExpressionCstNode extends CstNode {
  name: "brackettedExpression";
  children: BrackettedExpressionCstChildren;
}

export type BrackettedExpressionCstChildren = {
  LParen: IToken[];
  expression: ExpressionCstNode[];
  RParen: IToken[];
};

export interface BuiltInCallCstNode extends CstNode {
  name: "builtInCall";
  children: BuiltInCallCstChildren;
}

export type BuiltInCallCstChildren = {
  aggregate?: AggregateCstNode[];
  UnaryBuiltin?: IToken[];
  LParen?: (IToken)[];
  expression?: (ExpressionCstNode)[];
  RParen?: (IToken)[];
  BinaryBuiltin?: IToken[];
  Comma?: (IToken)[];
  NullaryBuiltin?: IToken[];
  NIL?: (IToken)[];
  BOUND?: IToken[];
  var?: VarCstNode[];
  BNODE?: IToken[];
  CONCAT?: IToken[];
  expressionList?: (ExpressionListCstNode)[];
  COALESCE?: IToken[];
  IF?: IToken[];
  regexExpression?: RegexExpressionCstNode[];
  substringExpression?: SubstringExpressionCstNode[];
  strReplaceExpression?: StrReplaceExpressionCstNode[];
  existsFunc?: ExistsFuncCstNode[];
  notExistsFunc?: NotExistsFuncCstNode[];
};

export interface RegexExpressionCstNode extends CstNode {
  name: "regexExpression";
  children: RegexExpressionCstChildren;
}

export type RegexExpressionCstChildren = {
  REGEX: IToken[];
  LParen: IToken[];
  expression: (ExpressionCstNode)[];
  Comma: (IToken)[];
  RParen: IToken[];
};

export interface SubstringExpressionCstNode extends CstNode {
  name: "substringExpression";
  children: SubstringExpressionCstChildren;
}

export type SubstringExpressionCstChildren = {
  SUBSTR: IToken[];
  LParen: IToken[];
  expression: (ExpressionCstNode)[];
  Comma: (IToken)[];
  RParen: IToken[];
};

export interface StrReplaceExpressionCstNode extends CstNode {
  name: "strReplaceExpression";
  children: StrReplaceExpressionCstChildren;
}

export type StrReplaceExpressionCstChildren = {
  REPLACE: IToken[];
  LParen: IToken[];
  expression: (ExpressionCstNode)[];
  Comma: (IToken)[];
  RParen: IToken[];
};

export interface ExistsFuncCstNode extends CstNode {
  name: "existsFunc";
  children: ExistsFuncCstChildren;
}

export type ExistsFuncCstChildren = {
  EXISTS: IToken[];
  groupGraphPattern: GroupGraphPatternCstNode[];
};

export interface NotExistsFuncCstNode extends CstNode {
  name: "notExistsFunc";
  children: NotExistsFuncCstChildren;
}

export type NotExistsFuncCstChildren = {
  NOT: IToken[];
  EXISTS: IToken[];
  groupGraphPattern: GroupGraphPatternCstNode[];
};

export interface AggregateCstNode extends CstNode {
  name: "aggregate";
  children: AggregateCstChildren;
}

export type AggregateCstChildren = {
  COUNT?: IToken[];
  LParen?: (IToken)[];
  DISTINCT?: (IToken)[];
  Star?: IToken[];
  expression?: (ExpressionCstNode)[];
  RParen?: (IToken)[];
  SimpleAggregate?: IToken[];
  GROUP_CONCAT?: IToken[];
  Semicolon?: IToken[];
  SEPARATOR?: IToken[];
  Equals?: IToken[];
  string?: StringCstNode[];
};

export interface IriOrFunctionCstNode extends CstNode {
  name: "iriOrFunction";
  children: IriOrFunctionCstChildren;
}

export type IriOrFunctionCstChildren = {
  iri: IriCstNode[];
  argList?: ArgListCstNode[];
};

export interface RdfLiteralCstNode extends CstNode {
  name: "rdfLiteral";
  children: RdfLiteralCstChildren;
}

export type RdfLiteralCstChildren = {
  string: StringCstNode[];
  LANGTAG?: IToken[];
  Caret2?: IToken[];
  iri?: IriCstNode[];
};

export interface NumericLiteralCstNode extends CstNode {
  name: "numericLiteral";
  children: NumericLiteralCstChildren;
}

export type NumericLiteralCstChildren = {
  INTEGER?: IToken[];
  DECIMAL?: IToken[];
  DOUBLE?: IToken[];
  numericLiteralPositive?: NumericLiteralPositiveCstNode[];
  numericLiteralNegative?: NumericLiteralNegativeCstNode[];
};

export interface NumericLiteralPositiveCstNode extends CstNode {
  name: "numericLiteralPositive";
  children: NumericLiteralPositiveCstChildren;
}

export type NumericLiteralPositiveCstChildren = {
  INTEGER_POSITIVE?: IToken[];
  DECIMAL_POSITIVE?: IToken[];
  DOUBLE_POSITIVE?: IToken[];
};

export interface NumericLiteralNegativeCstNode extends CstNode {
  name: "numericLiteralNegative";
  children: NumericLiteralNegativeCstChildren;
}

export type NumericLiteralNegativeCstChildren = {
  INTEGER_NEGATIVE?: IToken[];
  DECIMAL_NEGATIVE?: IToken[];
  DOUBLE_NEGATIVE?: IToken[];
};

export interface BooleanLiteralCstNode extends CstNode {
  name: "booleanLiteral";
  children: BooleanLiteralCstChildren;
}

export type BooleanLiteralCstChildren = {
  true?: IToken[];
  false?: IToken[];
};

export interface StringCstNode extends CstNode {
  name: "string";
  children: StringCstChildren;
}

export type StringCstChildren = {
  STRING_LITERAL1?: IToken[];
  STRING_LITERAL2?: IToken[];
  STRING_LITERAL_LONG1?: IToken[];
  STRING_LITERAL_LONG2?: IToken[];
};

export interface IriCstNode extends CstNode {
  name: "iri";
  children: IriCstChildren;
}

export type IriCstChildren = {
  IRIREF?: IToken[];
  PNAME_LN?: IToken[];
  PNAME_NS?: IToken[];
};
