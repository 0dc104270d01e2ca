/**
 * Kubernetes half of the blueprint: one cdk8s chart per phase, in deploy order —
 * foundation, (gitops: bootstrap and Applications), then per add-on in dependency order its
 * plain manifests (manifest add-ons, e.g. a CRD bundle) and its configuration objects. A team's
 * own charts (lib/extensions/team-charts.ts) join at their phase: `foundation` ones right after
 * the foundation, `workloads` ones after every add-on. File names carry the order: `NN-<chart>.k8s.yaml`.
 */
import { App, Chart } from 'cdk8s';
import { isChartAddon, namespacesOf, type Addon, type CatalogueAddon, type ManifestAddon } from '../addons/addon';
import { edgeIngressPeer } from '../addons/edge-gateway';
import { tenantScrapePeer } from '../addons/monitors';
import { declaredNetworkNeeds } from '../addons/network';
import { tenantTelemetryPeer } from '../addons/opentelemetry-collector';
import type { AddonSelection } from '../addons/selection';
import { FoundationChart } from '../k8s/foundation-chart';
import { PlainApiObject } from '../k8s/plain-api-object';
import { ENVIRONMENT_LABEL } from '../spec/labels';
import type { AddonId, ResolvedSpec } from '../spec/types';
import { sortKeys, toYamlDocuments } from './canonical';
import { addApplications, addBootstrap, addTeamApplications, applicationWave, configWave, SYNC_OPTIONS_ANNOTATION, SYNC_WAVE_ANNOTATION } from './gitops';
import { compareText } from '../spec/order';
import type { BuiltTeamChart, TeamChart } from '../extensions/team-charts';
import type { AppliedException } from '../guard-rails/exceptions';
import { addExceptionsConfigMap, exceptionsAnnotation, exceptionsOfAddon, GUARD_RAIL_EXCEPTIONS_ANNOTATION, namespaceExceptionAnnotations, OVERRIDES_ANNOTATION } from '../guard-rails/record';

/** Which phase a chart belongs to. */
export type ManifestPhase = 'foundation' | 'gitops-bootstrap' | 'addon-applications' | 'team-applications' | 'team-foundation' | 'addon-manifests' | 'addon-config' | 'team-workloads';

/** Names of the platform's own charts in `selection` (a team chart must not take one). */
export function platformChartNames(selection: AddonSelection): Set<string> {
  return new Set(['foundation', 'gitops-bootstrap', 'addon-applications', 'team-applications', ...selection.ordered.flatMap((a) => [a.id, `${a.id}-config`])]);
}

/** A Kubernetes object as synthesized (plain JSON). */
export type KubeObject = Record<string, unknown> & {
  /** API group and version, e.g. `apps/v1`. */
  apiVersion: string;
  /** Object kind, e.g. `Deployment`. */
  kind: string;
  /** Name (absent on list-like objects) and namespace for namespaced kinds. */
  metadata: { name?: string; namespace?: string };
};

/** One synthesized chart: one output file. */
export interface ManifestChart {
  /** File name under dist/<env>/manifests/, e.g. `03-cert-manager-config.k8s.yaml`. */
  file: string;
  /** Chart name without the order prefix. */
  chart: string;
  /** Deploy phase of the chart: where it sits in the apply order. */
  phase: ManifestPhase;
  /** The add-on whose manifests or configuration this is (addon-manifests and addon-config phases). */
  addon?: AddonId;
  /** Objects in apply order, keys sorted. */
  objects: KubeObject[];
}

/** Every chart of an environment, in deploy order. */
export interface ManifestSet {
  /** The charts in deploy order, one output file each. */
  charts: ManifestChart[];
}

/** Pod Security levels from loosest to strictest; a shared namespace gets the loosest any add-on needs. */
const PSA_ORDER = ['privileged', 'baseline', 'restricted'] as const;
type PodSecurityLevel = (typeof PSA_ORDER)[number];

/** Platform namespaces the enabled add-ons install into (kube-system is EKS's own). */
export function platformNamespaces(selection: AddonSelection): Array<{ name: string; podSecurity: PodSecurityLevel; podSecurityReason?: string }> {
  const levels = new Map<string, PodSecurityLevel>();
  // The reasons of the add-ons that asked for the loosest level (admission exemptions cite them).
  const reasons = new Map<string, string | undefined>();
  for (const namespace of selection.ordered.flatMap(namespacesOf)) {
    if (namespace.name === 'kube-system') continue;
    const wanted = namespace.podSecurity ?? 'restricted';
    const current = levels.get(namespace.name);
    if (!current || PSA_ORDER.indexOf(wanted) < PSA_ORDER.indexOf(current)) {
      levels.set(namespace.name, wanted);
      reasons.set(namespace.name, namespace.podSecurityReason);
    } else if (wanted === current && namespace.podSecurityReason) {
      const known = reasons.get(namespace.name);
      reasons.set(namespace.name, known ? `${known}; ${namespace.podSecurityReason}` : namespace.podSecurityReason);
    }
  }
  return [...levels]
    .map(([name, podSecurity]) => ({ name, podSecurity, ...(reasons.get(name) ? { podSecurityReason: reasons.get(name) } : {}) }))
    .sort((a, b) => compareText(a.name, b.name));
}

