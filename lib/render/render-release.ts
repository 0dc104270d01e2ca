/**
 * `helm template` of one release, as `helm install` would render it on the cluster: the
 * environment's Kubernetes version, the platform's API versions, the exact values, CRDs
 * included unless the release skips them, test hooks left out. Helm runs with a scrubbed
 * environment (its cache/config/data homes in a fresh temporary folder, no kubeconfig) so a
 * user's repositories, plugins or contexts cannot change the output.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sortKeys } from '../blueprint/canonical';
import { loadChartArchive } from './chart-archive';
import { RenderSetupError } from './errors';
import { mergeRenders } from './generated-fields';
import type { HelmBinary } from './helm-binary';
import { mayGenerateAtRenderTime } from './nondeterminism';
import { archiveSha256, readRenderCache, writeRenderCache, type CachedRender, type RenderKey } from './render-cache';
import { parseManifestStream, sortObjects } from './rendered-objects';
import type { ReleaseSource } from './release-sources';

const run = promisify(execFile);

/** What a render needs besides the release itself. */
export interface ReleaseRenderContext {
  /** The helm binary. */
  helm: HelmBinary;
  /** Path of the chart archive. */
  archive: string;
  /** Kubernetes version (`--kube-version`). */
  kubeVersion: string;
  /** `--api-versions` entries, sorted. */
  apiVersions: readonly string[];
  /** Disk cache folder, or false to always render. */
  cacheDir: string | false;
}

/** The argv of `helm template` for `source` with its values in `valuesFile`. */
export function helmTemplateArgs(source: ReleaseSource, ctx: Omit<ReleaseRenderContext, 'helm' | 'cacheDir'>, valuesFile: string): string[] {
  return [
    'template',
    source.release,
    ctx.archive,
    '--namespace',
    source.namespace,
    '--kube-version',
    ctx.kubeVersion,
    ...ctx.apiVersions.flatMap((v) => ['--api-versions', v]),
    '--values',
    valuesFile,
    ...(source.includeCrds ? ['--include-crds'] : []),
    '--skip-tests',
  ];
}

/**
 * Run `helm template` in one scrubbed home: twice when the release may generate values at
 * render time (the pair sees identical paths and settings), else once.
 */
async function helmTemplateRuns(source: ReleaseSource, ctx: ReleaseRenderContext): Promise<[string, string]> {
  const home = mkdtempSync(join(tmpdir(), 'groundwork-helm-'));
  try {
    const valuesFile = join(home, 'values.json');
    // JSON is YAML: no scalar in the values can be re-read as another type.
    writeFileSync(valuesFile, JSON.stringify(source.values));
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: home,
      HELM_CACHE_HOME: join(home, 'cache'),
      HELM_CONFIG_HOME: join(home, 'config'),
      HELM_DATA_HOME: join(home, 'data'),
      KUBECONFIG: join(home, 'no-kubeconfig'),
    };
    const once = async (): Promise<string> =>
      (await run(ctx.helm.path, helmTemplateArgs(source, ctx, valuesFile), { env, maxBuffer: 512 * 1024 * 1024, encoding: 'utf8' })).stdout;
    if (!mayGenerateAtRenderTime(loadChartArchive(ctx.archive), source.values)) {
      const text = await once();
      return [text, text];
    }
    const [a, b] = await Promise.all([once(), once()]);
    return [a, b];
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new RenderSetupError(
      `helm template of release ${source.release} (${source.chart.chart} ${source.chart.version}) failed: ${(e.stderr || e.message).trim()}`,
    );
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** The render key of `source` in `ctx`. */
export function renderKey(source: ReleaseSource, ctx: ReleaseRenderContext): RenderKey {
  return {
    archiveSha256: archiveSha256(ctx.archive),
    release: source.release,
    namespace: source.namespace,
    kubeVersion: ctx.kubeVersion,
    apiVersions: [...ctx.apiVersions],
    values: sortKeys(source.values),
    includeCrds: source.includeCrds,
    helmVersion: ctx.helm.version,
  };
}

/**
 * Render `source` (from the disk cache when the same inputs were rendered before). Objects are
 * sorted; fields helm generates anew on each render are replaced by a placeholder and listed.
 */
export async function renderRelease(source: ReleaseSource, ctx: ReleaseRenderContext): Promise<CachedRender> {
  const key = renderKey(source, ctx);
  if (ctx.cacheDir) {
    const hit = readRenderCache(ctx.cacheDir, key);
    if (hit) return hit;
  }
  const where = `release ${source.release} (${source.chart.chart} ${source.chart.version})`;
  const [a, b] = await helmTemplateRuns(source, ctx);
  const first = sortObjects(parseManifestStream(a, where));
  // Same text: nothing was generated (the common case; parsing large CRD bundles twice is the cost).
  const render = a === b ? { objects: first, generated: [] } : mergeRenders(first, sortObjects(parseManifestStream(b, where)), where);
  if (ctx.cacheDir) writeRenderCache(ctx.cacheDir, key, render);
  return render;
}
