/**
 * Benchmark: the production environment (stacks/environments/prod.ts) with many tenants
 * (`team-0001` … with editors `team-0001-developers`), manifests + offline cloud plan, each size
 * a fresh process against the compiled build (in-process `synthesizeEnvironment`, nothing
 * written). Prints median wall, synth time, peak RSS and time per tenant, so growth that is
 * faster than linear shows. Run: `npm run build && npx ts-node --transpile-only bench/tenants.ts`.
 * Sizes: BENCH_TENANTS (default "100,1000"); runs per size: BENCH_RUNS (default 3);
 * another build: BENCH_BUILD (the folder holding lib/ and stacks/ compiled, default build/).
 * A script, not a test: timing assertions are flaky on shared 2-core machines.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SIZES = (process.env.BENCH_TENANTS ?? '100,1000').split(',').map(Number);
const root = resolve(__dirname, '..');
const build = resolve(process.env.BENCH_BUILD ?? join(root, 'build'));
const synthModule = join(build, 'lib', 'cli', 'synth.js');
if (!existsSync(synthModule)) {
  process.stderr.write(`build missing (${synthModule}): run \`npm run build\` first\n`);
  process.exit(2);
}

// The child builds the spec, synthesizes it once and reports its own timings and peak RSS.
const child = `
const t0 = performance.now();
const { synthesizeEnvironment } = require(${JSON.stringify(synthModule)});
const { Platform } = require(${JSON.stringify(join(build, 'lib', 'blueprint', 'platform.js'))});
const { prod } = require(${JSON.stringify(join(build, 'stacks', 'environments', 'prod.js'))});
const loaded = performance.now();
const count = Number(process.argv[1]);
const tenants = Array.from({ length: count }, (_, i) => {
  const name = 'team-' + String(i + 1).padStart(4, '0');
  return { name, editors: [name + '-developers'] };
});
const platform = Platform.fromSpec({ ...prod, tenants });
synthesizeEnvironment(platform).then(({ files }) => {
  const done = performance.now();
  let bytes = 0;
  for (const text of files.values()) bytes += Buffer.byteLength(text);
  process.stdout.write(JSON.stringify({ loadMs: loaded - t0, synthMs: done - loaded, bytes, maxRssKiB: process.resourceUsage().maxRSS }));
});`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const fmt = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const lines = [`prod with N tenants, manifests + offline plan, ${RUNS} fresh processes per size (${build})`];
const perTenant = new Map<number, number>();
for (const size of SIZES) {
  const wall: number[] = [];
  const synth: number[] = [];
  const rss: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const result = spawnSync(process.execPath, ['-e', child, String(size)], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 20 });
    wall.push(performance.now() - started);
    if (result.status !== 0) {
      process.stderr.write(`${size} tenants: exit ${result.status ?? result.signal}\n${result.stderr.slice(-4000)}`);
      process.exit(1);
    }
    const report = JSON.parse(result.stdout) as { loadMs: number; synthMs: number; bytes: number; maxRssKiB: number };
    synth.push(report.synthMs);
    rss.push(report.maxRssKiB);
    bytes = report.bytes;
  }
  perTenant.set(size, median(synth) / size);
  lines.push(
    `  ${String(size).padStart(6)} tenants  wall ${fmt(median(wall))}  synth ${fmt(median(synth))}  ` +
      `peak RSS ${(Math.max(...rss) / 1024).toFixed(0)} MiB  ${(median(synth) / size).toFixed(2)} ms/tenant  output ${(bytes / 1048576).toFixed(1)} MiB`,
  );
}
if (SIZES.length > 1) {
  const [first, last] = [SIZES[0], SIZES[SIZES.length - 1]];
  lines.push(`  time per tenant at ${last} / at ${first}: ${(perTenant.get(last)! / perTenant.get(first)!).toFixed(2)}×`);
}
process.stdout.write(lines.join('\n') + '\n');
