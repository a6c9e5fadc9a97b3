/**
 * tokens.ts — the SQL lexer: token types and the one chevrotain Lexer built from them.
 *
 * First stage of the SQL front end (text → tokens → parser.ts → AST). Follows SQLite's
 * tokenizer (https://sqlite.org/lang_keywords.html, tokenize.c) with the PostgreSQL additions
 * users type (`::`, `$1`, `ARRAY[`):
 *
 * - Keywords are case-insensitive and whole-word: `selected` is a name, not SELECT + `ed`.
 *   Words are lexed by the one Identifier pattern and then reclassified through a keyword
 *   table (`tokenize`), which gives the same result as one pattern per keyword with
 *   `longer_alt: Identifier` (the first version of this file), but one regex test per word
 *   instead of up to twenty: that version spent 30% of all parse time in the lexer.
 * - Two kinds of keyword. RESERVED words are never names (SELECT, FROM, JOIN, …): the grammar
 *   relies on them to end an expression or an implicit alias. Every other keyword also
 *   belongs to the `Ident` category, so `key`, `action`, `replace`, `first` … still work as
 *   table, column and function names, as they do in SQLite.
 * - Names: plain, "double quoted", `backquoted` and [bracketed] (SQLite's three quotings).
 * - Literals: 'strings' with '' escapes, integers (decimal and 0x hex), reals (1.5, .5, 1e5),
 *   blobs X'AB'. Parameters: ?  ?NNN  $NNN  :name  @name  $name.
 * - Comments -- … and /* … *\/ are skipped. Unterminated strings, quoted names and comments
 *   are matched by tokens in the `errors` group, so index.ts can name the mistake precisely.
 */
import { createToken, Lexer, type ILexingResult, type TokenType } from 'chevrotain';

// ---------------------------------------------------------------------------------------
// Categories (abstract token types the grammar consumes)

/** Any name: plain or quoted identifiers, and every non-reserved keyword. */
export const Ident = createToken({ name: 'Ident', pattern: Lexer.NA, label: 'identifier' });
/** Any numeric literal: Integer, HexInteger or Real. */
export const NumericLiteral = createToken({ name: 'NumericLiteral', pattern: Lexer.NA, label: 'number' });
/** Any reserved keyword (only PRAGMA values accept one, e.g. `PRAGMA journal_mode = DELETE`). */
export const AnyReserved = createToken({ name: 'AnyReserved', pattern: Lexer.NA, label: 'keyword' });
// Operator classes: one CONSUME in the grammar instead of one alternative per operator.
/** NOT - + ~ before an operand. */
export const PrefixOperator = createToken({ name: 'PrefixOperator', pattern: Lexer.NA, label: 'prefix operator' });
/** = == != <> < <= > >= (may be followed by ANY/SOME/ALL). */
export const ComparisonOperator = createToken({ name: 'ComparisonOperator', pattern: Lexer.NA, label: 'comparison operator' });
/** AND OR + - * / % || -> ->> & | << >> ESCAPE. */
export const BinaryOperator = createToken({ name: 'BinaryOperator', pattern: Lexer.NA, label: 'operator' });
/** LIKE ILIKE GLOB REGEXP MATCH BETWEEN (each may follow NOT). */
export const LikeOperator = createToken({ name: 'LikeOperator', pattern: Lexer.NA, label: 'LIKE/GLOB/REGEXP/MATCH/BETWEEN' });
/** ISNULL NOTNULL. */
export const NullTest = createToken({ name: 'NullTest', pattern: Lexer.NA, label: 'ISNULL/NOTNULL' });
/** NULL TRUE FALSE CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP. */
export const KeywordLiteral = createToken({ name: 'KeywordLiteral', pattern: Lexer.NA, label: 'literal' });
/** Reserved words that still name functions: like(), glob(), regexp(), match(), left(), right(). */
export const ReservedFunctionName = createToken({ name: 'ReservedFunctionName', pattern: Lexer.NA, label: 'function name' });

