/**
 * Tenant access levels and the Kubernetes groups they map to. Shared by the cloud layer (EKS
 * access entries put IAM roles into these groups) and the Kubernetes layer (RoleBindings in the
 * tenant namespace bind these groups), so both name a group the same way without importing
 * each other.
 */

/** What a tenant role may do in its own namespace (never outside it). */
export type TenantAccessLevel = 'admin' | 'developer' | 'viewer';

/** Every level, most privileged first (the order bindings and messages use). */
export const TENANT_ACCESS_LEVELS: readonly TenantAccessLevel[] = ['admin', 'developer', 'viewer'];

/** The `spec.tenants[].access` field listing the roles of each level. */
export const TENANT_ACCESS_FIELDS: Readonly<Record<TenantAccessLevel, 'admins' | 'developers' | 'viewers'>> = {
  admin: 'admins',
  developer: 'developers',
  viewer: 'viewers',
};

/** Prefix of every tenant group: outside `system:` (Kubernetes') and `eks:`/`aws:`/`amazon:`/`iam:` (reserved by EKS). */
export const TENANT_GROUP_PREFIX = 'groundwork:tenant:';

/**
 * Kubernetes group of a tenant level, e.g. `groundwork:tenant:payments:developer`. The tenant
 * name is a DNS label, so the group is unique per tenant and level and never another tenant's.
 */
export function tenantAccessGroup(tenant: string, level: TenantAccessLevel): string {
  return `${TENANT_GROUP_PREFIX}${tenant}:${level}`;
}
