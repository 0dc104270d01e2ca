/**
 * IAM policy of the Karpenter controller: upstream's reference policy at v1.14.1, statement for
 * statement (Sid, actions, resources, conditions), from aws/karpenter-provider-aws
 * website/content/en/v1.14/getting-started/getting-started-with-karpenter/cloudformation.yaml
 * (described in website/content/en/v1.14/reference/cloudformation.md). Upstream splits it into
 * six managed policies (NodeLifecycle, IAMIntegration, EKSIntegration, Interruption, ZonalShift,
 * ResourceDiscovery) to stay under the 6,144-character managed-policy limit; here it is one
 * inline document (limit 10,240), in the same order, with `${AWS::Partition}`, `${AWS::Region}`,
 * `${AWS::AccountId}`, `${ClusterName}`, the node role and the queue substituted.
 *
 * What the conditions buy: the controller may only launch, tag and terminate instances and launch
 * templates tagged for this cluster (`kubernetes.io/cluster/<name>: owned`, `eks:eks-cluster-name`,
 * `karpenter.sh/nodepool`); after launch it may only add the `eks:eks-cluster-name`,
 * `karpenter.sh/nodeclaim` and `Name` tags (`aws:TagKeys`), so it cannot re-tag an instance into
 * its own scope; it passes only its node role and manages only instance profiles it tagged itself.
 */
import type { IamPolicyDocument } from '../spec/iam';
import { clusterName, karpenterInterruptionQueueName, karpenterNodeRoleName } from '../spec/naming';
import type { ResolvedSpec } from '../spec/types';

/** Region prefixes of the AWS partitions other than `aws`. */
const PARTITIONS: ReadonlyArray<[prefix: string, partition: string]> = [
  ['cn-', 'aws-cn'],
  ['us-gov-', 'aws-us-gov'],
  ['us-isob-', 'aws-iso-b'],
  ['us-iso-', 'aws-iso'],
];

/** ARN partition of a region (`aws`, `aws-cn`, `aws-us-gov`…), upstream's `${AWS::Partition}`. */
export function awsPartition(region: string): string {
  return PARTITIONS.find(([prefix]) => region.startsWith(prefix))?.[1] ?? 'aws';
}

/** Tag keys Karpenter may add to a running instance (AllowScopedResourceTagging, `aws:TagKeys`). */
export const KARPENTER_POST_LAUNCH_TAG_KEYS = ['eks:eks-cluster-name', 'karpenter.sh/nodeclaim', 'Name'] as const;

