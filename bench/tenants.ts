/**
 * Bench section: the production environment (stacks/environments/prod.ts) with N generated
 * tenants (`team-0001` … with editors `team-0001-developers`), manifests + offline plan +
 * rendering to text (nothing written), a fresh process per run against the compiled build. Time
 * per tenant at each size shows growth faster than linear.
 */
import { join } from 'node:path';
import { median, mib, runNode, spread } from './measure';

interface Report {
  loadMs: number;
  synthMs: number;
  bytes: number;
  objects: number;
  maxRssKiB: number;
}

const child = (build: string): string => `
const t0 = performance.now();
const { synthesizeEnvironment } = require(${JSON.stringify(join(build, 'lib', 'cli', 'synth.js'))});
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
  const objects = platform.manifests().charts.reduce((n, c) => n + c.objects.length, 0);
  process.stdout.write(JSON.stringify({ loadMs: loaded - t0, synthMs: done - loaded, bytes, objects, maxRssKiB: process.resourceUsage().maxRSS }) + '\\n');
});`;

/** One line per size: median wall, peak RSS, time per tenant; then the growth from the first size to each. */
export function benchTenants(build: string, root: string, sizes: readonly number[], runsOf: (size: number) => number): string[] {
  const lines = ['prod with N tenants (manifests + offline plan + text, nothing written), fresh processes'];
  const perTenant = new Map<number, number>();
  for (const size of sizes) {
    const runs = runsOf(size);
    const wall: number[] = [];
    const reports: Report[] = [];
    for (let i = 0; i < runs; i++) {
      const run = runNode<Report>(['-e', child(build), String(size)], { cwd: root });
      wall.push(run.wallMs);
      reports.push(run.report);
    }
    const synth = median(reports.map((r) => r.synthMs));
    perTenant.set(size, synth / size);
    const { objects, bytes } = reports[0];
    lines.push(
      `  ${String(size).padStart(6)} tenants  wall ${spread(wall)}  peak RSS ${mib(Math.max(...reports.map((r) => r.maxRssKiB)))}  ` +
        `${(synth / size).toFixed(2)} ms/tenant  (${runs} run${runs > 1 ? 's' : ''}, ${objects} objects, ${(bytes / 1048576).toFixed(1)} MiB of text)`,
    );
  }
  const first = sizes[0];
  for (const size of sizes.slice(1)) lines.push(`  time per tenant at ${size} / at ${first}: ${(perTenant.get(size)! / perTenant.get(first)!).toFixed(2)}×`);
  return lines;
}
