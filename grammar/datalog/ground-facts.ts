/**
 * ground-facts.ts — a hand-written reader for the commonest large Datalog text, a list of
 * ground facts (`person(1, "Ada", 1815).` line after line: a load), beside the chevrotain
 * parser. It returns exactly the AST (spans included) that lexer → parser → to-ast.ts give,
 * or `undefined` as soon as the text holds anything else — a rule, a query, a directive, a
 * variable, a comment, an escape in a string, any mistake — and then index.ts parses the whole
 * text the general way, so every error message still comes from one place.
 *
 * Why: chevrotain lexes, builds a CST node per rule and to-ast.ts converts it; for 150,000
 * facts that was two thirds of a Datalog load (a CST is several objects per token). This
 * reader makes the AST nodes only. Accepting less than the grammar is safe (the general path
 * takes over); accepting more, or building a different tree, is not: the property test in
 * test/grammar/datalog/ground-facts.test.ts compares both paths on generated texts.
 *
 * Accepted: blanks (space, tab, \n), `name(arg, …).` where name is an identifier other than a
 * keyword or an aggregate name, and each arg is a symbol (identifier), a string without
 * backslash, or a decimal number (integer within ±2^53, or float) with at most one `-`
 * written directly before it.
 */
import type { DatalogProgram, Fact, Position, Span, Statement, Term } from './ast.js';

/** Identifiers that lex as keywords or aggregate names, never as a plain identifier. */
const RESERVED: ReadonlySet<string> = new Set(['not', 'count', 'sum', 'min', 'max', 'avg', 'mean']);

/** DECLINE ends the reader: the text is not a plain list of ground facts. */
const DECLINE = Symbol('decline');

const isLower = (c: number) => c >= 97 && c <= 122;
const isDigit = (c: number) => c >= 48 && c <= 57;
/** A character that continues an identifier (or would glue onto a number: `12ab`, `0x2A`). */
const isWord = (c: number) => isDigit(c) || isLower(c) || (c >= 65 && c <= 90) || c === 95;

/** parseGroundFacts returns the AST of a text made only of ground facts, or undefined. */
export function parseGroundFacts(text: string): DatalogProgram | undefined {
  try {
    return new Reader(text).program();
  } catch (e) {
    if (e === DECLINE) return undefined;
    throw e;
  }
}

class Reader {
  private offset = 0;
  private line = 1;
  private lineStart = 0;

  constructor(private readonly text: string) {}

  program(): DatalogProgram {
    const statements: Statement[] = [];
    for (this.blanks(); this.offset < this.text.length; this.blanks()) statements.push(this.fact());
    return { kind: 'Program', statements };
  }

  /** blanks skips spaces, tabs and line feeds, counting lines as chevrotain does. */
  private blanks(): void {
    const text = this.text;
    let i = this.offset;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        this.line++;
        this.lineStart = i + 1;
      } else if (c !== 32 && c !== 9) break;
    }
    this.offset = i;
  }

  private position(offset: number): Position {
    return { line: this.line, column: offset - this.lineStart + 1, offset };
  }

  /** span covers [start, end) on the current line (no token read here spans lines). */
  private span(start: number, end: number): Span {
    return { start: this.position(start), end: this.position(end) };
  }

  private fact(): Fact {
    const start = this.offset;
    const name = this.identifier();
    if (RESERVED.has(name)) throw DECLINE;
    const nameStart = this.position(start);
    this.blanks();
    this.expect(40 /* ( */);
    const args: Term[] = [];
    this.blanks();
    if (this.text.charCodeAt(this.offset) !== 41 /* ) */) {
      for (;;) {
        args.push(this.term());
        this.blanks();
        if (this.text.charCodeAt(this.offset) !== 44 /* , */) break;
        this.offset++;
        this.blanks();
      }
    }
    const close = this.offset;
    this.expect(41 /* ) */);
    const atomEnd = this.position(close + 1);
    this.blanks();
    const dot = this.offset;
    this.expect(46 /* . */);
    // `.decl`, `.5` and the like lex differently after a dot: leave them to the parser.
    if (isWord(this.text.charCodeAt(this.offset))) throw DECLINE;
    return {
      kind: 'Fact',
      atom: { kind: 'Atom', name, args, span: { start: nameStart, end: atomEnd } },
      span: { start: nameStart, end: this.position(dot + 1) },
    };
  }

  private expect(c: number): void {
    if (this.text.charCodeAt(this.offset) !== c) throw DECLINE;
    this.offset++;
  }

  private identifier(): string {
    const text = this.text;
    const start = this.offset;
    if (!isLower(text.charCodeAt(start))) throw DECLINE;
    let i = start + 1;
    while (i < text.length && isWord(text.charCodeAt(i))) i++;
    this.offset = i;
    return text.slice(start, i);
  }

  private term(): Term {
    const text = this.text;
    const start = this.offset;
    const c = text.charCodeAt(start);
    if (c === 34 /* " */) return this.string();
    if (isDigit(c)) return this.number(start, false);
    if (c === 45 /* - */ && isDigit(text.charCodeAt(start + 1))) {
      this.offset++;
      return this.number(start, true);
    }
    const name = this.identifier();
    if (RESERVED.has(name)) throw DECLINE;
    // `f(…)` is a functor call, `p{…}` a path atom: not a ground constant this reader knows.
    const after = text.charCodeAt(this.offset);
    if (after === 40 /* ( */ || after === 123 /* { */) throw DECLINE;
    return { kind: 'Symbol', name, span: this.span(start, this.offset) };
  }

  private string(): Term {
    const text = this.text;
    const start = this.offset;
    let i = start + 1;
    for (;; i++) {
      if (i >= text.length) throw DECLINE;
      const c = text.charCodeAt(i);
      if (c === 34) break;
      if (c === 92 /* \ */ || c === 10 || c === 13) throw DECLINE;
    }
    this.offset = i + 1;
    return { kind: 'String', value: text.slice(start + 1, i), span: this.span(start, i + 1) };
  }

  /** number reads `\d+(\.\d+)?([eE][+-]?\d+)?` from this.offset; `start` is at the `-` if negative. */
  private number(start: number, negative: boolean): Term {
    const text = this.text;
    const digits = (from: number) => {
      let i = from;
      while (isDigit(text.charCodeAt(i))) i++;
      return i;
    };
    const from = this.offset;
    let i = digits(from);
    let float = false;
    if (text.charCodeAt(i) === 46 && isDigit(text.charCodeAt(i + 1))) {
      i = digits(i + 1);
      float = true;
    }
    const e = text.charCodeAt(i);
    if (e === 101 || e === 69) {
      const sign = text.charCodeAt(i + 1);
      const at = sign === 43 || sign === 45 ? i + 2 : i + 1;
      if (isDigit(text.charCodeAt(at))) {
        i = digits(at);
        float = true;
      }
    }
    const next = text.charCodeAt(i);
    if (isWord(next) || next === 46) throw DECLINE;
    // Up to 15 digits an integer is summed exactly; anything else is read by Number as to-ast.ts does.
    let magnitude = 0;
    if (!float && i - from <= 15) for (let k = from; k < i; k++) magnitude = magnitude * 10 + (text.charCodeAt(k) - 48);
    else magnitude = Number(text.slice(from, i));
    if (!Number.isFinite(magnitude) || (!float && !Number.isSafeInteger(magnitude))) throw DECLINE;
    this.offset = i;
    // to-ast.ts folds the minus into the literal, and -0 is 0 there.
    const value = negative ? (magnitude === 0 ? 0 : -magnitude) : magnitude;
    return { kind: 'Number', value, float, span: this.span(start, i) };
  }
}
