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

/**
 * Short functions keep warming up until this much time has passed (JIT tiers need many calls:
 * a recursive query's first dozen runs, in the interpreter and baseline tiers, take 5–20× its
 * steady time, which 100 ms did not cover).
 */
const WARM_MS = 500;
const MAX_WARM_RUNS = 10_000;
/** A sample of a function faster than this repeats it until the sample lasts about this long. */
const SAMPLE_MS = 2;
const MAX_REPEATS = 1000;

const elapsedMs = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

/**
 * measure runs `fn` at least `warmup` times untimed, then takes `runs` timed samples and returns
 * the median time of one call. With a warm-up at all, a fast function is warmed for WARM_MS
 * (a JavaScript engine runs its first calls in the interpreter; a native peer has no such
 * phase, and three calls would compare cold code with compiled code), and each sample repeats
 * it until the sample lasts SAMPLE_MS, so timer resolution and one scheduler hiccup do not
 * decide a microsecond question. Without a warm-up (long runs) every sample is one call.
 */
export async function measure(fn: () => unknown | Promise<unknown>, runs = 15, warmup = 3): Promise<Timing> {
  // Each engine starts with a clean heap (npm run bench exposes gc): garbage another engine or
  // a load left behind is not collected inside this one's samples.
  (globalThis as { gc?: () => void }).gc?.();
  const warmStart = process.hrtime.bigint();
  let warm = 0;
  while (warm < warmup || (warmup > 0 && warm < MAX_WARM_RUNS && elapsedMs(warmStart) < WARM_MS)) {
    await fn();
    warm++;
  }
  const perCall = warm > 0 ? elapsedMs(warmStart) / warm : Infinity;
  const repeats = perCall >= SAMPLE_MS ? 1 : Math.min(MAX_REPEATS, Math.ceil(SAMPLE_MS / perCall));
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    for (let r = 0; r < repeats; r++) await fn();
    times.push(elapsedMs(start) / repeats);
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
