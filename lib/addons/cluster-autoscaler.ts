/**
 * Cluster Autoscaler (the alternative to Karpenter): scales the EKS managed node groups through
 * their Auto Scaling groups, discovered by the tags EKS puts on groups it owns. Its minor must
 * equal the cluster's, so the image comes from the version table, not the chart default.
 */
import type { IamPolicyDocument } from '../spec/iam';
import { clusterName, workloadRoleArn } from '../spec/naming';
import type { ResolvedSpec } from '../spec/types';
import { CHART_VERSIONS, CLUSTER_AUTOSCALER_IMAGE_TAGS, type KubernetesMinor } from '../spec/versions';
import type { Addon, AddonContext } from './addon';
import { scrapeNeed, type NetworkNeed } from './network';

import {
  containerResources,
  controllerReplicas,
  platformPriority,
  restrictedContainerSecurityContext,
  systemPlacement,
  zoneSpread,
  type ContainerResources,
  type Toleration,
  type TopologySpreadConstraint,
} from './placement';

const ID = 'cluster-autoscaler';
const SERVICE_ACCOUNT = 'cluster-autoscaler';
// The chart names pods `<cloudProvider>-cluster-autoscaler`.
const POD_LABELS = { 'app.kubernetes.io/name': 'aws-cluster-autoscaler', 'app.kubernetes.io/instance': ID };

// The image is distroless `nonroot`; pinning the same ids keeps runAsNonRoot verifiable.
const NONROOT = 65532;

/** Chart values we set (cluster-autoscaler chart 9.59). */
export interface ClusterAutoscalerValues {
  /** Cloud provider integration: AWS (Auto Scaling groups). */
  cloudProvider: 'aws';
  /** Region of the Auto Scaling and EC2 API calls. */
  awsRegion: string;
  /** Node groups found by their `k8s.io/cluster-autoscaler/<clusterName>` tags, not listed by name. */
  autoDiscovery: { clusterName: string };
  /** The release tag for the cluster's Kubernetes minor (chart 9.59.0 defaults to v1.35.0). */
  image: { tag: string };
  /** The service account the chart creates, annotated with its IRSA role (Auto Scaling writes). */
  rbac: { serviceAccount: { create: boolean; name: string; annotations: Record<string, string> } };
  /** Two at most: only the leader works, the other is a warm standby. */
  replicaCount: number;
  /** The chart's budget shape; one pod may always be evicted. */
  podDisruptionBudget: { maxUnavailable: number };
  /** Zone spread over the autoscaler pods. */
  topologySpreadConstraints: TopologySpreadConstraint[];
  /** Node labels the pods must match: the system pool. */
  nodeSelector: Record<string, string>;
  /** Tolerations of the system pool's taint. */
  tolerations: Toleration[];
  /** Scheduling priority of the pods: platformPriority(). */
  priorityClassName: string;
  /** Rendered as `--key=value` flags. */
  extraArgs: Record<string, string | boolean>;
  /** Pod-level restricted profile. */
  securityContext: { runAsNonRoot: true; runAsUser: number; runAsGroup: number; fsGroup: number; seccompProfile: { type: 'RuntimeDefault' } };
  /** Container security context: restricted (no privilege escalation, all capabilities dropped, read-only root). */
  containerSecurityContext: Record<string, unknown>;
  /** Requests and memory limit. */
  resources: ContainerResources;
}

/** The Cluster Autoscaler release for the environment's Kubernetes minor. */
export function clusterAutoscalerImageTag(spec: ResolvedSpec): string {
  const pin = CLUSTER_AUTOSCALER_IMAGE_TAGS[spec.kubernetesVersion as KubernetesMinor];
  // Validation refuses Kubernetes versions outside the table; this guards callers that skip it.
  if (!pin) {
    const known = Object.keys(CLUSTER_AUTOSCALER_IMAGE_TAGS).sort().join(', ');
    throw new Error(`spec.kubernetesVersion: no Cluster Autoscaler release pinned for ${spec.kubernetesVersion}; fix: use one of ${known}, or Karpenter`);
  }
  return pin.version;
}

