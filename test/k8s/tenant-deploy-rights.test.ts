/**
 * A tenant's developers can deploy what ProductionService emits, and the new rights cannot weaken
 * the platform. Judged on the environment as rendered (every Helm release plus every manifest):
 * the rights of `edit` / `view` in a tenant namespace are Kubernetes' built-in rules for them
 * plus the rules of every rendered ClusterRole labelled to aggregate into them — so a chart that
 * aggregates (or stops aggregating) changes the outcome. The guard rails are the admission
 * policies' CEL, evaluated per request (test/support/admission.ts).
 */
import { Chart, Testing } from 'cdk8s';
import { EDGE_LISTENERS, edgeGatewayName } from '../../lib/addons/edge-gateway';
import { TENANT_METRICS_PORT } from '../../lib/addons/monitors';
import { Platform } from '../../lib/blueprint/platform';
import { ProductionService, type ProductionServiceProps } from '../../lib/k8s';
import { TENANT_ACCESS_CLUSTER_ROLES } from '../../lib/k8s/tenant-access';
import { TENANT_NAMESPACE_LABEL } from '../../lib/k8s/tenant';
import { resolveSpec } from '../../lib/spec/validate';
import { tenantAccessGroup } from '../../lib/spec/tenant-access';
import type { EnvironmentSpec } from '../../lib/spec/types';
import { dev, prod } from '../../stacks/environments';
import { admitRequest, namespaceLabels, type RequestInput } from '../support/admission';
import { renderedEnvironment } from '../support/rendered';
import { validationReport } from '../support/schema';
import type { Obj } from './helpers';

type Rule = { apiGroups?: string[]; resources?: string[]; verbs?: string[]; resourceNames?: string[] };
const WRITE = ['create', 'delete', 'patch', 'update'];
const READ = ['get', 'list', 'watch'];
const ALL_WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update', 'escalate', 'bind', 'impersonate', '*'];

/**
 * Kubernetes' built-in `edit` and `view` rules for the built-in kinds ProductionService emits, as
 * the bootstrap policy defines them (kubernetes/kubernetes plugin/pkg/auth/authorizer/rbac/
 * bootstrappolicy/policy.go: `system:aggregate-to-edit` grants create/delete/deletecollection/
 * patch/update, `system:aggregate-to-view` get/list/watch, on these resources). Only these kinds
 * are modelled; any other kind ProductionService starts to emit fails the test until it is here
 * or aggregated.
 */
const BUILT_IN: Rule[] = [
  { apiGroups: [''], resources: ['serviceaccounts', 'services'], verbs: [...WRITE, 'deletecollection', ...READ] },
  { apiGroups: ['apps'], resources: ['deployments'], verbs: [...WRITE, 'deletecollection', ...READ] },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: [...WRITE, 'deletecollection', ...READ] },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: [...WRITE, 'deletecollection', ...READ] },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'networkpolicies'], verbs: [...WRITE, 'deletecollection', ...READ] },
];
const BUILT_IN_VIEW: Rule[] = BUILT_IN.map((r) => ({ ...r, verbs: READ }));

/** API plural of each kind ProductionService can emit (throws on a kind not listed: add it). */
const PLURALS: Record<string, string> = {
  Deployment: 'deployments',
  Service: 'services',
  ServiceAccount: 'serviceaccounts',
  HorizontalPodAutoscaler: 'horizontalpodautoscalers',
  PodDisruptionBudget: 'poddisruptionbudgets',
  NetworkPolicy: 'networkpolicies',
  Ingress: 'ingresses',
  AuthorizationPolicy: 'authorizationpolicies',
  PeerAuthentication: 'peerauthentications',
  HTTPRoute: 'httproutes',
  PodMonitor: 'podmonitors',
};
const resourceOf = (o: Obj) => {
  const plural = PLURALS[o.kind];
  if (!plural) throw new Error(`ProductionService emits ${o.kind}: add its plural (and, if a CRD, its aggregated rights)`);
  return { group: o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '', version: o.apiVersion.split('/').pop()!, resource: plural };
};

