/**
 * Tenants may not change the platform's objects in their namespace. RBAC alone lets them:
 * `edit` (developers, editor groups) writes NetworkPolicies, so it could delete the namespace's
 * default-deny policy, and `admin` also writes RoleBindings, so it could rebind the platform's
 * access bindings; the platform would only put them back on its next `pulumi up` or Argo CD sync.
 * This policy refuses, in tenant namespaces, an UPDATE or DELETE of an object carrying the
 * platform's ownership label, and a CREATE or UPDATE that adds the label, when the request comes
 * from a tenant identity. Everyone else — the platform's deployers (Pulumi under a `spec.admins`
 * role, Argo CD's application controller), Kubernetes' own controllers (namespace deletion,
 * garbage collection), Velero restores — is not judged.
 *
 * A tenant identity is a request with a `groundwork:tenant:` group (every access level), an
 * editor group of any tenant, or a service account of the namespace itself: `edit` may
 * impersonate the namespace's service accounts and run pods as them, and `admin` may bind them
 * anything it holds, so leaving them out would hand the tenant a way around the policy. An
 * unauthenticated request is a tenant identity too (`admin` could bind `system:unauthenticated`).
 *
 * Deny in every tier: this guards isolation (network default-deny, the namespace's bindings),
 * which README's "Security is the same in every tier" promises development too.
 */
import { TENANT_GROUP_PREFIX } from '../../spec/tenant-access';
import type { ResolvedSpec } from '../../spec/types';
import { PLATFORM_OWNERSHIP_LABEL } from '../object-labels';
import { celList, celString } from './cel';
import type { AdmissionPolicyDefinition, PolicyContext, ResourceRule } from './policy';

/**
 * The resources the platform puts into tenant namespaces with its ownership label in every
 * environment (the Tenant construct, lib/k8s/tenant.ts). The tests render every environment and
 * fail when a labelled object in a tenant namespace is of a resource not listed by
 * {@link platformTenantResources}, or an entry there matches none.
 */
export const PLATFORM_TENANT_RESOURCES: ReadonlyArray<Omit<ResourceRule, 'operations'>> = [
  { apiGroups: [''], apiVersions: ['v1'], resources: ['limitranges', 'resourcequotas'] },
  { apiGroups: ['networking.k8s.io'], apiVersions: ['v1'], resources: ['networkpolicies'] },
  { apiGroups: ['rbac.authorization.k8s.io'], apiVersions: ['v1'], resources: ['rolebindings'] },
];

/**
 * With the mesh: each tenant namespace's `default-deny` and `allow-same-namespace-and-ingress`
 * AuthorizationPolicies (lib/addons/istio-mesh-policies.ts), which tenants may otherwise write
 * (lib/k8s/tenant-deploy-roles.ts). Both served versions: the API server matches a request by
 * the version it names.
 */
export const MESH_TENANT_RESOURCES: ReadonlyArray<Omit<ResourceRule, 'operations'>> = [
  { apiGroups: ['security.istio.io'], apiVersions: ['v1', 'v1beta1'], resources: ['authorizationpolicies'] },
];

/** The resources the platform puts into `spec`'s tenant namespaces with its ownership label. */
export function platformTenantResources(spec: Pick<ResolvedSpec, 'addons'>): Array<Omit<ResourceRule, 'operations'>> {
  return [...PLATFORM_TENANT_RESOURCES, ...(spec.addons.mesh ? MESH_TENANT_RESOURCES : [])];
}

/** `has the platform's ownership label` of `o` (an object or null). */
const OWNED = (o: string): string =>
  `${o} != null && ${o}.metadata.?labels[?${celString(PLATFORM_OWNERSHIP_LABEL.key)}].orValue('') == ${celString(PLATFORM_OWNERSHIP_LABEL.value)}`;

const LABEL_TEXT = `${PLATFORM_OWNERSHIP_LABEL.key}=${PLATFORM_OWNERSHIP_LABEL.value}`;
/** `Kind namespace/name` of the request (`object` is null on DELETE, `oldObject` on CREATE: read the request). */
const SUBJECT = "request.kind.kind + ' ' + request.namespace + '/' + request.name";

/** The CEL condition "the request comes from a tenant identity" for the spec's editor groups. */
export function tenantIdentityCondition(editorGroups: readonly string[]): string {
  const editors = celList([...new Set(editorGroups)].sort());
  return (
    '(has(request.userInfo.groups) ? request.userInfo.groups : []).exists(g, ' +
    `g.startsWith(${celString(TENANT_GROUP_PREFIX)}) || g in ${editors} || ` +
    "g == 'system:serviceaccounts:' + request.namespace || g == 'system:unauthenticated')"
  );
}

/** `groundwork-platform-objects` (tenants only, Deny in every tier). */
export function platformObjectsPolicy(ctx: PolicyContext): AdmissionPolicyDefinition {
  return {
    name: 'groundwork-platform-objects',
    description:
      `Tenant identities may not update or delete the platform's objects (${LABEL_TEXT}) in their namespace ` +
      '(default-deny and allow NetworkPolicies, quotas, limit ranges, access RoleBindings, the mesh\'s default-deny and allow AuthorizationPolicies), nor label their own objects as the platform\'s.',
    rules: platformTenantResources(ctx.spec).map((r) => ({ ...r, operations: ['CREATE', 'UPDATE', 'DELETE'] })),
    matchConditions: [{ name: 'tenant-identity', expression: tenantIdentityCondition(ctx.spec.tenants.flatMap((t) => t.editors)) }],
    variables: [
      { name: 'ownedBefore', expression: OWNED('oldObject') },
      { name: 'ownedAfter', expression: OWNED('object') },
    ],
    validations: [
      {
        expression: '!variables.ownedBefore',
        message: `the platform's objects (${LABEL_TEXT}) in a tenant namespace are changed by the platform only`,
        messageExpression:
          `${SUBJECT} + ${celString(` belongs to the platform (${LABEL_TEXT}): tenants may not `)} + request.operation.lowerAscii() + ` +
          celString(' it; the platform applies it from the environment spec: ask the platform team to change it there, or add an object of your own next to it'),
        reason: 'Forbidden',
      },
      {
        expression: 'variables.ownedBefore || !variables.ownedAfter',
        message: `only the platform labels its objects ${LABEL_TEXT}`,
        messageExpression: `${SUBJECT} + ${celString(`: only the platform labels its objects ${LABEL_TEXT}; remove that label`)}`,
        reason: 'Forbidden',
      },
    ],
    scope: { tenants: true, platform: false },
    platformExemptReason: "tenant identities hold no rights in platform namespaces; there the platform's objects are changed by its deployers and controllers only",
    denyInEveryTierReason: 'isolation, not hygiene: a tenant that could delete its default-deny NetworkPolicy or rebind its RoleBindings in development is not isolated there',
  };
}
