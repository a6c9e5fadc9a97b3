/**
 * perf.test.ts — parse speed of simple statements, printed for the record. The assertion is
 * a floor far below the measured rate (60,000–75,000 statements/s of CPU time on one core,
 * see grammar/sql/README.md), so it only catches a collapse, not noise on a busy machine.
 */
import { expect, test } from 'vitest';
import { parseSql } from '../../../grammar/sql/index.js';

const statements = [
  'SELECT a, b FROM t WHERE id = 1',
  "INSERT INTO t (a, b) VALUES (1, 'x')",
  'UPDATE t SET a = a + 1 WHERE id = ?',
  'DELETE FROM t WHERE id = 42',
  'SELECT count(*) FROM orders o JOIN customers c ON o.cid = c.id WHERE c.country = :c GROUP BY c.id',
];

test('simple statements parse fast', () => {
  parseSql('SELECT 1'); // build the parser outside the measurement
  for (let i = 0; i < 5000; i++) parseSql(statements[i % statements.length]); // warm up
  const n = 50_000;
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < n; i++) parseSql(statements[i % statements.length]);
  const used = process.cpuUsage(cpu0);
  const seconds = (used.user + used.system) / 1e6;
  const rate = Math.round(n / seconds);
  console.log(`simple statements: ${rate}/s (CPU time)`);
  expect(rate).toBeGreaterThan(5_000);
});
