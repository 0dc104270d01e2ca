/**
 * IAM roles assumed by AWS services (EKS, EC2 nodes, VPC flow logs): trust policy plus AWS
 * managed policies, each attachment its own resource so a policy change never recreates a role.
 */
import * as pulumi from '@pulumi/pulumi';
import * as iam from '@pulumi/aws/iam';

/** Managed policy ARN by name (AWS-owned policies live under `arn:aws:iam::aws:policy/`). */
export function awsManagedPolicy(name: string): string {
  return `arn:aws:iam::aws:policy/${name}`;
}

/**
 * What every EKS node needs. The CNI policy is deliberately absent: it sits on the vpc-cni
 * add-on's IRSA role, so a compromised pod on a node cannot reconfigure pod networking.
 */
export const NODE_MANAGED_POLICIES = [
  'AmazonEKSWorkerNodePolicy',
  'AmazonEC2ContainerRegistryReadOnly',
  // Session Manager replaces SSH: no key pairs, no open port 22, every session audited.
  'AmazonSSMManagedInstanceCore',
] as const;

/** Trust policy letting one AWS service assume a role, optionally pinned to our account. Deterministic JSON. */
export function serviceTrustPolicy(service: string, sourceAccount?: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: service },
        Action: 'sts:AssumeRole',
        // Confused-deputy guard: the service may act for this account only.
        ...(sourceAccount ? { Condition: { StringEquals: { 'aws:SourceAccount': sourceAccount } } } : {}),
      },
    ],
  });
}

/** Options of `serviceRole`. */
export interface ServiceRoleOptions {
  /** Logical name prefix of the role and its attachments. */
  name: string;
  /** IAM role name (deterministic, readable). */
  roleName: string;
  /** Service principal, e.g. `eks.amazonaws.com`. */
  service: string;
  /** AWS managed policy names to attach. */
  managedPolicies: readonly string[];
  /** Tags of the role. */
  tags: Record<string, string>;
  /** Pin the trust to this account (`aws:SourceAccount`). @default no condition */
  sourceAccount?: string;
}

/** Create a service role and its managed-policy attachments under `parent`. */
export function serviceRole(parent: pulumi.Resource, options: ServiceRoleOptions): { role: iam.Role; attachments: iam.RolePolicyAttachment[] } {
  const role = new iam.Role(
    `${options.name}-role`,
    {
      name: options.roleName,
      assumeRolePolicy: serviceTrustPolicy(options.service, options.sourceAccount),
      tags: options.tags,
    },
    { parent },
  );
  const attachments = options.managedPolicies.map(
    (policy) =>
      new iam.RolePolicyAttachment(`${options.name}-${policy}`, { role: role.name, policyArn: awsManagedPolicy(policy) }, { parent }),
  );
  return { role, attachments };
}
