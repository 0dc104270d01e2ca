/**
 * IRSA: an IAM role only one Kubernetes service account can assume, through the cluster's OIDC
 * provider. Pods get narrow, per-workload credentials instead of the node role.
 */
import * as pulumi from '@pulumi/pulumi';
import * as iam from '@pulumi/aws/iam';
import type { IamPolicyDocument } from '../spec/iam';
import { workloadRoleName } from '../spec/naming';
import type { ResolvedSpec } from '../spec/types';
import { cloudTags } from './tags';

/** Inputs of `WorkloadIdentity`. */
export interface WorkloadIdentityArgs {
  /** The validated environment (role names and tags). */
  spec: ResolvedSpec;
  /** Workload name; the role is `workloadRoleName(spec, workload)`. @default the component name */
  workload?: string;
  /** ARN of the cluster's IAM OIDC provider. */
  oidcProviderArn: pulumi.Input<string>;
  /** The cluster's OIDC issuer URL (`https://oidc.eks.<region>.amazonaws.com/id/…`). */
  oidcIssuerUrl: pulumi.Input<string>;
  /** Namespace of the service account. */
  namespace: string;
  /** Name of the service account allowed to assume the role. */
  serviceAccount: string;
  /** Inline policy of the role. @default none */
  policy?: IamPolicyDocument;
  /** AWS managed (or customer) policy ARNs to attach. @default [] */
  managedPolicyArns?: string[];
}

/**
 * Trust policy: `sts:AssumeRoleWithWebIdentity` from the OIDC provider, for exactly one
 * `system:serviceaccount:<ns>:<sa>` and only with the STS audience. StringEquals, never
 * StringLike: a wildcard would hand the role to every service account that matches.
 */
export function irsaTrustPolicy(oidcProviderArn: string, oidcIssuerUrl: string, namespace: string, serviceAccount: string): string {
  const host = oidcIssuerUrl.replace(/^https:\/\//, '');
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: oidcProviderArn },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            [`${host}:aud`]: 'sts.amazonaws.com',
            [`${host}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
          },
        },
      },
    ],
  });
}

/** Last path segment of a policy ARN, for readable logical names. */
function policyShortName(arn: string): string {
  return arn.split('/').pop()!;
}

/** An IRSA role. */
export class WorkloadIdentity extends pulumi.ComponentResource {
  /** The role. */
  readonly role: iam.Role;
  /** ARN of the role (annotate the service account with it: `eks.amazonaws.com/role-arn`). */
  readonly roleArn: pulumi.Output<string>;

  constructor(name: string, args: WorkloadIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
    super('groundwork:cloud:WorkloadIdentity', name, {}, opts);
    const { spec } = args;
    const roleName = workloadRoleName(spec, args.workload ?? name);
    const trust = pulumi
      .all([args.oidcProviderArn, args.oidcIssuerUrl])
      .apply(([arn, issuer]) => irsaTrustPolicy(arn, issuer, args.namespace, args.serviceAccount));

    this.role = new iam.Role(
      `${name}-role`,
      {
        name: roleName,
        description: `IRSA role of ${args.namespace}/${args.serviceAccount}`,
        assumeRolePolicy: trust,
        tags: cloudTags(spec, { 'groundwork.dev/service-account': `${args.namespace}.${args.serviceAccount}` }),
      },
      { parent: this },
    );
    if (args.policy) {
      new iam.RolePolicy(`${name}-policy`, { role: this.role.name, name: roleName, policy: JSON.stringify(args.policy) }, { parent: this });
    }
    for (const arn of args.managedPolicyArns ?? []) {
      new iam.RolePolicyAttachment(`${name}-${policyShortName(arn)}`, { role: this.role.name, policyArn: arn }, { parent: this });
    }

    this.roleArn = this.role.arn;
    this.registerOutputs({ roleArn: this.roleArn });
  }
}
