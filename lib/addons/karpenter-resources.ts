/**
 * Typed Karpenter v1 objects (karpenter.sh/v1 NodePool, karpenter.k8s.aws/v1 EC2NodeClass) and
 * how the spec's workload pools map onto them. No CommonJS model package exists for them, so the
 * field names here follow the v1 CRDs of karpenter-crd 1.14.1 exactly; the tests validate the
 * emitted objects against those CRD schemas (@kubernetes-models/karpenter).
 */
import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import { POOL_LABEL, POOL_ROLE_LABEL } from '../spec/labels';
import { clusterName, karpenterNodeRoleName } from '../spec/naming';
import { BOTTLEROCKET_OS_VOLUME_GIB, karpenterAmiFamily } from '../spec/ami';
import { instanceVcpus } from '../spec/rules/node-pools';
import type { ResolvedNodePool, ResolvedSpec, Taint } from '../spec/types';

/** A Kubernetes node selector requirement. */
export interface NodeSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values?: string[];
}

/** karpenter.k8s.aws/v1 EC2NodeClass spec (the fields we set). */
export interface Ec2NodeClassSpec {
  role: string;
  amiSelectorTerms: Array<{ alias: string }>;
  subnetSelectorTerms: Array<{ tags: Record<string, string> } | { id: string }>;
  securityGroupSelectorTerms: Array<{ tags: Record<string, string> }>;
  metadataOptions: { httpEndpoint: 'enabled' | 'disabled'; httpProtocolIPv6: 'enabled' | 'disabled'; httpPutResponseHopLimit: number; httpTokens: 'required' | 'optional' };
  blockDeviceMappings: Array<{ deviceName: string; ebs: { volumeSize: string; volumeType: string; encrypted: boolean; deleteOnTermination: boolean } }>;
  tags: Record<string, string>;
}

/** karpenter.sh/v1 NodePool spec (the fields we set). */
export interface KarpenterNodePoolSpec {
  template: {
    metadata: { labels: Record<string, string> };
    spec: {
      nodeClassRef: { group: 'karpenter.k8s.aws'; kind: 'EC2NodeClass'; name: string };
      requirements: NodeSelectorRequirement[];
      taints?: Array<{ key: string; value?: string; effect: Taint['effect'] }>;
      expireAfter: string;
      terminationGracePeriod: string;
    };
  };
  disruption: {
    consolidationPolicy: 'WhenEmpty' | 'WhenEmptyOrUnderutilized' | 'Balanced';
    consolidateAfter: string;
    budgets: Array<{ nodes: string; reasons?: Array<'Empty' | 'Drifted' | 'Underutilized'>; schedule?: string; duration?: string }>;
  };
  limits: { cpu: string };
}

/** Emit an EC2NodeClass. */
export function ec2NodeClass(scope: Construct, id: string, name: string, spec: Ec2NodeClassSpec): ApiObject {
  return new ApiObject(scope, id, { apiVersion: 'karpenter.k8s.aws/v1', kind: 'EC2NodeClass', metadata: { name }, spec });
}

/** Emit a NodePool. */
export function karpenterNodePool(scope: Construct, id: string, name: string, spec: KarpenterNodePoolSpec): ApiObject {
  return new ApiObject(scope, id, { apiVersion: 'karpenter.sh/v1', kind: 'NodePool', metadata: { name }, spec });
}

/**
 * The pools Karpenter provisions: every pool but the system pool, which stays an EKS managed node
 * group (lib/cloud/node-pool.ts `hasManagedNodeGroup`) because the controller must not run on
 * nodes it can remove. Only called when Karpenter is enabled.
 */
export function karpenterPools(spec: Pick<ResolvedSpec, 'nodePools'>): ResolvedNodePool[] {
  return spec.nodePools.filter((pool) => pool.role !== 'system');
}

/**
 * CPU cap of a pool's NodePool: maxSize × the vCPUs of its largest type. The requirements pin the
 * pool's instance types, so this admits exactly maxSize nodes of a one-size (spot) pool. No memory
 * limit: it would need a per-family GiB/vCPU table, and a low guess caps the pool below maxSize.
 */
export function karpenterPoolLimits(pool: Pick<ResolvedNodePool, 'name' | 'instanceTypes' | 'maxSize'>): { cpu: string } {
  const vcpus = pool.instanceTypes.map((t) => {
    const n = instanceVcpus(t);
    // Validation (spec/rules/node-pools.ts) rejects such types before a construct sees them.
    if (n === undefined) throw new Error(`node pool ${pool.name}: unknown vCPU count of ${t}`);
    return n;
  });
  return { cpu: String(pool.maxSize * Math.max(...vcpus)) };
}

