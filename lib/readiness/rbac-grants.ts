/**
 * What makes an RBAC object all-powerful, judged on the objects themselves: a Role or
 * ClusterRole that allows every verb on every resource (or every non-resource URL), and a binding
 * to cluster-admin or of the `system:masters` group (which skips RBAC altogether). The governance
 * invariants judge the rendered platform with these, and team charts are refused on them
 * (lib/extensions/team-chart-guard-rails.ts), so both read "too powerful" the same way.
 */

/** ClusterRoles that amount to cluster-admin when bound. */
export const ADMIN_ROLES: ReadonlySet<string> = new Set(['cluster-admin']);

/** The group the API server treats as superuser without consulting RBAC. */
export const SUPERUSER_GROUP = 'system:masters';

/** The RBAC shape these predicates read (any synthesized or rendered object fits). */
export interface RbacObject {
  readonly kind: string;
  readonly rules?: ReadonlyArray<{ readonly verbs?: readonly string[]; readonly resources?: readonly string[]; readonly nonResourceURLs?: readonly string[] }>;
  readonly roleRef?: { readonly kind?: string; readonly name?: string };
  readonly subjects?: ReadonlyArray<{ readonly kind?: string; readonly name?: string }>;
}

const isRole = (o: RbacObject): boolean => o.kind === 'Role' || o.kind === 'ClusterRole';
const isBinding = (o: RbacObject): boolean => o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding';

/** A Role or ClusterRole allowing the `*` verb on `*` resources or `*` non-resource URLs. */
export function grantsWildcard(object: RbacObject): boolean {
  return isRole(object) && (object.rules ?? []).some((rule) => (rule.verbs ?? []).includes('*') && ((rule.resources ?? []).includes('*') || (rule.nonResourceURLs ?? []).includes('*')));
}

/** A RoleBinding or ClusterRoleBinding to a ClusterRole that amounts to cluster-admin. */
export function bindsClusterAdmin(object: RbacObject): boolean {
  return isBinding(object) && object.roleRef?.kind === 'ClusterRole' && ADMIN_ROLES.has(object.roleRef.name ?? '');
}

/** A RoleBinding or ClusterRoleBinding with the superuser group among its subjects. */
export function bindsSuperuserGroup(object: RbacObject): boolean {
  return isBinding(object) && (object.subjects ?? []).some((s) => s.kind === 'Group' && s.name === SUPERUSER_GROUP);
}
