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

/** IAM role name of a workload identity (IRSA), e.g. `prod-cert-manager`. IAM caps names at 64 chars. */
export function workloadRoleName(spec: Pick<ResolvedSpec, 'name'>, workload: string): string {
  return `${spec.name}-${workload}`.slice(0, 64);
}

/** IAM role ARN of a workload identity, known before the role exists. */
export function workloadRoleArn(spec: Pick<ResolvedSpec, 'name' | 'accountId'>, workload: string): string {
  return `arn:aws:iam::${spec.accountId}:role/${workloadRoleName(spec, workload)}`;
}

/** Name of the IAM role Karpenter-launched nodes assume. */
export function karpenterNodeRoleName(spec: Pick<ResolvedSpec, 'name'>): string {
  return `${spec.name}-karpenter-node`;
}

/** Name of the SQS queue receiving spot interruption and rebalance events for Karpenter. */
export function karpenterInterruptionQueueName(spec: Pick<ResolvedSpec, 'name'>): string {
  return `${spec.name}-karpenter-interruption`;
}
