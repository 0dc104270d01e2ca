/**
 * Pulumi half of the blueprint, phase by phase: the cluster (phase 1), the foundation
 * manifests (phase 2), add-on delivery (phase 3: Helm releases — or a manifest add-on's objects —
 * in dependency order, or the Argo CD release plus its bootstrap objects) and add-on configuration (phase 4: each add-on's
 * custom resources once its release — and so its CRDs — exists).
 */
import * as pulumi from '@pulumi/pulumi';
import { Release } from '@pulumi/kubernetes/helm/v3/release';
import { isChartAddon, type Addon, type CatalogueAddon } from '../addons/addon';
import { edgeImplementation } from '../addons/edge-gateway';
import type { AddonSelection } from '../addons/selection';
import { AddonCloudResources } from '../cloud/addon-cloud-resources';
import { EdgeCertificate } from '../cloud/edge-certificate';
import { EksCluster } from '../cloud/eks-cluster';
import { KarpenterInfra } from '../cloud/karpenter-infra';
import type { AddonId, ResolvedSpec } from '../spec/types';
import { KubeObjectsGroup } from './kube-objects-group';
import type { ManifestChart, ManifestSet } from './manifests';
import type { MergedValues } from './values';
import type { AppliedException } from '../guard-rails/exceptions';
import { describeExceptions, exceptionsOfAddon } from '../guard-rails/record';

/** Inputs of the platform program. */
export interface PlatformStackArgs {
  /** The validated environment. */
  spec: ResolvedSpec;
  /** Enabled add-ons in dependency order. */
  selection: AddonSelection;
  /** Synthesized Kubernetes charts (the same objects written to dist/). */
  manifests: ManifestSet;
  /** Merged Helm values per add-on. */
  valuesOf: (addon: Addon) => MergedValues;
  /** Applied guard-rail exceptions, written into the Release description of each add-on they concern. @default [] */
  exceptions?: readonly AppliedException[];
}

/** What a reviewer reads on the Release: the overridden value paths and the guard-rail exceptions. */
function releaseDescription(merged: MergedValues, exceptions: readonly AppliedException[]): string {
  const values = merged.overriddenPaths.length > 0 ? `groundwork: user overrides at ${merged.overriddenPaths.join(', ')}` : 'groundwork: blueprint values';
  return exceptions.length > 0 ? `${values}; guard-rail exceptions: ${describeExceptions(exceptions)}` : values;
}

/** Helm release timeout: charts with webhooks and CRDs need more than Helm's 5-minute default. */
const RELEASE_TIMEOUT_SECONDS = 900;

/** Everything one environment deploys. */
export class PlatformStack extends pulumi.ComponentResource {
  /** The cluster and its provider. */
  readonly cluster: EksCluster;
  /** Helm releases by add-on id. */
  readonly releases: ReadonlyMap<AddonId, Release>;

