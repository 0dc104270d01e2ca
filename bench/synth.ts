/**
 * Benchmark: full synth of the stock environments (dev, staging, prod: manifests + offline
 * cloud plan), each run a fresh process like a user's `groundwork synth`, against the compiled
 * build. Prints the median wall time, module load (time and modules loaded), synth time split by
 * phase (validate, manifests, offline plan, render to text, write) and the peak RSS.
 * Run: `npm run build && npm run bench` (BENCH_RUNS, default 7).
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

// The child reports its own peak RSS, the modules it loaded, the in-process synth time after
// module loading, and that time split by phase: each phase's function is wrapped where the CLI
// calls it (module exports are read at call time in compiled CommonJS).
const PHASES = ['validate', 'manifests', 'plan', 'render', 'write'] as const;
type Phase = (typeof PHASES)[number];
const child = `
const build = ${JSON.stringify(join(root, 'build', 'lib'))};
const t0 = performance.now();
const { main } = require(${JSON.stringify(cli)});
const loaded = performance.now();
const modules = Object.keys(require.cache).length;
const phases = { validate: 0, manifests: 0, plan: 0, render: 0, write: 0 };
function timed(owner, key, phase) {
  const original = owner[key];
  if (typeof original !== 'function') throw new Error('bench: ' + key + ' not found; update bench/synth.ts');
  owner[key] = function (...args) {
    const started = performance.now();
    const result = original.apply(this, args);
    const stop = () => { phases[phase] += performance.now() - started; };
    if (result && typeof result.then === 'function') return result.finally(stop);
    stop();
    return result;
  };
  // A re-export is a getter: wrap the defining module instead.
  if (owner[key] === original) throw new Error('bench: ' + key + ' cannot be wrapped here; update bench/synth.ts');
}
const { Platform } = require(build + '/blueprint/platform.js');
timed(Platform, 'fromSpec', 'validate');
timed(Platform.prototype, 'manifests', 'manifests');
timed(require(build + '/plan/plan-platform.js'), 'planPlatform', 'plan');
timed(require(build + '/blueprint/manifests.js'), 'renderChart', 'render');
timed(require(build + '/blueprint/canonical.js'), 'toCanonicalJson', 'render');
timed(require(build + '/output/write-environments.js'), 'writeEnvironments', 'write');
main(['synth', '--out', process.argv[1]], { out: () => {}, err: (l) => process.stderr.write(l + '\\n') }).then((code) => {
  const done = performance.now();
  process.stdout.write(JSON.stringify({ code, loadMs: loaded - t0, synthMs: done - loaded, phases, modules, maxRssKiB: process.resourceUsage().maxRSS }));
});`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const wall: number[] = [];
const synth: number[] = [];
const load: number[] = [];
const rss: number[] = [];
const phases = new Map<Phase, number[]>(PHASES.map((p) => [p, []]));
let modules = 0;
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
  const report = JSON.parse(result.stdout) as { code: number; loadMs: number; synthMs: number; phases: Record<Phase, number>; modules: number; maxRssKiB: number };
  if (report.code !== 0) {
    process.stderr.write(result.stderr);
    process.exit(1);
  }
  load.push(report.loadMs);
  synth.push(report.synthMs);
  rss.push(report.maxRssKiB);
  for (const phase of PHASES) phases.get(phase)!.push(report.phases[phase]);
  modules = report.modules;
}
const fmt = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
process.stdout.write(
  [
    `groundwork synth (dev + staging + prod), ${RUNS} fresh processes`,
    `  wall time    median ${fmt(median(wall))}  (min ${fmt(Math.min(...wall))}, max ${fmt(Math.max(...wall))})`,
    `  module load  median ${fmt(median(load))}  (${modules} modules)`,
    `  synth        median ${fmt(median(synth))}`,
    ...PHASES.map((phase) => `    ${phase.padEnd(10)} median ${fmt(median(phases.get(phase)!))}`),
    `  peak RSS     max ${(Math.max(...rss) / 1024).toFixed(0)} MiB`,
  ].join('\n') + '\n',
);
