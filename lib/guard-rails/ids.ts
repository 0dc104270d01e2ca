/**
 * The guard rails: the README's security baseline as named policies. Each one says what it
 * protects and how an exception's `target` names one of its violations, so a reviewer can read
 * an exception without opening the rule.
 */
import { GUARD_RAIL_IDS, type GuardRailId } from '../spec/guard-rail-ids';

export { GUARD_RAIL_IDS, type GuardRailId };

/** What one guard rail protects and its target grammar. */
export interface GuardRailInfo {
  /** The baseline property it keeps, in one line. */
  readonly protects: string;
  /** What an exception's `target` names for this guard rail. */
  readonly targets: string;
}

/** Every guard rail, by id. */
export const GUARD_RAILS: Readonly<Record<GuardRailId, GuardRailInfo>> = {
  'api-endpoint-exposure': {
    protects: 'the Kubernetes API is reachable from narrow networks only: at most a /16 of addresses on the public endpoint, at most a /8 on the private one',
    targets: '`spec.endpoint.publicAccessCidrs` or `spec.endpoint.privateAccess.cidrs`',
  },
  'identity-bindings': {
    protects: 'no Kubernetes system group (`system:authenticated`, `system:unauthenticated`, `system:masters`, any `system:*`) or anonymous user is bound to a tenant role',
    targets: '`<tenant>/<group>`, e.g. `team-a/system:authenticated`',
  },
  'ingress-snippets': {
    protects: 'Ingress authors cannot inject raw NGINX configuration (snippet annotations off, annotation risk level below Critical, annotation validation on)',
    targets: 'the add-on id (`ingress-nginx`)',
  },
  'mesh-mtls': {
    protects: 'STRICT mutual TLS between every meshed pod: the mesh is installed, and no override lets pods skip the sidecar',
    targets: '`spec.addons.mesh` (the mesh turned off) or a mesh add-on id (`istio-base`, `istio-cni`, `istiod`: disabled or overridden)',
  },
  'network-policy': {
    protects: 'NetworkPolicies (the tenants\' default-deny) are enforced by exactly one CNI component',
    targets: 'the enforcing add-on id (`cilium`: disabled or overridden)',
  },
  'platform-pod-privileges': {
    protects: 'no override makes a platform pod privileged, root, able to escalate, holding capabilities beyond NET_BIND_SERVICE, in a host namespace or with hostPath volumes',
    targets: 'the add-on id, e.g. `karpenter`',
  },
  'pod-security': {
    protects: 'platform pods run in the namespace groundwork labels with its Pod Security level (`restricted` outside kube-system)',
    targets: 'the add-on id, e.g. `metrics-server`',
  },
  'team-chart-rbac': {
    protects: 'no team chart (`extraCharts`) grants `*` verbs on `*` resources, binds cluster-admin or binds the `system:masters` group',
    targets: '`<team chart>/<kind>/<name>`, e.g. `team-a-ops/ClusterRoleBinding/ops-admin`',
  },
};
