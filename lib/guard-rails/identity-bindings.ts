/**
 * `identity-bindings`: a tenant's `edit` RoleBinding names groups. Kubernetes' own groups are
 * not teams: `system:unauthenticated` is every anonymous request, `system:authenticated` every
 * identity the cluster accepts, `system:masters` bypasses RBAC altogether; binding any of them
 * (or the anonymous user) makes the tenant namespace editable by whoever holds it.
 */
import type { GuardRailRule, GuardRailViolation } from './violation';

/** Names Kubernetes reserves for its own users and groups. */
const SYSTEM_PREFIX = 'system:';

export const identityBindings: GuardRailRule = ({ spec }) => {
  const violations: GuardRailViolation[] = [];
  spec.tenants.forEach((tenant, i) => {
    tenant.editors.forEach((group, j) => {
      if (!group.startsWith(SYSTEM_PREFIX)) return;
      const who =
        group === 'system:unauthenticated' || group === 'system:anonymous'
          ? 'every anonymous request'
          : group === 'system:authenticated'
            ? 'every authenticated identity of the cluster'
            : group === 'system:masters'
              ? 'a group that bypasses RBAC altogether'
              : 'a Kubernetes system identity, not a team';
      violations.push({
        guardRail: 'identity-bindings',
        target: `${tenant.name}/${group}`,
        path: `spec.tenants[${i}].editors[${j}]`,
        problem: `"${group}" is ${who}: binding it makes namespace ${tenant.name} editable by it`,
        fix: `bind the team's own group (an EKS access-entry or OIDC group, e.g. "${tenant.name}-developers")`,
        concerns: { tenant: tenant.name },
      });
    });
  });
  return violations;
};
