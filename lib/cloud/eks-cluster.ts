/**
 * The whole phase-1 platform of an environment: network → control plane → CNI → node pools
 * (system first) → add-ons that need nodes. Exposes a kubeconfig and a Kubernetes provider for
 * the phases that follow, and a factory for IRSA roles bound to this cluster.
 */
import * as pulumi from '@pulumi/pulumi';
import { Provider } from '@pulumi/kubernetes/provider';
import type { IamPolicyDocument } from '../spec/iam';
import type { ResolvedSpec } from '../spec/types';
import { ControlPlane } from './control-plane';
import { ManagedAddons } from './managed-addons';
import { Network } from './network';
import { hasManagedNodeGroup, NodePool, nodePoolArgsOf } from './node-pool';
import { WorkloadIdentity } from './workload-identity';

/** Inputs of `EksCluster`. */
export interface EksClusterArgs {
  /** The validated environment. */
  spec: ResolvedSpec;
}

/**
 * kubeconfig (JSON, keys in a fixed order) that authenticates with `aws eks get-token`:
 * short-lived tokens from the caller's own IAM identity, no static credentials written anywhere.
 */
export function buildKubeconfig(clusterName: string, endpoint: string, caData: string, region: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: clusterName, cluster: { server: endpoint, 'certificate-authority-data': caData } }],
    contexts: [{ name: clusterName, context: { cluster: clusterName, user: clusterName } }],
    'current-context': clusterName,
    preferences: {},
    users: [
      {
        name: clusterName,
        user: {
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1beta1',
            command: 'aws',
            args: ['eks', 'get-token', '--cluster-name', clusterName, '--region', region],
            interactiveMode: 'Never',
          },
        },
      },
    ],
  });
}

/** An EKS cluster with everything it needs to run the platform. */
export class EksCluster extends pulumi.ComponentResource {
  /** The network. */
  readonly network: Network;
  /** The control plane. */
  readonly controlPlane: ControlPlane;
  /** Managed node groups, system pool first (with Karpenter only the system pool: see hasManagedNodeGroup). */
  readonly nodePools: NodePool[];
  /** EKS managed add-ons: those installed before and after the node pools. */
  readonly managedAddons: { beforeNodes: ManagedAddons; afterNodes: ManagedAddons };
  /** Cluster name. */
  readonly clusterName: pulumi.Output<string>;
  /** API server endpoint. */
  readonly endpoint: pulumi.Output<string>;
  /** ARN of the IAM OIDC provider (IRSA). */
  readonly oidcProviderArn: pulumi.Output<string>;
  /** OIDC issuer URL. */
  readonly oidcIssuerUrl: pulumi.Output<string>;
  /** VPC id. */
  readonly vpcId: pulumi.Output<string>;
  /** Private subnet ids, in AZ order. */
  readonly privateSubnetIds: pulumi.Output<string[]>;
  /** kubeconfig (secret: it names the endpoint and CA of a private cluster). */
  readonly kubeconfig: pulumi.Output<string>;
  /** Kubernetes provider for everything deployed into the cluster (server-side apply). */
  readonly provider: Provider;

  // An ECMAScript private field, not an enumerable one: Pulumi walks every enumerable field of a
  // resource it finds in a value, children reach this component through their parent, and the
  // spec holds every tenant (quadratic at 1000 tenants).
  readonly #spec: ResolvedSpec;
  private readonly baseName: string;

  constructor(name: string, args: EksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super('groundwork:cloud:EksCluster', name, {}, opts);
    const { spec } = args;
    this.#spec = spec;
    this.baseName = name;

    this.network = new Network(`${name}-network`, { spec }, { parent: this });
    this.controlPlane = new ControlPlane(
      `${name}-control-plane`,
      { spec, subnetIds: this.network.privateSubnetIds, logsKeyArn: this.network.logsKeyArn },
      { parent: this },
    );
    const cp = this.controlPlane;
    const addonInputs = { spec, clusterName: cp.clusterName, oidcProviderArn: cp.oidcProviderArn, oidcIssuerUrl: cp.oidcIssuerUrl };
    const beforeNodes = new ManagedAddons(`${name}-addons-before-nodes`, { ...addonInputs, phase: 'before-nodes' }, { parent: this });

    // System pool first: platform add-ons need somewhere to run before workloads arrive. With
    // Karpenter, workload pools are Karpenter NodePools, not node groups (hasManagedNodeGroup).
    const ordered = spec.nodePools
      .filter((pool) => hasManagedNodeGroup(spec, pool))
      .sort((a, b) => Number(b.role === 'system') - Number(a.role === 'system'));
    this.nodePools = [];
    for (const pool of ordered) {
      const previous = this.nodePools[0];
      this.nodePools.push(
        new NodePool(
          `${name}-pool-${pool.name}`,
          nodePoolArgsOf(spec, pool, { clusterName: cp.clusterName, subnetIds: this.network.privateSubnetIds }),
          { parent: this, dependsOn: [beforeNodes, ...(previous && pool.role !== 'system' ? [previous] : [])] },
        ),
      );
    }
    const afterNodes = new ManagedAddons(
      `${name}-addons-after-nodes`,
      { ...addonInputs, phase: 'after-nodes' },
      { parent: this, dependsOn: this.nodePools },
    );
    this.managedAddons = { beforeNodes, afterNodes };

    this.clusterName = cp.clusterName;
    this.endpoint = cp.endpoint;
    this.oidcProviderArn = cp.oidcProviderArn;
    this.oidcIssuerUrl = cp.oidcIssuerUrl;
    this.vpcId = this.network.vpcId;
    this.privateSubnetIds = pulumi.all(this.network.privateSubnetIds);
    this.kubeconfig = pulumi.secret(
      pulumi
        .all([cp.clusterName, cp.endpoint, cp.certificateAuthorityData])
        .apply(([cluster, endpoint, ca]) => buildKubeconfig(cluster, endpoint, ca, spec.region)),
    );
    this.provider = new Provider(
      `${name}-k8s`,
      { kubeconfig: this.kubeconfig, enableServerSideApply: true },
      // Nothing may be applied before DNS and storage add-ons are up.
      // The deploying machine reaches a private endpoint only once its ingress rules exist.
      { parent: this, dependsOn: [afterNodes, ...cp.apiAccessRules] },
    );

    this.registerOutputs({
      clusterName: this.clusterName,
      endpoint: this.endpoint,
      oidcProviderArn: this.oidcProviderArn,
      vpcId: this.vpcId,
      privateSubnetIds: this.privateSubnetIds,
      kubeconfig: this.kubeconfig,
    });
  }

  /**
   * An IRSA role for `namespace/serviceAccount`, named `workloadRoleName(spec, name)`, trusted
   * through this cluster's OIDC provider. `policy` is an inline document, or managed policy ARNs.
   */
  workloadIdentity(name: string, namespace: string, serviceAccount: string, policy: IamPolicyDocument | string[]): WorkloadIdentity {
    return new WorkloadIdentity(
      `${this.baseName}-irsa-${name}`,
      {
        spec: this.#spec,
        workload: name,
        oidcProviderArn: this.oidcProviderArn,
        oidcIssuerUrl: this.oidcIssuerUrl,
        namespace,
        serviceAccount,
        ...(Array.isArray(policy) ? { managedPolicyArns: policy } : { policy }),
      },
      { parent: this },
    );
  }
}