/** Any bound parameter: ?, ?NNN, $NNN, :name, @name, $name. */
export const Parameter = createToken({ name: 'Parameter', pattern: Lexer.NA, label: 'parameter' });

// Identifier characters: SQLite treats every character >= U+0080 as a letter.
const ID_START = 'A-Za-z_\\u0080-\\uffff';
const ID_PART = 'A-Za-z0-9_$\\u0080-\\uffff';

export const Identifier = createToken({
  name: 'Identifier',
  pattern: new RegExp(`[${ID_START}][${ID_PART}]*`),
  categories: [Ident],
  label: 'identifier',
});
export const QuotedIdentifier = createToken({
  name: 'QuotedIdentifier',
  pattern: /"[^"]*(?:""[^"]*)*"/,
  categories: [Ident],
  line_breaks: true,
  label: 'quoted identifier',
});
export const BacktickIdentifier = createToken({
  name: 'BacktickIdentifier',
  pattern: /`[^`]*(?:``[^`]*)*`/,
  categories: [Ident],
  line_breaks: true,
  label: 'quoted identifier',
});
export const BracketIdentifier = createToken({
  name: 'BracketIdentifier',
  pattern: /\[[^\]]*\]/,
  categories: [Ident],
  line_breaks: true,
  label: 'quoted identifier',
});

// ---------------------------------------------------------------------------------------
// Keywords

/** Words that are never names: the grammar uses them to end expressions and aliases. */
const RESERVED = [
  'ALL', 'AND', 'ANY', 'AS', 'ASC', 'BETWEEN', 'CASE', 'CAST', 'CHECK', 'COLLATE', 'COLUMN',
  'CONSTRAINT', 'CREATE', 'CROSS', 'CURRENT_DATE', 'CURRENT_TIME', 'CURRENT_TIMESTAMP',
  'DEFAULT', 'DEFERRABLE', 'DELETE', 'DESC', 'DISTINCT', 'DROP', 'ELSE', 'END', 'ESCAPE',
  'EXCEPT', 'EXISTS', 'FALSE', 'FETCH', 'FOR', 'FOREIGN', 'FROM', 'FULL', 'GLOB', 'GROUP', 'ILIKE',
  'HAVING', 'IN', 'INNER', 'INSERT', 'INTERSECT', 'INTO', 'IS', 'ISNULL', 'JOIN', 'LEFT',
  'LIKE', 'LIMIT', 'MATCH', 'NATURAL', 'NOT', 'NOTNULL', 'NULL', 'OFFSET', 'ON', 'OR', 'ORDER',
  'OUTER', 'PRIMARY', 'REFERENCES', 'REGEXP', 'RETURNING', 'RIGHT', 'SELECT', 'SET', 'SOME',
  'TABLE', 'THEN', 'TO', 'TRUE', 'UNION', 'UNIQUE', 'UPDATE', 'USING', 'VALUES', 'WHEN',
  'WHERE', 'WINDOW', 'WITH',
] as const;

/** Keywords that are also names wherever a name may stand (SQLite's "fallback" words). */
const NON_RESERVED = [
  'ABORT', 'ACTION', 'ADD', 'AFTER', 'ALTER', 'ALWAYS', 'ANALYZE', 'AUTOINCREMENT', 'BEFORE',
  'BEGIN', 'BY', 'CASCADE', 'COMMIT', 'COMMITTED', 'CONFLICT', 'CURRENT', 'DEFERRED', 'DO',
  'EACH', 'EXCLUDE', 'EXCLUSIVE', 'EXPLAIN', 'FAIL', 'FILTER', 'FIRST', 'FOLLOWING',
  'GENERATED', 'GROUPS', 'IF', 'IDENTITY', 'IGNORE', 'IMMEDIATE', 'INDEX', 'INDEXED', 'INITIALLY', 'INSTEAD',
  'ISOLATION', 'KEY', 'LAST', 'LEVEL', 'MATERIALIZED', 'NEXT', 'NO', 'NOTHING', 'NULLS', 'OF',
  'ONLY', 'OTHERS', 'OVER', 'PARTITION', 'PLAN', 'PRAGMA', 'PRECEDING', 'QUERY', 'RANGE',
  'READ', 'RECURSIVE', 'REINDEX', 'RELEASE', 'RENAME', 'REPEATABLE', 'REPLACE', 'RESTRICT',
  'ROLLBACK', 'ROW', 'ROWS', 'SAVEPOINT', 'SERIALIZABLE', 'SNAPSHOT', 'START', 'STORED',
  'STRICT', 'TEMP', 'TEMPORARY', 'TIES', 'TRANSACTION', 'TRIGGER', 'UNBOUNDED', 'UNCOMMITTED',
  'VACUUM', 'VIEW', 'VIRTUAL', 'WITHOUT', 'WORK', 'WRITE',
] as const;

export type ReservedKeyword = (typeof RESERVED)[number];
export type NonReservedKeyword = (typeof NON_RESERVED)[number];
export type Keyword = ReservedKeyword | NonReservedKeyword;

/** Keywords that also belong to an operator or literal class. */
const KEYWORD_CLASSES: Record<string, TokenType[]> = {
  NOT: [PrefixOperator],
  AND: [BinaryOperator],
  OR: [BinaryOperator],
  ESCAPE: [BinaryOperator],
  LIKE: [LikeOperator, ReservedFunctionName],
  GLOB: [LikeOperator, ReservedFunctionName],
  ILIKE: [LikeOperator],
  REGEXP: [LikeOperator, ReservedFunctionName],
  MATCH: [LikeOperator, ReservedFunctionName],
  BETWEEN: [LikeOperator],
  LEFT: [ReservedFunctionName],
  RIGHT: [ReservedFunctionName],
  ISNULL: [NullTest],
  NOTNULL: [NullTest],
  NULL: [KeywordLiteral],
  TRUE: [KeywordLiteral],
  FALSE: [KeywordLiteral],
  CURRENT_DATE: [KeywordLiteral],
  CURRENT_TIME: [KeywordLiteral],
  CURRENT_TIMESTAMP: [KeywordLiteral],
};

function keyword(word: string, reserved: boolean): TokenType {
  return createToken({
    name: word,
    // Not matched by the lexer itself: `tokenize` turns Identifier tokens into keywords.
    pattern: Lexer.NA,
    categories: [reserved ? AnyReserved : Ident, ...(KEYWORD_CLASSES[word] ?? [])],
    label: word,
  });
}

/** Keyword token types by upper-case word: `K.SELECT`, `K.KEY`, … */
export const K = {} as Record<Keyword, TokenType>;
for (const w of RESERVED) K[w] = keyword(w, true);
for (const w of NON_RESERVED) K[w] = keyword(w, false);

/** Upper-case word → keyword token type, and the same by lower-case word. */
const KEYWORDS = new Map<string, TokenType>(Object.entries(K));
const KEYWORDS_LOWER = new Map<string, TokenType>(Object.entries(K).map(([w, t]) => [w.toLowerCase(), t]));
const LONGEST_KEYWORD = Math.max(...[...KEYWORDS.keys()].map((w) => w.length));

/** The keyword a word spells, in any case (looked up without allocating for one-case words). */
function keywordOf(word: string): TokenType | undefined {
  const found = KEYWORDS.get(word) ?? KEYWORDS_LOWER.get(word);
  if (found !== undefined) return found;
  // Mixed case (`Select`): has both an upper- and a lower-case ASCII letter.
  let upper = false;
  let lower = false;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 65 && c <= 90) upper = true;
    else if (c >= 97 && c <= 122) lower = true;
  }
  return upper && lower ? KEYWORDS.get(word.toUpperCase()) : undefined;
}

