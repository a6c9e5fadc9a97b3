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
 * Short functions keep warming up until this much time has passed and they have been called
 * MIN_WARM_RUNS times (JIT tiers need many calls: a recursive query's first dozen runs, in the
 * interpreter and baseline tiers, take 5–20× its steady time, which 100 ms did not cover; a
 * Datalog query of ~1 ms is still 1.5–2× its steady time at runs 45–80, where 500 ms alone
 * left its samples), but no longer than MAX_WARM_MS: a slow peer gets what fits in that.
 */
const WARM_MS = 500;
const MIN_WARM_RUNS = 300;
const MAX_WARM_MS = 4000;
const MAX_WARM_RUNS = 10_000;
/** A sample of a function faster than this repeats it until the sample lasts about this long. */
const SAMPLE_MS = 2;
const MAX_REPEATS = 1000;

const elapsedMs = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

/**
 * measure runs `fn` at least `warmup` times untimed, then takes `runs` timed samples and returns
 * the median time of one call. With a warm-up at all, a fast function is warmed for WARM_MS and
 * MIN_WARM_RUNS calls (a JavaScript engine runs its first calls in the interpreter; a native peer has no such
 * phase, and three calls would compare cold code with compiled code), and each sample repeats
 * it until the sample lasts SAMPLE_MS, so timer resolution and one scheduler hiccup do not
 * decide a microsecond question. Without a warm-up (long runs) every sample is one call.
 */
export async function measure(fn: () => unknown | Promise<unknown>, runs = 15, warmup = 3): Promise<Timing> {
  return (await measureTogether({ fn }, { runs, warmup })).fn;
}

/** How one engine's answer is sampled: `runs` timed samples after at least `warmup` untimed calls. */
export interface Sampling {
  runs: number;
  warmup: number;
}

/**
 * measureTogether times several engines' answers to one question with their samples
 * interleaved (a sample of each in turn, round after round, each engine until it has its
 * `runs`): a machine whose speed drifts — other processes, clock changes — drifts under all of
 * them alike, so their ratios hold even where the absolute times do not. Warm-up and sample
 * length are as in `measure`, per engine; `sampling` gives all engines, or each, its runs.
 */
export async function measureTogether(
  fns: Record<string, () => unknown | Promise<unknown>>,
  sampling: Sampling | Record<string, Sampling> = { runs: 15, warmup: 3 },
): Promise<Record<string, Timing>> {
  // The question starts with a clean heap (npm run bench exposes gc): garbage an earlier
  // question or a load left behind is not collected inside these samples. Not before every
  // sample: a full collection leaves the heap to be swept while the next code allocates, which
  // charges a sample for the size of everything the process holds, not for its own work.
  (globalThis as { gc?: () => void }).gc?.();
  const names = Object.keys(fns);
  const plan = (name: string): Sampling => ('runs' in sampling ? (sampling as Sampling) : (sampling as Record<string, Sampling>)[name]);
  const repeats: Record<string, number> = {};
  for (const name of names) {
    const { warmup } = plan(name);
    const warmStart = process.hrtime.bigint();
    let warm = 0;
    const warming = () => {
      if (warm < warmup) return true;
      if (warmup === 0 || warm >= MAX_WARM_RUNS) return false;
      const ms = elapsedMs(warmStart);
      return ms < WARM_MS || (warm < MIN_WARM_RUNS && ms < MAX_WARM_MS);
    };
    while (warming()) {
      await fns[name]();
      warm++;
    }
    const perCall = warm > 0 ? elapsedMs(warmStart) / warm : Infinity;
    repeats[name] = perCall >= SAMPLE_MS ? 1 : Math.min(MAX_REPEATS, Math.ceil(SAMPLE_MS / perCall));
  }
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const rounds = Math.max(0, ...names.map((n) => plan(n).runs));
  for (let i = 0; i < rounds; i++) {
    for (const name of names) {
      if (i >= plan(name).runs) continue;
      const fn = fns[name];
      const k = repeats[name];
      const start = process.hrtime.bigint();
      for (let r = 0; r < k; r++) await fn();
      times[name].push(elapsedMs(start) / k);
    }
  }
  return Object.fromEntries(
    names.map((n) => {
      const sorted = times[n].sort((a, b) => a - b);
      return [n, { medianMs: sorted[Math.floor(sorted.length / 2)], runs: sorted.length }];
    }),
  );
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
