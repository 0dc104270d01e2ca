/**
 * Cluster Autoscaler (the alternative to Karpenter): scales the EKS managed node groups through
 * their Auto Scaling groups, discovered by the tags EKS puts on groups it owns.
 */
import type { IamPolicyDocument } from '../spec/iam';
import { clusterName, workloadRoleArn } from '../spec/naming';
import type { ResolvedSpec } from '../spec/types';
import { CHART_VERSIONS } from '../spec/versions';
import type { Addon } from './addon';
import {
  controllerReplicas,
  restrictedContainerSecurityContext,
  systemPlacement,
  type Toleration,
  type TopologySpreadConstraint,
  zoneSpread,
} from './placement';

const ID = 'cluster-autoscaler';
const SERVICE_ACCOUNT = 'cluster-autoscaler';
// The chart names pods `<cloudProvider>-cluster-autoscaler`.
const POD_LABELS = { 'app.kubernetes.io/name': 'aws-cluster-autoscaler', 'app.kubernetes.io/instance': ID };

/** Chart values we set (cluster-autoscaler chart 9.56). */
export interface ClusterAutoscalerValues {
  cloudProvider: 'aws';
  awsRegion: string;
  autoDiscovery: { clusterName: string };
  rbac: { serviceAccount: { create: boolean; name: string; annotations: Record<string, string> } };
  replicaCount: number;
  topologySpreadConstraints: TopologySpreadConstraint[];
  nodeSelector: Record<string, string>;
  tolerations: Toleration[];
  extraArgs: Record<string, string | boolean>;
  containerSecurityContext: Record<string, unknown>;
  resources: { requests: { cpu: string; memory: string } };
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
  id: ID,
  description: 'Cluster Autoscaler for EKS managed node groups (auto-discovered, tag-scoped IAM)',
  chart: CHART_VERSIONS[ID],
  namespace: 'kube-system',
  dependsOn: () => [],
  isSelected: (spec) => spec.addons.autoscaler === 'cluster-autoscaler',
  workloadIdentity: { serviceAccount: SERVICE_ACCOUNT, policy: clusterAutoscalerIamPolicy },
  values: ({ spec }) => ({
    cloudProvider: 'aws',
    awsRegion: spec.region,
    autoDiscovery: { clusterName: clusterName(spec) },
    rbac: { serviceAccount: { create: true, name: SERVICE_ACCOUNT, annotations: { 'eks.amazonaws.com/role-arn': workloadRoleArn(spec, ID) } } },
    // Leader election makes extra replicas warm standbys only; the tier count still shortens failover.
    // The chart's default PDB (maxUnavailable 1) is kept.
    replicaCount: controllerReplicas(spec),
    topologySpreadConstraints: zoneSpread(spec, POD_LABELS),
    // On the system pool, which it must never scale away from under itself.
    ...systemPlacement(),
    extraArgs: {
      // Spot pools of the same size across zones are treated as one, keeping zones balanced.
      'balance-similar-node-groups': true,
      // DaemonSet/kube-system pods must not pin otherwise empty nodes forever.
      'skip-nodes-with-system-pods': false,
      // Pick the group that wastes the least CPU/memory after scale-up (cost).
      expander: 'least-waste',
    },
    containerSecurityContext: restrictedContainerSecurityContext(),
    resources: { requests: { cpu: '100m', memory: '300Mi' } },
  }),
};
