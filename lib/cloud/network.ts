/**
 * The environment's VPC: public and private subnets in every AZ, NAT egress, flow logs, and a
 * default security group with no rules. With `spec.existingVpc` none of the VPC is created
 * (lib/cloud/existing-vpc.ts): only flow logs and the logs key, on the given VPC.
 */
import * as pulumi from '@pulumi/pulumi';
import * as cloudwatch from '@pulumi/aws/cloudwatch';
import * as ec2 from '@pulumi/aws/ec2';
import * as iam from '@pulumi/aws/iam';
import * as kms from '@pulumi/aws/kms';
import { clusterName, vpcName } from '../spec/naming';
import { availabilityZonesOf } from '../spec/regions';
import { planSubnets } from '../spec/subnets';
import type { ResolvedSpec } from '../spec/types';
import { adoptExistingVpc } from './existing-vpc';
import { serviceRole } from './service-role';
import { subnetDiscoveryTags } from './subnet-tags';
import { cloudTags } from './tags';

/** Inputs of `Network`. */
export interface NetworkArgs {
  /** The validated environment: CIDR, AZ count, NAT layout, log retention, tags. */
  spec: ResolvedSpec;
}

/**
 * AZ names from the region table (`ap-northeast-1a`, `ap-northeast-1c`: its `b` is closed to new
 * accounts): deterministic, so plans never depend on an account lookup.
 */
export function availabilityZoneNames(spec: Pick<ResolvedSpec, 'region' | 'availabilityZones'>): string[] {
  return availabilityZonesOf(spec.region, spec.availabilityZones);
}

