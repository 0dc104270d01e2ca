/**
 * `groundwork render`: validate every requested environment, plan it offline, `helm template`
 * every release it deploys with exactly the plan's values, judge what would run with the
 * readiness checks (the guard rails as rendered), then write `<out>/<env>/rendered/` —
 * `<release>.yaml` per release plus `readiness.json` / `readiness.md` — atomically (every
 * `rendered/` folder replaced together; manifests and cloud.json from `synth` are left alone).
 * A failing check writes nothing: the output never holds a platform the checks refuse.
 */
import { performance } from 'node:perf_hooks';
import { Platform } from '../blueprint/platform';
import { readinessExceptionsOf } from '../guard-rails/readiness-exceptions';
import { checkReadiness, renderReadinessJson, renderReadinessMarkdown, type ReadinessException, type ReadinessResult } from '../readiness';
import { renderPlatform, type RenderResult } from '../render/render-plan';
import { printable } from '../spec/printable';
import type { CliArgs } from './args';
import { writeEnvironments } from './atomic-write';
import { requestedPlatforms, type Output } from './synth';
import { loadConfig } from '../config/load-config';

/** Folder under `<out>/<env>/` that holds the rendered releases. */
export const RENDERED_FOLDER = 'rendered';

/** Readiness report files written next to the releases. */
export const READINESS_FILES = { json: 'readiness.json', markdown: 'readiness.md' } as const;

/** The files of one environment's render, by path relative to `rendered/`. */
export function renderedFiles(result: RenderResult, readiness: ReadinessResult): Map<string, string> {
  return new Map([
    ...result.releases.map((r) => [`${r.release}.yaml`, r.yaml] as const),
    [READINESS_FILES.json, renderReadinessJson(readiness)],
    [READINESS_FILES.markdown, renderReadinessMarkdown(readiness)],
  ]);
}

/**
 * The readiness checks over what `platform` would run: rendered releases plus its manifests.
 * Accepted findings come from the add-ons' reasoned exceptions and from the spec's guard-rail
 * exceptions (only those that match a finding are kept, so the report lists no noise); a stale
 * add-on exception counts as a problem.
 */
export function renderedReadiness(platform: Platform, result: RenderResult): { readiness: ReadinessResult; problems: string[] } {
  const accepted = platform.acceptedFindings();
  const objects = [...result.releases.flatMap((r) => r.objects), ...platform.manifests().charts.flatMap((c) => c.objects)];
  const check = (exceptions: readonly ReadinessException[]): ReadinessResult =>
    checkReadiness({ spec: platform.spec, objects, releases: result.releases, exceptions, networkNeeds: platform.networkNeeds() });
  const derived = readinessExceptionsOf(platform.exceptions, result.releases);
  let readiness = check([...accepted, ...derived]);
  if (derived.length > 0) readiness = check([...accepted, ...derived.filter((e) => !readiness.unusedExceptions.includes(e))]);
  const name = platform.spec.name;
  const problems = [
    ...Object.values(readiness.areas)
      .flat()
      .filter((f) => f.excepted === undefined)
      .map((f) => `${name}: ${f.check} ${f.object}${f.container ? ` [${f.container}]` : ''}: ${f.problem}; fix: ${f.fix}`),
    ...readiness.unusedExceptions.map((e) => `${name}: the add-on exception for ${e.check} ${e.object} matches no finding; fix: remove it from the add-on's acceptedFindings`),
  ];
  return { readiness, problems: [...new Set(problems)].map(printable) };
}

function summary(platform: Platform, result: RenderResult, readiness: ReadinessResult, seconds: string): string[] {
  const objects = result.releases.reduce((n, r) => n + r.objects.length, 0);
  return [
    `${platform.spec.name} (${platform.spec.addons.delivery} delivery): ${result.releases.length} releases, ${objects} objects ` +
      `(helm ${result.helm.version}, Kubernetes ${platform.spec.kubernetesVersion}, ${result.apiVersions.length} CRD API versions) in ${seconds} s`,
    ...result.releases.map((r) => {
      const generated = r.generated.length > 0 ? `; ${r.generated.length} fields generated at render time (${r.generated[0].object} ${r.generated[0].path}…)` : '';
      return `  ${r.release}: ${r.chart} ${r.version}, ${r.objects.length} objects${generated}`;
    }),
    `  readiness: PASS, ${readiness.excepted} accepted finding${readiness.excepted === 1 ? '' : 's'}, ${readiness.flows.length} flows allowed`,
  ];
}

/** Run `render`; returns the process exit code. Chart cache misses throw a RenderSetupError (exit 2). */
export async function runRender(args: CliArgs, io: Output): Promise<number> {
  const config = loadConfig(args.configFile);
  const platforms = requestedPlatforms(args, io, config);
  if (!platforms) return 2;
  // Render and check everything before writing anything: a miss in the last environment leaves dist/ as it was.
  const rendered: Array<{ env: string; files: Map<string, string>; lines: string[] }> = [];
  const problems: string[] = [];
  for (const platform of platforms) {
    const started = performance.now();
    // Team add-ons' charts are found in the config's chart folders after the chart cache.
    const result = await renderPlatform(platform, { chartCache: args.chartCache, extraCaches: config.chartFolders });
    const { readiness, problems: failing } = renderedReadiness(platform, result);
    problems.push(...failing);
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    rendered.push({ env: platform.spec.name, files: renderedFiles(result, readiness), lines: summary(platform, result, readiness, seconds) });
  }
  if (problems.length > 0) {
    io.err(`The rendered platform fails ${problems.length} readiness check${problems.length === 1 ? '' : 's'}:`);
    for (const problem of problems) io.err(`  ${problem}`);
    io.err('nothing was written.');
    return 2;
  }
  // One swap for every environment's rendered/ folder: all new or none (lib/output).
  writeEnvironments(args.outDir, rendered, { subfolder: RENDERED_FOLDER, warn: (line) => io.err(line) });
  for (const { lines } of rendered) for (const line of lines) io.out(line);
  io.out(`wrote ${rendered.map((r) => `${args.outDir}/${r.env}/${RENDERED_FOLDER}/`).join(', ')}`);
  return 0;
}
