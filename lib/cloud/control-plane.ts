/**
 * The EKS control plane: private API endpoint, envelope-encrypted secrets, all control-plane
 * logs, access entries (no aws-auth ConfigMap) and the OIDC provider behind IRSA.
 */
import * as pulumi from '@pulumi/pulumi';
import * as cloudwatch from '@pulumi/aws/cloudwatch';
import * as ec2 from '@pulumi/aws/ec2';
import * as eks from '@pulumi/aws/eks';
import * as iam from '@pulumi/aws/iam';
import * as kms from '@pulumi/aws/kms';
import * as vpc from '@pulumi/aws/vpc';
import { clusterName } from '../spec/naming';
import type { ResolvedSpec } from '../spec/types';
import { CLUSTER_ADMIN_POLICY_ARN, createAccessEntries } from './access-entries';
import { serviceRole } from './service-role';
import { cloudTags } from './tags';

/** Every control-plane log type: audit alone is what incident response asks for first. */
export const CONTROL_PLANE_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] as const;

// Moved with the access entries (access-entries.ts); re-exported for existing imports.
export { CLUSTER_ADMIN_POLICY_ARN };

/** Inputs of `ControlPlane`. */
export interface ControlPlaneArgs {
  /** The validated environment: version, endpoint access, service CIDR, admins and tenant roles, retention. */
  spec: ResolvedSpec;
  /** Private subnets of every AZ: the control plane places its ENIs in all of them. */
  subnetIds: pulumi.Input<string>[];
  /** KMS key encrypting the control-plane log group. @default CloudWatch's own encryption */
  logsKeyArn?: pulumi.Input<string>;
}

/** Port of the Kubernetes API on the EKS endpoint. */
export const API_PORT = 443;

/** Readable logical-name suffix of a CIDR: `10.20.0.0/16` → `10-20-0-0-16`. */
function cidrSuffix(cidr: string): string {
  return cidr.replace(/[./]/g, '-');
}

/** The EKS cluster and what must exist alongside it. */
export class ControlPlane extends pulumi.ComponentResource {
  /** The cluster resource (for `dependsOn`). */
  readonly cluster: eks.Cluster;
  /** Cluster name. */
  readonly clusterName: pulumi.Output<string>;
  /** API server endpoint URL. */
  readonly endpoint: pulumi.Output<string>;
  /** Base64 PEM of the cluster CA. */
  readonly certificateAuthorityData: pulumi.Output<string>;
  /** OIDC issuer URL (`https://oidc.eks.<region>.amazonaws.com/id/…`). */
  readonly oidcIssuerUrl: pulumi.Output<string>;
  /** ARN of the IAM OIDC provider IRSA roles trust. */
  readonly oidcProviderArn: pulumi.Output<string>;
  /** ARN of the KMS key encrypting Kubernetes Secrets. */
  readonly secretsKeyArn: pulumi.Output<string>;
  /** Whether the key and the cluster were registered with `protect: true` (production). */
  readonly protected: boolean;
  /** Ingress rules admitting `endpoint.privateAccess` to the API: what reaches the cluster must wait for them. */
  readonly apiAccessRules: vpc.SecurityGroupIngressRule[] = [];
  /** One access entry per IAM principal: platform admins and tenant roles. */
  readonly accessEntries: eks.AccessEntry[];