/** The verbs `rules` grant on `group/resource`. */
function verbsOn(rules: Rule[], group: string, resource: string): string[] {
  const hit = rules.filter((r) => (r.apiGroups ?? []).some((g) => g === group || g === '*') && (r.resources ?? []).some((x) => x === resource || x === '*') && !r.resourceNames?.length);
  return [...new Set(hit.flatMap((r) => r.verbs ?? []))].sort();
}
const aggregatedTo = (objects: Obj[], level: 'edit' | 'view') =>
  objects.filter((o) => o.kind === 'ClusterRole' && o.metadata.labels?.[`rbac.authorization.k8s.io/aggregate-to-${level}`] === 'true');

/** A service of the first tenant with everything on: exposed, called by another namespace, metrics, canary. */
function serviceObjects(input: EnvironmentSpec): Obj[] {
  const spec = resolveSpec(input);
  const registry = spec.security.allowedRegistries[0];
  const props: ProductionServiceProps = {
    platform: spec,
    namespace: spec.tenants[0].name,
    image: `${registry}payments/api:1.4.2@sha256:${'a'.repeat(64)}`,
    labels: { 'groundwork.dev/cost-center': 'cc-4711' },
    callers: ['storefront/web'],
    metrics: { port: TENANT_METRICS_PORT },
    canary: { image: `${registry}payments/api:1.5.0@sha256:${'b'.repeat(64)}`, weight: 10 },
  };
  const chart = new Chart(Testing.app(), 'test');
  new ProductionService(chart, 'api', props);
  return Testing.synth(chart) as Obj[];
}

const clone = <T>(o: T): T => JSON.parse(JSON.stringify(o)) as T;

