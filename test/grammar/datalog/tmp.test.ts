import { test } from 'vitest';
import { parseDatalog } from '../../../grammar/datalog/index.js';
import { datalogLexer } from '../../../grammar/datalog/tokens.js';
import { datalogParser } from '../../../grammar/datalog/parser.js';
import { toAst } from '../../../grammar/datalog/to-ast.js';
test('perf', () => {
  const text = Array(5000).fill('anc(X, Y) :- parent(X, Z), anc(Z, Y), X != "a", Z = Y + 1.').join('\n');
  parseDatalog(text);
  for (let i = 0; i < 3; i++) {
    let t = performance.now();
    const lexed = datalogLexer.tokenize(text);
    const t1 = performance.now();
    const { cst } = datalogParser().parse(lexed.tokens);
    const t2 = performance.now();
    toAst(cst, text);
    const t3 = performance.now();
    console.log('tokens', lexed.tokens.length, 'lex', (t1 - t).toFixed(1), 'parse', (t2 - t1).toFixed(1), 'toAst', (t3 - t2).toFixed(1));
  }
});
