/**
 * Bench section: `groundwork synth` of the three stock environments (dev, staging, prod:
 * manifests + offline plan + write), a fresh process per run against the compiled build. The
 * child times module load and each synth phase (validate, manifests, plan, render to text,
 * write), wrapping each phase's function where the CLI calls it (compiled CommonJS reads module
 * exports at call time).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, mib, runNode, spread, type Measurement } from './measure';

const PHASES = ['validate', 'manifests', 'plan', 'render', 'write'] as const;
type Phase = (typeof PHASES)[number];
interface Report {
  code: number;
  loadMs: number;
  synthMs: number;
  phases: Record<Phase, number>;
  modules: number;
  maxRssKiB: number;
}

const child = (build: string): string => `
const build = ${JSON.stringify(join(build, 'lib'))};
const t0 = performance.now();
const { main } = require(build + '/cli/main.js');
const loaded = performance.now();
const modules = Object.keys(require.cache).length;
const phases = { validate: 0, manifests: 0, plan: 0, render: 0, write: 0 };
function timed(owner, key, phase) {
  const original = owner[key];
  if (typeof original !== 'function') throw new Error('bench: ' + key + ' not found; update bench/stock.ts');
  owner[key] = function (...args) {
    const started = performance.now();
    const result = original.apply(this, args);
    const stop = () => { phases[phase] += performance.now() - started; };
    if (result && typeof result.then === 'function') return result.finally(stop);
    stop();
    return result;
  };
  // A re-export is a getter: wrap the defining module instead.
  if (owner[key] === original) throw new Error('bench: ' + key + ' cannot be wrapped here; update bench/stock.ts');
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
  process.stdout.write(JSON.stringify({ code, loadMs: loaded - t0, synthMs: done - loaded, phases, modules, maxRssKiB: process.resourceUsage().maxRSS }) + '\\n');
});`;

/** Synths of the stock environments, one fresh process per run. */
export function stockMeasurement(build: string, root: string): Measurement {
  const wall: number[] = [];
  const reports: Report[] = [];
  return {
    runOnce() {
      const out = mkdtempSync(join(tmpdir(), 'groundwork-bench-'));
      try {
        const run = runNode<Report>(['-e', child(build), out], { cwd: root });
        if (run.report.code !== 0) throw new Error(`groundwork synth exited ${run.report.code}`);
        wall.push(run.wallMs);
        reports.push(run.report);
        return run.wallMs;
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    },
    summary() {
      const med = (f: (r: Report) => number): string => `${(median(reports.map(f)) / 1000).toFixed(2)} s`;
      const maxRssKiB = Math.max(...reports.map((r) => r.maxRssKiB));
      return {
        wallMs: median(wall),
        maxRssKiB,
        lines: [
          `stock environments (dev + staging + prod), groundwork synth, ${wall.length} fresh processes`,
          `  wall ${spread(wall)}  peak RSS ${mib(maxRssKiB)}  module load ${med((r) => r.loadMs)} (${reports[0].modules} modules)  synth ${med((r) => r.synthMs)}`,
          `  synth phases: ${PHASES.map((p) => `${p} ${med((r) => r.phases[p])}`).join(', ')}`,
        ],
      };
    },
  };
}
