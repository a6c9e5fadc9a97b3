/**
 * tokens.ts — the Datalog lexer: token types and the chevrotain Lexer (first stage of
 * grammar/datalog: text → tokens → CST (parser.ts) → AST (to-ast.ts)).
 *
 * Lexical rules (Soufflé-flavoured, see https://souffle-lang.github.io/rules):
 *   identifier  [a-z][A-Za-z0-9_]*    relation names, functors, symbol constants (`usa`)
 *   variable    [A-Z_][A-Za-z0-9_]*   `X`, `_Tmp`; `_` alone is the anonymous variable
 *   number      `42`, `0x2A`, `3.14`, `1e6`, `2.5E-3` (a leading `-` is the unary operator)
 *   string      `"..."` on one line, backslash escapes decoded by to-ast.ts
 *   comments    `// …`, `/* … *\/`, and Prolog's `% …` to end of line
 *   keywords    `not` (negation) and the directives `.decl .input .output .printsize .view`;
 *               aggregate names (`count`, `sum`, …) are identifiers too (token category),
 *               recognised as aggregates by the parser from context, so `count` stays
 *               usable as a relation or functor name.
 *
 * `%` is both the modulo operator and a comment starter. It is the modulo operator when the
 * previous token on the same line ends an operand (a variable, number, string, identifier,
 * `)` or the `}` of an aggregate), as in `X % 2`; everywhere else it starts a comment, as in `p(a).  % note`.
 *
 * Malformed strings and block comments are lexed as the `Unterminated…` tokens so that
 * index.ts can report them with a precise message instead of "unexpected character".
 */
import { createToken, Lexer, type IToken, type TokenType } from 'chevrotain';

// ── skipped: blanks and comments ────────────────────────────────────────────────────────────

export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: /[ \t\r\n\f\v]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});
export const LineComment = createToken({
  name: 'LineComment',
  pattern: /\/\/[^\r\n]*/,
  group: Lexer.SKIPPED,
});
export const BlockComment = createToken({
  name: 'BlockComment',
  pattern: /\/\*[\s\S]*?\*\//,
  group: Lexer.SKIPPED,
  line_breaks: true,
});
/** `/*` without its `*\/`: swallows the rest of the input; index.ts reports it. */
export const UnterminatedBlockComment = createToken({
  name: 'UnterminatedBlockComment',
  pattern: /\/\*[\s\S]*/,
  line_breaks: true,
});

/** endsOperand says whether `%` right after this token is the modulo operator. */
function endsOperand(token: IToken): boolean {
  const name = token.tokenType.name;
  return (
    name === 'Variable' ||
    name === 'Identifier' ||
    name === 'Integer' ||
    name === 'Float' ||
    name === 'StringLiteral' ||
    name === 'RParen' ||
    name === 'RBrace'
  );
}

/** matchModulo matches `%` when it follows an operand on the same line (`X % 2`). */
function matchModulo(text: string, offset: number, tokens: IToken[]): [string] | null {
  if (text.charCodeAt(offset) !== 37 /* % */) return null;
  const previous = tokens[tokens.length - 1];
  if (previous === undefined || !endsOperand(previous)) return null;
  const between = text.slice((previous.endOffset ?? previous.startOffset) + 1, offset);
  return /[\r\n]/.test(between) ? null : ['%'];
}

/** Category of the five binary arithmetic operators; declared here because Percent needs it. */
export const ArithmeticOp = createToken({ name: 'ArithmeticOp', pattern: Lexer.NA });

/** `%` as the modulo operator; tried before PercentComment, which takes every other `%`. */
export const Percent = createToken({
  name: 'Percent',
  pattern: { exec: matchModulo },
  categories: [ArithmeticOp],
  label: "'%'",
  line_breaks: false,
  start_chars_hint: ['%'],
});

export const PercentComment = createToken({
  name: 'PercentComment',
  pattern: /%[^\r\n]*/,
  group: Lexer.SKIPPED,
});

// ── literals and names ──────────────────────────────────────────────────────────────────────

export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[a-z][A-Za-z0-9_]*/,
  label: 'identifier',
});
/**
 * `count sum min max avg mean`: still identifiers to every rule that consumes an Identifier
 * (through the category), and a distinct type to the body-aggregate rule.
 */
export const AggregateName = createToken({
  name: 'AggregateName',
  pattern: /(?:count|sum|min|max|avg|mean)(?![A-Za-z0-9_])/,
  categories: [Identifier],
  label: 'identifier',
});
export const Variable = createToken({
  name: 'Variable',
  pattern: /[A-Z_][A-Za-z0-9_]*/,
  label: 'variable',
});
export const Float = createToken({
  name: 'Float',
  pattern: /\d+\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+/,
  label: 'number',
});
export const Integer = createToken({
  name: 'Integer',
  pattern: /0[xX][0-9a-fA-F]+|\d+/,
  label: 'number',
});
export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*"/,
  label: 'string',
});
/** A `"` whose string does not close on the same line; index.ts reports it. */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*\\?/,
});

