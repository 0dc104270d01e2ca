/**
 * Render every release an environment deploys, with the values its plan carries. The API
 * versions passed to helm are those of the CRDs the platform installs: CRD-owning charts are
 * rendered first and their CRDs (plus any in the manifests or the plan, e.g. the Gateway API) collected,
 * repeated until the set stops changing, then every release renders against that one set.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../blueprint/manifests';
import type { Platform } from '../blueprint/platform';
import { planPlatform } from '../plan/plan-platform';
import type { PlanRecord } from '../plan/planner';
import type { ResolvedSpec } from '../spec/types';
import { crdApiVersions, scopeResolver } from './api-versions';
import { loadChartArchive, mayRenderCrds } from './chart-archive';
import { chartArchiveName, groundworkCacheRoot, locateCharts, type ChartCacheOptions } from './chart-cache';
import { RenderSetupError } from './errors';
import type { GeneratedField } from './generated-fields';
import { resolveHelm, type HelmBinary, type HelmBinaryOptions } from './helm-binary';
import { releaseSources, type ReleaseSource } from './release-sources';
import { renderRelease } from './render-release';
import { defaultNamespaces, renderedYaml, sortObjects } from './rendered-objects';

/** Options of `renderPlan` / `renderPlatform`. */
export interface RenderOptions extends ChartCacheOptions {
  /** The environment's cdk8s objects: Argo CD Applications (GitOps delivery) and CRDs they install. @default [] (renderPlatform: the platform's manifests) */
  manifests?: readonly KubeObject[];
  /** How helm is found. @default GROUNDWORK_HELM, PATH, then the kubectl layer's helm */
  helm?: HelmBinaryOptions;
  /** Folder of cached renders, or false to render every time. @default <cache root>/rendered */
  renderCache?: string | false;
  /** helm processes at once. @default the machine's available parallelism */
  concurrency?: number;
}

/** What one release renders to. */
export interface RenderedRelease {
  /** Release name. */
  release: string;
  /** Release namespace. */
  namespace: string;
  /** Chart name. */
  chart: string;
  /** Chart version. */
  version: string;
  /** Chart repository. */
  repository: string;
  /** Pulumi Helm release, or Argo CD Application. */
  delivery: ReleaseSource['delivery'];
  /** The values it was rendered with (exactly the deployed ones). */
  values: Record<string, unknown>;
  /** Chart archive rendered. */
  archive: string;
  /** Rendered objects, sorted; namespaced objects carry the namespace Helm installs them into. */
  objects: KubeObject[];
  /** `objects` as canonical multi-document YAML (computed on first read). */
  readonly yaml: string;
  /** Fields helm generates anew on every render (replaced by a placeholder in `objects`). */
  generated: GeneratedField[];
}

/** Every release of an environment, rendered. */
export interface RenderResult {
  /** Sorted by release name. */
  releases: RenderedRelease[];
  /** The `--api-versions` every release was rendered with. */
  apiVersions: string[];
  /** The helm that rendered. */
  helm: HelmBinary;
}

/** Run `task` over `items` with at most `limit` running at once; results keep input order. */
async function pool<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** CRDs Pulumi applies as resources of their own (a ConfigGroup's children), as objects. */
function plannedCrds(records: readonly PlanRecord[]): KubeObject[] {
  return records
    .filter((r) => r.type === 'kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition')
    .map((r) => ({ ...r.inputs, apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: (r.inputs.metadata ?? {}) as KubeObject['metadata'] }));
}

/** Render the releases of `records` (an offline plan of `spec`) and of the Applications in `options.manifests`. */
export async function renderPlan(records: readonly PlanRecord[], spec: ResolvedSpec, options: RenderOptions = {}): Promise<RenderResult> {
  const manifests = options.manifests ?? [];
  if (spec.addons.delivery === 'gitops' && !manifests.some((o) => o.kind === 'Application')) {
    throw new RenderSetupError(`${spec.name}: GitOps delivery deploys add-ons as Argo CD Applications; pass the manifests (options.manifests) to render them`);
  }
  const sources = releaseSources(records, manifests);
  const helm = await resolveHelm(options.helm);
  const archives = locateCharts(sources.map((s) => s.chart), options, () => helm.path);
  const archiveOf = (s: ReleaseSource): string => archives.get(chartArchiveName(s.chart))!;
  const cacheDir = options.renderCache ?? join(groundworkCacheRoot(), 'rendered');
  const limit = options.concurrency ?? availableParallelism();
  const memo = new Map<string, ReturnType<typeof renderRelease>>();
  const render = (s: ReleaseSource, apiVersions: readonly string[]): ReturnType<typeof renderRelease> => {
    const key = `${s.release}\n${s.namespace}\n${apiVersions.join(',')}`;
    let rendered = memo.get(key);
    if (!rendered) {
      rendered = renderRelease(s, { helm, archive: archiveOf(s), kubeVersion: spec.kubernetesVersion, apiVersions, cacheDir });
      memo.set(key, rendered);
    }
    return rendered;
  };

  // CRDs decide the API versions, and API versions can decide which CRDs render: iterate to a fixed point.
  const owners = sources.filter((s) => mayRenderCrds(loadChartArchive(archiveOf(s))));
  const installed = [...manifests, ...plannedCrds(records)];
  let apiVersions = crdApiVersions(installed);
  for (let round = 0; ; round++) {
    const crds = (await pool(owners, limit, (s) => render(s, apiVersions))).flatMap((r) => r.objects);
    const next = crdApiVersions([...installed, ...crds]);
    if (next.join('\n') === apiVersions.join('\n')) break;
    if (round === 4) throw new Error(`${spec.name}: the CRD set does not settle (API versions keep changing which CRDs render)`);
    apiVersions = next;
  }

  const renders = await pool(sources, limit, (s) => render(s, apiVersions));
  const scopeOf = scopeResolver([...installed, ...renders.flatMap((r) => r.objects)]);
  const releases = sources.map((s, i) => {
    const objects = sortObjects(defaultNamespaces(renders[i].objects, s.namespace, scopeOf));
    let yaml: string | undefined;
    const release = {
      release: s.release,
      namespace: s.namespace,
      chart: s.chart.chart,
      version: s.chart.version,
      repository: s.chart.repository,
      delivery: s.delivery,
      values: s.values,
      archive: archiveOf(s),
      objects,
      generated: renders[i].generated,
    };
    // Serialized on first use: checks read objects, only the CLI writes YAML (seconds for CRD bundles).
    return Object.defineProperty(release, 'yaml', { enumerable: true, get: () => (yaml ??= renderedYaml(objects)) }) as RenderedRelease;
  });
  return { releases, apiVersions, helm };
}

/** Plan `platform` offline and render every release it deploys. */
export async function renderPlatform(platform: Platform, options: RenderOptions = {}): Promise<RenderResult> {
  const plan = await planPlatform(platform);
  const manifests = options.manifests ?? platform.manifests().charts.flatMap((c) => c.objects);
  return renderPlan(plan, platform.spec, { ...options, manifests });
}
