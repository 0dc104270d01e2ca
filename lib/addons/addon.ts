/**
 * The add-on mechanism: an add-on is a value. The blueprint resolves order from `dependsOn`,
 * creates the IRSA role from `workloadIdentity`, delivers the chart (Pulumi Helm release or
 * Argo CD Application) with `values(ctx)` — or, for a `ManifestAddon`, its plain manifests (a
 * Pulumi ConfigGroup, or a manifest file Argo CD syncs in the add-on's wave) — then applies
 * `configure(...)` objects once the add-on's CRDs exist. Adding an add-on is one new file plus
 * one line in `catalogue.ts`.
 */
import type { Construct } from 'constructs';
import type { IamPolicyDocument } from '../spec/iam';
import type { NetworkNeed } from './network';
import type { AddonId, ResolvedSpec } from '../spec/types';
import type { PinnedChart, PinnedVersion } from '../spec/versions';

/** What an add-on sees when computing values and configuration. */
export interface AddonContext {
  /** The validated environment. */
  readonly spec: ResolvedSpec;
  /** Ids of every enabled add-on (e.g. ingress values differ when Istio is on). */
  readonly enabled: ReadonlySet<AddonId>;
  /**
   * Every enabled add-on, dependencies first: for add-ons that configure others' integration
   * (the metrics stack creates the ServiceMonitors the others declare in `monitors`).
   * @default [] (contexts built by hand for a single add-on)
   */
  readonly addons?: readonly CatalogueAddon[];
}

/**
 * An S3 bucket an add-on keeps its data in (Loki chunks, Tempo traces, Velero backups), created
 * by the cloud half: KMS-encrypted, public access blocked, TLS-only, owner-enforced, with a
 * lifecycle expiry. Its name is `bucketName(spec, purpose)` (lib/spec/naming.ts), so values and
 * the add-on's IAM policy name it before it exists.
 */
export interface BucketNeed {
  /** Short lowercase label (≤ 8 characters) naming the bucket, e.g. `loki`. */
  readonly purpose: string;
  /** Days objects are kept before the lifecycle rule expires them. */
  readonly retentionDays: number;
  /** Keep object versions (noncurrent versions expire after `retentionDays`). @default false */
  readonly versioned?: boolean;
  /** Region every object is replicated to (needs `versioned`). @default none */
  readonly replicateToRegion?: string;
}

/** A CloudWatch Logs log group an add-on ships to, created by the cloud half with its retention. */
export interface LogGroupNeed {
  /** Full log group name, from `logGroupName(spec, stream)`. */
  readonly name: string;
  /** Retention in days (one of CloudWatch's accepted values). */
  readonly retentionDays: number;
}

/** Cloud resources an add-on's workloads use, created in phase 1 next to its IRSA role. */
export interface CloudNeeds {
  /** S3 buckets. @default [] */
  readonly buckets?: readonly BucketNeed[];
  /** CloudWatch Logs log groups. @default [] */
  readonly logGroups?: readonly LogGroupNeed[];
}

/**
 * A metrics endpoint an add-on's rendered chart exposes, scraped by the metrics stack through a
 * ServiceMonitor (`kind: 'service'`) or PodMonitor (`kind: 'pod'`) it creates when it is enabled.
 * The selector and port must match what the chart really renders (tested on the rendered output).
 */
export interface MetricsEndpoint {
  /** Monitor name (unique per add-on), e.g. `cert-manager`. */
  readonly name: string;
  /** Scrape a Service's endpoints or pods directly. */
  readonly kind: 'service' | 'pod';
  /** Labels of the Service (service) or pods (pod) to scrape. */
  readonly selector: Readonly<Record<string, string>>;
  /** Named port of the Service or container. */
  readonly port: string;
  /** HTTP path. @default '/metrics' */
  readonly path?: string;
  /** Namespaces to look in. @default the add-on's namespace; `'any'` for every namespace (mesh sidecars) */
  readonly namespaces?: readonly string[] | 'any';
}

