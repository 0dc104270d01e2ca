/**
 * AWS Load Balancer Controller: turns `Service type=LoadBalancer` (annotated `external`) into
 * NLBs with IP targets, so north-south traffic reaches pods directly instead of via node ports;
 * without the mesh it also serves the Gateway API edge as an ALB (see edge-gateway.ts).
 */
import type { IamPolicyDocument, IamPolicyStatement } from '../spec/iam';
import { clusterName, vpcName, workloadRoleArn } from '../spec/naming';
import type { AddonId } from '../spec/types';
import { CHART_VERSIONS } from '../spec/versions';
import type { Addon, AddonContext } from './addon';
import { configureEdgeGateway, edgeImplementation } from './edge-gateway';
import { scrapeNeed, type NetworkNeed } from './network';
import {
  containerResources,
  controllerReplicas,
  disruptionBudgetBody,
  platformPriority,
  restrictedContainerSecurityContext,
  restrictedPodSecurityContext,
  systemPlacement,
  zoneSpread,
  type ContainerResources,
  type Toleration,
  type TopologySpreadConstraint,
} from './placement';

const ID = 'aws-load-balancer-controller';
const SERVICE_ACCOUNT = 'aws-load-balancer-controller';
const POD_LABELS = { 'app.kubernetes.io/name': 'aws-load-balancer-controller', 'app.kubernetes.io/instance': ID };

/** Chart values we set (aws-load-balancer-controller chart 3.x). */
export interface AwsLoadBalancerControllerValues {
  /** EKS cluster name: the controller tags and discovers the load balancers and subnets by it. */
  clusterName: string;
  /** AWS region of the ELB and EC2 API calls (set, because IMDS is out of reach). */
  region: string;
  /** VPC discovered by tag (`--aws-vpc-tags`): the id is unknown at synth time, and IMDS is out of reach (hop limit 1). */
  vpcTags: Record<string, string>;
  /** The controller's service account, annotated with its IRSA role (ELB and EC2 permissions). */
  serviceAccount: { create: boolean; name: string; annotations: Record<string, string> };
  /** Pod count from the tier; leader-elected, so one reconciles and the others stand by. */
  replicaCount: number;
  /** PDB spec body; the chart renders a PDB only when it is non-empty and replicas > 1. */
  podDisruptionBudget: { maxUnavailable?: number };
  /** Zone spread over the controller pods. */
  topologySpreadConstraints: TopologySpreadConstraint[];
  /** Node labels the pods must match: the system pool. */
  nodeSelector: Record<string, string>;
  /** Tolerations of the system pool's taint. */
  tolerations: Toleration[];
  /** Scheduling priority of the pods: platformPriority(). */
  priorityClassName: string;
  /** Pod securityContext; fsGroup lets the non-root controller read the projected IRSA token. */
  podSecurityContext: { runAsNonRoot: true; seccompProfile: { type: 'RuntimeDefault' }; fsGroup: number };
  /** Container security context: restricted (no privilege escalation, all capabilities dropped, read-only root). */
  securityContext: Record<string, unknown>;
  /** Requests plus a memory limit for the controller container. */
  resources: ContainerResources;
  /** Off: the webhook would claim every `LoadBalancer` Service cluster-wide; Services opt in with `aws-load-balancer-type: external`. */
  enableServiceMutatorWebhook: boolean;
  /**
   * Webhook serving certificate from cert-manager (an Issuer/Certificate pair the chart renders)
   * instead of one the chart generates with `genCA` at every render, which Argo CD sees as a new
   * Secret and webhook caBundle on every sync (permanent drift) and which `helm upgrade` rotates.
   */
  enableCertManager: boolean;
  /** `--feature-gates`: the ALB Gateway API controller only where the ALB serves the edge. */
  controllerConfig: { featureGates: { ALBGatewayAPI: boolean; NLBGatewayAPI: boolean } };
  /** Tags on every AWS resource the controller creates (`groundwork.dev/environment`, for cost attribution). */
  defaultTags: Record<string, string>;
}