/** A manifest add-on's objects as a chart of their own (one file, applied in the add-on's place). */
function manifestChart(app: App, addon: ManifestAddon): Chart {
  const scope = new Chart(app, addon.id);
  for (const { apiVersion, kind, metadata, ...rest } of addon.manifests.objects()) {
    new PlainApiObject(scope, `${kind}-${metadata.name}`, { apiVersion, kind, metadata, ...rest });
  }
  return scope;
}

function labelled(spec: ResolvedSpec, objects: object[], extraAnnotations: Record<string, string> = {}): KubeObject[] {
  const annotate = Object.keys(extraAnnotations).length > 0;
  return objects.map((raw) => {
    // Shallow copies down to the labels: sortKeys makes the one deep copy (no JSON round trip first).
    const object = raw as KubeObject & { metadata?: Record<string, unknown> };
    const metadata: Record<string, unknown> = { ...object.metadata };
    metadata.labels = { ...(metadata.labels as Record<string, string> | undefined), [ENVIRONMENT_LABEL]: spec.name };
    if (annotate) metadata.annotations = { ...(metadata.annotations as Record<string, string> | undefined), ...extraAnnotations };
    return sortKeys({ ...object, metadata });
  });
}

/** What the manifests record for reviewers besides the objects themselves. */
export interface ManifestRecord {
  /** Applied guard-rail exceptions (a ConfigMap, and annotations on what they concern). @default [] */
  readonly exceptions?: readonly AppliedException[];
  /** Value paths the user overrode per add-on (annotated on its Argo CD Application). @default none */
  readonly overriddenPaths?: (addon: Addon) => readonly string[];
}

/** Annotations of an add-on's Argo CD Application: its exceptions and overridden value paths. */
function applicationAnnotations(record: ManifestRecord, addon: Addon): Record<string, string> {
  const exceptions = exceptionsOfAddon(record.exceptions ?? [], addon.id);
  const overridden = record.overriddenPaths?.(addon) ?? [];
  return {
    ...(exceptions.length > 0 ? { [GUARD_RAIL_EXCEPTIONS_ANNOTATION]: exceptionsAnnotation(exceptions) } : {}),
    ...(overridden.length > 0 ? { [OVERRIDES_ANNOTATION]: overridden.join(', ') } : {}),
  };
}

