/**
 * GitOps delivery: the same catalogue rendered as Argo CD objects instead of Helm releases.
 * One Application per add-on (Helm source pinned to the exact chart version, values inline),
 * ordered by sync waves derived from the dependency depth; configuration objects get the wave
 * right after their add-on. A manifest add-on (no chart) gets no Application: its objects are a
 * manifest file of their own that the root Application syncs in the wave its Application would
 * have. A bootstrap chart (AppProject + root Application) is the only thing Pulumi applies after
 * the Argo CD release: Argo CD then syncs the rest from Git.
 */
import { AppProject } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject';
import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import type { Construct } from 'constructs';
import { isChartAddon, type Addon, type CatalogueAddon } from '../addons/addon';
import type { AddonSelection } from '../addons/selection';
import { emitModel } from '../k8s/model-object';
import type { ResolvedSpec } from '../spec/types';

/** Namespace Argo CD runs in (the argo-cd add-on's namespace). */
export const ARGOCD_NAMESPACE = 'argocd';
/** Argo CD project that scopes what platform Applications may deploy, and where. */
export const PLATFORM_PROJECT = 'platform';
const IN_CLUSTER = 'https://kubernetes.default.svc';
/** Annotation Argo CD orders a sync by. */
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';
/** CRs whose CRDs arrive in an earlier wave cannot be dry-run before that wave. */
export const SYNC_OPTIONS_ANNOTATION = 'argocd.argoproj.io/sync-options';

/** Sync wave of an add-on's Application: even waves, so its config fits in the odd one after. */
export function applicationWave(selection: AddonSelection, addon: CatalogueAddon): number {
  return 2 * (selection.depth.get(addon.id) ?? 0);
}

/** Sync wave of an add-on's configuration objects: right after the add-on itself. */
export function configWave(selection: AddonSelection, addon: CatalogueAddon): number {
  return applicationWave(selection, addon) + 1;
}

/** Argo CD wants OCI Helm repositories without the `oci://` scheme. */
function argoRepoUrl(repository: string): string {
  return repository.replace(/^oci:\/\//, '');
}

/**
 * One Argo CD Application per add-on; `valuesOf` gives the merged values, `annotationsOf` what a
 * reviewer must see on it (guard-rail exceptions, overridden value paths).
 */
export function addApplications(
  scope: Construct,
  selection: AddonSelection,
  valuesOf: (addon: Addon) => Record<string, unknown>,
  annotationsOf: (addon: Addon) => Record<string, string> = () => ({}),
): void {
  for (const addon of selection.ordered) {
    if (addon.id === 'argo-cd') continue; // Argo CD itself is the bootstrap Helm release
    // A manifest add-on has no chart: the root Application syncs its own manifest file (wave annotated there).
    if (!isChartAddon(addon)) continue;
    emitModel(
      scope,
      `app-${addon.id}`,
      new Application({
        metadata: {
          name: addon.id,
          namespace: ARGOCD_NAMESPACE,
          annotations: { ...annotationsOf(addon), [SYNC_WAVE_ANNOTATION]: String(applicationWave(selection, addon)) },
          // Deleting an Application must not orphan or cascade-delete platform components silently.
          finalizers: ['resources-finalizer.argocd.argoproj.io'],
        },
        spec: {
          project: PLATFORM_PROJECT,
          source: {
            repoURL: argoRepoUrl(addon.chart.repository),
            chart: addon.chart.chart,
            targetRevision: addon.chart.version,
            // skipCrds: a separate CRD Application owns this chart's CRDs (see Addon.skipCrds).
            helm: { releaseName: addon.id, valuesObject: valuesOf(addon), ...(addon.skipCrds ? { skipCrds: true } : {}) },
          },
          destination: { server: IN_CLUSTER, namespace: addon.namespace },
          ...(addon.runtimeManagedFields?.length
            ? { ignoreDifferences: addon.runtimeManagedFields.map(({ group, kind, name, jqPathExpressions }) => ({ group, kind, ...(name ? { name } : {}), jqPathExpressions: [...jqPathExpressions] })) }
            : {}),
          syncPolicy: {
            automated: { prune: true, selfHeal: true },
            // Server-side apply: CRDs of Istio/cert-manager exceed the client-side annotation limit.
            // RespectIgnoreDifferences: a sync must not write back the fields a controller owns.
            syncOptions: ['ServerSideApply=true', 'CreateNamespace=false', ...(addon.runtimeManagedFields?.length ? ['RespectIgnoreDifferences=true'] : [])],
            retry: { limit: 5, backoff: { duration: '30s', factor: 2, maxDuration: '5m' } },
          },
        },
      }),
    );
  }
}

/**
 * The bootstrap objects Pulumi applies after the Argo CD release: the platform AppProject
 * (only the catalogue's chart repositories and the Git repository, only platform namespaces)
 * and the root Application that syncs this environment's manifests from Git.
 */
export function addBootstrap(scope: Construct, spec: ResolvedSpec, selection: AddonSelection, files: { exclude: string[]; teams?: readonly TeamFile[] }): void {
  const gitops = spec.addons.gitops;
  if (!gitops) throw new Error('gitops delivery needs spec.addons.gitops (validated earlier)');
  const repos = [...new Set(selection.ordered.filter(isChartAddon).map((a) => argoRepoUrl(a.chart.repository)))].sort();
  const namespaces = [...new Set([ARGOCD_NAMESPACE, ...selection.ordered.map((a) => a.namespace)])].sort();
  emitModel(
    scope,
    'project',
    new AppProject({
      metadata: { name: PLATFORM_PROJECT, namespace: ARGOCD_NAMESPACE },
      spec: {
        description: `Groundwork platform add-ons of ${spec.name}`,
        sourceRepos: [gitops.repoURL, ...repos],
        destinations: namespaces.map((namespace) => ({ server: IN_CLUSTER, namespace })),
        // Add-ons install CRDs, webhooks and cluster roles: cluster-scoped kinds are expected here.
        clusterResourceWhitelist: [{ group: '*', kind: '*' }],
      },
    }),
  );
  if ((files.teams ?? []).length > 0) addTeamProject(scope, spec, files.teams!);
  emitModel(
    scope,
    'root',
    new Application({
      metadata: { name: `${spec.name}-platform`, namespace: ARGOCD_NAMESPACE },
      spec: {
        project: PLATFORM_PROJECT,
        source: {
          repoURL: gitops.repoURL,
          targetRevision: gitops.targetRevision,
          path: gitops.path,
          directory: { exclude: `{${files.exclude.join(',')}}` },
        },
        destination: { server: IN_CLUSTER, namespace: ARGOCD_NAMESPACE },
        syncPolicy: {
          automated: { prune: true, selfHeal: true },
          syncOptions: ['ServerSideApply=true'],
          retry: { limit: 5, backoff: { duration: '30s', factor: 2, maxDuration: '5m' } },
        },
      },
    }),
  );
}

/** Argo CD project of the team charts: separate from the platform's, so a team chart cannot deploy into platform namespaces. */
export const TEAM_PROJECT = 'teams';

/** A team chart's manifest file, as the GitOps output needs it. */
export interface TeamFile {
  /** File name under the manifests path. */
  readonly file: string;
  /** Team chart name (its Application's name). */
  readonly chart: string;
  /** Its objects (namespaces and kinds scope the team project). */
  readonly objects: ReadonlyArray<{ apiVersion: string; kind: string; metadata?: { name?: string; namespace?: string } }>;
}

const groupOf = (apiVersion: string): string => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');

/**
 * The team project, least privilege from what the team charts contain: their namespaces only as
 * destinations, and as cluster-scoped kinds only those their objects without a namespace have.
 */
function addTeamProject(scope: Construct, spec: ResolvedSpec, teams: readonly TeamFile[]): void {
  const objects = teams.flatMap((t) => t.objects);
  const namespaces = [...new Set(objects.flatMap((o) => [o.metadata?.namespace, o.kind === 'Namespace' && groupOf(o.apiVersion) === '' ? o.metadata?.name : undefined]).filter((n): n is string => Boolean(n)))].sort();
  const clusterKinds = [...new Map(objects.filter((o) => !o.metadata?.namespace).map((o) => [`${groupOf(o.apiVersion)}/${o.kind}`, { group: groupOf(o.apiVersion), kind: o.kind }] as const))]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, v]) => v);
  emitModel(
    scope,
    'team-project',
    new AppProject({
      metadata: { name: TEAM_PROJECT, namespace: ARGOCD_NAMESPACE },
      spec: {
        description: `Team charts composed into the Groundwork platform of ${spec.name}`,
        sourceRepos: [spec.addons.gitops!.repoURL],
        destinations: namespaces.map((namespace) => ({ server: IN_CLUSTER, namespace })),
        clusterResourceWhitelist: clusterKinds,
      },
    }),
  );
}

