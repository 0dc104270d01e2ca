/**
 * `groundwork render`: validate every requested environment, plan it offline, `helm template`
 * every release it deploys with exactly the plan's values, then write
 * `<out>/<env>/rendered/<release>.yaml` atomically (each `rendered/` folder replaced as a whole;
 * manifests and cloud.json from `synth` are left alone).
 */
import { performance } from 'node:perf_hooks';
import { Platform } from '../blueprint/platform';
import { renderPlatform, type RenderResult } from '../render/render-plan';
import type { CliArgs } from './args';
import { writeEnvironments } from './atomic-write';
import { requestedPlatforms, type Output } from './synth';

/** Folder under `<out>/<env>/` that holds the rendered releases. */
export const RENDERED_FOLDER = 'rendered';

/** The files of one environment's render, by path relative to `rendered/`. */
export function renderedFiles(result: RenderResult): Map<string, string> {
  return new Map(result.releases.map((r) => [`${r.release}.yaml`, r.yaml]));
}

function summary(platform: Platform, result: RenderResult, seconds: string): string[] {
  const objects = result.releases.reduce((n, r) => n + r.objects.length, 0);
  return [
    `${platform.spec.name} (${platform.spec.addons.delivery} delivery): ${result.releases.length} releases, ${objects} objects ` +
      `(helm ${result.helm.version}, Kubernetes ${platform.spec.kubernetesVersion}, ${result.apiVersions.length} CRD API versions) in ${seconds} s`,
    ...result.releases.map((r) => {
      const generated = r.generated.length > 0 ? `; ${r.generated.length} fields generated at render time (${r.generated[0].object} ${r.generated[0].path}…)` : '';
      return `  ${r.release}: ${r.chart} ${r.version}, ${r.objects.length} objects${generated}`;
    }),
  ];
}

/** Run `render`; returns the process exit code. Chart cache misses throw a RenderSetupError (exit 2). */
export async function runRender(args: CliArgs, io: Output): Promise<number> {
  const platforms = requestedPlatforms(args, io);
  if (!platforms) return 2;
  // Render everything before writing anything: a miss in the last environment leaves dist/ as it was.
  const rendered: Array<{ env: string; files: Map<string, string>; lines: string[] }> = [];
  for (const platform of platforms) {
    const started = performance.now();
    const result = await renderPlatform(platform, { chartCache: args.chartCache });
    const files = renderedFiles(result);
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    rendered.push({ env: platform.spec.name, files, lines: summary(platform, result, seconds) });
  }
  // One swap for every environment's rendered/ folder: all new or none (lib/output).
  writeEnvironments(args.outDir, rendered, { subfolder: RENDERED_FOLDER, warn: (line) => io.err(line) });
  for (const { lines } of rendered) for (const line of lines) io.out(line);
  io.out(`wrote ${rendered.map((r) => `${args.outDir}/${r.env}/${RENDERED_FOLDER}/`).join(', ')}`);
  return 0;
}
