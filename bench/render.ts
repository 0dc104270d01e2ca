/**
 * Benchmark: `groundwork render` of the stock environments (plan + `helm template` of every
 * release), each run a fresh process against the compiled build. Cold runs get an empty cache
 * root (helm extracted, every chart rendered); warm runs reuse one filled by a first run.
 * Run: `npm run build && npm run bench:render` (charts from GROUNDWORK_CHART_CACHE, else ../shared/charts).
 * A script, not a test: timing assertions are flaky on shared 2-core machines.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const root = resolve(__dirname, '..');
const cli = join(root, 'build', 'lib', 'cli', 'main.js');
const charts = process.env.GROUNDWORK_CHART_CACHE ?? resolve(root, '..', 'shared', 'charts');
if (!existsSync(cli)) {
  process.stderr.write('build missing: run `npm run build` first\n');
  process.exit(2);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** One fresh `groundwork render` with `cacheHome` as XDG_CACHE_HOME; wall time in ms. */
function renderOnce(cacheHome: string): number {
  const out = mkdtempSync(join(tmpdir(), 'groundwork-bench-render-'));
  const started = performance.now();
  const result = spawnSync(process.execPath, [cli, 'render', '--out', out, '--chart-cache', charts], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, XDG_CACHE_HOME: cacheHome },
  });
  const ms = performance.now() - started;
  rmSync(out, { recursive: true, force: true });
  if (result.status !== 0) {
    process.stderr.write(result.stderr);
    process.exit(1);
  }
  return ms;
}

const cold: number[] = [];
const warm: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const cacheHome = mkdtempSync(join(tmpdir(), 'groundwork-bench-cache-'));
  cold.push(renderOnce(cacheHome));
  warm.push(renderOnce(cacheHome));
  rmSync(cacheHome, { recursive: true, force: true });
}
const fmt = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
process.stdout.write(
  [
    `groundwork render (dev + staging + prod), ${RUNS} cold and ${RUNS} warm fresh processes`,
    `  cold  median ${fmt(median(cold))}  (min ${fmt(Math.min(...cold))}, max ${fmt(Math.max(...cold))})`,
    `  warm  median ${fmt(median(warm))}  (min ${fmt(Math.min(...warm))}, max ${fmt(Math.max(...warm))})`,
  ].join('\n') + '\n',
);
