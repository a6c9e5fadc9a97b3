/**
 * tokens.ts — the SPARQL 1.1 lexer: token types and the chevrotain Lexer (first stage of
 * grammar/sparql: text → tokens → CST (parser.ts) → AST (to-ast.ts)).
 *
 * Terminals follow https://www.w3.org/TR/sparql11-query/#terminals, productions [139]–[173].
 * Deviations, all deliberate:
 *  - Codepoint escapes (\uXXXX, \UXXXXXXXX) are accepted only inside IRIREFs and string
 *    literals, and decoded once, by the AST builder (SPARQL 1.2 / Turtle style), instead of
 *    SPARQL 1.1 §19.2's "replace everywhere before parsing". This keeps source positions exact
 *    and makes the multi-pass cases of the W3C tests (syn-codepoint-escape-bad-04/05) errors.
 *  - `Name` is not a SPARQL terminal: it swallows any other identifier-like word so that a
 *    typo such as `SELCT` is reported as one unexpected word, and is every keyword's
 *    `longer_alt` (so `STRX` is not read as `STR` + `X`).
 *
 * chevrotain picks the first pattern that matches (not the longest), so the order of
 * `allTokens` encodes the spec's longest-match rule: IRIREF before '<', PNAME_LN before
 * PNAME_NS, DOUBLE before DECIMAL before INTEGER, signed numbers before '+'/'-', long
 * strings before short ones, NIL/ANON before '('/'[', longer keywords before shorter ones.
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';

// ---- character classes (regex source fragments) -------------------------------------------

/** [164] PN_CHARS_BASE, BMP part (inside a character class). */
const BASE_BMP =
  'A-Za-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF' +
  '\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD';
/** [#x10000-#xEFFFF] as UTF-16 surrogate pairs (no `u` flag, so chevrotain can optimize). */
const ASTRAL = '[\\uD800-\\uDB7F][\\uDC00-\\uDFFF]';
const EXTRA = '\\u00B7\\u0300-\\u036F\\u203F-\\u2040';
/** [164] PN_CHARS_BASE */
const PN_CHARS_BASE = `(?:[${BASE_BMP}]|${ASTRAL})`;
/** [165] PN_CHARS_U */
const PN_CHARS_U = `(?:[${BASE_BMP}_]|${ASTRAL})`;
/** [167] PN_CHARS */
const PN_CHARS = `(?:[${BASE_BMP}_\\-0-9${EXTRA}]|${ASTRAL})`;
/** [166] VARNAME */
const VARNAME = `(?:[${BASE_BMP}_0-9]|${ASTRAL})(?:[${BASE_BMP}_0-9${EXTRA}]|${ASTRAL})*`;
/** [168] PN_PREFIX */
const PN_PREFIX = `${PN_CHARS_BASE}(?:(?:${PN_CHARS}|\\.)*${PN_CHARS})?`;
/** [170] PLX ::= PERCENT | PN_LOCAL_ESC ([171]–[173]) */
const PLX = `(?:%[0-9A-Fa-f]{2}|\\\\[_~.\\-!$&'()*+,;=/?#@%])`;
/** [169] PN_LOCAL */
const PN_LOCAL = `(?:${PN_CHARS_U}|[:0-9]|${PLX})(?:(?:${PN_CHARS}|[.:]|${PLX})*(?:${PN_CHARS}|:|${PLX}))?`;
/** [160] ECHAR, plus UCHAR (codepoint escapes, see the header). */
const ESCAPE = `\\\\(?:[tbnrf\\\\"']|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})`;
const UCHAR = `\\\\(?:u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})`;
/** [155] EXPONENT */
const EXPONENT = '[eE][+-]?[0-9]+';
const DOUBLE_BODY = `(?:[0-9]+\\.[0-9]*${EXPONENT}|\\.[0-9]+${EXPONENT}|[0-9]+${EXPONENT})`;
const DECIMAL_BODY = '[0-9]*\\.[0-9]+';
const INTEGER_BODY = '[0-9]+';

