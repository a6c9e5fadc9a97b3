/**
 * lexer.test.ts — the SQL tokenizer: keywords in any case and only as whole words, the
 * three quotings of names, literals, parameters, operators (longest match), comments.
 */
import { describe, expect, test } from 'vitest';
import { isReservedWord, tokenize } from '../../../grammar/sql/tokens.js';

/** `TYPE:image` for each token of `text`. */
function lex(text: string): string[] {
  const r = tokenize(text);
  expect(r.errors).toEqual([]);
  return r.tokens.map((t) => `${t.tokenType.name}:${t.image}`);
}

describe('tokenize', () => {
  test('keywords are case-insensitive and whole words only', () => {
    expect(lex('select SeLeCt SELECT selected _select select_ from fromage')).toEqual([
      'SELECT:select',
      'SELECT:SeLeCt',
      'SELECT:SELECT',
      'Identifier:selected',
      'Identifier:_select',
      'Identifier:select_',
      'FROM:from',
      'Identifier:fromage',
    ]);
    expect(lex('in insert index indexed into')).toEqual(['IN:in', 'INSERT:insert', 'INDEX:index', 'INDEXED:indexed', 'INTO:into']);
  });

  test('quoted names', () => {
    expect(lex('"a b" "x""y" `c` `d``e` [f g] ""')).toEqual([
      'QuotedIdentifier:"a b"',
      'QuotedIdentifier:"x""y"',
      'BacktickIdentifier:`c`',
      'BacktickIdentifier:`d``e`',
      'BracketIdentifier:[f g]',
      'QuotedIdentifier:""',
    ]);
    expect(lex('"select"')).toEqual(['QuotedIdentifier:"select"']);
  });

  test('identifiers may contain $ and any non-ASCII character', () => {
    expect(lex('a$b été 名前 x😀')).toEqual(['Identifier:a$b', 'Identifier:été', 'Identifier:名前', 'Identifier:x😀']);
  });

  test('numbers', () => {
    expect(lex('1 007 1.5 .5 1. 1e5 1E+5 2.5e-3 0x1F 0XaB')).toEqual([
      'Integer:1',
      'Integer:007',
      'Real:1.5',
      'Real:.5',
      'Real:1.',
      'Real:1e5',
      'Real:1E+5',
      'Real:2.5e-3',
      'HexInteger:0x1F',
      'HexInteger:0XaB',
    ]);
  });

  test('strings and blobs', () => {
    expect(lex("'a' 'it''s' '' 'two\nlines' x'AB' X'' x 'y'")).toEqual([
      "StringLiteral:'a'",
      "StringLiteral:'it''s'",
      "StringLiteral:''",
      "StringLiteral:'two\nlines'",
      "BlobLiteral:x'AB'",
      "BlobLiteral:X''",
      'Identifier:x',
      "StringLiteral:'y'",
    ]);
  });

  test('parameters', () => {
    expect(lex('? ?1 ?23 $1 :name @name $name :1')).toEqual([
      'QuestionParam:?',
      'QuestionParam:?1',
      'QuestionParam:?23',
      'DollarNumberParam:$1',
      'NamedParam::name',
      'NamedParam:@name',
      'NamedParam:$name',
      'NamedParam::1',
    ]);
  });

  test('operators take the longest match', () => {
    expect(lex('|| | ->> -> - << <= <> < >> >= > == = != :: ~ & * / % ARRAY[ ]').map((s) => s.split(':')[0])).toEqual([
      'Concat',
      'BitOr',
      'JsonExtractText',
      'JsonExtract',
      'Minus',
      'ShiftLeft',
      'LessEq',
      'LessGreater',
      'Less',
      'ShiftRight',
      'GreaterEq',
      'Greater',
      'EqEq',
      'Eq',
      'NotEq',
      'DoubleColon',
      'Tilde',
      'BitAnd',
      'Star',
      'Slash',
      'Percent',
      'ArrayOpen',
      'RBracket',
    ]);
    expect(lex('a::int')).toEqual(['Identifier:a', 'DoubleColon:::', 'Identifier:int']);
  });

  test('comments and whitespace are skipped', () => {
    expect(lex('a -- to the end\n/* multi\nline */ b/**/c --')).toEqual(['Identifier:a', 'Identifier:b', 'Identifier:c']);
  });

  test('positions are 1-based lines and columns, 0-based offsets', () => {
    const [a, b] = tokenize('a\n  "x\ny" b').tokens;
    expect([a.startLine, a.startColumn, a.startOffset]).toEqual([1, 1, 0]);
    expect([b.startLine, b.startColumn, b.startOffset, b.endLine, b.endColumn]).toEqual([2, 3, 4, 3, 2]);
  });

  test('broken input is reported, never thrown', () => {
    const r = tokenize('SELECT # ^ {');
    expect(r.errors.map((e) => e.column)).toEqual([8, 10, 12]);
    expect(tokenize("'open").groups.errors).toHaveLength(1);
  });

  test('reserved words', () => {
    expect(isReservedWord('select')).toBe(true);
    expect(isReservedWord('key')).toBe(false);
  });
});