/** Key policy letting CloudWatch Logs use the key for this account's log groups only. */
export function logsKeyPolicy(spec: Pick<ResolvedSpec, 'accountId' | 'region'>): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        // Without the account statement nobody could ever administer the key again.
        Sid: 'AccountAdministration',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${spec.accountId}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
      {
        Sid: 'CloudWatchLogs',
        Effect: 'Allow',
        Principal: { Service: `logs.${spec.region}.amazonaws.com` },
        Action: ['kms:Decrypt*', 'kms:Describe*', 'kms:Encrypt*', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
        Resource: '*',
        Condition: {
          ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${spec.region}:${spec.accountId}:log-group:*` },
        },
      },
    ],
  });
}

/** VPC across the environment's AZs. */
export class Network extends pulumi.ComponentResource {
  /** VPC id. */
  readonly vpcId: pulumi.Output<string>;
  /** Private subnet ids, one per AZ, in AZ order (nodes and the control plane ENIs live here). */
  readonly privateSubnetIds: pulumi.Output<string>[];
  /** Public subnet ids, one per AZ, in AZ order (internet-facing load balancers, NAT gateways). */
  readonly publicSubnetIds: pulumi.Output<string>[];
  /** Whether the VPC is an existing one (nothing of it created). */
  readonly existing: boolean;
  /** ARN of the KMS key encrypting the environment's CloudWatch log groups. */
  readonly logsKeyArn: pulumi.Output<string>;
  /** Number of NAT gateways created (0 in an existing VPC). */
  readonly natGatewayCount: number;

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super('groundwork:cloud:Network', name, {}, opts);
    const { spec } = args;
    const tags = (extra: Record<string, string> = {}): Record<string, string> => cloudTags(spec, extra);
    const parent = { parent: this };
    this.existing = spec.existingVpc !== undefined;
    const layout = spec.existingVpc ? adoptExistingVpc(this, name, spec, spec.existingVpc) : this.createVpc(name, spec);
    const vpc = { id: pulumi.output(layout.vpcId) };
    this.natGatewayCount = 'natGatewayCount' in layout ? layout.natGatewayCount : 0;

    // Flow logs are the only record of who talked to what once an incident is suspected.
    const logsKey = new kms.Key(
      `${name}-logs-key`,
      {
        description: `${spec.name}: CloudWatch log groups (VPC flow logs, EKS control plane)`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: logsKeyPolicy(spec),
        tags: tags({ Name: `${spec.name}-logs` }),
      },
      { parent: this, protect: spec.profile.protectResources },
    );
    new kms.Alias(`${name}-logs-key`, { name: `alias/${spec.name}-logs`, targetKeyId: logsKey.keyId }, parent);
    const flowLogGroup = new cloudwatch.LogGroup(
      `${name}-flow-logs`,
      {
        name: `/groundwork/${spec.name}/vpc-flow-logs`,
        retentionInDays: spec.observability.logRetentionDays,
        kmsKeyId: logsKey.arn,
        tags: tags(),
      },
      parent,
    );
    const { role: flowLogRole } = serviceRole(this, {
      name: `${name}-flow-logs`,
      roleName: `${spec.name}-vpc-flow-logs`,
      service: 'vpc-flow-logs.amazonaws.com',
      managedPolicies: [],
      tags: tags(),
      sourceAccount: spec.accountId,
    });
    new iam.RolePolicy(
      `${name}-flow-logs`,
      {
        role: flowLogRole.name,
        policy: flowLogGroup.arn.apply((arn) =>
          JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: ['logs:CreateLogStream', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
                Resource: [arn, `${arn}:*`],
              },
            ],
          }),
        ),
      },
      parent,
    );
    new ec2.FlowLog(
      `${name}-flow-log`,
      {
        vpcId: vpc.id,
        trafficType: 'ALL',
        logDestinationType: 'cloud-watch-logs',
        logDestination: flowLogGroup.arn,
        iamRoleArn: flowLogRole.arn,
        maxAggregationInterval: 60,
        tags: tags({ Name: `${spec.name}-vpc-flow-log` }),
      },
      parent,
    );

    this.vpcId = vpc.id;
    this.privateSubnetIds = layout.privateSubnetIds.map((id) => pulumi.output(id));
    this.publicSubnetIds = layout.publicSubnetIds.map((id) => pulumi.output(id));
    this.logsKeyArn = logsKey.arn;
    this.registerOutputs({
      vpcId: this.vpcId,
      privateSubnetIds: this.privateSubnetIds,
      publicSubnetIds: this.publicSubnetIds,
      logsKeyArn: this.logsKeyArn,
    });
  }

  /** A VPC of our own: subnets planned from the CIDR, IGW, NAT per tier, route tables, a closed default SG. */
  private createVpc(name: string, spec: ResolvedSpec): { vpcId: pulumi.Output<string>; privateSubnetIds: pulumi.Output<string>[]; publicSubnetIds: pulumi.Output<string>[]; natGatewayCount: number } {
    const cluster = clusterName(spec);
    const azs = availabilityZoneNames(spec);
    const cidrs = planSubnets(spec.vpcCidr, azs.length);
    const tags = (extra: Record<string, string> = {}): Record<string, string> => cloudTags(spec, extra);
    const parent = { parent: this };
    const vpc = new ec2.Vpc(
      `${name}-vpc`,
      // EKS private endpoints and IRSA need VPC DNS: nodes resolve the API server privately.
      { cidrBlock: spec.vpcCidr, enableDnsHostnames: true, enableDnsSupport: true, tags: tags({ Name: vpcName(spec) }) },
      parent,
    );

    // The default SG allows all traffic between its members; anything attached by mistake
    // would get that. Owning it with no rules turns the mistake into a visible failure.
    new ec2.DefaultSecurityGroup(
      `${name}-default-sg`,
      { vpcId: vpc.id, ingress: [], egress: [], tags: tags({ Name: `${spec.name}-default-deny` }) },
      parent,
    );

    const publicSubnets = azs.map(
      (az, i) =>
        new ec2.Subnet(
          `${name}-public-${i}`,
          {
            vpcId: vpc.id,
            cidrBlock: cidrs.public[i],
            availabilityZone: az,
            // Only load balancers and NAT live here; instances never get a public IP implicitly.
            mapPublicIpOnLaunch: false,
            tags: tags({
              Name: `${spec.name}-public-${az}`,
              ...subnetDiscoveryTags(cluster, 'public', true),
            }),
          },
          parent,
        ),
    );
    const privateSubnets = azs.map(
      (az, i) =>
        new ec2.Subnet(
          `${name}-private-${i}`,
          {
            vpcId: vpc.id,
            cidrBlock: cidrs.private[i],
            availabilityZone: az,
            mapPublicIpOnLaunch: false,
            tags: tags({
              Name: `${spec.name}-private-${az}`,
              // Karpenter launches nodes into whatever subnets carry its discovery tag.
              ...subnetDiscoveryTags(cluster, 'private', true),
            }),
          },
          parent,
        ),
    );

    const igw = new ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: tags({ Name: `${spec.name}-igw` }) }, parent);
    const publicRoutes = new ec2.RouteTable(
      `${name}-public-rt`,
      { vpcId: vpc.id, routes: [{ cidrBlock: '0.0.0.0/0', gatewayId: igw.id }], tags: tags({ Name: `${spec.name}-public` }) },
      parent,
    );
    publicSubnets.forEach(
      (subnet, i) => new ec2.RouteTableAssociation(`${name}-public-${i}`, { subnetId: subnet.id, routeTableId: publicRoutes.id }, parent),
    );

    // One NAT per AZ keeps egress alive when an AZ fails (and avoids cross-AZ data charges);
    // smaller tiers accept a single NAT as a cost trade-off.
    const natAzs = spec.profile.natGatewayPerAz ? azs : azs.slice(0, 1);
    const nats = natAzs.map((az, i) => {
      const eip = new ec2.Eip(`${name}-nat-${i}`, { domain: 'vpc', tags: tags({ Name: `${spec.name}-nat-${az}` }) }, parent);
      return new ec2.NatGateway(
        `${name}-nat-${i}`,
        { allocationId: eip.id, subnetId: publicSubnets[i].id, tags: tags({ Name: `${spec.name}-nat-${az}` }) },
        { parent: this, dependsOn: [igw] },
      );
    });
    privateSubnets.forEach((subnet, i) => {
      const table = new ec2.RouteTable(
        `${name}-private-${i}`,
        {
          vpcId: vpc.id,
          routes: [{ cidrBlock: '0.0.0.0/0', natGatewayId: nats[Math.min(i, nats.length - 1)].id }],
          tags: tags({ Name: `${spec.name}-private-${azs[i]}` }),
        },
        parent,
      );
      new ec2.RouteTableAssociation(`${name}-private-${i}`, { subnetId: subnet.id, routeTableId: table.id }, parent);
    });

    return {
      vpcId: vpc.id,
      privateSubnetIds: privateSubnets.map((s) => s.id),
      publicSubnetIds: publicSubnets.map((s) => s.id),
      natGatewayCount: nats.length,
    };
  }
}