const ELB_CLUSTER_TAG = 'elbv2.k8s.aws/cluster';
const ownedByController = { Null: { [`aws:ResourceTag/${ELB_CLUSTER_TAG}`]: 'false' } };

/**
 * The controller's upstream policy (docs/install/iam_policy.json), statement for statement.
 * Mutating actions are conditioned on the `elbv2.k8s.aws/cluster` tag the controller puts on
 * everything it creates, so it cannot touch load balancers or security groups it does not own.
 */
export function awsLoadBalancerControllerPolicy(): IamPolicyDocument {
  const statements: IamPolicyStatement[] = [
    {
      Sid: 'ServiceLinkedRole',
      Effect: 'Allow',
      Action: 'iam:CreateServiceLinkedRole',
      Resource: '*',
      Condition: { StringEquals: { 'iam:AWSServiceName': 'elasticloadbalancing.amazonaws.com' } },
    },
    {
      Sid: 'Describe',
      Effect: 'Allow',
      Action: [
        'ec2:DescribeAccountAttributes', 'ec2:DescribeAddresses', 'ec2:DescribeAvailabilityZones',
        'ec2:DescribeInternetGateways', 'ec2:DescribeVpcs', 'ec2:DescribeVpcPeeringConnections',
        'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups', 'ec2:DescribeInstances',
        'ec2:DescribeNetworkInterfaces', 'ec2:DescribeTags', 'ec2:GetCoipPoolUsage', 'ec2:DescribeCoipPools',
        'ec2:GetSecurityGroupsForVpc', 'ec2:DescribeIpamPools', 'ec2:DescribeRouteTables',
        'elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeLoadBalancerAttributes',
        'elasticloadbalancing:DescribeListeners', 'elasticloadbalancing:DescribeListenerCertificates',
        'elasticloadbalancing:DescribeSSLPolicies', 'elasticloadbalancing:DescribeRules',
        'elasticloadbalancing:DescribeTargetGroups', 'elasticloadbalancing:DescribeTargetGroupAttributes',
        'elasticloadbalancing:DescribeTargetHealth', 'elasticloadbalancing:DescribeTags',
        'elasticloadbalancing:DescribeTrustStores', 'elasticloadbalancing:DescribeListenerAttributes',
        'elasticloadbalancing:DescribeCapacityReservation',
      ],
      Resource: '*',
    },
    {
      Sid: 'IntegrationsReadAndAttach',
      Effect: 'Allow',
      Action: [
        'cognito-idp:DescribeUserPoolClient', 'acm:ListCertificates', 'acm:DescribeCertificate',
        'iam:ListServerCertificates', 'iam:GetServerCertificate', 'waf-regional:GetWebACL',
        'waf-regional:GetWebACLForResource', 'waf-regional:AssociateWebACL', 'waf-regional:DisassociateWebACL',
        'wafv2:GetWebACL', 'wafv2:GetWebACLForResource', 'wafv2:AssociateWebACL', 'wafv2:DisassociateWebACL',
        'shield:GetSubscriptionState', 'shield:DescribeProtection', 'shield:CreateProtection', 'shield:DeleteProtection',
      ],
      Resource: '*',
    },
    { Sid: 'SecurityGroupIngress', Effect: 'Allow', Action: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress'], Resource: '*' },
    { Sid: 'CreateSecurityGroup', Effect: 'Allow', Action: 'ec2:CreateSecurityGroup', Resource: '*' },
    {
      Sid: 'TagNewSecurityGroup',
      Effect: 'Allow',
      Action: 'ec2:CreateTags',
      Resource: 'arn:aws:ec2:*:*:security-group/*',
      Condition: { StringEquals: { 'ec2:CreateAction': 'CreateSecurityGroup' }, Null: { [`aws:RequestTag/${ELB_CLUSTER_TAG}`]: 'false' } },
    },
    {
      Sid: 'RetagOwnedSecurityGroup',
      Effect: 'Allow',
      Action: ['ec2:CreateTags', 'ec2:DeleteTags'],
      Resource: 'arn:aws:ec2:*:*:security-group/*',
      Condition: { Null: { [`aws:RequestTag/${ELB_CLUSTER_TAG}`]: 'true', [`aws:ResourceTag/${ELB_CLUSTER_TAG}`]: 'false' } },
    },
    {
      Sid: 'ManageOwnedSecurityGroup',
      Effect: 'Allow',
      Action: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress', 'ec2:DeleteSecurityGroup'],
      Resource: '*',
      Condition: ownedByController,
    },
    {
      Sid: 'CreateTaggedLoadBalancer',
      Effect: 'Allow',
      Action: ['elasticloadbalancing:CreateLoadBalancer', 'elasticloadbalancing:CreateTargetGroup'],
      Resource: '*',
      Condition: { Null: { [`aws:RequestTag/${ELB_CLUSTER_TAG}`]: 'false' } },
    },
    {
      Sid: 'ListenersAndRules',
      Effect: 'Allow',
      Action: ['elasticloadbalancing:CreateListener', 'elasticloadbalancing:DeleteListener', 'elasticloadbalancing:CreateRule', 'elasticloadbalancing:DeleteRule'],
      Resource: '*',
    },
    {
      Sid: 'RetagOwnedLoadBalancer',
      Effect: 'Allow',
      Action: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
      Resource: ['arn:aws:elasticloadbalancing:*:*:targetgroup/*/*', 'arn:aws:elasticloadbalancing:*:*:loadbalancer/net/*/*', 'arn:aws:elasticloadbalancing:*:*:loadbalancer/app/*/*'],
      Condition: { Null: { [`aws:RequestTag/${ELB_CLUSTER_TAG}`]: 'true', [`aws:ResourceTag/${ELB_CLUSTER_TAG}`]: 'false' } },
    },
    {
      Sid: 'TagListenersAndRules',
      Effect: 'Allow',
      Action: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
      Resource: [
        'arn:aws:elasticloadbalancing:*:*:listener/net/*/*/*', 'arn:aws:elasticloadbalancing:*:*:listener/app/*/*/*',
        'arn:aws:elasticloadbalancing:*:*:listener-rule/net/*/*/*', 'arn:aws:elasticloadbalancing:*:*:listener-rule/app/*/*/*',
      ],
    },
    {
      Sid: 'ModifyOwnedLoadBalancer',
      Effect: 'Allow',
      Action: [
        'elasticloadbalancing:ModifyLoadBalancerAttributes', 'elasticloadbalancing:SetIpAddressType',
        'elasticloadbalancing:SetSecurityGroups', 'elasticloadbalancing:SetSubnets', 'elasticloadbalancing:DeleteLoadBalancer',
        'elasticloadbalancing:ModifyTargetGroup', 'elasticloadbalancing:ModifyTargetGroupAttributes',
        'elasticloadbalancing:DeleteTargetGroup', 'elasticloadbalancing:ModifyListenerAttributes',
        'elasticloadbalancing:ModifyCapacityReservation', 'elasticloadbalancing:ModifyIpPools',
      ],
      Resource: '*',
      Condition: ownedByController,
    },
    {
      Sid: 'TagOnCreate',
      Effect: 'Allow',
      Action: 'elasticloadbalancing:AddTags',
      Resource: ['arn:aws:elasticloadbalancing:*:*:targetgroup/*/*', 'arn:aws:elasticloadbalancing:*:*:loadbalancer/net/*/*', 'arn:aws:elasticloadbalancing:*:*:loadbalancer/app/*/*'],
      Condition: {
        StringEquals: { 'elasticloadbalancing:CreateAction': ['CreateTargetGroup', 'CreateLoadBalancer'] },
        Null: { [`aws:RequestTag/${ELB_CLUSTER_TAG}`]: 'false' },
      },
    },
    {
      Sid: 'RegisterTargets',
      Effect: 'Allow',
      Action: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'],
      Resource: 'arn:aws:elasticloadbalancing:*:*:targetgroup/*/*',
    },
    {
      Sid: 'ListenerSettings',
      Effect: 'Allow',
      Action: [
        'elasticloadbalancing:SetWebAcl', 'elasticloadbalancing:ModifyListener', 'elasticloadbalancing:AddListenerCertificates',
        'elasticloadbalancing:RemoveListenerCertificates', 'elasticloadbalancing:ModifyRule', 'elasticloadbalancing:SetRulePriorities',
      ],
      Resource: '*',
    },
  ];
  return { Version: '2012-10-17', Statement: statements };
}

export const awsLoadBalancerController: Addon<AwsLoadBalancerControllerValues> = {
  network: awsLoadBalancerControllerNetwork,
  id: ID,
  description: 'NLBs (IP targets) for LoadBalancer Services and, without the mesh, the ALB serving the Gateway API edge; IRSA, tag-scoped IAM policy',
  chart: CHART_VERSIONS[ID],
  namespace: 'kube-system',
  dependsOn: ({ spec, enabled }) => {
    const deps: AddonId[] = [];
    // The chart's Issuer and Certificate (enableCertManager) need cert-manager's CRDs and webhook.
    if (enabled.has('cert-manager')) deps.push('cert-manager');
    // The controller looks for the Gateway API CRDs once, at start-up, to enable its ALB gateway controller.
    if (edgeImplementation(spec) === 'alb') deps.push('gateway-api-crds');
    return deps;
  },
  // Every ingress option (ingress-nginx, Istio gateway) is exposed through an NLB this controller owns.
  isSelected: () => true,
  // A PodMonitor on container port metrics-server (8080): the chart's metrics Service exists only
  // together with its own ServiceMonitor (`serviceMonitor.enabled`), which stays off.
  monitors: () => [{ name: ID, kind: 'pod', selector: { 'app.kubernetes.io/name': ID, 'app.kubernetes.io/instance': ID }, port: 'metrics-server' }],
  workloadIdentity: { serviceAccount: SERVICE_ACCOUNT, policy: () => awsLoadBalancerControllerPolicy() },
  values: ({ spec, enabled }) => ({
    clusterName: clusterName(spec),
    region: spec.region,
    vpcTags: { Name: vpcName(spec) },
    serviceAccount: { create: true, name: SERVICE_ACCOUNT, annotations: { 'eks.amazonaws.com/role-arn': workloadRoleArn(spec, ID) } },
    // Leader-elected: one replica reconciles, the others take over within seconds when it is evicted.
    replicaCount: controllerReplicas(spec),
    // maxUnavailable 1 (never minAvailable = replicas): node drains and consolidation can always evict one.
    podDisruptionBudget: disruptionBudgetBody(spec),
    topologySpreadConstraints: zoneSpread(spec, POD_LABELS),
    ...systemPlacement(),
    ...platformPriority(),
    podSecurityContext: { ...restrictedPodSecurityContext(), fsGroup: 65534 },
    securityContext: restrictedContainerSecurityContext(),
    // It caches every Service, Endpoint(Slice), Pod and Gateway object of the cluster: memory grows with it.
    resources: containerResources({ cpu: '50m', memory: '128Mi' }, '512Mi'),
    // Off: the mutator claims every LoadBalancer Service cluster-wide (and fails them when the
    // webhook is down); Services opt in explicitly with `aws-load-balancer-type: external`.
    enableServiceMutatorWebhook: false,
    enableCertManager: enabled.has('cert-manager'),
    // NLBGatewayAPI stays off: the standard channel has no TCPRoute/UDPRoute, and the edge is HTTP.
    controllerConfig: { featureGates: { ALBGatewayAPI: edgeImplementation(spec) === 'alb', NLBGatewayAPI: false } },
    // Lets cost reports attribute load balancers to the environment.
    defaultTags: { 'groundwork.dev/environment': spec.name },
  }),
  configure: (scope, { spec }) => {
    if (edgeImplementation(spec) === 'alb') configureEdgeGateway(scope, spec, 'alb');
  },
};

/** Connections of the controller (kube-system, not isolated): Prometheus' side of its scrape. */
function awsLoadBalancerControllerNetwork({ enabled }: AddonContext): NetworkNeed[] {
  return enabled.has('kube-prometheus-stack') ? [scrapeNeed({ namespace: 'kube-system', podLabels: { 'app.kubernetes.io/name': 'aws-load-balancer-controller' } }, [8080], 'the AWS Load Balancer Controller')] : [];
}