  constructor(name: string, args: ControlPlaneArgs, opts?: pulumi.ComponentResourceOptions) {
    super('groundwork:cloud:ControlPlane', name, {}, opts);
    const { spec } = args;
    const cluster = clusterName(spec);
    const tags = (extra: Record<string, string> = {}): Record<string, string> => cloudTags(spec, extra);
    const parent = { parent: this };
    // Losing the key makes every Secret unreadable; losing the cluster loses every workload.
    this.protected = spec.profile.protectResources;

    const secretsKey = new kms.Key(
      `${name}-secrets-key`,
      {
        description: `${cluster}: envelope encryption of Kubernetes Secrets`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        tags: tags({ Name: `${cluster}-eks-secrets` }),
      },
      { parent: this, protect: this.protected },
    );
    new kms.Alias(`${name}-secrets-key`, { name: `alias/${cluster}-eks-secrets`, targetKeyId: secretsKey.keyId }, parent);

    // Created before the cluster: otherwise EKS creates the group itself, unmanaged and
    // with infinite retention.
    const logGroup = new cloudwatch.LogGroup(
      `${name}-logs`,
      {
        name: `/aws/eks/${cluster}/cluster`,
        retentionInDays: spec.observability.logRetentionDays,
        ...(args.logsKeyArn ? { kmsKeyId: args.logsKeyArn } : {}),
        tags: tags(),
      },
      parent,
    );

    const { role, attachments } = serviceRole(this, {
      name: `${name}-cluster`,
      roleName: `${cluster}-eks-cluster`,
      service: 'eks.amazonaws.com',
      managedPolicies: ['AmazonEKSClusterPolicy'],
      tags: tags(),
    });

    const publicEndpoint = spec.endpoint.public && spec.endpoint.publicAccessCidrs.length > 0;
    this.cluster = new eks.Cluster(
      `${name}-cluster`,
      {
        name: cluster,
        version: spec.kubernetesVersion,
        roleArn: role.arn,
        vpcConfig: {
          subnetIds: args.subnetIds,
          // Nodes always reach the API inside the VPC, whatever the public setting.
          endpointPrivateAccess: true,
          endpointPublicAccess: publicEndpoint,
          // An empty list would make EKS default to 0.0.0.0/0: only pass CIDRs when public.
          ...(publicEndpoint ? { publicAccessCidrs: [...spec.endpoint.publicAccessCidrs] } : {}),
        },
        kubernetesNetworkConfig: { serviceIpv4Cidr: spec.serviceCidr, ipFamily: 'ipv4' },
        encryptionConfig: { resources: ['secrets'], provider: { keyArn: secretsKey.arn } },
        enabledClusterLogTypes: [...CONTROL_PLANE_LOG_TYPES],
        // Access entries only: IAM is the single source of who is admin, no aws-auth ConfigMap
        // drift, and whoever ran `pulumi up` does not become a hidden permanent admin.
        accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: false },
        // vpc-cni, kube-proxy and coredns come as managed add-ons with pinned versions instead.
        bootstrapSelfManagedAddons: false,
        // Extended support silently costs 6x; upgrades are planned, not deferred.
        upgradePolicy: { supportType: 'STANDARD' },
        deletionProtection: this.protected,
        tags: tags({ Name: cluster }),
      },
      { parent: this, dependsOn: [logGroup, ...attachments], protect: this.protected },
    );

    // Karpenter selects node security groups by this tag; the EKS-created cluster SG is the one
    // that lets nodes and control plane talk.
    new ec2.Tag(
      `${name}-cluster-sg-discovery`,
      { resourceId: this.cluster.vpcConfig.clusterSecurityGroupId, key: 'karpenter.sh/discovery', value: cluster },
      parent,
    );

    // The private endpoint's ENIs carry the EKS-created cluster security group, which admits only
    // itself (nodes, control plane). A private-only cluster is unreachable for `pulumi up` (Helm
    // releases, manifests) unless the runner's network or security group is let in on 443 here.
    const clusterSecurityGroupId = this.cluster.vpcConfig.clusterSecurityGroupId;
    const apiIngress = (suffix: string, source: { cidrIpv4: string } | { referencedSecurityGroupId: string }, what: string): void => {
      const rule = new vpc.SecurityGroupIngressRule(
        `${name}-api-from-${suffix}`,
        {
          securityGroupId: clusterSecurityGroupId,
          ipProtocol: 'tcp',
          fromPort: API_PORT,
          toPort: API_PORT,
          ...source,
          description: `${cluster}: Kubernetes API (private endpoint) from ${what}`,
          tags: tags(),
        },
        parent,
      );
      this.apiAccessRules.push(rule);
    };
    for (const cidr of spec.endpoint.privateAccess.cidrs) apiIngress(cidrSuffix(cidr), { cidrIpv4: cidr }, cidr);
    for (const group of spec.endpoint.privateAccess.securityGroupIds) apiIngress(group, { referencedSecurityGroupId: group }, group);

    // Platform admins and tenant roles: one access entry per principal (access-entries.ts).
    this.accessEntries = createAccessEntries(this, name, { clusterName: this.cluster.name, spec, tags: tags() });

    this.oidcIssuerUrl = this.cluster.identities.apply((ids) => {
      const issuer = ids?.[0]?.oidcs?.[0]?.issuer;
      if (!issuer) throw new Error(`EKS cluster ${cluster} reported no OIDC issuer`);
      return issuer;
    });
    // Thumbprints are optional: IAM verifies EKS issuers against its own trusted CAs.
    const oidc = new iam.OpenIdConnectProvider(
      `${name}-oidc`,
      { url: this.oidcIssuerUrl, clientIdLists: ['sts.amazonaws.com'], tags: tags() },
      parent,
    );

    this.clusterName = this.cluster.name;
    this.endpoint = this.cluster.endpoint;
    this.certificateAuthorityData = this.cluster.certificateAuthority.apply((ca) => ca.data ?? '');
    this.oidcProviderArn = oidc.arn;
    this.secretsKeyArn = secretsKey.arn;
    this.registerOutputs({
      clusterName: this.clusterName,
      endpoint: this.endpoint,
      oidcIssuerUrl: this.oidcIssuerUrl,
      oidcProviderArn: this.oidcProviderArn,
      secretsKeyArn: this.secretsKeyArn,
    });
  }
}
