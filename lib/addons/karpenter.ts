/**
 * Karpenter: node autoscaling for workloads. Spot-first with on-demand fallback (Karpenter
 * picks the cheapest offering, spot, and falls back to on-demand when spot is short), nodes
 * hardened like the managed pools (IMDSv2, encrypted gp3), consolidation to remove waste and
 * a node expiry so every node is replaced (patched) at least monthly. The controller itself
 * runs on the managed system pool: it must never run on nodes it can remove.
 */
import type { Construct } from 'constructs';
import { POOL_LABEL, POOL_ROLE_LABEL } from '../spec/labels';
import { clusterName, karpenterInterruptionQueueName, karpenterNodeRoleName, workloadRoleArn } from '../spec/naming';
import type { ResolvedSpec } from '../spec/types';
import { CHART_VERSIONS } from '../spec/versions';
import type { Addon, AddonContext } from './addon';
import { karpenterControllerPolicy } from './karpenter-policy';
import { ec2NodeClass, karpenterNodePool } from './karpenter-resources';
import { controllerReplicas, systemPlacement, zoneSpread, type Toleration, type TopologySpreadConstraint } from './placement';

const ID = 'karpenter';
const SERVICE_ACCOUNT = 'karpenter';
/** Name of the default EC2NodeClass and NodePool. */
export const KARPENTER_DEFAULT = 'default';

/** Chart values we set (karpenter 1.10). */
export interface KarpenterValues {
  settings: { clusterName: string; interruptionQueue: string };
  serviceAccount: { name: string; annotations: Record<string, string> };
  replicas: number;
  podDisruptionBudget: { name: string; maxUnavailable: number };
  nodeSelector: Record<string, string>;
  tolerations: Toleration[];
  topologySpreadConstraints: TopologySpreadConstraint[];
  controller: { resources: { requests: { cpu: string; memory: string }; limits: { memory: string } } };
}

/** vCPUs of an instance size (`large` 2, `xlarge` 4, `Nxlarge` 4N). */
function vcpusOf(instanceType: string): number {
  const size = instanceType.split('.')[1] ?? '';
  if (size === 'large') return 2;
  const m = /^(\d*)xlarge$/.exec(size);
  return m ? 4 * Number(m[1] || 1) : 2;
}

/** Karpenter may add as much capacity as the spec's workload pools could reach at their maximum. */
export function karpenterLimits(spec: ResolvedSpec): { cpu: string; memory: string } {
  const cpu = spec.nodePools
    .filter((p) => p.role !== 'system')
    .reduce((sum, p) => sum + p.maxSize * Math.max(...p.instanceTypes.map(vcpusOf)), 0);
  // General-purpose families carry 4 GiB per vCPU.
  return { cpu: String(Math.max(cpu, 8)), memory: `${Math.max(cpu, 8) * 4}Gi` };
}

function configureKarpenter(scope: Construct, { spec }: AddonContext): void {
  const discovery = { 'karpenter.sh/discovery': clusterName(spec) };
  ec2NodeClass(scope, 'node-class', KARPENTER_DEFAULT, {
    role: karpenterNodeRoleName(spec),
    // AL2023 tracks the EKS-optimized AMI for the cluster's version; drift replaces nodes on release.
    amiSelectorTerms: [{ alias: 'al2023@latest' }],
    subnetSelectorTerms: [{ tags: discovery }],
    securityGroupSelectorTerms: [{ tags: discovery }],
    // IMDSv2 only and one hop: pods cannot reach the node's credentials.
    metadataOptions: { httpEndpoint: 'enabled', httpProtocolIPv6: 'disabled', httpPutResponseHopLimit: 1, httpTokens: 'required' },
    blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeSize: '100Gi', volumeType: 'gp3', encrypted: true, deleteOnTermination: true } }],
    tags: { ...spec.tags, 'groundwork.dev/environment': spec.name, 'managed-by': 'groundwork' },
  });
  karpenterNodePool(scope, 'node-pool', KARPENTER_DEFAULT, {
    template: {
      metadata: { labels: { [POOL_LABEL]: 'karpenter', [POOL_ROLE_LABEL]: 'general' } },
      spec: {
        nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: KARPENTER_DEFAULT },
        requirements: [
          // Both capacity types allowed: Karpenter launches spot first and falls back to on-demand.
          { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot', 'on-demand'] },
          { key: 'karpenter.k8s.aws/instance-category', operator: 'In', values: ['c', 'm', 'r'] },
          { key: 'karpenter.k8s.aws/instance-generation', operator: 'Gt', values: ['5'] },
          { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] },
          { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
        ],
        // Node lifecycle: every node is replaced within 30 days, so patched AMIs roll out.
        expireAfter: '720h',
        terminationGracePeriod: '48h',
      },
    },
    disruption: {
      consolidationPolicy: 'WhenEmptyOrUnderutilized',
      consolidateAfter: '5m',
      // Never disrupt more than a tenth of the nodes at once.
      budgets: [{ nodes: '10%' }],
    },
    limits: karpenterLimits(spec),
  });
}

export const karpenter: Addon<KarpenterValues> = {
  id: ID,
  description: 'Karpenter node autoscaling: spot-first NodePool with on-demand fallback, consolidation and node expiry',
  chart: CHART_VERSIONS[ID],
  namespace: 'karpenter',
  dependsOn: () => [],
  isSelected: (spec) => spec.addons.autoscaler === 'karpenter',
  workloadIdentity: { serviceAccount: SERVICE_ACCOUNT, policy: karpenterControllerPolicy },
  values: ({ spec }) => ({
    settings: { clusterName: clusterName(spec), interruptionQueue: karpenterInterruptionQueueName(spec) },
    serviceAccount: { name: SERVICE_ACCOUNT, annotations: { 'eks.amazonaws.com/role-arn': workloadRoleArn(spec, ID) } },
    // Two replicas from staging up (leader election): a restart never leaves pods unschedulable.
    replicas: Math.max(controllerReplicas(spec), spec.profile.podDisruptionBudget ? 2 : 1),
    podDisruptionBudget: { name: 'karpenter', maxUnavailable: 1 },
    ...systemPlacement(),
    topologySpreadConstraints: zoneSpread(spec, { 'app.kubernetes.io/name': 'karpenter', 'app.kubernetes.io/instance': ID }),
    controller: { resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } } },
  }),
  configure: configureKarpenter,
};

