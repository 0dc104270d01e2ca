/**
 * Benchmark: full synth of the stock environments (dev, staging, prod: manifests + offline
 * cloud plan), each run a fresh process like a user's `groundwork synth`, against the compiled
 * build. Prints the median wall time and the peak RSS. Run: `npm run build && npm run bench`.
 * A script, not a test: timing assertions are flaky on shared 2-core machines.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const root = resolve(__dirname, '..');
const cli = join(root, 'build', 'lib', 'cli', 'main.js');
if (!existsSync(cli)) {
  process.stderr.write('build missing: run `npm run build` first\n');
  process.exit(2);
}

// The child reports its own peak RSS and the in-process synth time after module loading.
const child = `
const t0 = performance.now();
const { main } = require(${JSON.stringify(cli)});
const loaded = performance.now();
main(['synth', '--out', process.argv[1]], { out: () => {}, err: (l) => process.stderr.write(l + '\\n') }).then((code) => {
  const done = performance.now();
  process.stdout.write(JSON.stringify({ code, loadMs: loaded - t0, synthMs: done - loaded, maxRssKiB: process.resourceUsage().maxRSS }));
});`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const wall: number[] = [];
const synth: number[] = [];
const load: number[] = [];
const rss: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const out = mkdtempSync(join(tmpdir(), 'groundwork-bench-'));
  const started = performance.now();
  const result = spawnSync(process.execPath, ['-e', child, out], { cwd: root, encoding: 'utf8' });
  wall.push(performance.now() - started);
  rmSync(out, { recursive: true, force: true });
  if (result.status !== 0) {
    process.stderr.write(result.stderr);
    process.exit(1);
  }
  const report = JSON.parse(result.stdout) as { code: number; loadMs: number; synthMs: number; maxRssKiB: number };
  if (report.code !== 0) {
    process.stderr.write(result.stderr);
    process.exit(1);
  }
  load.push(report.loadMs);
  synth.push(report.synthMs);
  rss.push(report.maxRssKiB);
}
const fmt = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
process.stdout.write(
  [
    `groundwork synth (dev + staging + prod), ${RUNS} fresh processes`,
    `  wall time    median ${fmt(median(wall))}  (min ${fmt(Math.min(...wall))}, max ${fmt(Math.max(...wall))})`,
    `  module load  median ${fmt(median(load))}`,
    `  synth        median ${fmt(median(synth))}`,
    `  peak RSS     max ${(Math.max(...rss) / 1024).toFixed(0)} MiB`,
  ].join('\n') + '\n',
);
