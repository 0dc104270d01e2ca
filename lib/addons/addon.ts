/**
 * The add-on mechanism: an add-on is a value. The blueprint resolves order from `dependsOn`,
 * creates the IRSA role from `workloadIdentity`, delivers the chart (Pulumi Helm release or
 * Argo CD Application) with `values(ctx)`, then applies `configure(...)` objects once the
 * add-on's CRDs exist. Adding an add-on is one new file plus one line in `catalogue.ts`.
 */
import type { Construct } from 'constructs';
import type { IamPolicyDocument } from '../spec/iam';
import type { AddonId, ResolvedSpec } from '../spec/types';
import type { PinnedChart } from '../spec/versions';

/** What an add-on sees when computing values and configuration. */
export interface AddonContext {
  /** The validated environment. */
  readonly spec: ResolvedSpec;
  /** Ids of every enabled add-on (e.g. ingress values differ when Istio is on). */
  readonly enabled: ReadonlySet<AddonId>;
}

/** The IAM role an add-on's service account assumes through IRSA. */
export interface WorkloadIdentityNeed {
  /** Service account name the chart creates (trust is scoped to exactly `<namespace>:<name>`). */
  serviceAccount: string;
  /** Permissions, as narrow as the controller allows. */
  policy(spec: ResolvedSpec): IamPolicyDocument;
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
   * Where the chart's pods run: `system` components select the on-demand system pool and
   * tolerate its taint; `every-node` DaemonSets tolerate every taint; `none` has no pods (CRDs).
   * @default 'system'
   */
  readonly placement?: 'system' | 'every-node' | 'none';
  /** Add-ons that must be installed (and healthy) first. */
  readonly dependsOn: (ctx: AddonContext) => AddonId[];
  /** Whether the spec's choices call for this add-on (before `addons.disabled` is applied). */
  readonly isSelected: (spec: ResolvedSpec) => boolean;
  /** Helm values derived from the spec; user overrides are merged on top by the blueprint. */
  readonly values: (ctx: AddonContext) => V;
  /** IRSA role needed by the chart's service account. @default none */
  readonly workloadIdentity?: WorkloadIdentityNeed;
  /** Custom resources that need this add-on's CRDs (ClusterIssuer, PeerAuthentication…). @default none */
  readonly configure?: (scope: Construct, ctx: AddonContext) => void;
}
