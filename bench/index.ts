/**
 * `npm run bench` (after `npm run build`): the stock environments, prod with many tenants, and
 * the peer when it is installed — side by side in one run, each measurement a fresh process.
 *   BENCH_ONLY     sections to run, comma-separated: stock, tenants, peer (default all)
 *   BENCH_RUNS     runs per measurement (default 3; median reported, min–max in brackets)
 *   BENCH_TENANTS  tenant counts (default 100,1000,10000); BENCH_LARGE_RUNS runs above 1000 (default 1)
 *   BENCH_PEER_DIR scratch folder with the peer installed (README "Benchmark"); skipped when unset
 *   BENCH_BUILD    compiled build to measure (default build/)
 * A script, not a test: timing assertions are flaky on shared 2-core machines.
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { envInt, median } from './measure';
import { peerMeasurement } from './peer';
import { stockMeasurement } from './stock';
import { benchTenants } from './tenants';

const root = resolve(__dirname, '..');
const build = resolve(process.env.BENCH_BUILD ?? join(root, 'build'));
if (!existsSync(join(build, 'lib', 'cli', 'main.js'))) {
  process.stderr.write(`build missing (${build}): run \`npm run build\` first\n`);
  process.exit(2);
}
const only = new Set((process.env.BENCH_ONLY ?? 'stock,tenants,peer').split(',').map((s) => s.trim()));
const runs = envInt('BENCH_RUNS', 3);
const largeRuns = envInt('BENCH_LARGE_RUNS', 1);
const sizes = (process.env.BENCH_TENANTS ?? '100,1000,10000').split(',').map((s) => {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1) throw new Error(`BENCH_TENANTS: ${JSON.stringify(s)} is not a tenant count`);
  return n;
});

const print = (lines: readonly string[]): void => {
  process.stdout.write(lines.join('\n') + '\n');
};
print([`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${require('node:os').availableParallelism()} cores (${build})`]);
const stock = only.has('stock') ? stockMeasurement(build, root) : undefined;
const peerDir = process.env.BENCH_PEER_DIR;
const peer = only.has('peer') && peerDir ? peerMeasurement(peerDir) : undefined;
// Side by side: the stock synth and the peer alternate, so both meet the same machine load, and
// each pair's ratio is taken on its own (a noisy moment moves both runs of the pair).
const ratios: number[] = [];
for (let i = 0; i < runs; i++) {
  const ours = stock?.runOnce();
  const theirs = peer?.runOnce();
  if (ours !== undefined && theirs !== undefined) ratios.push(ours / theirs);
}
if (stock) print(stock.summary().lines);
if (only.has('peer')) {
  if (!peer) print([`peer: not measured (${peerDir ? `no @aws-quickstart/eks-blueprints in ${peerDir}` : 'BENCH_PEER_DIR unset'}; see README "Benchmark")`]);
  else {
    print(peer.summary().lines);
    if (stock) {
      const r = (x: number): string => `${x.toFixed(2)}×`;
      print([`  three stock environments / the peer's one: ${r(median(ratios))} the wall time (median of ${ratios.length} alternating pairs, ${r(Math.min(...ratios))}–${r(Math.max(...ratios))})`]);
    }
  }
}
if (only.has('tenants')) print(benchTenants(build, root, sizes, (size) => (size > 1000 ? largeRuns : runs)));
print([`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end`]);
