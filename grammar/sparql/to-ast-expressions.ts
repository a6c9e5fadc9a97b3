/**
 * to-ast-expressions.ts — CST → AST for expressions: [110]–[128] (operators, built-in calls,
 * aggregates, function calls) and [69]–[72] constraints and argument lists.
 *
 * Operators fold left-associatively in source order. In [116], a signed number after an
 * operand (`?x -1`, `?x +2*?y`) is read as the operator and an unsigned literal: `?x - 1`.
 */
import type { CstElement } from 'chevrotain';
import type {
  AggregateName, BinaryOperator, BuiltinName, Expression, UnaryOperator,
} from './ast.js';
import type {
  AggregateCstNode, ArgListCstNode, BuiltInCallCstNode, ConditionalAndExpressionCstNode,
  ConstraintCstNode, ExpressionCstNode, ExpressionListCstNode, FunctionCallCstNode,
  MultiplicativeExpressionCstNode, PrimaryExpressionCstNode, RelationalExpressionCstNode,
  SignedNumberTermCstNode, UnaryExpressionCstNode, AdditiveExpressionCstNode,
} from './cst.js';
import { inOrder, isToken, spanFrom, spanOf, type IToken } from './cst-util.js';
import { numericToken, type TermContext } from './terms.js';
import { groupGraphPattern } from './to-ast-patterns.js';

const binary = (operator: BinaryOperator, left: Expression, right: Expression): Expression => ({
  kind: 'binary', operator, left, right, span: spanFrom(left.span, right.span),
});

/** [110] Expression / [111] ConditionalOrExpression */
export function expression(ctx: TermContext, node: ExpressionCstNode): Expression {
  return node.children.conditionalAndExpression
    .map((n) => conditionalAnd(ctx, n))
    .reduce((left, right) => binary('||', left, right));
}

/** [112] ConditionalAndExpression */
function conditionalAnd(ctx: TermContext, node: ConditionalAndExpressionCstNode): Expression {
  return node.children.relationalExpression
    .map((n) => relational(ctx, n))
    .reduce((left, right) => binary('&&', left, right));
}

const RELATIONAL: [keyof RelationalExpressionCstNode['children'], BinaryOperator][] = [
  ['Equals', '='], ['NotEquals', '!='], ['Less', '<'], ['Greater', '>'], ['LessEq', '<='], ['GreaterEq', '>='],
];

/** [114] RelationalExpression */
function relational(ctx: TermContext, node: RelationalExpressionCstNode): Expression {
  const c = node.children;
  const left = additive(ctx, c.additiveExpression[0]!);
  if (c.IN) {
    return {
      kind: 'in', negated: c.NOT !== undefined, expression: left,
      list: expressionList(ctx, c.expressionList![0]!), span: spanOf(node),
    };
  }
  for (const [key, op] of RELATIONAL) {
    if (c[key]) return binary(op, left, additive(ctx, c.additiveExpression[1]!));
  }
  return left;
}

/** [116] AdditiveExpression */
function additive(ctx: TermContext, node: AdditiveExpressionCstNode): Expression {
  const c = node.children;
  const parts = inOrder<CstElement>(c.multiplicativeExpression, c.Plus, c.Minus, c.signedNumberTerm);
  let acc = multiplicative(ctx, c.multiplicativeExpression[0]!);
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i]!;
    if (isToken(part)) {
      const right = multiplicative(ctx, parts[++i] as MultiplicativeExpressionCstNode);
      acc = binary(part.image === '+' ? '+' : '-', acc, right);
    } else {
      const [operator, right] = signedNumberTerm(ctx, part as SignedNumberTermCstNode);
      acc = binary(operator, acc, right);
    }
  }
  return acc;
}

/** helper of [116]: `+2 * ?y` → ['+', 2 * ?y]. */
function signedNumberTerm(ctx: TermContext, node: SignedNumberTermCstNode): [BinaryOperator, Expression] {
  const c = node.children;
  const signed = (c.numericLiteralPositive ?? c.numericLiteralNegative)![0]!;
  const token = Object.values(signed.children).flat()[0] as IToken;
  const literal: Expression = { kind: 'term', term: numericToken(token, true), span: spanOf(token) };
  return [token.image[0] === '+' ? '+' : '-', foldMultiplicative(ctx, literal, c.Star, c.Slash, c.unaryExpression)];
}

/** [117] MultiplicativeExpression */
function multiplicative(ctx: TermContext, node: MultiplicativeExpressionCstNode): Expression {
  const c = node.children;
  const [first, ...rest] = c.unaryExpression;
  return foldMultiplicative(ctx, unary(ctx, first!), c.Star, c.Slash, rest);
}

function foldMultiplicative(
  ctx: TermContext,
  first: Expression,
  stars: IToken[] | undefined,
  slashes: IToken[] | undefined,
  operands: UnaryExpressionCstNode[] | undefined,
): Expression {
  // Operator i and operand i (both in source order) follow `first`.
  const operators = inOrder(stars, slashes);
  return operators.reduce<Expression>(
    (left, op, i) => binary(op.image === '*' ? '*' : '/', left, unary(ctx, operands![i]!)),
    first,
  );
}