/** Upstream least-privilege policy: reads on *, writes only to this cluster's owned groups. */
export function clusterAutoscalerIamPolicy(spec: ResolvedSpec): IamPolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Discover',
        Effect: 'Allow',
        Action: [
          'autoscaling:DescribeAutoScalingGroups', 'autoscaling:DescribeAutoScalingInstances',
          'autoscaling:DescribeLaunchConfigurations', 'autoscaling:DescribeScalingActivities', 'autoscaling:DescribeTags',
          'ec2:DescribeImages', 'ec2:DescribeInstanceTypes', 'ec2:DescribeLaunchTemplateVersions', 'ec2:GetInstanceTypesFromInstanceRequirements',
          'eks:DescribeNodegroup',
        ],
        Resource: '*',
      },
      {
        Sid: 'ScaleOwnedGroups',
        Effect: 'Allow',
        Action: ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'],
        Resource: '*',
        // Without this, the role could resize any Auto Scaling group in the account.
        Condition: { StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName(spec)}`]: 'owned' } },
      },
    ],
  };
}

export const clusterAutoscaler: Addon<ClusterAutoscalerValues> = {
  network: clusterAutoscalerNetwork,
  id: ID,
  description: "Cluster Autoscaler for EKS managed node groups (auto-discovered, tag-scoped IAM; image of the cluster's Kubernetes minor)",
  chart: CHART_VERSIONS[ID],
  namespace: 'kube-system',
  dependsOn: () => [],
  isSelected: (spec) => spec.addons.autoscaler === 'cluster-autoscaler',
  // Service `cluster-autoscaler-aws-cluster-autoscaler`, port http → 8085 (the container's port is unnamed).
  monitors: () => [{ name: ID, kind: 'service', selector: { ...POD_LABELS }, port: 'http' }],
  workloadIdentity: { serviceAccount: SERVICE_ACCOUNT, policy: clusterAutoscalerIamPolicy },
  values: ({ spec }) => ({
    cloudProvider: 'aws',
    awsRegion: spec.region,
    autoDiscovery: { clusterName: clusterName(spec) },
    image: { tag: clusterAutoscalerImageTag(spec) },
    rbac: { serviceAccount: { create: true, name: SERVICE_ACCOUNT, annotations: { 'eks.amazonaws.com/role-arn': workloadRoleArn(spec, ID) } } },
    // Leader election makes extra replicas warm standbys only: a second one shortens failover
    // to the lease timeout, a third adds nothing.
    replicaCount: Math.min(controllerReplicas(spec), 2),
    // Stated, not inherited: the chart's default happens to be the same budget.
    podDisruptionBudget: { maxUnavailable: 1 },
    topologySpreadConstraints: zoneSpread(spec, POD_LABELS),
    // On the system pool, which it must never scale away from under itself.
    ...systemPlacement(),
    ...platformPriority(),
    extraArgs: {
      // The binary's default, stated because the standby replica depends on it (lease lock).
      'leader-elect': true,
      // Spot pools of the same size across zones are treated as one, keeping zones balanced.
      'balance-similar-node-groups': true,
      // DaemonSet/kube-system pods must not pin otherwise empty nodes forever.
      'skip-nodes-with-system-pods': false,
      // Pick the group that wastes the least CPU/memory after scale-up (cost).
      expander: 'least-waste',
    },
    securityContext: { runAsNonRoot: true, runAsUser: NONROOT, runAsGroup: NONROOT, fsGroup: NONROOT, seccompProfile: { type: 'RuntimeDefault' } },
    containerSecurityContext: restrictedContainerSecurityContext(),
    // Memory scales with nodes and pending pods simulated; the limit covers this platform's pool maxima.
    resources: containerResources({ cpu: '100m', memory: '300Mi' }, '1Gi'),
  }),
};

/** Connections of cluster-autoscaler (kube-system, not isolated): Prometheus' side of its scrape. */
function clusterAutoscalerNetwork({ enabled }: AddonContext): NetworkNeed[] {
  return enabled.has('kube-prometheus-stack') ? [scrapeNeed({ namespace: 'kube-system', podLabels: { 'app.kubernetes.io/name': 'aws-cluster-autoscaler' } }, [8085], 'cluster-autoscaler')] : [];
}