/** The IAM role an add-on's service account assumes through IRSA. */
export interface WorkloadIdentityNeed {
  /** Service account name the chart creates (trust is scoped to exactly `<namespace>:<name>`). */
  serviceAccount: string;
  /** Permissions, as narrow as the controller allows. */
  policy(spec: ResolvedSpec): IamPolicyDocument;
  /** Whether this environment needs the role (e.g. only for one of the add-on's sinks). @default always */
  when?(spec: ResolvedSpec): boolean;
}

/**
 * A readiness finding an add-on accepts on purpose (e.g. a singleton controller without leader
 * election). It stays in the readiness report as "excepted" with the reason; it is never hidden.
 */
export interface AcceptedFinding {
  /** Check id exactly as the readiness checks report it, e.g. `availability.replicas`. */
  readonly check: string;
  /** Object at fault as `Kind/namespace/name`. */
  readonly object: string;
  /** The production reason this is acceptable (reviewed like code). */
  readonly reason: string;
}

/**
 * Fields of the chart's objects that a controller rewrites at runtime (e.g. a webhook's caBundle
 * injected by its own server). GitOps must not fight over them: Argo CD ignores them in its diff.
 */
export interface RuntimeManagedFields {
  /** API group of the objects ('' for the core group). */
  readonly group: string;
  /** Kind of the objects. */
  readonly kind: string;
  /** Object name. @default every object of the kind in the add-on */
  readonly name?: string;
  /** jq paths of the runtime-owned fields, e.g. `.webhooks[]?.clientConfig.caBundle`. */
  readonly jqPathExpressions: readonly string[];
  /** Why the field is runtime-owned (reviewed like code). */
  readonly reason: string;
}

/** A namespace an add-on installs into, with the Pod Security level it needs. */
export interface AddonNamespace {
  /** Namespace name. */
  readonly name: string;
  /** Pod Security Admission level enforced on it. @default 'restricted' */
  readonly podSecurity?: 'restricted' | 'baseline' | 'privileged';
  /** Why the level is looser than `restricted` (required by the pod-security guard rail when it is). @default none */
  readonly podSecurityReason?: string;
}

/** Every namespace `addon` installs into: its own first, then its subcharts'. */
export function namespacesOf(addon: Pick<Addon, 'namespace' | 'podSecurity' | 'podSecurityReason' | 'otherNamespaces'>): AddonNamespace[] {
  return [{ name: addon.namespace, podSecurity: addon.podSecurity, podSecurityReason: addon.podSecurityReason }, ...(addon.otherNamespaces ?? [])];
}

