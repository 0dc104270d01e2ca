/**
 * Rights on the custom resources a team's `ProductionService` emits, for the tenant access levels.
 * Tenants are bound to the built-in `admin`, `edit` and `view` ClusterRoles (lib/k8s/tenant-access.ts),
 * which cover only built-in kinds plus what a CRD's chart aggregates into them. None of the charts
 * here aggregates these: the Gateway API bundle ships no ClusterRole, Istio's base chart none, and
 * kube-prometheus-stack's aggregated roles are off by default (`global.rbac.createAggregateClusterRoles`)
 * and, when on, would hand tenants `Prometheus` and `Alertmanager` objects too. So each add-on
 * that owns such CRDs emits, with its config objects, two small ClusterRoles per kind set:
 * - `…-edit`, labelled to aggregate into `edit` and `admin`: create, update, patch, delete,
 *   deletecollection — exactly the write verbs the built-in `edit` holds on built-in kinds.
 * - `…-view`, labelled to aggregate into `view`, `edit` and `admin` (as Kubernetes' own
 *   `system:aggregate-to-view` is): get, list, watch.
 * Never `*`, never `escalate`/`bind`/`impersonate`, never a `/status` subresource (the controllers
 * own status). A ClusterRole bound by a tenant RoleBinding grants its rules in that namespace only.
 * What the new rights could weaken is guarded by admission policies (lib/k8s/admission-policies/
 * tenant-peer-authentication.ts, tenant-authorization-policy.ts) and the platform's ownership label.
 */
import * as kplus from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import { groundworkLabels } from './object-labels';

/** The custom resources a tenant deploys, by the add-on family that installs their CRDs. */
export const TENANT_DEPLOY_RESOURCES = {
  /** Gateway API (gateway-api-crds): the routes that attach to the platform's edge Gateway. Not Gateways: the edge is the platform's. */
  'gateway-api': { apiGroup: 'gateway.networking.k8s.io', resources: ['httproutes'] },
  /** Istio (istio-base CRDs, configured with istiod): workload policies. Not RequestAuthentication, Telemetry, Sidecar or EnvoyFilter. */
  'istio-security': { apiGroup: 'security.istio.io', resources: ['authorizationpolicies', 'peerauthentications'] },
  /** prometheus-operator (kube-prometheus-stack): scrape targets. Not ServiceMonitors (ProductionService emits none), rules or Prometheus objects. */
  'prometheus-operator': { apiGroup: 'monitoring.coreos.com', resources: ['podmonitors'] },
} as const satisfies Record<string, { apiGroup: string; resources: readonly string[] }>;

/** A kind set of {@link TENANT_DEPLOY_RESOURCES}. */
export type TenantDeployResourceSet = keyof typeof TENANT_DEPLOY_RESOURCES;

/** The write verbs of the built-in `edit` role on built-in kinds. */
export const TENANT_WRITE_VERBS = ['create', 'delete', 'deletecollection', 'patch', 'update'] as const;
/** The read verbs of the built-in `view` role. */
export const TENANT_READ_VERBS = ['get', 'list', 'watch'] as const;

/** The labels that make the API server's aggregation controller add a ClusterRole's rules to `edit`/`admin`, or `view`/`edit`/`admin`. */
export const AGGREGATE_TO = {
  edit: { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true', 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' },
  view: {
    'rbac.authorization.k8s.io/aggregate-to-admin': 'true',
    'rbac.authorization.k8s.io/aggregate-to-edit': 'true',
    'rbac.authorization.k8s.io/aggregate-to-view': 'true',
  },
} as const;

/** Name of a kind set's aggregated ClusterRole, e.g. `groundwork-tenant-istio-security-edit`. */
export function tenantDeployRoleName(set: TenantDeployResourceSet, level: keyof typeof AGGREGATE_TO): string {
  return `groundwork-tenant-${set}-${level}`;
}

/** Emit the `edit` and `view` aggregated ClusterRoles of `set` into `scope` (an add-on's config chart). */
export function addTenantDeployRoles(scope: Construct, environment: string, set: TenantDeployResourceSet): void {
  const { apiGroup, resources } = TENANT_DEPLOY_RESOURCES[set];
  const endpoints = resources.map((resourceType) => kplus.ApiResource.custom({ apiGroup, resourceType }));
  const levels = [
    ['edit', TENANT_WRITE_VERBS],
    ['view', TENANT_READ_VERBS],
  ] as const;
  for (const [level, verbs] of levels) {
    const name = tenantDeployRoleName(set, level);
    const role = new kplus.ClusterRole(scope, name, { metadata: { name, labels: { ...groundworkLabels(environment), ...AGGREGATE_TO[level] } } });
    role.allow([...verbs], ...endpoints);
  }
}
