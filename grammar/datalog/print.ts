/**
 * print.ts — prints a Datalog AST back as source text (for messages, EXPLAIN and the
 * round-trip tests: parseDatalog(printDatalog(ast)) equals ast up to spans).
 * Parentheses are added only where precedence needs them.
 */
import type * as A from './ast.js';

/** printDatalog prints a whole program, one statement per line. */
export function printDatalog(program: A.DatalogProgram): string {
  return program.statements.map(printStatement).join('\n') + (program.statements.length > 0 ? '\n' : '');
}

/** printStatement prints one statement, with its terminating `.` where it has one. */
export function printStatement(s: A.Statement): string {
  switch (s.kind) {
    case 'Declaration':
      return `.decl ${s.name}(${s.attributes.map((a) => `${a.name}: ${a.type}`).join(', ')})`;
    case 'Directive': {
      const params = s.params.map((p) => `${p.key}=${typeof p.value === 'number' ? printNumber(p.value, false) : printString(p.value)}`);
      return `.${s.directive} ${s.relation}${params.length > 0 ? `(${params.join(', ')})` : ''}`;
    }
    case 'Fact':
      return `${printLiteral(s.atom)}.`;
    case 'Rule':
      return `${printLiteral(s.head)} :- ${printBody(s.body)}.`;
    case 'Query':
      return `?- ${printBody(s.body)}.`;
  }
}

function printBody(body: A.Literal[]): string {
  return body.map(printLiteral).join(', ');
}

/** printLiteral prints one body literal (or a head atom). */
export function printLiteral(l: A.Literal): string {
  switch (l.kind) {
    case 'Atom':
      return `${l.name}(${l.args.map(printTerm).join(', ')})`;
    case 'PathAtom':
      return `${l.collection}{${l.fields.map((f) => `${f.path.map(printSegment).join('.')}: ${printTerm(f.value)}`).join(', ')}}`;
    case 'Negation':
      return `!${printLiteral(l.atom)}`;
    case 'Comparison':
      return `${printTerm(l.left)} ${l.op} ${printTerm(l.right)}`;
    case 'Disjunction':
      return `(${l.branches.map(printBody).join(' ; ')})`;
  }
}

const PRECEDENCE: Record<A.ArithmeticOp, number> = { '+': 1, '-': 1, '*': 2, '/': 2, '%': 2 };

/** printTerm prints a term, parenthesising operands that bind looser than their operator. */
export function printTerm(t: A.Term): string {
  switch (t.kind) {
    case 'Variable':
      return t.name;
    case 'Anonymous':
      return '_';
    case 'Number':
      return printNumber(t.value, t.float);
    case 'String':
      return printString(t.value);
    case 'Symbol':
      return t.name;
    case 'Unary': {
      const operand = printTerm(t.operand);
      const wrap = t.operand.kind === 'Binary' || (t.operand.kind === 'Number' && !operand.startsWith('-'));
      return wrap ? `-(${operand})` : `-${operand}`;
    }
    case 'Binary': {
      const p = PRECEDENCE[t.op];
      const left = printTerm(t.left);
      const right = printTerm(t.right);
      const wrapLeft = t.left.kind === 'Binary' && PRECEDENCE[t.left.op] < p;
      const wrapRight = t.right.kind === 'Binary' && PRECEDENCE[t.right.op] <= p;
      return `${wrapLeft ? `(${left})` : left} ${t.op} ${wrapRight ? `(${right})` : right}`;
    }
    case 'Call':
      return `${t.name}(${t.args.map(printTerm).join(', ')})`;
    case 'Aggregate': {
      const arg = t.arg === null ? '' : printTerm(t.arg);
      if (t.body === null) return `${t.fn}(${arg})`;
      return `${t.fn}${arg === '' ? '' : ` ${arg}`} : { ${printBody(t.body)} }`;
    }
  }
}

function printNumber(value: number | bigint, float: boolean): string {
  if (typeof value === 'bigint') return value.toString();
  const text = String(value);
  return float && /^-?\d+$/.test(text) ? `${text}.0` : text;
}

/** printString quotes a string with the escapes the lexer decodes. */
function printString(value: string): string {
  return JSON.stringify(value).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function printSegment(segment: string): string {
  return /^(?:[A-Za-z_][A-Za-z0-9_]*|\d+)$/.test(segment) ? segment : printString(segment);
}