/** True when `word` (any case) is a reserved keyword and must be quoted to be a name. */
export function isReservedWord(word: string): boolean {
  return (RESERVED as readonly string[]).includes(word.toUpperCase());
}

// ---------------------------------------------------------------------------------------
// Literals and parameters

export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: /'[^']*(?:''[^']*)*'/,
  line_breaks: true,
  label: 'string',
});
export const BlobLiteral = createToken({
  name: 'BlobLiteral',
  pattern: /[xX]'[^']*'/,
  line_breaks: true,
  label: 'blob',
});
export const HexInteger = createToken({
  name: 'HexInteger',
  pattern: /0[xX][0-9A-Fa-f]+/,
  categories: [NumericLiteral],
  label: 'number',
});
export const Real = createToken({
  name: 'Real',
  pattern: /(?:\d+\.\d*|\.\d+)(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+/,
  categories: [NumericLiteral],
  label: 'number',
});
export const Integer = createToken({
  name: 'Integer',
  pattern: /\d+/,
  categories: [NumericLiteral],
  label: 'number',
});
export const QuestionParam = createToken({
  name: 'QuestionParam',
  pattern: /\?\d*/,
  categories: [Parameter],
  label: 'parameter',
});
export const DollarNumberParam = createToken({
  name: 'DollarNumberParam',
  pattern: /\$\d+/,
  categories: [Parameter],
  label: 'parameter',
});
export const NamedParam = createToken({
  name: 'NamedParam',
  pattern: new RegExp(`[:@][${ID_PART}]+|\\$[${ID_START}][${ID_PART}]*`),
  categories: [Parameter],
  label: 'parameter',
});

// ---------------------------------------------------------------------------------------
// Punctuation and operators (longest first where they share a prefix)

function punct(name: string, text: string, categories: TokenType[] = []): TokenType {
  const escaped = text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  return createToken({ name, pattern: new RegExp(escaped), label: `'${text}'`, categories });
}

/** `ARRAY[` as one token: `[` alone starts a [bracketed name] in SQLite. */
export const ArrayOpen = createToken({ name: 'ArrayOpen', pattern: /ARRAY\s*\[/i, label: 'ARRAY[' });
export const RBracket = punct('RBracket', ']');
export const Concat = punct('Concat', '||', [BinaryOperator]);
export const JsonExtractText = punct('JsonExtractText', '->>', [BinaryOperator]);
export const JsonExtract = punct('JsonExtract', '->', [BinaryOperator]);
export const ShiftLeft = punct('ShiftLeft', '<<', [BinaryOperator]);
export const ShiftRight = punct('ShiftRight', '>>', [BinaryOperator]);
export const LessEq = punct('LessEq', '<=', [ComparisonOperator]);
export const GreaterEq = punct('GreaterEq', '>=', [ComparisonOperator]);
export const LessGreater = punct('LessGreater', '<>', [ComparisonOperator]);
export const NotEq = punct('NotEq', '!=', [ComparisonOperator]);
export const EqEq = punct('EqEq', '==', [ComparisonOperator]);
export const DoubleColon = punct('DoubleColon', '::');
export const Eq = punct('Eq', '=', [ComparisonOperator]);
export const Less = punct('Less', '<', [ComparisonOperator]);
export const Greater = punct('Greater', '>', [ComparisonOperator]);
export const BitOr = punct('BitOr', '|', [BinaryOperator]);
export const BitAnd = punct('BitAnd', '&', [BinaryOperator]);
export const Tilde = punct('Tilde', '~', [PrefixOperator]);
export const Plus = punct('Plus', '+', [BinaryOperator, PrefixOperator]);
export const Minus = punct('Minus', '-', [BinaryOperator, PrefixOperator]);
export const Star = punct('Star', '*', [BinaryOperator]);
export const Slash = punct('Slash', '/', [BinaryOperator]);
export const Percent = punct('Percent', '%', [BinaryOperator]);
export const LParen = punct('LParen', '(');
export const RParen = punct('RParen', ')');
export const Comma = punct('Comma', ',');
export const Semicolon = punct('Semicolon', ';');
export const Dot = punct('Dot', '.');

// ---------------------------------------------------------------------------------------
// Skipped and error tokens

export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: /[ \t\n\r\f\v]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});
export const LineComment = createToken({
  name: 'LineComment',
  pattern: /--[^\n\r]*/,
  group: Lexer.SKIPPED,
});
export const BlockComment = createToken({
  name: 'BlockComment',
  pattern: /\/\*[^*]*\*+(?:[^/*][^*]*\*+)*\//,
  group: Lexer.SKIPPED,
  line_breaks: true,
});

/** Tokens that only match broken input; index.ts turns the first one into a ParseError. */
export const UnterminatedBlockComment = createToken({
  name: 'UnterminatedBlockComment',
  pattern: /\/\*[\s\S]*/,
  group: 'errors',
  line_breaks: true,
  label: 'unterminated comment',
});
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /'[^']*(?:''[^']*)*/,
  group: 'errors',
  line_breaks: true,
  label: 'unterminated string literal',
});
export const UnterminatedQuotedIdentifier = createToken({
  name: 'UnterminatedQuotedIdentifier',
  pattern: /"[^"]*(?:""[^"]*)*|`[^`]*(?:``[^`]*)*|\[[^\]]*/,
  group: 'errors',
  line_breaks: true,
  label: 'unterminated quoted identifier',
});

// ---------------------------------------------------------------------------------------
// The lexer

/** Every token type, in lexing order (first match wins, so order matters). */
export const allTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  UnterminatedBlockComment,
  StringLiteral,
  UnterminatedString,
  BlobLiteral,
  ArrayOpen,
  Identifier,
  QuotedIdentifier,
  BacktickIdentifier,
  BracketIdentifier,
  UnterminatedQuotedIdentifier,
  HexInteger,
  Real,
  Integer,
  QuestionParam,
  DollarNumberParam,
  NamedParam,
  RBracket,
  Concat,
  JsonExtractText,
  JsonExtract,
  ShiftLeft,
  ShiftRight,
  LessEq,
  GreaterEq,
  LessGreater,
  NotEq,
  EqEq,
  DoubleColon,
  Eq,
  Less,
  Greater,
  BitOr,
  BitAnd,
  Tilde,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  LParen,
  RParen,
  Comma,
  Semicolon,
  Dot,
  // Keywords and categories last: the lexer never matches them, but the parser must know them.
  ...Object.values(K),
  Ident,
  AnyReserved,
  NumericLiteral,
  Parameter,
  PrefixOperator,
  ComparisonOperator,
  BinaryOperator,
  LikeOperator,
  NullTest,
  KeywordLiteral,
  ReservedFunctionName,
];

/** The SQL lexer. Stateless between calls to `tokenize`, so one instance serves every parse. */
const sqlLexer = new Lexer(allTokens, {
  positionTracking: 'full',
  ensureOptimizations: true,
});

/** Start of the message of a lexing error for `1abc` / `0x` (a number running into a word). */
export const MALFORMED_NUMBER = 'Malformed number';

/**
 * Lexes `text`: chevrotain's lexer, then keyword classification of plain words. A number
 * immediately followed by a word (`1abc`, `0x`, `1e`) is a lexing error, as in SQLite.
 */
export function tokenize(text: string): ILexingResult {
  const result = sqlLexer.tokenize(text);
  const tokens = result.tokens;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const type = t.tokenType;
    if (type === Identifier) {
      if (t.image.length > LONGEST_KEYWORD) continue;
      const kw = keywordOf(t.image);
      if (kw !== undefined) {
        t.tokenType = kw;
        t.tokenTypeIdx = kw.tokenTypeIdx as number;
      }
    } else if (type === Integer || type === Real || type === HexInteger) {
      const next = tokens[i + 1];
      if (next !== undefined && next.tokenType === Identifier && next.startOffset === (t.endOffset as number) + 1) {
        result.errors.push({
          offset: t.startOffset,
          line: t.startLine,
          column: t.startColumn,
          length: next.image.length + t.image.length,
          message: `${MALFORMED_NUMBER} "${t.image}${next.image}": a number cannot run into a name`,
        });
      }
    }
  }
  return result;
}
