/**
 * A tenant's access levels in its namespace: one RoleBinding per level that lists a role, binding
 * the level's Kubernetes group (which EKS access entries put the IAM roles in,
 * lib/cloud/access-entries.ts) to a built-in ClusterRole, in the tenant namespace only. No
 * ClusterRoleBinding, no cluster-scoped permission: a ClusterRole bound by a RoleBinding grants
 * its rules in that one namespace.
 */
import type { Construct } from 'constructs';
import { rolePrincipalProblem } from '../spec/iam';
import { TENANT_ACCESS_FIELDS, TENANT_ACCESS_LEVELS, tenantAccessGroup, type TenantAccessLevel } from '../spec/tenant-access';
import type { TenantAccessSpec } from '../spec/types';
import { addGroupRoleBinding } from './group-role-binding';

/**
 * The ClusterRole each level is bound to. `admin` adds the namespace's Roles and RoleBindings to
 * `edit` (RBAC lets it grant only what it holds, so never more than `admin` here); `edit` runs
 * workloads, reads Secrets and writes NetworkPolicies; `view` reads everything but Secrets. None
 * writes quotas, limit ranges or the namespace itself (its labels decide Pod Security and which
 * Gateway admits its routes); the admission policies apply to every level.
 */
export const TENANT_ACCESS_CLUSTER_ROLES: Readonly<Record<TenantAccessLevel, 'admin' | 'edit' | 'view'>> = { admin: 'admin', developer: 'edit', viewer: 'view' };

/** RoleBinding name of a level, e.g. `groundwork-tenant-developer` (never an editor binding's `edit-…`). */
export function accessBindingName(level: TenantAccessLevel): string {
  return `groundwork-tenant-${level}`;
}

/** Problems with a construct's `tenant.access`: absent, or role ARNs per level (the spec's own check, lib/spec/iam.ts). */
export function tenantAccessProblems(access: unknown): string[] {
  if (access === undefined) return [];
  if (!access || typeof access !== 'object' || Array.isArray(access)) return ['tenant.access: must be an object { admins?, developers?, viewers? } of IAM role ARN lists'];
  const record = access as Record<string, unknown>;
  return TENANT_ACCESS_LEVELS.flatMap((level) => {
    const field = TENANT_ACCESS_FIELDS[level];
    const list = record[field];
    if (list === undefined) return [];
    if (!Array.isArray(list)) return [`tenant.access.${field}: must be an array of IAM role ARNs (use [] for none)`];
    return list.flatMap((arn, i) => {
      const bad = typeof arn === 'string' ? rolePrincipalProblem(arn) : { problem: `${JSON.stringify(arn)} is not an IAM role ARN`, fix: 'use arn:aws:iam::<account>:role/<name>' };
      return bad ? [`tenant.access.${field}[${i}]: ${bad.problem}; ${bad.fix}`] : [];
    });
  });
}

/** The RoleBindings of the levels that list at least one role, in namespace `ns`. */
export function addAccessBindings(scope: Construct, ns: string, labels: Record<string, string>, access: TenantAccessSpec): void {
  for (const level of TENANT_ACCESS_LEVELS) {
    if ((access[TENANT_ACCESS_FIELDS[level]] ?? []).length === 0) continue;
    const name = accessBindingName(level);
    addGroupRoleBinding(scope, `Binding-${name}`, { name, namespace: ns, labels, clusterRole: TENANT_ACCESS_CLUSTER_ROLES[level], group: tenantAccessGroup(ns, level) });
  }
}