/** Synthesize every chart of `spec`; `valuesOf` returns an add-on's merged Helm values. */
export function synthesizeManifests(
  spec: ResolvedSpec,
  selection: AddonSelection,
  valuesOf: (addon: Addon) => Record<string, unknown>,
  record: ManifestRecord = {},
  teamCharts: readonly BuiltTeamChart[] = [],
): ManifestSet {
  // An App per chart: cdk8s resolves dependencies across and validates the whole App each time it
  // synthesizes one chart (App._synthChart), so charts sharing one App cost charts × objects.
  const app = (): App => new App();
  const gitops = spec.addons.delivery === 'gitops';
  const pending: Array<{ chart: string; phase: ManifestPhase; addon?: CatalogueAddon; scope: Chart; objects?: () => unknown[] }> = [];
  const team = (phase: TeamChart['phase']): void => {
    // Built (and judged) once by Platform.fromSpec: what is delivered is what the guard rails saw.
    for (const built of teamCharts.filter((t) => t.team.phase === phase)) {
      pending.push({ chart: built.team.name, phase: `team-${phase}`, scope: built.scope, objects: () => [...built.objects] });
    }
  };

  const foundation = new FoundationChart(app(), 'foundation', {
    spec,
    namespaces: platformNamespaces(selection),
    meshInjection: selection.context.enabled.has('istiod'),
    ingressFrom: edgeIngressPeer(spec),
    telemetryTo: tenantTelemetryPeer(selection.context),
    scrapedBy: tenantScrapePeer(selection.context),
    networkNeeds: declaredNetworkNeeds(selection.context),
  });
  addExceptionsConfigMap(foundation, spec.name, record.exceptions ?? []);
  pending.push({ chart: 'foundation', phase: 'foundation', scope: foundation });
  if (gitops) {
    pending.push({ chart: 'gitops-bootstrap', phase: 'gitops-bootstrap', scope: new Chart(app(), 'gitops-bootstrap') });
    const applications = new Chart(app(), 'addon-applications');
    addApplications(applications, selection, valuesOf, (addon) => applicationAnnotations(record, addon));
    pending.push({ chart: 'addon-applications', phase: 'addon-applications', scope: applications });
    // Filled once the team charts' files are named: one Application per team chart.
    if (teamCharts.length > 0) pending.push({ chart: 'team-applications', phase: 'team-applications', scope: new Chart(app(), 'team-applications') });
  }
  team('foundation');
  for (const addon of selection.ordered) {
    if (!isChartAddon(addon)) pending.push({ chart: addon.id, phase: 'addon-manifests', addon, scope: manifestChart(app(), addon) });
    if (!addon.configure) continue;
    const scope = new Chart(app(), `${addon.id}-config`);
    addon.configure(scope, selection.context);
    pending.push({ chart: `${addon.id}-config`, phase: 'addon-config', addon, scope });
  }
  team('workloads');

  const charts = pending
    .map((p) => ({ ...p, objects: p.objects ? p.objects() : p.scope.toJson() }))
    .filter((p) => p.objects.length > 0 || p.phase === 'gitops-bootstrap' || p.phase === 'team-applications')
    .map((p, index) => ({ ...p, file: `${String(index).padStart(2, '0')}-${p.chart}.k8s.yaml` }));

  if (gitops) {
    // The root Application must not sync what Pulumi applies itself (foundation, bootstrap), nor
    // the team charts: each has its own Application, in its phase's sync wave.
    const teamFiles = charts.filter((c) => c.phase === 'team-foundation' || c.phase === 'team-workloads');
    const exclude = charts.filter((c) => c.phase === 'foundation' || c.phase === 'gitops-bootstrap').map((c) => c.file);
    const bootstrap = charts.find((c) => c.phase === 'gitops-bootstrap')!;
    addBootstrap(bootstrap.scope, spec, selection, { exclude: [...exclude, ...teamFiles.map((c) => c.file)], teams: teamFiles });
    bootstrap.objects = bootstrap.scope.toJson();
    const applications = charts.find((c) => c.phase === 'team-applications');
    if (applications) {
      addTeamApplications(applications.scope, spec, selection, teamFiles.map((c) => ({ ...c, phase: c.phase === 'team-foundation' ? 'foundation' : 'workloads', namespace: teamCharts.find((t) => t.team.name === c.chart)?.team.namespace })));
      applications.objects = applications.scope.toJson();
    }
  }

  const namespaceAnnotations = namespaceExceptionAnnotations(record.exceptions ?? [], selection);
  return {
    charts: charts.map((c) => {
      // A manifest add-on's objects sync in the wave its Application would have; configuration after it.
      const annotations: Record<string, string> =
        !gitops || !c.addon
          ? {}
          : c.phase === 'addon-manifests'
            ? {
                [SYNC_WAVE_ANNOTATION]: String(applicationWave(selection, c.addon)),
                ...(!isChartAddon(c.addon) && c.addon.manifests.keepOnRemoval ? { [SYNC_OPTIONS_ANNOTATION]: 'Prune=false' } : {}),
              }
            : c.phase === 'addon-config'
              ? { [SYNC_WAVE_ANNOTATION]: String(configWave(selection, c.addon)), [SYNC_OPTIONS_ANNOTATION]: 'SkipDryRunOnMissingResource=true' }
              : {};
      return {
        file: c.file,
        chart: c.chart,
        phase: c.phase,
        ...(c.addon ? { addon: c.addon.id } : {}),
        objects: labelled(spec, c.objects, annotations).map((o) => (c.phase === 'foundation' ? annotateNamespace(o, namespaceAnnotations) : o)),
      };
    }),
  };
}

/** `object` with the exception annotations of its namespace, when it is a Namespace an exception concerns. */
function annotateNamespace(object: KubeObject, annotations: ReadonlyMap<string, Record<string, string>>): KubeObject {
  const extra = object.kind === 'Namespace' ? annotations.get(object.metadata.name ?? '') : undefined;
  if (!extra) return object;
  const metadata = object.metadata as KubeObject['metadata'] & { annotations?: Record<string, string> };
  return sortKeys({ ...object, metadata: { ...metadata, annotations: { ...metadata.annotations, ...extra } } });
}

/** The YAML text of one chart. */
export function renderChart(chart: ManifestChart): string {
  return toYamlDocuments(chart.objects);
}
