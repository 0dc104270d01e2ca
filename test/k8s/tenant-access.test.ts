/**
 * Tenant access (issue #8, teams can log in): each level's group is bound in the tenant namespace
 * only, to the least ClusterRole of the level, and exactly the groups the EKS access entries send
 * are bound, in their own tenant's namespace; no tenant group is bound cluster-wide.
 */
import { accessBindingName, Tenant, TENANT_ACCESS_CLUSTER_ROLES, type TenantProps } from '../../lib/k8s/tenant';
import { TENANT_GROUP_PREFIX, tenantAccessGroup } from '../../lib/spec/tenant-access';
import type { EnvironmentSpec } from '../../lib/spec/types';
import { prod } from '../../stacks/environments';
import { ofKind, ofType, synthesize, type Synthesized } from '../support/environment';
import { validateObjects } from '../support/schema';
import { chart, STOCK, synth, type Obj } from './helpers';

const payments = STOCK.prod.tenants.find((t) => t.name === 'payments')!;
const NGINX = { namespace: 'ingress-nginx' };
const SSO = 'arn:aws:iam::333333333333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_PaymentsDevelopers_0123456789abcdef';
const LEAD = 'arn:aws:iam::333333333333:role/payments-leads';
const AUDITOR = 'arn:aws:iam::444455556666:role/auditors';

function objects(access: TenantProps['tenant']['access'], editors: string[] = []): Obj[] {
  const c = chart();
  new Tenant(c, 't', { tenant: { ...payments, editors, access }, environment: 'prod', meshInjection: false, ingressFrom: NGINX });
  return synth(c);
}

const view = (b: Obj) => [b.metadata.namespace, b.metadata.name, b.roleRef.kind, b.roleRef.name, b.subjects.map((s: { kind: string; name: string }) => `${s.kind}:${s.name}`)];

describe('Tenant access bindings', () => {
  it('binds each level that lists a role to admin / edit / view in the tenant namespace, by RoleBinding only', () => {
    const objs = objects({ admins: [LEAD], developers: [SSO], viewers: [AUDITOR] });
    expect(objs.filter((o) => o.kind === 'RoleBinding').map(view)).toEqual([
      ['payments', 'groundwork-tenant-admin', 'ClusterRole', 'admin', ['Group:groundwork:tenant:payments:admin']],
      ['payments', 'groundwork-tenant-developer', 'ClusterRole', 'edit', ['Group:groundwork:tenant:payments:developer']],
      ['payments', 'groundwork-tenant-viewer', 'ClusterRole', 'view', ['Group:groundwork:tenant:payments:viewer']],
    ]);
    expect(objs.filter((o) => o.kind === 'ClusterRoleBinding' || o.kind === 'ClusterRole' || o.kind === 'Role')).toEqual([]);
    expect(TENANT_ACCESS_CLUSTER_ROLES).toEqual({ admin: 'admin', developer: 'edit', viewer: 'view' });
    expect(validateObjects(objs)).toEqual([]);
  });

  it('binds only the levels that list a role, and nothing without access (team repos may leave it out)', () => {
    expect(objects({ viewers: [AUDITOR] }).filter((o) => o.kind === 'RoleBinding').map((b) => b.metadata.name)).toEqual([accessBindingName('viewer')]);
    expect(objects(undefined).filter((o) => o.kind === 'RoleBinding')).toEqual([]);
    expect(objects({ admins: [], developers: [], viewers: [] }).filter((o) => o.kind === 'RoleBinding')).toEqual([]);
  });

  it('keeps editor groups as edit bindings next to the access bindings (backwards compatible)', () => {
    const names = objects({ developers: [SSO] }, ['payments-developers']).filter((o) => o.kind === 'RoleBinding').map((b) => [b.metadata.name, b.roleRef.name]);
    expect(names).toEqual([
      ['edit-payments-developers', 'edit'],
      ['groundwork-tenant-developer', 'edit'],
    ]);
  });

  it('refuses access that is no list of role ARNs, with the spec messages', () => {
    const bad = (access: unknown) => () => objects(access as TenantProps['tenant']['access']);
    expect(bad({ developers: ['arn:aws:iam::333333333333:user/alice'] })).toThrow(/tenant\.access\.developers\[0\]: "arn:aws:iam::333333333333:user\/alice" is not an IAM role ARN; use arn:aws:iam::<account>:role\/<name>; grant people access through a role/);
    expect(bad({ viewers: 'arn:aws:iam::333333333333:role/x' })).toThrow(/tenant\.access\.viewers: must be an array of IAM role ARNs/);
    expect(bad(['x'])).toThrow(/tenant\.access: must be an object/);
    expect(bad({ admins: ['arn:aws:iam::333333333333:role/AWSReservedSSO_Admins_0123456789abcdef'] })).toThrow(/tenant\.access\.admins\[0\]: .* is an IAM Identity Center role without its path/);
  });
});

