/**
 * Governance invariants over what actually runs (issue #10): every environment and add-on
 * alternative planned and every Helm release rendered, then judged as a reviewer would. Every
 * namespace, platform and tenant, has a Pod Security enforce label and default-deny ingress and
 * egress; no Role or ClusterRole grants `*` verbs on `*` resources and nothing is bound to
 * cluster-admin, except the few a chart must have (each listed with its reason); our admission
 * policies Deny in staging and production and only warn and audit in development.
 */
import type { KubeObject } from '../../lib/blueprint/manifests';
import { ADMISSION_DENY_IN_EVERY_TIER_ANNOTATION, ADMISSION_DESCRIPTION_ANNOTATION } from '../../lib/k8s/admission-policies/admission-policies';
import { bindsClusterAdmin, bindsSuperuserGroup, grantsWildcard } from '../../lib/readiness/rbac-grants';
import { RESERVED_NAMESPACES } from '../../lib/spec/rules/addons-tenants';
import { renderedEnvironment, type RenderedEnvironment } from '../support/rendered';
import { ALL_RENDER_TARGETS } from '../support/variants';

/**
 * Namespaces we never create: EKS owns them (kube-system runs the privileged vpc-cni, kube-proxy
 * and EBS CSI node agents; a default-deny there would cut CoreDNS off from every pod).
 */
const EKS_OWNED_NAMESPACES: Readonly<Record<string, string>> = {
  'kube-system': 'created and run by EKS (vpc-cni, kube-proxy, CoreDNS, EBS CSI): privileged node agents by design, and a default-deny there would cut cluster DNS',
};

/** `<kind> <namespace>/<name>` of a Role or ClusterRole allowed a `*` verb on `*` resources, with the reason. */
const WILDCARD_ROLE_EXCEPTIONS: Readonly<Record<string, string>> = {
  'Role velero/velero-server':
    "Velero's own namespace only: it creates and deletes its backup, restore and repository objects and the data-mover pods there; no other namespace is touched through this Role",
  'ClusterRole /argo-cd-argocd-application-controller':
    'Argo CD applies whatever the platform repository holds, of any kind, in any namespace: the controller needs every verb on every resource by design (upstream install manifest)',
};

/** `<kind> <namespace>/<name>` of a binding to cluster-admin, with the reason. */
const CLUSTER_ADMIN_BINDING_EXCEPTIONS: Readonly<Record<string, string>> = {
  'ClusterRoleBinding /velero-server':
    "a restore re-creates objects of any kind in any namespace, RBAC included (which needs `escalate` and `bind`): any role sufficient for that is cluster-admin in all but name (chart's rbac.clusterAdministrator)",
};

const envs = new Map<string, RenderedEnvironment>();
beforeAll(async () => {
  for (const target of ALL_RENDER_TARGETS) envs.set(target.name, await renderedEnvironment(target.spec));
}, 900_000);