// ── keywords ────────────────────────────────────────────────────────────────────────────────

const directive = (name: string, word: string): TokenType =>
  createToken({ name, pattern: new RegExp(`\\.${word}(?![A-Za-z0-9_])`), label: `'.${word}'` });
export const Decl = directive('Decl', 'decl');
export const Input = directive('Input', 'input');
export const Output = directive('Output', 'output');
export const PrintSize = directive('PrintSize', 'printsize');
/** `.view name`: keep the rules defining `name` in the store (src/datalog/views.ts). */
export const View = directive('View', 'view');

/** Category of the negation prefixes `!` and `not`. */
export const NegationOp = createToken({ name: 'NegationOp', pattern: Lexer.NA, label: "'!'" });
export const Not = createToken({
  name: 'Not',
  pattern: /not/,
  longer_alt: Identifier,
  categories: [NegationOp],
  label: "'not'",
});

// ── punctuation and operators ───────────────────────────────────────────────────────────────

export const ColonDash = createToken({ name: 'ColonDash', pattern: /:-/, label: "':-'" });
export const QueryMark = createToken({ name: 'QueryMark', pattern: /\?-/, label: "'?-'" });
export const Colon = createToken({ name: 'Colon', pattern: /:/, label: "':'" });
export const Comma = createToken({ name: 'Comma', pattern: /,/, label: "','" });
export const Semicolon = createToken({ name: 'Semicolon', pattern: /;/, label: "';'" });
export const Dot = createToken({ name: 'Dot', pattern: /\./, label: "'.'" });
export const LParen = createToken({ name: 'LParen', pattern: /\(/, label: "'('" });
export const RParen = createToken({ name: 'RParen', pattern: /\)/, label: "')'" });
export const LBrace = createToken({ name: 'LBrace', pattern: /\{/, label: "'{'" });
export const RBrace = createToken({ name: 'RBrace', pattern: /\}/, label: "'}'" });

/** Category of the six comparison operators. */
export const ComparisonOp = createToken({ name: 'ComparisonOp', pattern: Lexer.NA });
const comparison = (name: string, image: string): TokenType =>
  createToken({
    name,
    pattern: new RegExp(image.replace(/[!<>=]/g, (c) => `\\${c}`)),
    categories: [ComparisonOp],
    label: `'${image}'`,
  });
export const NotEquals = comparison('NotEquals', '!=');
export const LessEquals = comparison('LessEquals', '<=');
export const GreaterEquals = comparison('GreaterEquals', '>=');
export const Less = comparison('Less', '<');
export const Greater = comparison('Greater', '>');
export const Equals = comparison('Equals', '=');

export const Bang = createToken({
  name: 'Bang',
  pattern: /!/,
  categories: [NegationOp],
  label: "'!'",
});

export const Plus = createToken({ name: 'Plus', pattern: /\+/, categories: [ArithmeticOp], label: "'+'" });
export const Minus = createToken({ name: 'Minus', pattern: /-/, categories: [ArithmeticOp], label: "'-'" });
export const Star = createToken({ name: 'Star', pattern: /\*/, categories: [ArithmeticOp], label: "'*'" });
export const Slash = createToken({ name: 'Slash', pattern: /\//, categories: [ArithmeticOp], label: "'/'" });

/** The categories above, expanded to their members when listing expected tokens. */
export const categoryMembers: ReadonlyMap<TokenType, readonly TokenType[]> = new Map([
  [NegationOp, [Bang, Not]],
  [ComparisonOp, [Equals, NotEquals, Less, LessEquals, Greater, GreaterEquals]],
  [ArithmeticOp, [Plus, Minus, Star, Slash, Percent]],
]);

/** Every token type, in matching order: the first pattern that matches wins. */
export const allTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  UnterminatedBlockComment,
  Percent,
  PercentComment,
  Decl,
  Input,
  Output,
  PrintSize,
  View,
  Float,
  Integer,
  StringLiteral,
  UnterminatedString,
  Not,
  AggregateName,
  Identifier,
  Variable,
  ColonDash,
  QueryMark,
  Colon,
  Comma,
  Semicolon,
  Dot,
  LParen,
  RParen,
  LBrace,
  RBrace,
  NotEquals,
  LessEquals,
  GreaterEquals,
  Less,
  Greater,
  Equals,
  Bang,
  Plus,
  Minus,
  Star,
  Slash,
  NegationOp,
  ComparisonOp,
  ArithmeticOp,
];

/** The Datalog lexer; stateless between calls to `tokenize`. */
export const datalogLexer = new Lexer(allTokens, {
  positionTracking: 'full',
  ensureOptimizations: false,
});
