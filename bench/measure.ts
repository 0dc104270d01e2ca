/**
 * What every benchmark section shares: a fresh process per run (module load included, as a
 * user's command), its wall time from the parent, and the JSON report it prints last (its own
 * peak RSS and timings). A script, not a test: timing assertions are flaky on shared machines.
 */
import { spawnSync } from 'node:child_process';

/** One run: wall time from spawn to exit, and the child's last stdout line as JSON. */
export interface Run<R> {
  wallMs: number;
  report: R;
}

/** Run `node <args>` once; throws with the child's stderr when it fails. */
export function runNode<R extends object>(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Run<R> {
  const started = performance.now();
  const result = spawnSync(process.execPath, [...args], { cwd: options.cwd, env: options.env ?? process.env, encoding: 'utf8', maxBuffer: 64 << 20 });
  const wallMs = performance.now() - started;
  if (result.status !== 0) {
    throw new Error(`node ${args.slice(0, 2).join(' ')}…: exit ${result.status ?? result.signal}\n${(result.stderr ?? '').slice(-4000)}`);
  }
  const last = result.stdout.trim().split('\n').pop() ?? '';
  return { wallMs, report: JSON.parse(last) as R };
}

/** A measurement taken one fresh process at a time, so that two can alternate (bench/index.ts). */
export interface Measurement {
  /** One more run; returns its wall time. */
  runOnce(): number;
  /** Median wall, peak RSS and report lines of the runs so far. */
  summary(): { wallMs: number; maxRssKiB: number; lines: string[] };
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** `median 2.31 s (1.98–2.80)`: the spread says how noisy the machine was. */
export function spread(ms: readonly number[]): string {
  const f = (x: number): string => (x / 1000).toFixed(2);
  return ms.length > 1 ? `${f(median(ms))} s (${f(Math.min(...ms))}–${f(Math.max(...ms))})` : `${f(ms[0])} s`;
}

export const mib = (kib: number): string => `${(kib / 1024).toFixed(0)} MiB`;

/** A positive integer from the environment, or `fallback`. */
export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer (got ${JSON.stringify(raw)})`);
  return n;
}