const env = (name: string): RenderedEnvironment => envs.get(name)!;
const ofKind = (objects: readonly KubeObject[], kind: string): any[] => objects.filter((o) => o.kind === kind);
const ref = (o: any): string => `${o.kind} ${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
const cluster = (name: string) => env(name).spec;

/** Every namespace something runs or lives in, and every Namespace we create. */
function namespacesOf(objects: readonly KubeObject[]): string[] {
  const names = new Set<string>();
  for (const o of objects as any[]) {
    if (o.kind === 'Namespace') names.add(o.metadata.name);
    else if (o.metadata?.namespace) names.add(o.metadata.namespace);
  }
  return [...names].sort();
}

/** A NetworkPolicy that selects every pod of its namespace and allows nothing of `type`. */
function deniesAll(policy: any, type: 'Ingress' | 'Egress'): boolean {
  const selector = policy.spec?.podSelector ?? {};
  const selectsAll = Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
  const rules = type === 'Ingress' ? policy.spec?.ingress : policy.spec?.egress;
  return selectsAll && (policy.spec?.policyTypes ?? []).includes(type) && (rules === undefined || rules.length === 0);
}

const names = ALL_RENDER_TARGETS.map((t) => t.name);

describe.each(names)('%s as rendered', (name) => {
  it('runs nothing in a namespace it does not create, except the EKS-owned ones', () => {
    const { objects } = env(name);
    const created = new Set(ofKind(objects, 'Namespace').map((n) => n.metadata.name));
    expect(namespacesOf(objects).filter((ns) => !created.has(ns) && !(ns in EKS_OWNED_NAMESPACES))).toEqual([]);
  });

  it('labels every namespace it creates with a Pod Security enforce level, tenants restricted', () => {
    const namespaces = ofKind(env(name).objects, 'Namespace');
    expect(namespaces.length).toBeGreaterThan(0);
    const missing = namespaces.filter((n) => !['restricted', 'baseline', 'privileged'].includes(n.metadata.labels?.['pod-security.kubernetes.io/enforce']));
    expect(missing.map((n) => n.metadata.name)).toEqual([]);
    const tenants = cluster(name).tenants.map((t) => t.name);
    const byName = new Map(namespaces.map((n) => [n.metadata.name, n]));
    expect(tenants.map((t) => [t, byName.get(t)?.metadata.labels?.['pod-security.kubernetes.io/enforce']])).toEqual(tenants.map((t) => [t, 'restricted']));
  });

  it('gives every namespace, platform and tenant, default-deny ingress and egress', () => {
    const { objects } = env(name);
    const policies = ofKind(objects, 'NetworkPolicy');
    const lacking = namespacesOf(objects)
      .filter((ns) => !(ns in EKS_OWNED_NAMESPACES))
      .flatMap((ns) => {
        const here = policies.filter((p) => p.metadata.namespace === ns);
        return (['Ingress', 'Egress'] as const).filter((type) => !here.some((p) => deniesAll(p, type))).map((type) => `${ns}: no default-deny ${type}`);
      });
    expect(lacking).toEqual([]);
  });

  it('reserves every platform namespace from tenants (lib/spec/rules/addons-tenants.ts)', () => {
    const tenants = new Set(cluster(name).tenants.map((t) => t.name));
    const platform = namespacesOf(env(name).objects).filter((ns) => !tenants.has(ns));
    expect(platform.filter((ns) => !(RESERVED_NAMESPACES as readonly string[]).includes(ns))).toEqual([]);
  });

  it('grants no `*` verb on `*` resources, except the listed chart roles', () => {
    const roles = [...ofKind(env(name).objects, 'Role'), ...ofKind(env(name).objects, 'ClusterRole')];
    const wildcard = roles.filter(grantsWildcard);
    expect(wildcard.map(ref).filter((r) => !(r in WILDCARD_ROLE_EXCEPTIONS))).toEqual([]);
  });

  it('binds nothing to cluster-admin (platform admins get it through EKS access entries), except the listed chart bindings', () => {
    const objects = env(name).objects;
    const bindings = [...ofKind(objects, 'RoleBinding'), ...ofKind(objects, 'ClusterRoleBinding')].filter(bindsClusterAdmin);
    expect(bindings.map(ref).filter((b) => !(b in CLUSTER_ADMIN_BINDING_EXCEPTIONS))).toEqual([]);
    // Nor a binding of anyone to system:masters-like groups, which skip RBAC entirely.
    const masters = [...ofKind(objects, 'RoleBinding'), ...ofKind(objects, 'ClusterRoleBinding')].filter(bindsSuperuserGroup);
    expect(masters.map(ref)).toEqual([]);
  });

  it('binds every admission policy of ours, Deny in staging and production, Warn and Audit in development unless it guards isolation', () => {
    const { spec, manifests, objects } = env(name);
    // Ours carry their description; upstream's (Gateway API's safe-upgrades) Deny in every tier.
    const ours = ofKind(manifests, 'ValidatingAdmissionPolicy')
      .filter((p) => p.metadata.annotations?.[ADMISSION_DESCRIPTION_ANNOTATION] !== undefined)
      .map((p) => p.metadata.name);
    expect(ours.length).toBeGreaterThan(0);
    const bindings = ofKind(objects, 'ValidatingAdmissionPolicyBinding');
    const unbound = ours.filter((policy) => !bindings.some((b) => b.spec.policyName === policy));
    expect(unbound).toEqual([]);
    // A policy recording why it denies in every tier (isolation, not hygiene) denies in development too.
    const denyAlways = new Set(
      ofKind(manifests, 'ValidatingAdmissionPolicy').filter((p) => p.metadata.annotations?.[ADMISSION_DENY_IN_EVERY_TIER_ANNOTATION]).map((p) => p.metadata.name),
    );
    const expected = (policy: string) => (spec.tier === 'development' && !denyAlways.has(policy) ? ['Audit', 'Warn'] : ['Deny']);
    const actions = bindings.filter((b) => ours.includes(b.spec.policyName)).map((b) => [b.metadata.name, [...b.spec.validationActions].sort(), expected(b.spec.policyName)]);
    expect(actions.filter(([, a, e]) => JSON.stringify(a) !== JSON.stringify(e))).toEqual([]);
  });

  it('in staging and production, lets no admission policy of any source merely warn', () => {
    if (cluster(name).tier === 'development') return;
    const bindings = ofKind(env(name).objects, 'ValidatingAdmissionPolicyBinding');
    expect(bindings.filter((b) => !(b.spec.validationActions ?? []).includes('Deny')).map(ref)).toEqual([]);
  });
});

describe('exceptions', () => {
  it('every listed exception is still needed somewhere (no stale reason)', () => {
    const all = [...envs.values()].flatMap((e) => e.objects);
    const present = new Set(all.filter((o) => /^(Cluster)?Role(Binding)?$/.test(o.kind)).map(ref));
    expect(Object.keys(WILDCARD_ROLE_EXCEPTIONS).filter((r) => !present.has(r))).toEqual([]);
    expect(Object.keys(CLUSTER_ADMIN_BINDING_EXCEPTIONS).filter((b) => !present.has(b))).toEqual([]);
  });
});
