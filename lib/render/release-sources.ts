/**
 * What gets rendered, read from what deploys: the Helm releases of the offline plan (Pulumi
 * delivery) and the Argo CD Applications with a Helm source in the manifests (GitOps delivery),
 * each with exactly the values it carries. Values the plan could not know are an error: a
 * render with a guessed value would not be what runs.
 */
import type { KubeObject } from '../blueprint/manifests';
import type { PlanRecord } from '../plan/planner';
import type { ChartRef } from './chart-cache';
import { RenderSetupError } from './errors';
import { compareText } from '../spec/order';

/** Pulumi type token of a Helm release in the plan. */
export const HELM_RELEASE_TYPE = 'kubernetes:helm.sh/v3:Release';

/** One release to render. */
export interface ReleaseSource {
  /** Release name (`helm template <release>`). */
  release: string;
  /** Namespace it installs into. */
  namespace: string;
  /** Chart coordinates. */
  chart: ChartRef;
  /** The values it deploys with. */
  values: Record<string, unknown>;
  /** Install the chart's crds/ folder (Helm's default; off with skipCrds). */
  includeCrds: boolean;
  /** How it reaches the cluster. */
  delivery: 'helm-release' | 'argocd-application';
}

/** Placeholders the planner writes for values it cannot know offline. */
const UNKNOWABLE = /^\[(secret|computed|resource .*)\]$/;

/** Dotted paths of every placeholder in `value`. */
export function unknowablePaths(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return UNKNOWABLE.test(value) ? [`${path || '<root>'} = ${value}`] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => unknowablePaths(v, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => unknowablePaths(v, path ? `${path}.${k}` : k));
  }
  return [];
}

const asRecord = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

/** The release of one plan record. */
function fromRelease(record: PlanRecord): ReleaseSource {
  const inputs = record.inputs;
  const chart = String(inputs.chart ?? '');
  const version = String(inputs.version ?? '');
  const repo = asRecord(inputs.repositoryOpts).repo;
  let ref: ChartRef;
  if (chart.startsWith('oci://')) {
    const slash = chart.lastIndexOf('/');
    ref = { repository: chart.slice(0, slash), chart: chart.slice(slash + 1), version };
  } else if (typeof repo === 'string' && repo) {
    ref = { repository: repo, chart, version };
  } else {
    throw new RenderSetupError(`release ${record.name}: chart "${chart}" has neither an oci:// reference nor repositoryOpts.repo; only repository charts can be rendered from the chart cache`);
  }
  return {
    release: String(inputs.name ?? record.name),
    namespace: String(inputs.namespace ?? 'default'),
    chart: ref,
    values: asRecord(inputs.values),
    includeCrds: inputs.skipCrds !== true,
    delivery: 'helm-release',
  };
}

/** Argo CD writes OCI Helm repositories without a scheme; Helm needs `oci://`. */
function helmRepository(repoURL: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(repoURL) ? repoURL : `oci://${repoURL}`;
}

/** The release an Argo CD Application renders, or undefined when its source is not a Helm chart. */
function fromApplication(app: KubeObject): ReleaseSource | undefined {
  const spec = asRecord(app.spec);
  const where = `Application ${app.metadata.namespace ?? ''}/${app.metadata.name ?? ''}`;
  if (Array.isArray(spec.sources) && spec.sources.some((s) => asRecord(s).chart)) {
    throw new RenderSetupError(`${where}: multi-source Applications (spec.sources) are not rendered; use spec.source`);
  }
  const source = asRecord(spec.source);
  if (typeof source.chart !== 'string') return undefined; // a Git path (e.g. the root app): not a chart
  const helm = asRecord(source.helm);
  for (const unsupported of ['valueFiles', 'parameters', 'fileParameters'] as const) {
    const v = helm[unsupported];
    if (Array.isArray(v) && v.length > 0) throw new RenderSetupError(`${where}: spec.source.helm.${unsupported} cannot be reproduced offline; put the values in valuesObject`);
  }
  // Argo CD merges `values` (a YAML string) under `valuesObject`; we only ever write valuesObject.
  if (typeof helm.values === 'string' && helm.values.trim()) throw new RenderSetupError(`${where}: spec.source.helm.values (a string) is not rendered; use valuesObject`);
  return {
    release: String(helm.releaseName ?? app.metadata.name),
    namespace: String(asRecord(spec.destination).namespace ?? 'default'),
    chart: { repository: helmRepository(String(source.repoURL ?? '')), chart: source.chart, version: String(source.targetRevision ?? '') },
    values: asRecord(helm.valuesObject),
    includeCrds: helm.skipCrds !== true,
    delivery: 'argocd-application',
  };
}

/**
 * Every release `records` (the offline plan) and `manifests` deploy, sorted by release name.
 * Throws when a value is a plan placeholder, naming release and path.
 */
export function releaseSources(records: readonly PlanRecord[], manifests: readonly KubeObject[]): ReleaseSource[] {
  const sources = [
    ...records.filter((r) => r.type === HELM_RELEASE_TYPE).map(fromRelease),
    ...manifests
      .filter((o) => o.kind === 'Application' && o.apiVersion.startsWith('argoproj.io/'))
      .map(fromApplication)
      .filter((s): s is ReleaseSource => s !== undefined),
  ].sort((a, b) => compareText(a.release, b.release) || compareText(a.namespace, b.namespace));
  const unknown = sources.flatMap((s) => unknowablePaths(s.values).map((p) => `  - release ${s.release}: values.${p}`));
  if (unknown.length > 0) {
    throw new RenderSetupError(
      [
        'values the offline plan cannot know (rendering them would not show what deploys):',
        ...unknown,
        'fix: derive these values from the spec (as IAM role ARNs are), or give the planner mocks a deterministic value for them',
      ].join('\n'),
    );
  }
  return sources;
}