/** One entry of the catalogue. `V` is the typed shape of the chart values we set. */
export interface Addon<V extends object = object> {
  /** Catalogue id; also the Helm release name. */
  readonly id: AddonId;
  /** One line for the README table. */
  readonly description: string;
  /** Chart coordinates from the version table. */
  readonly chart: PinnedChart;
  /** Namespace the release installs into (created in the foundation phase). */
  readonly namespace: string;
  /** Pod Security Admission level enforced on `namespace`; loosen only with a reason. @default 'restricted' */
  readonly podSecurity?: 'restricted' | 'baseline' | 'privileged';
  /**
   * Why `podSecurity` is looser than `restricted` (reviewed like code): outside kube-system the
   * pod-security guard rail refuses a looser level without one. @default none
   */
  readonly podSecurityReason?: string;
  /**
   * Namespaces besides `namespace` the chart installs into (a subchart's `namespaceOverride`, e.g.
   * node-exporter next to the node agents), each created by the foundation phase with its level.
   * @default []
   */
  readonly otherNamespaces?: readonly AddonNamespace[];
  /**
   * Where the chart's pods run: `system` components select the on-demand system pool and
   * tolerate its taint; `every-node` DaemonSets tolerate every taint; `none` has no pods (CRDs).
   * @default 'system'
   */
  readonly placement?: 'system' | 'every-node' | 'none';
  /**
   * Skip the chart's `crds/` folder (Helm `--skip-crds`; Argo CD `spec.source.helm.skipCrds`).
   * For charts whose CRDs a separate CRD release owns: Helm installs `crds/` once and never
   * upgrades it, so a controller upgrade would otherwise run against stale CRDs.
   * @default false
   */
  readonly skipCrds?: boolean;
  /** Add-ons that must be installed (and healthy) first. */
  readonly dependsOn: (ctx: AddonContext) => AddonId[];
  /** Whether the spec's choices call for this add-on (before `addons.disabled` is applied). */
  readonly isSelected: (spec: ResolvedSpec) => boolean;
  /** Helm values derived from the spec; user overrides are merged on top by the blueprint. */
  readonly values: (ctx: AddonContext) => V;
  /** IRSA role needed by the chart's service account. @default none */
  readonly workloadIdentity?: WorkloadIdentityNeed;
  /** S3 buckets and log groups the cloud half creates for it. @default none */
  readonly cloud?: (spec: ResolvedSpec) => CloudNeeds;
  /**
   * Connections the add-on's pods open or accept beyond DNS and the API server (which every platform
   * namespace allows): webhooks, scrapes, AWS APIs, peers. The foundation phase turns them into the
   * NetworkPolicies of its default-deny namespaces (lib/k8s/platform-network-policies.ts). @default none
   */
  readonly network?: (ctx: AddonContext) => readonly NetworkNeed[];
  /** Metrics endpoints the metrics stack scrapes when it is enabled. @default none */
  readonly monitors?: (ctx: AddonContext) => readonly MetricsEndpoint[];
  /** Custom resources that need this add-on's CRDs (ClusterIssuer, PeerAuthentication…). @default none */
  readonly configure?: (scope: Construct, ctx: AddonContext) => void;
  /** Fields a controller owns at runtime, ignored by GitOps diffs. @default none */
  readonly runtimeManagedFields?: readonly RuntimeManagedFields[];
  /** Readiness findings accepted on purpose in this environment, each with its reason. @default none */
  readonly acceptedFindings?: (ctx: AddonContext) => AcceptedFinding[];
}

/** A plain Kubernetes object as parsed from a manifest file. */
export type PlainObject = Record<string, unknown> & {
  /** API group and version, e.g. `apiextensions.k8s.io/v1`. */
  apiVersion: string;
  /** Object kind, e.g. `CustomResourceDefinition`. */
  kind: string;
  /** Name, and namespace for namespaced kinds. */
  metadata: { name: string; namespace?: string };
};

/** Manifests shipped inside the package, for what no chart publishes (e.g. a CRD bundle). */
export interface AddonManifests {
  /** The bundle's pin (from the version table). */
  readonly version: PinnedVersion;
  /** Where the objects come from, for reviewers: the vendored file and its upstream. */
  readonly source: string;
  /** The objects, in apply order (parsed once, returned as fresh copies). */
  readonly objects: () => PlainObject[];
  /**
   * Leave the objects in the cluster when the add-on is removed (Pulumi `retainOnDelete`, Argo CD
   * `Prune=false`): deleting a CRD deletes every object of its kind, cluster-wide.
   * @default false
   */
  readonly keepOnRemoval?: boolean;
}

/**
 * An add-on delivered as plain manifests instead of a chart: no release, no values. Pulumi
 * applies the objects as one ConfigGroup (server-side apply) in the add-on's place in the
 * dependency order; GitOps writes them to their own manifest file, synced in the add-on's wave.
 */
export type ManifestAddon = Omit<Addon, 'chart' | 'values' | 'skipCrds'> & {
  /** The objects this add-on applies. */
  readonly manifests: AddonManifests;
};

/** Anything the catalogue holds: a chart add-on or a manifest add-on. */
export type CatalogueAddon = Addon | ManifestAddon;

/** Whether `addon` delivers a Helm chart (a release / Argo CD Application with values). */
export function isChartAddon(addon: CatalogueAddon): addon is Addon {
  return 'chart' in addon && addon.chart !== undefined;
}

/** The version an add-on pins: its chart's, or its manifest bundle's. */
export function pinnedVersionOf(addon: CatalogueAddon): PinnedVersion {
  return isChartAddon(addon) ? addon.chart : addon.manifests.version;
}
