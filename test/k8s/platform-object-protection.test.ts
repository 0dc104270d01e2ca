/**
 * `groundwork-platform-objects`: tenants cannot change or claim the platform's objects in their
 * namespace. Judged on what the foundation chart emits — its policy objects and the tenant
 * namespaces' own NetworkPolicies, quotas and RoleBindings — with the policy's CEL evaluated per
 * request (operation, user, object and oldObject) by test/support/admission.ts. What it protects
 * is derived from every rendered environment: exactly the resources the platform puts into tenant
 * namespaces with its ownership label, each such object refused to the tenant's developers.
 */
import { Platform } from '../../lib/blueprint/platform';
import { platformTenantResources } from '../../lib/k8s/admission-policies';
import { PLATFORM_OWNERSHIP_LABEL } from '../../lib/k8s/object-labels';
import { TENANT_NETWORK_POLICIES } from '../../lib/k8s/tenant';
import type { EnvironmentSpec, ResolvedSpec } from '../../lib/spec/types';
import { resolveSpec } from '../../lib/spec/validate';
import { tenantAccessGroup } from '../../lib/spec/tenant-access';
import { dev, prod } from '../../stacks/environments';
import { placeAll } from '../../lib/readiness/kube-objects';
import type { RenderedObject } from '../../lib/readiness/types';
import { admitRequest, namespaceLabels, resourceOf, type RequestInput, type Verdict } from '../support/admission';
import { renderedEnvironment } from '../support/rendered';
import { ALL_RENDER_TARGETS } from '../support/variants';
import type { Obj } from './helpers';

const POLICY = 'groundwork-platform-objects';

/** The foundation chart's objects of an environment: policies, namespaces, tenant objects. */
function foundation(input: EnvironmentSpec): Obj[] {
  return Platform.fromSpec(input).manifests().charts.find((c) => c.chart === 'foundation')!.objects as Obj[];
}

type User = RequestInput['userInfo'];
const serviceAccount = (namespace: string, name: string): User => ({
  username: `system:serviceaccount:${namespace}:${name}`,
  groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'],
});
const tenantUser = (tenant: string, level: 'admin' | 'developer' | 'viewer'): User => ({
  username: `arn:aws:sts::333333333333:assumed-role/AWSReservedSSO_${level}_0123456789abcdef/alice`,
  groups: [tenantAccessGroup(tenant, level), 'system:authenticated'],
});
/** Pulumi under a `spec.admins` role: cluster-admin by EKS access policy, no Kubernetes group of its own. */
const PLATFORM_ADMIN: User = { username: 'arn:aws:sts::111111111111:assumed-role/platform-admin/pulumi', groups: ['system:authenticated'] };
const ARGO_CD_CONTROLLER = serviceAccount('argocd', 'argocd-application-controller');
const NAMESPACE_CONTROLLER = serviceAccount('kube-system', 'namespace-controller');

const clone = <T>(o: T): T => JSON.parse(JSON.stringify(o)) as T;

/** A tenant's own NetworkPolicy (no platform label). */
function ownPolicy(namespace: string, labels: Record<string, string> = { 'app.kubernetes.io/name': 'api' }): Obj {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'api-ingress', namespace, labels },
    spec: { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] },
  };
}