  constructor(name: string, args: PlatformStackArgs, opts?: pulumi.ComponentResourceOptions) {
    super('groundwork:blueprint:PlatformStack', name, {}, opts);
    const { spec, selection, manifests } = args;

    this.cluster = new EksCluster(name, { spec }, { parent: this });
    const provider = this.cluster.provider;
    const roles = new Map<AddonId, pulumi.Resource>();
    for (const addon of selection.ordered) {
      if (!addon.workloadIdentity || addon.workloadIdentity.when?.(spec) === false) continue;
      roles.set(
        addon.id,
        this.cluster.workloadIdentity(addon.id, addon.namespace, addon.workloadIdentity.serviceAccount, addon.workloadIdentity.policy(spec)),
      );
    }
    // Each add-on's buckets and log groups (`cloud`), in both deliveries: the workload, released by
    // Pulumi or synced by Argo CD, must find them (and its IRSA role's targets) in place.
    const cloudOf = new Map<AddonId, pulumi.Resource>();
    for (const addon of selection.ordered) {
      const needs = addon.cloud?.(spec);
      if (!needs || ((needs.buckets ?? []).length === 0 && (needs.logGroups ?? []).length === 0)) continue;
      cloudOf.set(
        addon.id,
        new AddonCloudResources(`${name}-${addon.id}-cloud`, { spec, needs, logsKeyArn: this.cluster.network.logsKeyArn }, { parent: this }),
      );
    }
    const cloudExtras: pulumi.Resource[] = [];
    if (selection.context.enabled.has('karpenter')) {
      cloudExtras.push(new KarpenterInfra(`${name}-karpenter`, { spec }, { parent: this, dependsOn: [this.cluster] }));
    }
    // The ALB edge's ACM certificate: validated while the cluster is created, issued before the
    // controller looks for it by the Gateway listener's hostname.
    if (edgeImplementation(spec) === 'alb' && spec.domain) {
      cloudExtras.push(new EdgeCertificate(`${name}-edge`, { spec }, { parent: this }));
    }

    // Each object waits for `dependsOn` itself (no custom resource before its CRD); the prefix keeps
    // child names unique across charts and readable: `foundation-team-a/default-deny-all`.
    const group = (chart: ManifestChart, dependsOn: pulumi.Resource[], retainOnDelete = false): KubeObjectsGroup =>
      new KubeObjectsGroup(
        `${name}-${chart.chart}`,
        { objects: chart.objects, resourcePrefix: chart.chart, dependsOn, retainOnDelete },
        { parent: this, provider, dependsOn },
      );

    const foundationChart = manifests.charts.find((c) => c.phase === 'foundation');
    const foundation = foundationChart ? group(foundationChart, [this.cluster]) : undefined;
    const pulumiDelivery = spec.addons.delivery === 'pulumi';
    // Team charts of the foundation phase: after the platform's foundation, before every add-on
    // (under GitOps their own Argo CD Applications sync them instead).
    const teamFoundation = pulumiDelivery
      ? manifests.charts.filter((c) => c.phase === 'team-foundation').map((c) => group(c, [this.cluster, ...(foundation ? [foundation] : [])]))
      : [];
    const base: pulumi.Resource[] = [this.cluster, ...cloudExtras, ...(foundation ? [foundation] : []), ...teamFoundation];

    const releases = new Map<AddonId, Release>();
    const ready = new Map<AddonId, pulumi.Resource>(); // release, or its config group once applied
    const depsOf = (addon: CatalogueAddon): pulumi.Resource[] =>
      (selection.dependencies.get(addon.id) ?? []).map((d) => ready.get(d)!).filter(Boolean);
    const release = (addon: Addon): Release => {
      const merged = args.valuesOf(addon);
      const deps = depsOf(addon);
      const role = roles.get(addon.id);
      const cloud = cloudOf.get(addon.id);
      const oci = addon.chart.repository.startsWith('oci://');
      const r = new Release(
        `${name}-${addon.id}`,
        {
          name: addon.id,
          namespace: addon.namespace,
          chart: oci ? `${addon.chart.repository}/${addon.chart.chart}` : addon.chart.chart,
          version: addon.chart.version,
          ...(oci ? {} : { repositoryOpts: { repo: addon.chart.repository } }),
          values: merged.values,
          // A separate CRD release owns this chart's CRDs (Helm never upgrades a chart's crds/ folder).
          ...(addon.skipCrds ? { skipCrds: true } : {}),
          // Namespaces come from the foundation phase with their Pod Security labels.
          createNamespace: false,
          // A failed upgrade rolls back instead of leaving a half-applied platform component.
          atomic: true,
          cleanupOnFail: true,
          timeout: RELEASE_TIMEOUT_SECONDS,
          maxHistory: 10,
          description: releaseDescription(merged, exceptionsOfAddon(args.exceptions ?? [], addon.id)),
        },
        { parent: this, provider, dependsOn: [...base, ...(role ? [role] : []), ...(cloud ? [cloud] : []), ...deps] },
      );
      releases.set(addon.id, r);
      return r;
    };

    const chartsOf = (phase: ManifestChart['phase']) =>
      new Map(manifests.charts.filter((c) => c.phase === phase && c.addon).map((c) => [c.addon!, c] as const));
    const configCharts = chartsOf('addon-config');
    const manifestCharts = chartsOf('addon-manifests');
    if (pulumiDelivery) {
      for (const addon of selection.ordered) {
        // A manifest add-on is its objects, applied (server-side) where its release would be.
        const r = isChartAddon(addon)
          ? release(addon)
          : group(manifestCharts.get(addon.id)!, [...base, ...(cloudOf.has(addon.id) ? [cloudOf.get(addon.id)!] : []), ...depsOf(addon)], addon.manifests.keepOnRemoval === true);
        const config = configCharts.get(addon.id);
        ready.set(addon.id, config ? group(config, [r]) : r);
      }
      // Team charts of the workloads phase: once every add-on and its configuration is in place.
      for (const chart of manifests.charts.filter((c) => c.phase === 'team-workloads')) group(chart, [...base, ...ready.values()]);
    } else {
      // GitOps: Argo CD is the only release; it syncs everything else from Git.
      const argo = selection.ordered.find((a) => a.id === 'argo-cd');
      if (!argo || !isChartAddon(argo)) throw new Error('gitops delivery requires the argo-cd add-on (validated earlier)');
      const r = release(argo);
      const bootstrap = manifests.charts.find((c) => c.phase === 'gitops-bootstrap');
      // The Applications sync workloads that use the buckets and log groups: those come first.
      if (bootstrap) group(bootstrap, [r, ...cloudOf.values()]);
    }
    this.releases = releases;
    this.registerOutputs({ clusterName: this.cluster.clusterName });
  }
}
