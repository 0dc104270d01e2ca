/**
 * Deterministic, readable names shared by the cloud half and the Kubernetes half. Because IAM
 * role names are fixed, their ARNs are known at synth time: Helm values and GitOps manifests
 * carry real ARNs instead of Pulumi outputs, so both deliveries render the same values.
 */
import type { ResolvedSpec } from './types';

/** EKS cluster name: the environment name. */
export function clusterName(spec: Pick<ResolvedSpec, 'name'>): string {
  return spec.name;
}

/** Name of the VPC (its `Name` tag), used for tag-based discovery by in-cluster controllers. */
export function vpcName(spec: Pick<ResolvedSpec, 'name'>): string {
  return `${spec.name}-vpc`;
}

/**
 * IAM role name of a workload identity (IRSA), e.g. `prod-cert-manager`. Never truncated:
 * validation keeps it within IAM's 64 characters (lib/spec/aws-names.ts), since a cut name
 * could collide with another role's.
 */
export function workloadRoleName(spec: Pick<ResolvedSpec, 'name'>, workload: string): string {
  return `${spec.name}-${workload}`;
}

/** IAM role ARN of a workload identity, known before the role exists. */
export function workloadRoleArn(spec: Pick<ResolvedSpec, 'name' | 'accountId'>, workload: string): string {
  // `aws` partition only: validation refuses regions of other partitions (lib/spec/regions.ts).
  return `arn:aws:iam::${spec.accountId}:role/${workloadRoleName(spec, workload)}`;
}

/** Name of a pool's EKS managed node group and of its launch template, e.g. `prod-system`. */
export function nodeGroupName(spec: Pick<ResolvedSpec, 'name'>, pool: string): string {
  return `${spec.name}-${pool}`;
}

/**
 * IAM role name of a managed node group's nodes. Not `<env>-<pool>-node`: a pool named
 * `karpenter` would take Karpenter's node role name.
 */
export function nodeRoleName(spec: Pick<ResolvedSpec, 'name'>, pool: string): string {
  return `${spec.name}-nodes-${pool}`;
}

/** Name of the IAM role Karpenter-launched nodes assume. */
export function karpenterNodeRoleName(spec: Pick<ResolvedSpec, 'name'>): string {
  return `${spec.name}-karpenter-node`;
}

/** Name of the SQS queue receiving spot interruption and rebalance events for Karpenter. */
export function karpenterInterruptionQueueName(spec: Pick<ResolvedSpec, 'name'>): string {
  return `${spec.name}-karpenter-interruption`;
}

/**
 * S3 bucket of an add-on's data, e.g. `prod-loki-123456789012-eu-west-1`. Bucket names are global
 * across all AWS accounts: account and region make it unique and predictable, so Helm values and
 * IAM policies carry the real name before the bucket exists. At most 20 + 8 + 12 + 14 + 3 = 57
 * characters (S3: 63) for purposes of up to 8 characters.
 */
export function bucketName(spec: Pick<ResolvedSpec, 'name' | 'accountId' | 'region'>, purpose: string): string {
  return `${spec.name}-${purpose}-${spec.accountId}-${spec.region}`;
}

/** ARN of an add-on's S3 bucket (`aws` partition). */
export function bucketArn(spec: Pick<ResolvedSpec, 'name' | 'accountId' | 'region'>, purpose: string): string {
  return `arn:aws:s3:::${bucketName(spec, purpose)}`;
}

/** CloudWatch log group of an environment's collected logs, e.g. `/groundwork/prod/containers`. */
export function logGroupName(spec: Pick<ResolvedSpec, 'name'>, stream: string): string {
  return `/groundwork/${spec.name}/${stream}`;
}

/** Longest Kubernetes object name (a DNS subdomain). */
const MAX_OBJECT_NAME = 253;

/**
 * RoleBinding name of a tenant editor group, e.g. `edit-team-a-developers`: readable and
 * deterministic. Different groups can map to one name (`Team A`, `team-a`, or two long names
 * cut at 253 characters); validation refuses that (rules/addons-tenants.ts).
 */
export function editorBindingName(group: string): string {
  const slug = group.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  return `edit-${slug}`.slice(0, MAX_OBJECT_NAME).replace(/-+$/, '');
}