/** Sync wave of a team chart's Application: foundation ones before every add-on, workloads ones after every add-on's configuration. */
export function teamWave(selection: AddonSelection, phase: 'foundation' | 'workloads'): number {
  if (phase === 'foundation') return -1;
  const deepest = Math.max(0, ...selection.depth.values());
  return 2 * deepest + 2;
}

/** One Argo CD Application per team chart, syncing exactly its file of the environment's manifests path. */
export function addTeamApplications(
  scope: Construct,
  spec: ResolvedSpec,
  selection: AddonSelection,
  teams: ReadonlyArray<TeamFile & { phase: 'foundation' | 'workloads'; namespace?: string }>,
): void {
  const gitops = spec.addons.gitops;
  if (!gitops) throw new Error('gitops delivery needs spec.addons.gitops (validated earlier)');
  for (const team of teams) {
    const namespace = team.namespace ?? team.objects.find((o) => o.metadata?.namespace)?.metadata?.namespace;
    emitModel(
      scope,
      `team-${team.chart}`,
      new Application({
        metadata: {
          name: `team-${team.chart}`,
          namespace: ARGOCD_NAMESPACE,
          annotations: { [SYNC_WAVE_ANNOTATION]: String(teamWave(selection, team.phase)) },
          finalizers: ['resources-finalizer.argocd.argoproj.io'],
        },
        spec: {
          project: TEAM_PROJECT,
          source: { repoURL: gitops.repoURL, targetRevision: gitops.targetRevision, path: gitops.path, directory: { include: team.file } },
          destination: { server: IN_CLUSTER, ...(namespace ? { namespace } : {}) },
          syncPolicy: {
            automated: { prune: true, selfHeal: true },
            syncOptions: ['ServerSideApply=true', 'CreateNamespace=false'],
            retry: { limit: 5, backoff: { duration: '30s', factor: 2, maxDuration: '5m' } },
          },
        },
      }),
    );
  }
}