const re = (source: string, flags = ''): RegExp => new RegExp(source, flags);

// ---- whitespace and comments ---------------------------------------------------------------

/** [162] WS */
export const WS = createToken({ name: 'WS', pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED, line_breaks: true });
/** Comments: '#' to the end of the line, outside IRIs and strings (§19.4). */
export const Comment = createToken({ name: 'Comment', pattern: /#[^\r\n]*/, group: Lexer.SKIPPED });

// ---- terminals with a lexical form ---------------------------------------------------------

/** [139] IRIREF ::= '<' ([^<>"{}|^`\]-[#x00-#x20])* '>' (plus UCHAR) */
export const IRIREF = createToken({
  name: 'IRIREF',
  label: 'IRI <…>',
  pattern: re(`<(?:[^<>"{}|^\`\\\\\\u0000-\\u0020]|${UCHAR})*>`),
});
/** [141] PNAME_LN ::= PNAME_NS PN_LOCAL */
export const PNAME_LN = createToken({
  name: 'PNAME_LN',
  label: 'prefixed name (ex:name)',
  pattern: re(`(?:${PN_PREFIX})?:${PN_LOCAL}`),
});
/** [140] PNAME_NS ::= PN_PREFIX? ':' */
export const PNAME_NS = createToken({ name: 'PNAME_NS', label: 'prefix (ex:)', pattern: re(`(?:${PN_PREFIX})?:`) });
/** [142] BLANK_NODE_LABEL ::= '_:' ( PN_CHARS_U | [0-9] ) ((PN_CHARS|'.')* PN_CHARS)? */
export const BLANK_NODE_LABEL = createToken({
  name: 'BLANK_NODE_LABEL',
  label: 'blank node label',
  pattern: re(`_:(?:${PN_CHARS_U}|[0-9])(?:(?:${PN_CHARS}|\\.)*${PN_CHARS})?`),
});
/** [143] VAR1 ::= '?' VARNAME */
export const VAR1 = createToken({ name: 'VAR1', label: 'variable', pattern: re(`\\?${VARNAME}`) });
/** [144] VAR2 ::= '$' VARNAME */
export const VAR2 = createToken({ name: 'VAR2', label: 'variable', pattern: re(`\\$${VARNAME}`) });
/** [145] LANGTAG ::= '@' [a-zA-Z]+ ('-' [a-zA-Z0-9]+)* */
export const LANGTAG = createToken({ name: 'LANGTAG', label: 'language tag', pattern: /@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*/ });

/** [151] DOUBLE_POSITIVE ::= '+' DOUBLE */
export const DOUBLE_POSITIVE = createToken({ name: 'DOUBLE_POSITIVE', label: 'number', pattern: re(`\\+${DOUBLE_BODY}`) });
/** [150] DECIMAL_POSITIVE ::= '+' DECIMAL */
export const DECIMAL_POSITIVE = createToken({ name: 'DECIMAL_POSITIVE', label: 'number', pattern: re(`\\+${DECIMAL_BODY}`) });
/** [149] INTEGER_POSITIVE ::= '+' INTEGER */
export const INTEGER_POSITIVE = createToken({ name: 'INTEGER_POSITIVE', label: 'number', pattern: re(`\\+${INTEGER_BODY}`) });
/** [154] DOUBLE_NEGATIVE ::= '-' DOUBLE */
export const DOUBLE_NEGATIVE = createToken({ name: 'DOUBLE_NEGATIVE', label: 'number', pattern: re(`-${DOUBLE_BODY}`) });
/** [153] DECIMAL_NEGATIVE ::= '-' DECIMAL */
export const DECIMAL_NEGATIVE = createToken({ name: 'DECIMAL_NEGATIVE', label: 'number', pattern: re(`-${DECIMAL_BODY}`) });
/** [152] INTEGER_NEGATIVE ::= '-' INTEGER */
export const INTEGER_NEGATIVE = createToken({ name: 'INTEGER_NEGATIVE', label: 'number', pattern: re(`-${INTEGER_BODY}`) });
/** [148] DOUBLE */
export const DOUBLE = createToken({ name: 'DOUBLE', label: 'number', pattern: re(DOUBLE_BODY) });
/** [147] DECIMAL ::= [0-9]* '.' [0-9]+ */
export const DECIMAL = createToken({ name: 'DECIMAL', label: 'number', pattern: re(DECIMAL_BODY) });
/** [146] INTEGER ::= [0-9]+ */
export const INTEGER = createToken({ name: 'INTEGER', label: 'integer', pattern: re(INTEGER_BODY) });

/** [159] STRING_LITERAL_LONG2 ::= '"""' ( ( '"' | '""' )? ( [^"\] | ECHAR ) )* '"""' */
export const STRING_LITERAL_LONG2 = createToken({
  name: 'STRING_LITERAL_LONG2',
  label: 'string',
  pattern: re(`"""(?:(?:"|"")?(?:[^"\\\\]|${ESCAPE}))*"""`),
  line_breaks: true,
});
/** [158] STRING_LITERAL_LONG1 ::= "'''" ( ( "'" | "''" )? ( [^'\] | ECHAR ) )* "'''" */
export const STRING_LITERAL_LONG1 = createToken({
  name: 'STRING_LITERAL_LONG1',
  label: 'string',
  pattern: re(`'''(?:(?:'|'')?(?:[^'\\\\]|${ESCAPE}))*'''`),
  line_breaks: true,
});
/** [157] STRING_LITERAL2 ::= '"' ( ([^#x22#x5C#xA#xD]) | ECHAR )* '"' */
export const STRING_LITERAL2 = createToken({
  name: 'STRING_LITERAL2',
  label: 'string',
  pattern: re(`"(?:[^"\\\\\\n\\r]|${ESCAPE})*"`),
});
/** [156] STRING_LITERAL1 ::= "'" ( ([^#x27#x5C#xA#xD]) | ECHAR )* "'" */
export const STRING_LITERAL1 = createToken({
  name: 'STRING_LITERAL1',
  label: 'string',
  pattern: re(`'(?:[^'\\\\\\n\\r]|${ESCAPE})*'`),
});

/** [161] NIL ::= '(' WS* ')' */
export const NIL = createToken({ name: 'NIL', label: "'()'", pattern: /\([ \t\r\n]*\)/, line_breaks: true });
/** [163] ANON ::= '[' WS* ']' */
export const ANON = createToken({ name: 'ANON', label: "'[]'", pattern: /\[[ \t\r\n]*\]/, line_breaks: true });

// ---- keywords --------------------------------------------------------------------------------

/** Not a SPARQL terminal: any other word (see the header). Never consumed by the parser. */
export const Name = createToken({ name: 'Name', label: 'word', pattern: /[A-Za-z_][A-Za-z0-9_]*/ });

/** Categories so that [121] BuiltInCall reads as a few shapes instead of 50 alternatives. */
export const UnaryBuiltin = createToken({ name: 'UnaryBuiltin', label: 'built-in function', pattern: Lexer.NA });
export const BinaryBuiltin = createToken({ name: 'BinaryBuiltin', label: 'built-in function', pattern: Lexer.NA });
export const NullaryBuiltin = createToken({ name: 'NullaryBuiltin', label: 'built-in function', pattern: Lexer.NA });
/** SUM, MIN, MAX, AVG, SAMPLE: the aggregates of [127] that take one expression. */
export const SimpleAggregate = createToken({ name: 'SimpleAggregate', label: 'aggregate', pattern: Lexer.NA });

const keywordTokens: TokenType[] = [];
/** Keyword tokens by upper-case spelling (`a` is stored as 'a'). */
export const keywordsByName = new Map<string, TokenType>();

function keyword(word: string, categories: TokenType[] = [], caseSensitive = false): TokenType {
  const token = createToken({
    name: word,
    label: `'${word}'`,
    pattern: new RegExp(word, caseSensitive ? '' : 'i'),
    longer_alt: Name,
    categories,
  });
  keywordTokens.push(token);
  keywordsByName.set(word, token);
  return token;
}

export const BASE = keyword('BASE');
export const PREFIX = keyword('PREFIX');
export const SELECT = keyword('SELECT');
export const DISTINCT = keyword('DISTINCT');
export const REDUCED = keyword('REDUCED');
export const AS = keyword('AS');
export const CONSTRUCT = keyword('CONSTRUCT');
export const WHERE = keyword('WHERE');
export const DESCRIBE = keyword('DESCRIBE');
export const ASK = keyword('ASK');
export const FROM = keyword('FROM');
export const NAMED = keyword('NAMED');
export const GROUP = keyword('GROUP');
export const BY = keyword('BY');
export const HAVING = keyword('HAVING');
export const ORDER = keyword('ORDER');
export const ASC = keyword('ASC');
export const DESC = keyword('DESC');
export const LIMIT = keyword('LIMIT');
export const OFFSET = keyword('OFFSET');
export const VALUES = keyword('VALUES');
export const LOAD = keyword('LOAD');
export const SILENT = keyword('SILENT');
export const INTO = keyword('INTO');
export const CLEAR = keyword('CLEAR');
export const DROP = keyword('DROP');
export const CREATE = keyword('CREATE');
export const ADD = keyword('ADD');
export const TO = keyword('TO');
export const MOVE = keyword('MOVE');
export const COPY = keyword('COPY');
export const INSERT = keyword('INSERT');
export const DATA = keyword('DATA');
export const DELETE = keyword('DELETE');
export const WITH = keyword('WITH');
export const USING = keyword('USING');
export const DEFAULT = keyword('DEFAULT');
export const GRAPH = keyword('GRAPH');
export const ALL = keyword('ALL');
export const OPTIONAL = keyword('OPTIONAL');
export const SERVICE = keyword('SERVICE');
export const BIND = keyword('BIND');
export const UNDEF = keyword('UNDEF');
export const MINUS = keyword('MINUS');
export const UNION = keyword('UNION');
export const FILTER = keyword('FILTER');
export const IN = keyword('IN');
export const NOT = keyword('NOT');
export const EXISTS = keyword('EXISTS');
export const TRUE = keyword('true');
export const FALSE = keyword('false');
/** 'a' (rdf:type) is the one case-sensitive keyword (§19.5). */
export const A = keyword('a', [], true);
export const BOUND = keyword('BOUND');
export const BNODE = keyword('BNODE');
export const CONCAT = keyword('CONCAT');
export const COALESCE = keyword('COALESCE');
export const IF = keyword('IF');
export const REGEX = keyword('REGEX');
export const SUBSTR = keyword('SUBSTR');
export const REPLACE = keyword('REPLACE');
export const COUNT = keyword('COUNT');
export const GROUP_CONCAT = keyword('GROUP_CONCAT');
export const SEPARATOR = keyword('SEPARATOR');

/** One-argument built-ins of [121]: NAME '(' Expression ')'. */
export const UNARY_BUILTINS = [
  'STR', 'LANG', 'DATATYPE', 'IRI', 'URI', 'ABS', 'CEIL', 'FLOOR', 'ROUND', 'STRLEN', 'UCASE',
  'LCASE', 'ENCODE_FOR_URI', 'YEAR', 'MONTH', 'DAY', 'HOURS', 'MINUTES', 'SECONDS', 'TIMEZONE',
  'TZ', 'MD5', 'SHA1', 'SHA256', 'SHA384', 'SHA512', 'isIRI', 'isURI', 'isBLANK', 'isLITERAL',
  'isNUMERIC',
] as const;
/** Two-argument built-ins of [121]: NAME '(' Expression ',' Expression ')'. */
export const BINARY_BUILTINS = [
  'LANGMATCHES', 'CONTAINS', 'STRSTARTS', 'STRENDS', 'STRBEFORE', 'STRAFTER', 'STRLANG', 'STRDT',
  'sameTerm',
] as const;
/** Built-ins of [121] written NAME NIL. */
export const NULLARY_BUILTINS = ['RAND', 'NOW', 'UUID', 'STRUUID'] as const;
/** Aggregates of [127] written NAME '(' 'DISTINCT'? Expression ')'. */
export const SIMPLE_AGGREGATES = ['SUM', 'MIN', 'MAX', 'AVG', 'SAMPLE'] as const;

for (const w of UNARY_BUILTINS) keyword(w, [UnaryBuiltin]);
for (const w of BINARY_BUILTINS) keyword(w, [BinaryBuiltin]);
for (const w of NULLARY_BUILTINS) keyword(w, [NullaryBuiltin]);
for (const w of SIMPLE_AGGREGATES) keyword(w, [SimpleAggregate]);

// ---- punctuation -----------------------------------------------------------------------------

const punct = (name: string, text: string): TokenType =>
  createToken({ name, label: `'${text}'`, pattern: text });

export const LCurly = punct('LCurly', '{');
export const RCurly = punct('RCurly', '}');
export const LParen = punct('LParen', '(');
export const RParen = punct('RParen', ')');
export const LBracket = punct('LBracket', '[');
export const RBracket = punct('RBracket', ']');
export const Semicolon = punct('Semicolon', ';');
export const Comma = punct('Comma', ',');
export const Dot = punct('Dot', '.');
export const OrOr = punct('OrOr', '||');
export const AndAnd = punct('AndAnd', '&&');
export const Caret2 = punct('Caret2', '^^');
export const Caret = punct('Caret', '^');
export const NotEquals = punct('NotEquals', '!=');
export const Bang = punct('Bang', '!');
export const Equals = punct('Equals', '=');
export const LessEq = punct('LessEq', '<=');
export const GreaterEq = punct('GreaterEq', '>=');
export const Less = punct('Less', '<');
export const Greater = punct('Greater', '>');
export const Plus = punct('Plus', '+');
export const Minus = punct('Minus', '-');
export const Star = punct('Star', '*');
export const Slash = punct('Slash', '/');
export const Question = punct('Question', '?');
export const Pipe = punct('Pipe', '|');

// ---- the lexer -------------------------------------------------------------------------------

/** Longer spellings first, so that e.g. STRSTARTS is tried before STR. */
const sortedKeywords = [...keywordTokens].sort(
  (x, y) => String(y.PATTERN).length - String(x.PATTERN).length,
);

export const allTokens: TokenType[] = [
  WS, Comment,
  IRIREF, PNAME_LN, PNAME_NS, BLANK_NODE_LABEL, VAR1, VAR2, LANGTAG,
  DOUBLE_POSITIVE, DECIMAL_POSITIVE, INTEGER_POSITIVE,
  DOUBLE_NEGATIVE, DECIMAL_NEGATIVE, INTEGER_NEGATIVE,
  DOUBLE, DECIMAL, INTEGER,
  STRING_LITERAL_LONG2, STRING_LITERAL_LONG1, STRING_LITERAL2, STRING_LITERAL1,
  NIL, ANON,
  UnaryBuiltin, BinaryBuiltin, NullaryBuiltin, SimpleAggregate,
  ...sortedKeywords,
  Name,
  LCurly, RCurly, LParen, RParen, LBracket, RBracket, Semicolon, Comma, Dot,
  OrOr, AndAnd, Caret2, Caret, NotEquals, Bang, Equals, LessEq, GreaterEq, Less, Greater,
  Plus, Minus, Star, Slash, Question, Pipe,
];

/** The SPARQL lexer; `tokenize(text)` returns tokens and errors (never throws). */
export const sparqlLexer = new Lexer(allTokens, {
  positionTracking: 'full',
  // every token pattern must allow chevrotain's first-character optimization (a big speed-up)
  ensureOptimizations: true,
  skipValidations: false,
});
