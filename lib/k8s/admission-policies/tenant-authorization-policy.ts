/**
 * Tenants may write AuthorizationPolicies in their namespace (lib/k8s/tenant-deploy-roles.ts):
 * ALLOW, DENY and AUDIT rules there decide who reaches the team's own workloads, which is the
 * team's business (ProductionService admits the edge and named callers only). The platform's
 * own policies there (`default-deny`, `allow-same-namespace-and-ingress`) carry its ownership
 * label, so `groundwork-platform-objects` keeps tenants from changing them; an ALLOW of a team's
 * own can widen access to its own workloads only, never to another namespace's.
 *
 * CUSTOM is refused: it hands every matching request to an external authorizer named by
 * `provider`, which must be one of the mesh's `extensionProviders`. The platform configures no
 * ext_authz provider, so a CUSTOM policy would name one that does not exist — and any provider
 * added later is a platform decision, reviewed in the spec, not a tenant's. Every identity is judged (Argo CD or CI deploying for a team too).
 */
import { celString, NOT_BEING_DELETED } from './cel';
import type { AdmissionPolicyDefinition, PolicyContext } from './policy';

/** Actions a tenant AuthorizationPolicy may take (Istio's default, when unset, is ALLOW). */
export const TENANT_AUTHORIZATION_ACTIONS = ['ALLOW', 'AUDIT', 'DENY'] as const;

/** `groundwork-tenant-authorization-policy` (tenant namespaces, with the mesh; Deny in every tier). */
export function tenantAuthorizationPolicyPolicy(_ctx: PolicyContext): AdmissionPolicyDefinition {
  const action = "object.spec.?action.orValue('ALLOW')";
  return {
    name: 'groundwork-tenant-authorization-policy',
    description:
      'AuthorizationPolicies in tenant namespaces ALLOW, DENY or AUDIT only: CUSTOM would hand requests to an external authorizer, which only the platform configures.',
    rules: [{ apiGroups: ['security.istio.io'], apiVersions: ['v1', 'v1beta1'], resources: ['authorizationpolicies'], operations: ['CREATE', 'UPDATE'] }],
    matchConditions: [NOT_BEING_DELETED],
    validations: [
      {
        expression: `${action} in [${TENANT_AUTHORIZATION_ACTIONS.map(celString).join(', ')}]`,
        message: 'AuthorizationPolicy action CUSTOM is not allowed in a tenant namespace',
        messageExpression:
          `'AuthorizationPolicy ' + object.metadata.namespace + '/' + object.metadata.name + ' sets action ' + ${action} + ` +
          celString(': tenant policies ALLOW, DENY or AUDIT; an external authorizer (CUSTOM) is a mesh extension provider only the platform configures: ask the platform team'),
        reason: 'Forbidden',
      },
    ],
    scope: { tenants: true, platform: false },
    platformExemptReason: "tenants hold no rights in platform namespaces; the platform's AuthorizationPolicies there are applied by its deployers",
    denyInEveryTierReason: 'isolation, not hygiene: the request data of a tenant workload must not leave for an authorizer the platform has not reviewed, in development either',
  };
}