/** [118] UnaryExpression */
function unary(ctx: TermContext, node: UnaryExpressionCstNode): Expression {
  const c = node.children;
  const operand = primary(ctx, c.primaryExpression[0]!);
  const op = c.Bang ?? c.Plus ?? c.Minus;
  if (!op) return operand;
  return { kind: 'unary', operator: op[0]!.image as UnaryOperator, operand, span: spanOf(node) };
}

/** [119] PrimaryExpression */
function primary(ctx: TermContext, node: PrimaryExpressionCstNode): Expression {
  const c = node.children;
  const span = spanOf(node);
  if (c.brackettedExpression) return expression(ctx, c.brackettedExpression[0]!.children.expression[0]!);
  if (c.builtInCall) return builtInCall(ctx, c.builtInCall[0]!);
  if (c.iriOrFunction) {
    const f = c.iriOrFunction[0]!.children;
    const iri = ctx.iri(f.iri[0]!);
    if (!f.argList) return { kind: 'term', term: iri, span };
    return { kind: 'functionCall', iri, ...argList(ctx, f.argList[0]!), span };
  }
  if (c.rdfLiteral) return { kind: 'term', term: ctx.rdfLiteral(c.rdfLiteral[0]!), span };
  if (c.numericLiteral) return { kind: 'term', term: ctx.numericLiteral(c.numericLiteral[0]!), span };
  if (c.booleanLiteral) return { kind: 'term', term: ctx.booleanLiteral(c.booleanLiteral[0]!), span };
  return { kind: 'variable', variable: ctx.variable(c.var![0]!), span };
}

/** [69] Constraint ::= BrackettedExpression | BuiltInCall | FunctionCall */
export function constraint(ctx: TermContext, node: ConstraintCstNode): Expression {
  const c = node.children;
  if (c.brackettedExpression) return expression(ctx, c.brackettedExpression[0]!.children.expression[0]!);
  if (c.builtInCall) return builtInCall(ctx, c.builtInCall[0]!);
  return functionCall(ctx, c.functionCall![0]!);
}

/** [70] FunctionCall ::= iri ArgList */
export function functionCall(ctx: TermContext, node: FunctionCallCstNode): Expression {
  const c = node.children;
  return { kind: 'functionCall', iri: ctx.iri(c.iri[0]!), ...argList(ctx, c.argList[0]!), span: spanOf(node) };
}

/** [71] ArgList */
function argList(ctx: TermContext, node: ArgListCstNode): { distinct: boolean; args: Expression[] } {
  const c = node.children;
  return { distinct: c.DISTINCT !== undefined, args: (c.expression ?? []).map((e) => expression(ctx, e)) };
}

/** [72] ExpressionList */
function expressionList(ctx: TermContext, node: ExpressionListCstNode): Expression[] {
  return (node.children.expression ?? []).map((e) => expression(ctx, e));
}

/** [121] BuiltInCall (with [122]–[127]) */
export function builtInCall(ctx: TermContext, node: BuiltInCallCstNode): Expression {
  const c = node.children;
  const span = spanOf(node);
  const call = (name: BuiltinName, args: Expression[]): Expression => ({ kind: 'builtin', name, args, span });
  const exprs = (list: ExpressionCstNode[] | undefined): Expression[] => (list ?? []).map((e) => expression(ctx, e));
  if (c.aggregate) return aggregate(ctx, c.aggregate[0]!);
  const named = c.UnaryBuiltin ?? c.BinaryBuiltin ?? c.NullaryBuiltin;
  if (named) return call(named[0]!.tokenType.name as BuiltinName, exprs(c.expression));
  if (c.BOUND) {
    const v = c.var![0]!;
    return call('BOUND', [{ kind: 'variable', variable: ctx.variable(v), span: spanOf(v) }]);
  }
  if (c.BNODE) return call('BNODE', exprs(c.expression));
  if (c.CONCAT) return call('CONCAT', expressionList(ctx, c.expressionList![0]!));
  if (c.COALESCE) return call('COALESCE', expressionList(ctx, c.expressionList![0]!));
  if (c.IF) return call('IF', exprs(c.expression));
  if (c.regexExpression) return call('REGEX', exprs(c.regexExpression[0]!.children.expression));
  if (c.substringExpression) return call('SUBSTR', exprs(c.substringExpression[0]!.children.expression));
  if (c.strReplaceExpression) return call('REPLACE', exprs(c.strReplaceExpression[0]!.children.expression));
  const exists = c.existsFunc ?? c.notExistsFunc;
  return {
    kind: 'exists',
    negated: c.notExistsFunc !== undefined,
    pattern: groupGraphPattern(ctx, exists![0]!.children.groupGraphPattern[0]!),
    span,
  };
}

/** [127] Aggregate */
function aggregate(ctx: TermContext, node: AggregateCstNode): Expression {
  const c = node.children;
  const nameToken = (c.COUNT ?? c.SimpleAggregate ?? c.GROUP_CONCAT)![0]!;
  return {
    kind: 'aggregate',
    name: nameToken.tokenType.name as AggregateName,
    distinct: c.DISTINCT !== undefined,
    expression: c.expression ? expression(ctx, c.expression[0]!) : null,
    separator: c.string ? ctx.string(c.string[0]!) : null,
    span: spanOf(node),
  };
}

/** A variable as an expression (for GROUP BY ?x and ORDER BY ?x). */
export function variableExpression(ctx: TermContext, node: Parameters<TermContext['variable']>[0]): Expression {
  return { kind: 'variable', variable: ctx.variable(node), span: spanOf(node) };
}