/** prod where payments' developers are an SSO role, team-a has a lead, and one auditor reads every tenant. */
const PROD_WITH_ACCESS: EnvironmentSpec = {
  ...prod,
  tenants: prod.tenants!.map((t) => ({
    ...t,
    access: t.name === 'payments' ? { developers: [SSO], viewers: [AUDITOR] } : t.name === 'team-a' ? { admins: [LEAD], viewers: [AUDITOR] } : { viewers: [AUDITOR] },
  })),
};

describe('tenant access in the synthesized environment (manifests + offline plan)', () => {
  let env: Synthesized;
  beforeAll(async () => {
    env = await synthesize(PROD_WITH_ACCESS);
  }, 600_000);

  const tenantGroup = (name: string) => name.startsWith(TENANT_GROUP_PREFIX);
  const groupSubjects = (b: Obj): string[] => (b.subjects ?? []).filter((s: { kind: string }) => s.kind === 'Group').map((s: { name: string }) => s.name);

  it('plans one STANDARD access entry per principal with the right groups', () => {
    const entries = ofType(env.plan, 'aws:eks/accessEntry:AccessEntry').filter((e) => e.inputs.type === 'STANDARD');
    const byArn = new Map(entries.map((e) => [e.inputs.principalArn as string, e.inputs.kubernetesGroups ?? []]));
    expect(entries).toHaveLength(byArn.size);
    expect(Object.fromEntries(byArn)).toEqual({
      [prod.admins![0]]: [],
      [prod.admins![1]]: [],
      [SSO]: ['groundwork:tenant:payments:developer'],
      [LEAD]: ['groundwork:tenant:team-a:admin'],
      [AUDITOR]: ['groundwork:tenant:payments:viewer', 'groundwork:tenant:team-a:viewer', 'groundwork:tenant:team-b:viewer'],
    });
  });

  it('binds exactly the groups the access entries send, each in its own tenant namespace, to its level\'s ClusterRole', () => {
    const sent = new Set(ofType(env.plan, 'aws:eks/accessEntry:AccessEntry').flatMap((e) => (e.inputs.kubernetesGroups as string[] | undefined) ?? []));
    const bound = (ofKind(env.objects, 'RoleBinding') as Obj[]).flatMap((b) => groupSubjects(b).filter(tenantGroup).map((g) => ({ g, b })));
    expect(new Set(bound.map(({ g }) => g))).toEqual(sent);
    for (const { g, b } of bound) {
      const [, , tenant, level] = g.split(':');
      expect(b.metadata.namespace).toBe(tenant);
      expect(g).toBe(tenantAccessGroup(tenant, level as 'admin'));
      expect(b.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: TENANT_ACCESS_CLUSTER_ROLES[level as 'admin'] });
    }
  });

  it('binds no tenant group (access or editor) cluster-wide', () => {
    const editorGroups = new Set(PROD_WITH_ACCESS.tenants!.flatMap((t) => t.editors ?? []));
    const clusterWide = (ofKind(env.objects, 'ClusterRoleBinding') as Obj[]).flatMap(groupSubjects);
    expect(clusterWide.filter((g) => tenantGroup(g) || editorGroups.has(g))).toEqual([]);
    // Nor a RoleBinding in a namespace that is not the group's tenant.
    const misplaced = (ofKind(env.objects, 'RoleBinding') as Obj[]).filter((b) => groupSubjects(b).some((g) => tenantGroup(g) && g.split(':')[2] !== b.metadata.namespace));
    expect(misplaced).toEqual([]);
  });
});
