/**
 * EKS managed add-ons (vpc-cni, kube-proxy, pod identity agent, coredns, EBS CSI): AWS patches
 * them, we pin their versions in the one version table and configure them from the spec.
 */
import * as pulumi from '@pulumi/pulumi';
import * as eks from '@pulumi/aws/eks';
import type { IamPolicyDocument } from '../spec/iam';
import { SYSTEM_TAINT } from '../spec/labels';
import type { ResolvedSpec } from '../spec/types';
import { EKS_ADDON_NAMES, EKS_ADDON_VERSIONS_BY_KUBERNETES, type EksAddonName, type KubernetesMinor, type PinnedVersion } from '../spec/versions';
import { awsManagedPolicy } from './service-role';
import { cloudTags } from './tags';
import { WorkloadIdentity } from './workload-identity';

/**
 * When an add-on can be installed. The CNI must be configured before nodes join (prefix
 * delegation decides max pods when a node boots, and nodes stay NotReady without a CNI);
 * coredns and the EBS CSI controller are Deployments that stay DEGRADED until nodes exist.
 */
export type AddonPhase = 'before-nodes' | 'after-nodes';

/** Phase of every EKS managed add-on. */
export const EKS_ADDON_PHASE: Record<EksAddonName, AddonPhase> = {
  'vpc-cni': 'before-nodes',
  'kube-proxy': 'before-nodes',
  'eks-pod-identity-agent': 'before-nodes',
  coredns: 'after-nodes',
  'aws-ebs-csi-driver': 'after-nodes',
  // A Deployment, like coredns; its CRDs (VolumeSnapshot*) exist before any add-on's VolumeSnapshotClass is applied.
  'snapshot-controller': 'after-nodes',
};

/** Inputs of `ManagedAddons`. */
export interface ManagedAddonsArgs {
  /** The validated environment (tier sizing, account, region, tags). */
  spec: ResolvedSpec;
  /** Which add-ons to install: those of this phase. */
  phase: AddonPhase;
  /** Cluster the add-ons belong to. */
  clusterName: pulumi.Input<string>;
  /** The cluster's IAM OIDC provider ARN (IRSA roles of vpc-cni and ebs-csi). */
  oidcProviderArn: pulumi.Input<string>;
  /** The cluster's OIDC issuer URL. */
  oidcIssuerUrl: pulumi.Input<string>;
}

/**
 * The add-on pins of the cluster's Kubernetes minor: kube-proxy must match it, and AWS builds the
 * others per minor. Validation only lets offered minors through, so a miss is a programming error.
 */
export function eksAddonVersions(kubernetesVersion: string): Record<EksAddonName, PinnedVersion> {
  const pins = EKS_ADDON_VERSIONS_BY_KUBERNETES[kubernetesVersion as KubernetesMinor];
  if (!pins) {
    throw new Error(`no EKS add-on pins for Kubernetes ${kubernetesVersion}; offered: ${Object.keys(EKS_ADDON_VERSIONS_BY_KUBERNETES).join(', ')} (lib/spec/versions.ts)`);
  }
  return pins;
}

/** JSON with keys sorted at every level: the same configuration always plans as the same string. */
export function stableJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object') {
      const obj = v as Record<string, unknown>;
      return Object.fromEntries(Object.keys(obj).sort().map((k) => [k, sort(obj[k])]));
    }
    return v;
  };
  return JSON.stringify(sort(value));
}

/** coredns replicas: never fewer than 2, a single resolver is a cluster-wide outage waiting to happen. */
export function corednsReplicas(spec: Pick<ResolvedSpec, 'profile'>): number {
  return Math.max(2, spec.profile.replicas);
}