describe.each([
  ['prod', prod],
  ['dev', dev],
] as const)('%s', (_name, input) => {
  const service = serviceObjects(input);
  const tenant = resolveSpec(input).tenants[0].name;
  let objects: Obj[];
  let editRules: Rule[];
  let viewRules: Rule[];
  beforeAll(async () => {
    const env = await renderedEnvironment(input);
    objects = env.objects as Obj[];
    editRules = [...BUILT_IN, ...aggregatedTo(objects, 'edit').flatMap((r) => (r.rules ?? []) as Rule[])];
    viewRules = [...BUILT_IN_VIEW, ...aggregatedTo(objects, 'view').flatMap((r) => (r.rules ?? []) as Rule[])];
  }, 600_000);

  it('binds developers to edit and viewers to view (the roles these rights aggregate into)', () => {
    expect(TENANT_ACCESS_CLUSTER_ROLES).toMatchObject({ developer: 'edit', viewer: 'view', admin: 'admin' });
  });

  it('gives a tenant developer create, update, patch, delete and read on every kind ProductionService emits', () => {
    const kinds = [...new Set(service.map((o) => `${resourceOf(o).group}/${resourceOf(o).resource}`))].sort();
    expect(kinds.length).toBeGreaterThan(6);
    const missing = kinds.flatMap((k) => {
      const [group, resource] = k.split('/');
      const granted = verbsOn(editRules, group, resource);
      const lacking = [...WRITE, ...READ].filter((v) => !granted.includes(v));
      return lacking.length > 0 ? [`${k}: ${lacking.join(',')}`] : [];
    });
    expect(missing).toEqual([]);
  });

  it('gives a tenant viewer read only on those kinds', () => {
    for (const o of service) {
      const { group, resource } = resourceOf(o);
      expect({ kind: o.kind, verbs: verbsOn(viewRules, group, resource) }).toEqual({ kind: o.kind, verbs: READ });
    }
  });

  it("the charts aggregate none of the custom kinds: every aggregated rule on them is the platform's own least-privilege role", () => {
    const custom = service.map(resourceOf).filter((r) => !BUILT_IN.some((b) => b.apiGroups!.includes(r.group)));
    expect(custom.length).toBeGreaterThan(0);
    const granting = [...aggregatedTo(objects, 'edit'), ...aggregatedTo(objects, 'view')].filter((role) =>
      custom.some((r) => verbsOn((role.rules ?? []) as Rule[], r.group, r.resource).length > 0),
    );
    expect([...new Set(granting.map((r) => r.metadata.name))].every((n) => n.startsWith('groundwork-tenant-'))).toBe(true);
    for (const role of granting) {
      for (const rule of (role.rules ?? []) as Rule[]) {
        expect(rule.verbs!.filter((v) => ['*', 'escalate', 'bind', 'impersonate'].includes(v))).toEqual([]);
        expect(rule.resources!.filter((r) => r === '*' || r.includes('/'))).toEqual([]);
        expect(rule.apiGroups).not.toContain('*');
      }
      // A view role writes nothing.
      if (role.metadata.labels?.['rbac.authorization.k8s.io/aggregate-to-view'] === 'true') {
        expect((role.rules as Rule[]).flatMap((r) => r.verbs!).filter((v) => ALL_WRITE.includes(v))).toEqual([]);
      }
    }
  });

  it('grants no rights on Gateways, GatewayClasses or ReferenceGrants: routes attach only where the platform lets them', () => {
    for (const resource of ['gateways', 'gatewayclasses', 'referencegrants']) expect(verbsOn(editRules, 'gateway.networking.k8s.io', resource)).toEqual([]);
  });

  it("the edge Gateway admits tenant routes on its HTTPS listener only (why no HTTPRoute policy is needed), and ProductionService's route names it", () => {
    const gateway = objects.find((o) => o.kind === 'Gateway' && o.metadata.name === edgeGatewayName(resolveSpec(input)))!;
    const byName = Object.fromEntries((gateway.spec.listeners as Array<{ name: string; allowedRoutes: unknown }>).map((l) => [l.name, l.allowedRoutes]));
    expect(byName[EDGE_LISTENERS.https]).toEqual({
      namespaces: { from: 'Selector', selector: { matchExpressions: [{ key: TENANT_NAMESPACE_LABEL, operator: 'Exists' }] } },
      kinds: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }],
    });
    expect(byName[EDGE_LISTENERS.http]).toMatchObject({ namespaces: { from: 'Same' } });
    expect(Object.keys(byName).sort()).toEqual([EDGE_LISTENERS.http, EDGE_LISTENERS.https].sort());
    const route = service.find((o) => o.kind === 'HTTPRoute')!;
    expect(route.spec.parentRefs).toEqual([expect.objectContaining({ kind: 'Gateway', name: gateway.metadata.name, namespace: gateway.metadata.namespace, sectionName: EDGE_LISTENERS.https })]);
  });

  describe('mesh guard rails', () => {
    const foundation = Platform.fromSpec(input).manifests().charts.find((c) => c.chart === 'foundation')!.objects as Obj[];
    const policies = foundation.filter((o) => /^ValidatingAdmissionPolicy/.test(o.kind));
    const labels = namespaceLabels(foundation);
    const developer = { username: 'alice', groups: [tenantAccessGroup(tenant, 'developer'), 'system:authenticated'] };
    const ARGO_CD = { username: 'system:serviceaccount:argocd:argocd-application-controller', groups: ['system:serviceaccounts', 'system:serviceaccounts:argocd'] };
    const PA = { group: 'security.istio.io', version: 'v1beta1', resource: 'peerauthentications' };
    /** Refusals and actions of `policy` for a CREATE of `object` (errors fail the test). */
    const judge = (policy: string, object: Obj, userInfo: RequestInput['userInfo'] = developer, resource = PA) => {
      const verdicts = admitRequest(policies, { operation: 'CREATE', object, userInfo, resource: resource ?? undefined }, labels).filter((v) => v.policy === policy);
      const errors = verdicts.flatMap((v) => v.errors);
      if (errors.length > 0) throw new Error(errors.join('; '));
      return { refusals: verdicts.flatMap((v) => v.refusals), actions: verdicts.flatMap((v) => v.actions) };
    };
    const ownPa = service.find((o) => o.kind === 'PeerAuthentication')!;
    const paWith = (spec: object): Obj => ({ ...clone(ownPa), spec });
    const PEER = 'groundwork-tenant-peer-authentication';

    it("admits ProductionService's own PeerAuthentication (metrics port PERMISSIVE, STRICT otherwise), and denies in every tier", () => {
      expect(ownPa.spec.portLevelMtls).toEqual({ [String(TENANT_METRICS_PORT)]: { mode: 'PERMISSIVE' } });
      expect(judge(PEER, ownPa)).toEqual({ refusals: [], actions: ['Deny'] });
      expect(judge(PEER, paWith({ selector: ownPa.spec.selector })).refusals).toEqual([]);
    });

    it.each([
      ['no selector (namespace-wide)', { mtls: { mode: 'STRICT' } }, /has no selector.matchLabels/],
      ['an empty selector', { selector: { matchLabels: {} }, mtls: { mode: 'STRICT' } }, /has no selector.matchLabels/],
      ['mtls.mode PERMISSIVE', 'PERMISSIVE', /sets mtls.mode PERMISSIVE/],
      ['mtls.mode DISABLE', 'DISABLE', /sets mtls.mode DISABLE/],
      ['another port PERMISSIVE', { portLevelMtls: { '8080': { mode: 'PERMISSIVE' } } }, /weakens mutual TLS on port\(s\) 8080=PERMISSIVE: only the tenant metrics port 9090/],
      ['the metrics port DISABLE', { portLevelMtls: { [String(TENANT_METRICS_PORT)]: { mode: 'DISABLE' } } }, /port\(s\) 9090=DISABLE/],
    ] as const)('refuses a tenant PeerAuthentication with %s', (_case, change, message) => {
      const spec =
        typeof change === 'string'
          ? { selector: ownPa.spec.selector, mtls: { mode: change } }
          : 'portLevelMtls' in change
            ? { selector: ownPa.spec.selector, mtls: { mode: 'STRICT' }, ...change }
            : change;
      const { refusals } = judge(PEER, paWith(spec));
      expect(refusals).toEqual([expect.stringMatching(message)]);
      // Whoever applies it: Argo CD syncing a team's repo is judged the same.
      expect(judge(PEER, paWith(spec), ARGO_CD).refusals).toHaveLength(1);
    });

    const AP = { group: 'security.istio.io', version: 'v1', resource: 'authorizationpolicies' };
    const ownAp = service.find((o) => o.kind === 'AuthorizationPolicy')!;
    const AUTHZ = 'groundwork-tenant-authorization-policy';

    it("admits the team's ALLOW and DENY policies, refuses CUSTOM (no external authorizer a tenant may name)", () => {
      expect(judge(AUTHZ, ownAp, developer, AP)).toEqual({ refusals: [], actions: ['Deny'] });
      expect(judge(AUTHZ, { ...clone(ownAp), spec: { ...ownAp.spec, action: 'DENY' } }, developer, AP).refusals).toEqual([]);
      const custom = { ...clone(ownAp), spec: { ...ownAp.spec, action: 'CUSTOM', provider: { name: 'ext-authz' } } };
      expect(judge(AUTHZ, custom, developer, AP).refusals).toEqual([expect.stringMatching(/sets action CUSTOM: tenant policies ALLOW, DENY or AUDIT/)]);
    });

    it("refuses a tenant developer changing the platform's default-deny AuthorizationPolicy in their namespace", () => {
      const env = Platform.fromSpec(input).manifests().charts.flatMap((c) => c.objects as Obj[]);
      const defaultDeny = env.find((o) => o.kind === 'AuthorizationPolicy' && o.metadata.namespace === tenant && o.metadata.name === 'default-deny')!;
      const widened = { ...clone(defaultDeny), spec: { action: 'ALLOW', rules: [{}] } };
      const verdicts = admitRequest(policies, { operation: 'UPDATE', oldObject: defaultDeny, object: widened, userInfo: developer, resource: AP }, labels).filter((v) => v.policy === 'groundwork-platform-objects');
      expect(verdicts.flatMap((v) => v.refusals)).toEqual([expect.stringMatching(/belongs to the platform/)]);
    });
  });
});

it("dev: the platform's aggregated ClusterRoles pass schema validation", () => {
  const roles = Platform.fromSpec(dev).manifests().charts.flatMap((c) => c.objects as Obj[]).filter((o) => o.kind === 'ClusterRole' && o.metadata.name.startsWith('groundwork-tenant-'));
  expect(roles.map((r) => r.metadata.name).sort()).toEqual([
    'groundwork-tenant-gateway-api-edit',
    'groundwork-tenant-gateway-api-view',
    'groundwork-tenant-istio-security-edit',
    'groundwork-tenant-istio-security-view',
    'groundwork-tenant-prometheus-operator-edit',
    'groundwork-tenant-prometheus-operator-view',
  ]);
  expect(validationReport(roles).errors).toEqual([]);
});
