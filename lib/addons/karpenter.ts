/**
 * Karpenter 1.14: node autoscaling for workloads. Every workload pool of the spec becomes one
 * Karpenter NodePool (its instance types, labels, taints, a CPU cap from maxSize; spot pools
 * spot-first with on-demand fallback), with nodes hardened like the managed node groups (IMDSv2,
 * encrypted gp3), consolidation to remove waste and a node expiry so every node is replaced
 * (patched) at least monthly. No managed node group is created for those pools (see
 * lib/cloud/node-pool.ts `hasManagedNodeGroup`). The controller itself runs on the managed
 * system pool: it must never run on nodes it can remove. CRDs come from the karpenter-crd release.
 */
import type { Construct } from 'constructs';
import { clusterName, karpenterInterruptionQueueName, workloadRoleArn } from '../spec/naming';
import { CHART_VERSIONS } from '../spec/versions';
import type { Addon, AddonContext } from './addon';
import { KARPENTER_NAMESPACE } from './karpenter-crd';
import { karpenterControllerPolicy } from './karpenter-policy';
import { ec2NodeClass, karpenterNodePool, karpenterPools, poolNodeClassSpec, poolNodePoolSpec } from './karpenter-resources';
import { scrapeNeed, type NetworkNeed } from './network';
import {
  containerResources,
  controllerReplicas,
  platformPriority,
  systemPlacement,
  zoneSpread,
  type ContainerResources,
  type Toleration,
  type TopologySpreadConstraint,
} from './placement';

const ID = 'karpenter';
/** Service account the chart creates; the IRSA role trusts exactly `karpenter:karpenter`. */
const SERVICE_ACCOUNT = 'karpenter';
/** The chart's selector labels (chart name, release name): what spread and the PDB match. */
const POD_LABELS = { 'app.kubernetes.io/name': 'karpenter', 'app.kubernetes.io/instance': ID };

/** Chart values we set (karpenter 1.14.1; every key is in its values.yaml). */
export interface KarpenterValues {
  /** Cluster discovery and the SQS queue of spot/health/state events (interruption handling). */
  settings: { clusterName: string; interruptionQueue: string };
  /** The IRSA-annotated service account. */
  serviceAccount: { name: string; annotations: Record<string, string> };
  /** Controller replicas (leader election: the others are warm standbys). */
  replicas: number;
  /** The chart always renders this PDB; maxUnavailable 1 lets a drain evict one replica at a time. */
  podDisruptionBudget: { name: string; maxUnavailable: number };
  /**
   * Pod Security `restricted` needs a seccomp profile: the chart's default sets it; we set it too so a
   * chart bump cannot drop it (the chart hard-codes the rest: non-root 65532, no escalation, drop ALL).
   */
  podSecurityContext: { seccompProfile: { type: 'RuntimeDefault' } };
  /** The on-demand system pool (merged with the chart's `kubernetes.io/os: linux`). */
  nodeSelector: Record<string, string>;
  /** The system pool's CriticalAddonsOnly taint. */
  tolerations: Toleration[];
  /** Scheduling priority of the pods: platformPriority(). */
  priorityClassName: string;
  /** Across zones; hard where the tier requires it. */
  topologySpreadConstraints: TopologySpreadConstraint[];
  /** Requests plus a memory limit for the controller container. */
  controller: { resources: ContainerResources };
}

function configureKarpenter(scope: Construct, { spec }: AddonContext): void {
  // One EC2NodeClass per pool (its disk size) and one NodePool per pool, both named after it.
  for (const pool of karpenterPools(spec)) {
    ec2NodeClass(scope, `node-class-${pool.name}`, pool.name, poolNodeClassSpec(spec, pool));
    karpenterNodePool(scope, `node-pool-${pool.name}`, pool.name, poolNodePoolSpec(pool));
  }
}

export const karpenter: Addon<KarpenterValues> = {
  network: karpenterNetwork,
  id: ID,
  description: 'Karpenter node autoscaling: one NodePool per workload pool, spot first with on-demand fallback, consolidation and node expiry',
  chart: CHART_VERSIONS[ID],
  namespace: KARPENTER_NAMESPACE,
  // karpenter-crd owns the CRDs (upgraded with the chart); the controller chart's crds/ would never be.
  skipCrds: true,
  dependsOn: () => ['karpenter-crd'],
  isSelected: (spec) => spec.addons.autoscaler === 'karpenter',
  // Service `karpenter`, port http-metrics (8080).
  monitors: () => [{ name: ID, kind: 'service', selector: { 'app.kubernetes.io/name': ID, 'app.kubernetes.io/instance': ID }, port: 'http-metrics' }],
  workloadIdentity: { serviceAccount: SERVICE_ACCOUNT, policy: karpenterControllerPolicy },
  values: ({ spec }) => ({
    settings: { clusterName: clusterName(spec), interruptionQueue: karpenterInterruptionQueueName(spec) },
    serviceAccount: { name: SERVICE_ACCOUNT, annotations: { 'eks.amazonaws.com/role-arn': workloadRoleArn(spec, ID) } },
    replicas: controllerReplicas(spec),
    podDisruptionBudget: { name: 'karpenter', maxUnavailable: 1 },
    podSecurityContext: { seccompProfile: { type: 'RuntimeDefault' } },
    // The chart's own affinity stays: never on Karpenter nodes, one replica per host.
    ...systemPlacement(),
    ...platformPriority(),
    topologySpreadConstraints: zoneSpread(spec, POD_LABELS),
    // Karpenter sets its GC soft limit to 90% of the memory limit (MEMORY_LIMIT), so the GC works before an OOM kill.
    controller: { resources: containerResources({ cpu: '250m', memory: '512Mi' }, '1Gi') },
  }),
  configure: configureKarpenter,
};

/** Connections of Karpenter beyond its AWS APIs (from its workload identity): its metrics. */
function karpenterNetwork({ enabled }: AddonContext): NetworkNeed[] {
  return enabled.has('kube-prometheus-stack') ? [scrapeNeed({ namespace: KARPENTER_NAMESPACE }, [8080], 'Karpenter')] : [];
}