/** `configurationValues` of each add-on, as objects (serialised with `stableJson`). */
export function addonConfiguration(spec: Pick<ResolvedSpec, 'profile' | 'addons'>, addon: EksAddonName): Record<string, unknown> | undefined {
  switch (addon) {
    case 'vpc-cni':
      return {
        // Enforces Kubernetes NetworkPolicy (the tenants' default-deny) without another CNI; with
        // Cilium chained on top, Cilium enforces instead — two enforcers would fight over eBPF hooks.
        enableNetworkPolicy: spec.addons.cni === 'cilium' ? 'false' : 'true',
        // /28 prefixes per ENI slot: many more pods per node and far fewer EC2 API calls.
        env: { ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '1' },
      };
    case 'coredns':
      return {
        replicaCount: corednsReplicas(spec),
        // DNS is platform-critical: it must be allowed onto the tainted system pool.
        tolerations: [{ key: SYSTEM_TAINT.key, operator: 'Exists' }],
      };
    default:
      return undefined;
  }
}

/** KMS permissions the EBS CSI driver needs to create and attach encrypted volumes. */
export function ebsCsiKmsPolicy(spec: Pick<ResolvedSpec, 'accountId' | 'region'>): IamPolicyDocument {
  const keys = `arn:aws:kms:${spec.region}:${spec.accountId}:key/*`;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'KmsGrantsForAwsResources',
        Effect: 'Allow',
        Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
        Resource: keys,
        Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      },
      {
        Sid: 'KmsUseForVolumes',
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
        Resource: keys,
      },
    ],
  };
}

/** IRSA needs of the add-ons that call AWS APIs. */
const IDENTITIES: Partial<Record<EksAddonName, { serviceAccount: string; managedPolicies: string[]; inline?: typeof ebsCsiKmsPolicy }>> = {
  // The CNI policy lives here, not on the node role: only aws-node may manage ENIs.
  'vpc-cni': { serviceAccount: 'aws-node', managedPolicies: ['AmazonEKS_CNI_Policy'] },
  'aws-ebs-csi-driver': {
    serviceAccount: 'ebs-csi-controller-sa',
    managedPolicies: ['service-role/AmazonEBSCSIDriverPolicy'],
    inline: ebsCsiKmsPolicy,
  },
};

/** The EKS managed add-ons of one phase. */
export class ManagedAddons extends pulumi.ComponentResource {
  /** Add-ons created, by name. */
  readonly addons: Partial<Record<EksAddonName, eks.Addon>>;

  constructor(name: string, args: ManagedAddonsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('groundwork:cloud:ManagedAddons', name, {}, opts);
    const { spec } = args;
    const addons: Partial<Record<EksAddonName, eks.Addon>> = {};
    const versions = eksAddonVersions(spec.kubernetesVersion);
    const names = EKS_ADDON_NAMES.filter((a) => EKS_ADDON_PHASE[a] === args.phase);

    for (const addonName of names) {
      const needs = IDENTITIES[addonName];
      const identity =
        needs &&
        new WorkloadIdentity(
          `${name}-${addonName}`,
          {
            spec,
            workload: addonName,
            oidcProviderArn: args.oidcProviderArn,
            oidcIssuerUrl: args.oidcIssuerUrl,
            namespace: 'kube-system',
            serviceAccount: needs.serviceAccount,
            managedPolicyArns: needs.managedPolicies.map(awsManagedPolicy),
            ...(needs.inline ? { policy: needs.inline(spec) } : {}),
          },
          { parent: this },
        );
      const configuration = addonConfiguration(spec, addonName);
      addons[addonName] = new eks.Addon(
        `${name}-${addonName}`,
        {
          clusterName: args.clusterName,
          addonName,
          addonVersion: versions[addonName].version,
          ...(configuration ? { configurationValues: stableJson(configuration) } : {}),
          ...(identity ? { serviceAccountRoleArn: identity.roleArn } : {}),
          // We own the configuration: manual edits in the cluster are overwritten, not merged.
          resolveConflictsOnCreate: 'OVERWRITE',
          resolveConflictsOnUpdate: 'OVERWRITE',
          tags: cloudTags(spec),
        },
        { parent: this, ...(identity ? { dependsOn: [identity] } : {}) },
      );
    }

    this.addons = addons;
    this.registerOutputs({});
  }
}
