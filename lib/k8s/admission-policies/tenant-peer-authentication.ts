/**
 * Tenants may write PeerAuthentications (lib/k8s/tenant-deploy-roles.ts) for one reason: a
 * ProductionService opens its metrics port to the platform's Prometheus, which scrapes without a
 * sidecar, so that one port of that one workload must accept plaintext. Anything more would
 * weaken the mesh-wide STRICT mTLS (istio-system `default`) that every AuthorizationPolicy's
 * principals and namespaces rest on: a plaintext caller has no identity to check. So in a tenant
 * namespace a PeerAuthentication must
 * - select a workload (non-empty `selector.matchLabels`): a selector-less one covers the namespace;
 * - keep `mtls.mode` STRICT or UNSET (inherit the mesh's STRICT): never PERMISSIVE or DISABLE;
 * - set `portLevelMtls` STRICT or UNSET, or PERMISSIVE for the tenant metrics port
 *   (`TENANT_METRICS_PORT`) only: never DISABLE, never another port.
 * Every identity is judged, not only tenant groups: a team deploying through Argo CD or a CI
 * service account must meet the same bar. Deny in every tier: this is isolation.
 */
import { TENANT_METRICS_PORT } from '../../addons/monitors';
import { celString, NOT_BEING_DELETED } from './cel';
import type { AdmissionPolicyDefinition, PolicyContext } from './policy';

/** Workload-level modes a tenant may set (UNSET inherits the mesh's STRICT). */
export const TENANT_MTLS_MODES = ['STRICT', 'UNSET'] as const;

const SUBJECT = "'PeerAuthentication ' + object.metadata.namespace + '/' + object.metadata.name";
const METRICS_PORT = celString(String(TENANT_METRICS_PORT));
/** Port-level entry `p` is allowed: inherits or STRICT, or PERMISSIVE on the metrics port. */
const PORT_OK = (p: string) =>
  `(variables.ports[${p}].?mode.orValue('UNSET') in ['STRICT', 'UNSET'] || (string(${p}) == ${METRICS_PORT} && variables.ports[${p}].?mode.orValue('') == 'PERMISSIVE'))`;

/** `groundwork-tenant-peer-authentication` (tenant namespaces, with the mesh; Deny in every tier). */
export function tenantPeerAuthenticationPolicy(_ctx: PolicyContext): AdmissionPolicyDefinition {
  return {
    name: 'groundwork-tenant-peer-authentication',
    description:
      `PeerAuthentications in tenant namespaces select one workload and keep mutual TLS STRICT; only the tenant metrics port ${TENANT_METRICS_PORT} may be PERMISSIVE (the platform's Prometheus scrapes without a sidecar). Never DISABLE, never namespace-wide.`,
    rules: [{ apiGroups: ['security.istio.io'], apiVersions: ['v1', 'v1beta1'], resources: ['peerauthentications'], operations: ['CREATE', 'UPDATE'] }],
    matchConditions: [NOT_BEING_DELETED],
    variables: [
      { name: 'mode', expression: "object.spec.?mtls.?mode.orValue('UNSET')" },
      { name: 'ports', expression: 'object.spec.?portLevelMtls.orValue({})' },
    ],
    validations: [
      {
        expression: 'size(object.spec.?selector.?matchLabels.orValue({})) > 0',
        message: 'a PeerAuthentication in a tenant namespace must select a workload',
        messageExpression: `${SUBJECT} + ${celString(' has no selector.matchLabels, so it would apply to the whole namespace: select the one workload it is for by its pod labels')}`,
        reason: 'Forbidden',
      },
      {
        expression: `variables.mode in ${'[' + TENANT_MTLS_MODES.map(celString).join(', ') + ']'}`,
        message: 'mtls.mode must be STRICT or UNSET in a tenant namespace',
        messageExpression: `${SUBJECT} + ' sets mtls.mode ' + variables.mode + ${celString(`: tenant workloads keep mutual TLS STRICT; leave mtls.mode unset or STRICT, and open only the metrics port with portLevelMtls {"${TENANT_METRICS_PORT}": {mode: PERMISSIVE}}`)}`,
        reason: 'Forbidden',
      },
      {
        expression: `variables.ports.all(p, ${PORT_OK('p')})`,
        message: `portLevelMtls may be PERMISSIVE for port ${TENANT_METRICS_PORT} only, never DISABLE`,
        messageExpression:
          `${SUBJECT} + ' weakens mutual TLS on port(s) ' + variables.ports.filter(p, !${PORT_OK('p')}).map(p, string(p) + '=' + variables.ports[p].?mode.orValue('')).join(', ') + ` +
          celString(`: only the tenant metrics port ${TENANT_METRICS_PORT} may be PERMISSIVE (for the platform's Prometheus); serve metrics there and keep every other port STRICT`),
        reason: 'Forbidden',
      },
    ],
    scope: { tenants: true, platform: false },
    platformExemptReason: "tenants hold no rights in platform namespaces; the platform's own PeerAuthentication (mesh-wide STRICT in istio-system) is applied by its deployers",
    denyInEveryTierReason:
      'isolation, not hygiene: a PERMISSIVE or DISABLE PeerAuthentication lets any pod reach the workload in plaintext, without the identity every AuthorizationPolicy checks',
  };
}
