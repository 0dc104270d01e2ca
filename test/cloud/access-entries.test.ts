import { useMocks, ofType, plan, resolved } from './harness';
void useMocks();
import { accessGrants, CLUSTER_ADMIN_POLICY_ARN } from '../../lib/cloud/access-entries';
import { ControlPlane } from '../../lib/cloud/control-plane';
import type { ResolvedSpec } from '../../lib/spec/types';
import { prod } from '../../stacks/environments';

const ENTRY = 'aws:eks/accessEntry:AccessEntry';
const ASSOCIATION = 'aws:eks/accessPolicyAssociation:AccessPolicyAssociation';
const SSO_DEV = 'arn:aws:iam::333333333333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_PaymentsDevelopers_0123456789abcdef';
const AUDITOR = 'arn:aws:iam::444455556666:role/auditors';
const AUDITOR_OTHER_PATH = 'arn:aws:iam::333333333333:role/security/auditors';

/** prod with tenant roles: one SSO developer role, and an auditor in every tenant at different levels. */
function withAccess(order: 'as-written' | 'reversed' = 'as-written'): ResolvedSpec {
  const base = resolved(prod);
  const access = (admins: string[], developers: string[], viewers: string[]) => ({ admins, developers, viewers });
  const tenants = base.tenants.map((t) =>
    t.name === 'payments' ? { ...t, access: access([], [SSO_DEV], [AUDITOR, AUDITOR_OTHER_PATH]) } : t.name === 'team-a' ? { ...t, access: access([AUDITOR], [], []) } : { ...t, access: access([], [], [AUDITOR]) },
  );
  return { ...base, tenants: order === 'reversed' ? [...tenants].reverse() : tenants };
}

function build(spec: ResolvedSpec) {
  return plan(() => new ControlPlane(spec.name, { spec, subnetIds: ['subnet-a', 'subnet-b', 'subnet-c'] }));
}

describe('access entries', () => {
  it('merges a role of several tenants into one grant with every group, sorted, whatever the tenant order', () => {
    const grants = accessGrants(withAccess());
    expect(grants.filter((g) => g.principalArn === AUDITOR)).toEqual([
      { principalArn: AUDITOR, clusterAdmin: false, kubernetesGroups: ['groundwork:tenant:payments:viewer', 'groundwork:tenant:team-a:admin', 'groundwork:tenant:team-b:viewer'] },
    ]);
    expect(accessGrants(withAccess('reversed'))).toEqual(grants);
    // One grant per principal: admins first (their logical names predate tenant access), then tenant roles by ARN.
    expect(grants.map((g) => g.principalArn)).toEqual([...prod.admins!, SSO_DEV, AUDITOR_OTHER_PATH, AUDITOR]);
  });

  it('plans one STANDARD access entry per principal, tenant roles with their groups and no access policy', async () => {
    const resources = await build(withAccess());
    const entries = ofType(resources, ENTRY).map((e) => ({ name: e.name, arn: e.inputs.principalArn, type: e.inputs.type, groups: e.inputs.kubernetesGroups }));
    expect(entries).toEqual([
      { name: 'prod-access-auditors-64a129ee', arn: AUDITOR_OTHER_PATH, type: 'STANDARD', groups: ['groundwork:tenant:payments:viewer'] },
      { name: 'prod-access-auditors-9146a15d', arn: AUDITOR, type: 'STANDARD', groups: ['groundwork:tenant:payments:viewer', 'groundwork:tenant:team-a:admin', 'groundwork:tenant:team-b:viewer'] },
      { name: 'prod-access-awsreservedsso-paymentsdevelopers-0123456789abcdef-80282461', arn: SSO_DEV, type: 'STANDARD', groups: ['groundwork:tenant:payments:developer'] },
      { name: 'prod-admin-break-glass', arn: prod.admins![1], type: 'STANDARD', groups: undefined },
      { name: 'prod-admin-platform-admins', arn: prod.admins![0], type: 'STANDARD', groups: undefined },
    ]);
    // The SSO role keeps its path: EKS needs the full ARN.
    expect(entries.find((e) => e.arn === SSO_DEV)!.arn).toContain('/aws-reserved/sso.amazonaws.com/eu-west-1/');
    const associations = ofType(resources, ASSOCIATION);
    expect(associations.map((a) => a.inputs.principalArn).sort()).toEqual([...prod.admins!].sort());
    for (const a of associations) expect(a.inputs).toMatchObject({ policyArn: CLUSTER_ADMIN_POLICY_ARN, accessScope: { type: 'cluster' } });
  });

  it('names a tenant entry from its principal alone: adding a role never renames (and so replaces) another entry', async () => {
    const names = async (spec: ResolvedSpec) => new Map(ofType(await build(spec), ENTRY).map((e) => [e.inputs.principalArn as string, e.name]));
    const before = await names(withAccess());
    const base = withAccess();
    const more = { ...base, tenants: base.tenants.map((t) => (t.name === 'team-b' ? { ...t, access: { ...t.access, developers: ['arn:aws:iam::111111111111:role/auditors'] } } : t)) };
    const after = await names(more);
    for (const [arn, name] of before) expect(after.get(arn)).toBe(name);
    expect(after.size).toBe(before.size + 1);
  });

  it('keeps the admin entries as they were without tenant roles (no rename, no groups)', async () => {
    const base = resolved(prod);
    const spec = { ...base, tenants: base.tenants.map((t) => ({ ...t, access: { admins: [], developers: [], viewers: [] } })) };
    const entries = ofType(await build(spec), ENTRY);
    expect(entries.map((e) => [e.name, e.inputs.principalArn, 'kubernetesGroups' in e.inputs])).toEqual([
      ['prod-admin-break-glass', prod.admins![1], false],
      ['prod-admin-platform-admins', prod.admins![0], false],
    ]);
  });

  it('keeps one entry per principal even for an unvalidated admin that is also a tenant role', () => {
    const base = withAccess();
    const spec = { ...base, tenants: base.tenants.map((t) => (t.name === 'team-b' ? { ...t, access: { admins: [], developers: [prod.admins![0]], viewers: [] } } : t)) };
    const grants = accessGrants(spec).filter((g) => g.principalArn === prod.admins![0]);
    expect(grants).toEqual([{ principalArn: prod.admins![0], clusterAdmin: true, kubernetesGroups: ['groundwork:tenant:team-b:developer'] }]);
  });
});