describe.each([
  ['prod', prod],
  ['dev', dev],
] as const)('%s', (_name, input) => {
  const objects = foundation(input);
  const policies = objects.filter((o) => /^ValidatingAdmissionPolicy/.test(o.kind));
  const labels = namespaceLabels(objects);
  const tenant = input.tenants![0].name;
  const find = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name && o.metadata.namespace === tenant)!;
  const defaultDeny = find('NetworkPolicy', TENANT_NETWORK_POLICIES.defaultDeny);
  const judge = (request: RequestInput): Verdict[] => {
    const verdicts = admitRequest(policies, request, labels).filter((v) => v.policy === POLICY);
    const errors = verdicts.flatMap((v) => v.errors);
    if (errors.length > 0) throw new Error(errors.join('; '));
    return verdicts;
  };
  const refusals = (request: RequestInput) => judge(request).flatMap((v) => v.refusals);
  const widened = () => {
    const o = clone(defaultDeny);
    o.spec.ingress = [{}];
    return o;
  };

  it('refuses a tenant developer an UPDATE of the default-deny NetworkPolicy, and denies (development too)', () => {
    const verdicts = judge({ operation: 'UPDATE', oldObject: defaultDeny, object: widened(), userInfo: tenantUser(tenant, 'developer') });
    expect(verdicts.map((v) => [v.binding, v.actions])).toEqual([[`${POLICY}-tenants`, ['Deny']]]);
    expect(verdicts[0].refusals).toEqual([
      `NetworkPolicy ${tenant}/default-deny-all belongs to the platform (app.kubernetes.io/part-of=groundwork): tenants may not update it; ` +
        'the platform applies it from the environment spec: ask the platform team to change it there, or add an object of your own next to it',
    ]);
  });

  it('refuses a tenant developer the DELETE of it (object is null, oldObject judged)', () => {
    expect(refusals({ operation: 'DELETE', oldObject: defaultDeny, userInfo: tenantUser(tenant, 'developer') })).toEqual([
      expect.stringMatching(new RegExp(`^NetworkPolicy ${tenant}/default-deny-all belongs to the platform .*: tenants may not delete it;`)),
    ]);
  });

  it('refuses removing the ownership label from it (the label before the request counts)', () => {
    const unlabelled = clone(defaultDeny);
    delete unlabelled.metadata.labels![PLATFORM_OWNERSHIP_LABEL.key];
    expect(refusals({ operation: 'UPDATE', oldObject: defaultDeny, object: unlabelled, userInfo: tenantUser(tenant, 'developer') })).toEqual([
      expect.stringMatching(/may not update it/),
    ]);
  });

  it("allows the same developer every operation on the team's own NetworkPolicy", () => {
    const own = ownPolicy(tenant);
    const changed = clone(own);
    changed.spec.ingress = [];
    const user = tenantUser(tenant, 'developer');
    for (const request of [
      { operation: 'CREATE', object: own, userInfo: user },
      { operation: 'UPDATE', oldObject: own, object: changed, userInfo: user },
      { operation: 'DELETE', oldObject: own, userInfo: user },
    ] as RequestInput[]) {
      // Judged (a tenant identity), and admitted.
      expect({ operation: request.operation, verdicts: judge(request).map((v) => v.refusals) }).toEqual({ operation: request.operation, verdicts: [[]] });
    }
  });

  it("allows a team's ProductionService objects: managed-by groundwork, but not part of the platform", () => {
    const service = ownPolicy(tenant, { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/managed-by': 'groundwork', 'app.kubernetes.io/component': 'production-service' });
    expect(refusals({ operation: 'CREATE', object: service, userInfo: tenantUser(tenant, 'developer') })).toEqual([]);
  });

  it('refuses a tenant CREATE of an object claiming the ownership label, and an UPDATE that adds it', () => {
    const claimed = ownPolicy(tenant, { [PLATFORM_OWNERSHIP_LABEL.key]: PLATFORM_OWNERSHIP_LABEL.value });
    expect(refusals({ operation: 'CREATE', object: claimed, userInfo: tenantUser(tenant, 'developer') })).toEqual([
      `NetworkPolicy ${tenant}/api-ingress: only the platform labels its objects app.kubernetes.io/part-of=groundwork; remove that label`,
    ]);
    expect(refusals({ operation: 'UPDATE', oldObject: ownPolicy(tenant), object: claimed, userInfo: tenantUser(tenant, 'admin') })).toEqual([
      expect.stringMatching(/only the platform labels its objects/),
    ]);
  });

  it("lets the platform's deployers update and delete it: Argo CD's application controller, a platform admin (Pulumi)", () => {
    for (const userInfo of [ARGO_CD_CONTROLLER, PLATFORM_ADMIN]) {
      expect(judge({ operation: 'UPDATE', oldObject: defaultDeny, object: widened(), userInfo })).toEqual([]);
      expect(judge({ operation: 'DELETE', oldObject: defaultDeny, userInfo })).toEqual([]);
    }
    // Deleting the namespace deletes its objects as Kubernetes' namespace controller: never judged.
    expect(judge({ operation: 'DELETE', oldObject: defaultDeny, userInfo: NAMESPACE_CONTROLLER })).toEqual([]);
  });

  it("refuses every other tenant identity: a tenant admin, another tenant's group, the namespace's service accounts, the unauthenticated", () => {
    const others: User[] = [
      tenantUser(tenant, 'admin'),
      tenantUser(tenant, 'viewer'),
      tenantUser('some-other-team', 'admin'),
      // `edit` impersonates the namespace's service accounts and runs pods as them.
      serviceAccount(tenant, 'default'),
      { username: 'system:anonymous', groups: ['system:unauthenticated'] },
    ];
    for (const userInfo of others) {
      expect({ user: userInfo.username, refused: refusals({ operation: 'DELETE', oldObject: defaultDeny, userInfo }).length }).toEqual({ user: userInfo.username, refused: 1 });
    }
  });

  it('refuses a tenant admin rebinding the access RoleBinding, and deleting the quota or the limit range', () => {
    const binding = objects.find((o) => o.kind === 'RoleBinding' && o.metadata.namespace === tenant)!;
    const rebound = clone(binding);
    rebound.subjects = [...(rebound.subjects ?? []), { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:authenticated' }];
    const admin = tenantUser(tenant, 'admin');
    expect(refusals({ operation: 'UPDATE', oldObject: binding, object: rebound, userInfo: admin })).toEqual([expect.stringMatching(/^RoleBinding .* may not update it/)]);
    expect(refusals({ operation: 'DELETE', oldObject: find('ResourceQuota', 'tenant-quota'), userInfo: admin })).toEqual([expect.stringMatching(/^ResourceQuota .* may not delete it/)]);
    expect(refusals({ operation: 'DELETE', oldObject: find('LimitRange', 'container-defaults'), userInfo: admin })).toEqual([expect.stringMatching(/^LimitRange .* may not delete it/)]);
  });

  it('refuses a legacy editor group (tenants[].editors) like an access group', () => {
    const editors = input.tenants!.flatMap((t) => t.editors ?? []);
    expect(editors.length).toBeGreaterThan(0);
    for (const group of editors) {
      expect(refusals({ operation: 'DELETE', oldObject: defaultDeny, userInfo: { username: 'oidc:bob', groups: [group, 'system:authenticated'] } })).toHaveLength(1);
    }
  });

  it('binds tenant namespaces only and judges CREATE, UPDATE and DELETE of every protected resource', () => {
    const policy = policies.find((o) => o.kind === 'ValidatingAdmissionPolicy' && o.metadata.name === POLICY)!;
    expect(policy.spec.failurePolicy).toBe('Fail');
    expect(policy.spec.matchConstraints.resourceRules).toEqual(platformTenantResources(resolveSpec(input)).map((r) => ({ ...r, operations: ['CREATE', 'UPDATE', 'DELETE'] })));
    const bindings = policies.filter((o) => o.kind === 'ValidatingAdmissionPolicyBinding' && o.spec.policyName === POLICY);
    expect(bindings.map((b) => b.metadata.name)).toEqual([`${POLICY}-tenants`]);
    // A platform namespace is not bound: tenant identities hold no rights there.
    const platformPolicy = { ...ownPolicy('monitoring'), metadata: { ...ownPolicy('monitoring').metadata, labels: { ...defaultDeny.metadata.labels } } };
    expect(judge({ operation: 'DELETE', oldObject: platformPolicy, userInfo: tenantUser(tenant, 'developer') })).toEqual([]);
  });
});

describe.each(ALL_RENDER_TARGETS.map((t) => [t.name, t.spec] as const))('%s as rendered', (_name, input) => {
  let owned: Obj[];
  let policies: Obj[];
  let labels: (namespace: string) => Record<string, string>;
  let spec: ResolvedSpec;
  beforeAll(async () => {
    const env = await renderedEnvironment(input);
    spec = env.spec;
    const placed = placeAll(env.objects as RenderedObject[], env.releases) as Obj[];
    const tenants = new Set(env.spec.tenants.map((t) => t.name));
    owned = placed.filter((o) => tenants.has(o.metadata.namespace ?? '') && o.metadata.labels?.[PLATFORM_OWNERSHIP_LABEL.key] === PLATFORM_OWNERSHIP_LABEL.value);
    policies = env.manifests.filter((o) => /^ValidatingAdmissionPolicy/.test(o.kind)) as Obj[];
    labels = namespaceLabels(placed);
  }, 600_000);

  it('protects exactly the resources the platform puts into tenant namespaces with its ownership label', () => {
    const key = (r: { group: string; resource: string }) => `${r.group}/${r.resource}`;
    const emitted = [...new Set(owned.map((o) => key(resourceOf(o))))].sort();
    const listed = platformTenantResources(spec).flatMap((r) => r.apiGroups.flatMap((group) => r.resources.map((resource) => key({ group, resource })))).sort();
    expect(listed).toEqual(emitted);
  });

  it("refuses each tenant's developers the UPDATE and DELETE of every platform object in their namespace", () => {
    expect(owned.length).toBeGreaterThan(5);
    for (const o of owned) {
      const userInfo = { username: 'alice', groups: [tenantAccessGroup(o.metadata.namespace!, 'developer'), 'system:authenticated'] };
      const outcome = (request: RequestInput) =>
        admitRequest(policies, request, labels)
          .filter((v) => v.policy === POLICY)
          .flatMap((v) => [...v.refusals.map((r) => /may not (update|delete) it/.test(r)), ...v.errors]);
      const ref = `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`;
      expect({ ref, del: outcome({ operation: 'DELETE', oldObject: o, userInfo }), update: outcome({ operation: 'UPDATE', oldObject: o, object: o, userInfo }) }).toEqual({
        ref,
        del: [true],
        update: [true],
      });
    }
  });
});