export function karpenterControllerPolicy(spec: ResolvedSpec): IamPolicyDocument {
  const { region, accountId } = spec;
  const partition = awsPartition(region);
  const cluster = clusterName(spec);
  const ec2 = (resource: string): string => `arn:${partition}:ec2:${region}:*:${resource}`;
  const instanceProfiles = `arn:${partition}:iam::${accountId}:instance-profile/*`;
  const clusterArn = `arn:${partition}:eks:${region}:${accountId}:cluster/${cluster}`;
  const owned = { [`aws:ResourceTag/kubernetes.io/cluster/${cluster}`]: 'owned' };
  const requestOwned = { [`aws:RequestTag/kubernetes.io/cluster/${cluster}`]: 'owned', 'aws:RequestTag/eks:eks-cluster-name': cluster };
  const anyNodePool = { 'aws:ResourceTag/karpenter.sh/nodepool': '*' };
  const launched = ['fleet/*', 'instance/*', 'volume/*', 'network-interface/*', 'launch-template/*', 'spot-instances-request/*'].map(ec2);
  return {
    Version: '2012-10-17',
    Statement: [
      // KarpenterControllerNodeLifecyclePolicy
      {
        Sid: 'AllowScopedEC2InstanceAccessActions',
        Effect: 'Allow',
        Action: ['ec2:RunInstances', 'ec2:CreateFleet'],
        Resource: [
          `arn:${partition}:ec2:${region}::image/*`,
          `arn:${partition}:ec2:${region}::snapshot/*`,
          ec2('security-group/*'),
          ec2('subnet/*'),
          ec2('capacity-reservation/*'),
          ec2('placement-group/*'),
        ],
      },
      {
        Sid: 'AllowScopedEC2LaunchTemplateAccessActions',
        Effect: 'Allow',
        Action: ['ec2:RunInstances', 'ec2:CreateFleet'],
        Resource: ec2('launch-template/*'),
        Condition: { StringEquals: owned, StringLike: anyNodePool },
      },
      {
        Sid: 'AllowScopedEC2InstanceActionsWithTags',
        Effect: 'Allow',
        Action: ['ec2:RunInstances', 'ec2:CreateFleet', 'ec2:CreateLaunchTemplate'],
        Resource: launched,
        Condition: { StringEquals: requestOwned, StringLike: { 'aws:RequestTag/karpenter.sh/nodepool': '*' } },
      },
      {
        Sid: 'AllowScopedResourceCreationTagging',
        Effect: 'Allow',
        Action: 'ec2:CreateTags',
        Resource: launched,
        Condition: {
          StringEquals: { ...requestOwned, 'ec2:CreateAction': ['RunInstances', 'CreateFleet', 'CreateLaunchTemplate'] },
          StringLike: { 'aws:RequestTag/karpenter.sh/nodepool': '*' },
        },
      },
      {
        Sid: 'AllowScopedResourceTagging',
        Effect: 'Allow',
        Action: 'ec2:CreateTags',
        Resource: ec2('instance/*'),
        Condition: {
          StringEquals: owned,
          StringLike: anyNodePool,
          StringEqualsIfExists: { 'aws:RequestTag/eks:eks-cluster-name': cluster },
          'ForAllValues:StringEquals': { 'aws:TagKeys': [...KARPENTER_POST_LAUNCH_TAG_KEYS] },
        },
      },
      {
        Sid: 'AllowScopedDeletion',
        Effect: 'Allow',
        Action: ['ec2:TerminateInstances', 'ec2:DeleteLaunchTemplate'],
        Resource: [ec2('instance/*'), ec2('launch-template/*')],
        Condition: { StringEquals: owned, StringLike: anyNodePool },
      },
      // KarpenterControllerIAMIntegrationPolicy
      {
        Sid: 'AllowPassingInstanceRole',
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: `arn:${partition}:iam::${accountId}:role/${karpenterNodeRoleName(spec)}`,
        Condition: { StringEquals: { 'iam:PassedToService': ['ec2.amazonaws.com', 'ec2.amazonaws.com.cn'] } },
      },
      {
        Sid: 'AllowScopedInstanceProfileCreationActions',
        Effect: 'Allow',
        Action: ['iam:CreateInstanceProfile'],
        Resource: instanceProfiles,
        Condition: {
          StringEquals: { ...requestOwned, 'aws:RequestTag/topology.kubernetes.io/region': region },
          StringLike: { 'aws:RequestTag/karpenter.k8s.aws/ec2nodeclass': '*' },
        },
      },
      {
        Sid: 'AllowScopedInstanceProfileTagActions',
        Effect: 'Allow',
        Action: ['iam:TagInstanceProfile'],
        Resource: instanceProfiles,
        Condition: {
          StringEquals: {
            ...owned,
            'aws:ResourceTag/topology.kubernetes.io/region': region,
            ...requestOwned,
            'aws:RequestTag/topology.kubernetes.io/region': region,
          },
          StringLike: { 'aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass': '*', 'aws:RequestTag/karpenter.k8s.aws/ec2nodeclass': '*' },
        },
      },
      {
        Sid: 'AllowScopedInstanceProfileActions',
        Effect: 'Allow',
        Action: ['iam:AddRoleToInstanceProfile', 'iam:RemoveRoleFromInstanceProfile', 'iam:DeleteInstanceProfile'],
        Resource: instanceProfiles,
        Condition: {
          StringEquals: { ...owned, 'aws:ResourceTag/topology.kubernetes.io/region': region },
          StringLike: { 'aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass': '*' },
        },
      },
      // KarpenterControllerEKSIntegrationPolicy
      { Sid: 'AllowAPIServerEndpointDiscovery', Effect: 'Allow', Action: 'eks:DescribeCluster', Resource: clusterArn },
      // KarpenterControllerInterruptionPolicy
      {
        Sid: 'AllowInterruptionQueueActions',
        Effect: 'Allow',
        Action: ['sqs:DeleteMessage', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
        Resource: `arn:${partition}:sqs:${region}:${accountId}:${karpenterInterruptionQueueName(spec)}`,
      },
      // KarpenterControllerZonalShiftPolicy (read-only; zonal shift itself stays off, settings.enableZonalShift)
      {
        Sid: 'AllowZonalShiftStatusReadOnly',
        Effect: 'Allow',
        Action: ['arc-zonal-shift:GetManagedResource'],
        Resource: '*',
        Condition: { StringEquals: { 'arc-zonal-shift:ResourceIdentifier': clusterArn } },
      },
      // KarpenterControllerResourceDiscoveryPolicy
      {
        Sid: 'AllowRegionalReadActions',
        Effect: 'Allow',
        Action: [
          'ec2:DescribeCapacityReservations',
          'ec2:DescribeImages',
          'ec2:DescribeInstances',
          'ec2:DescribeInstanceStatus',
          'ec2:DescribeInstanceTypeOfferings',
          'ec2:DescribeInstanceTypes',
          'ec2:DescribeLaunchTemplates',
          'ec2:DescribePlacementGroups',
          'ec2:DescribeSecurityGroups',
          'ec2:DescribeSpotPriceHistory',
          'ec2:DescribeSubnets',
        ],
        Resource: '*',
        Condition: { StringEquals: { 'aws:RequestedRegion': region } },
      },
      { Sid: 'AllowSSMReadActions', Effect: 'Allow', Action: 'ssm:GetParameter', Resource: `arn:${partition}:ssm:${region}::parameter/aws/service/*` },
      { Sid: 'AllowPricingReadActions', Effect: 'Allow', Action: 'pricing:GetProducts', Resource: '*' },
      { Sid: 'AllowUnscopedInstanceProfileListAction', Effect: 'Allow', Action: 'iam:ListInstanceProfiles', Resource: '*' },
      { Sid: 'AllowInstanceProfileReadActions', Effect: 'Allow', Action: 'iam:GetInstanceProfile', Resource: instanceProfiles },
    ],
  };
}
