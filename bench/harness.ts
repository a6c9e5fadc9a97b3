/**
 * harness.ts — timing for `npm run bench`: medians of repeated runs after warm-up, and the
 * ratio table. These machines are small and noisy: compare medians and ratios from one run,
 * never absolute times across runs.
 */
import Table from 'cli-table3';

export interface Timing {
  medianMs: number;
  runs: number;
}

/** measure runs `fn` `warmup` times untimed, then `runs` times timed, and returns the median. */
export async function measure(fn: () => unknown | Promise<unknown>, runs = 15, warmup = 3): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)], runs };
}

export interface Row {
  question: string;
  /** Median milliseconds per engine name. */
  times: Record<string, number>;
}

const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3));
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : '—');

/** printTable prints medians per engine and polyglotdb's ratio to each peer (below 1 = polyglotdb faster). */
export function printTable(title: string, engines: string[], rows: Row[], subject = 'polyglotdb'): string {
  const peers = engines.filter((e) => e !== subject);
  const table = new Table({
    head: ['question', ...engines.map((e) => `${e} ms`), ...peers.map((p) => `${subject}/${p}`)],
    style: { head: [], border: [] },
  });
  for (const r of rows) {
    table.push([r.question, ...engines.map((e) => (r.times[e] === undefined ? '—' : fmt(r.times[e]))), ...peers.map((p) => (r.times[p] === undefined ? '—' : ratio(r.times[subject], r.times[p])))]);
  }
  return `${title}\n${table.toString()}`;
}