/** Node labels of a Karpenter pool: the user's, then ours (ours win, as on the node groups). Sorted keys. */
export function karpenterPoolLabels(pool: Pick<ResolvedNodePool, 'name' | 'role' | 'labels'>): Record<string, string> {
  // No groundwork.dev/capacity label: a spot pool's on-demand fallback nodes would carry a false
  // value. Karpenter labels every node with the truth, karpenter.sh/capacity-type.
  const merged: Record<string, string> = { ...pool.labels, [POOL_LABEL]: pool.name, [POOL_ROLE_LABEL]: pool.role };
  return Object.fromEntries(Object.keys(merged).sort().map((k) => [k, merged[k]]));
}

/** The EC2NodeClass of one pool: hardened like the node groups' launch templates. */
export function poolNodeClassSpec(spec: ResolvedSpec, pool: ResolvedNodePool): Ec2NodeClassSpec {
  const discovery = { 'karpenter.sh/discovery': clusterName(spec) };
  const family = karpenterAmiFamily(pool.amiType);
  const ebs = (volumeSize: string) => ({ volumeSize, volumeType: 'gp3', encrypted: true, deleteOnTermination: true });
  return {
    // Karpenter creates and owns the instance profile of this role (the controller policy allows it).
    role: karpenterNodeRoleName(spec),
    // The alias tracks the EKS-optimized AMI of the pool's OS family for the cluster's version (the
    // NVIDIA / Neuron variant per instance type); drift replaces nodes on release.
    amiSelectorTerms: [{ alias: `${family}@latest` }],
    // Subnets groundwork owns carry the discovery tag; those of an existing VPC are named by id
    // (no tag on someone else's subnet, no conflict between clusters sharing it).
    subnetSelectorTerms: spec.existingVpc ? spec.existingVpc.privateSubnets.map((s) => ({ id: s.id })) : [{ tags: discovery }],
    securityGroupSelectorTerms: [{ tags: discovery }],
    // IMDSv2 only and one hop: pods cannot reach the node's credentials.
    metadataOptions: { httpEndpoint: 'enabled', httpProtocolIPv6: 'disabled', httpPutResponseHopLimit: 1, httpTokens: 'required' },
    // Bottlerocket boots from a small OS volume and keeps images and pod storage on /dev/xvdb.
    blockDeviceMappings:
      family === 'bottlerocket'
        ? [
            { deviceName: '/dev/xvda', ebs: ebs(`${BOTTLEROCKET_OS_VOLUME_GIB}Gi`) },
            { deviceName: '/dev/xvdb', ebs: ebs(`${pool.diskSizeGiB}Gi`) },
          ]
        : [{ deviceName: '/dev/xvda', ebs: ebs(`${pool.diskSizeGiB}Gi`) }],
    tags: { ...spec.tags, 'groundwork.dev/environment': spec.name, [POOL_LABEL]: pool.name, 'managed-by': 'groundwork' },
  };
}

/** The NodePool of one spec pool: its types, labels, taints and size, spot first where it is a spot pool. */
export function poolNodePoolSpec(pool: ResolvedNodePool): KarpenterNodePoolSpec {
  const taints = pool.taints.map((t) => ({ key: t.key, ...(t.value ? { value: t.value } : {}), effect: t.effect }));
  return {
    template: {
      metadata: { labels: karpenterPoolLabels(pool) },
      spec: {
        nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: pool.name },
        requirements: [
          // Exactly the pool's types: the spec diversified them, and the CPU limit counts on them.
          { key: 'node.kubernetes.io/instance-type', operator: 'In', values: [...pool.instanceTypes].sort() },
          // A spot pool allows both: Karpenter launches spot first and falls back to on-demand when
          // every spot offering is short (karpenter.sh docs, NodePools: capacity type).
          { key: 'karpenter.sh/capacity-type', operator: 'In', values: pool.capacity === 'spot' ? ['on-demand', 'spot'] : ['on-demand'] },
          { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
        ],
        ...(taints.length > 0 ? { taints } : {}),
        // Node lifecycle: every node is replaced within 30 days, so patched AMIs roll out.
        expireAfter: '720h',
        // A drain blocked by a PDB gives up after two days instead of pinning an expired node forever.
        terminationGracePeriod: '48h',
      },
    },
    disruption: {
      consolidationPolicy: 'WhenEmptyOrUnderutilized',
      consolidateAfter: '5m',
      // Never disrupt more than a tenth of a pool's nodes at once.
      budgets: [{ nodes: '10%' }],
    },
    limits: karpenterPoolLimits(pool),
  };
}
