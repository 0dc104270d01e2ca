/**
 * `spec.tenants[].access` (issue #8, teams can log in): role ARNs EKS takes as access-entry
 * principals, each listed once per tenant, never also a platform admin, and no empty block.
 * One test per message; every problem reported at once; a 1000-tenant spec stays linear.
 */
import { TENANT_ACCESS_FIELDS, tenantAccessGroup } from '../../lib/spec/tenant-access';
import { validateSpec } from '../../lib/spec/validate';
import { issuesOf, prod } from './helpers';

const ACCOUNT = prod.accountId;
const SSO = `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_TeamADevelopers_0123456789abcdef`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/team-a-viewers`;
const withAccess = (access: unknown) => (s: Record<string, any>) => (s.tenants[0].access = access);

describe('tenant access validation', () => {
  it('accepts roles with paths (Identity Center) and roles of another account (EKS STANDARD entries allow them)', () => {
    expect(issuesOf(withAccess({ admins: [SSO], viewers: [ROLE, 'arn:aws:iam::444455556666:role/auditors/read-only'] }))).toEqual([]);
    const result = validateSpec({ ...prod, tenants: [{ name: 'team-a', access: { developers: [SSO] } }] });
    expect(result.ok && result.spec.tenants[0].access).toEqual({ admins: [], developers: [SSO], viewers: [] });
  });

  it('resolves a tenant without access to empty levels', () => {
    const result = validateSpec({ ...prod, tenants: [{ name: 'team-a', editors: ['team-a-developers'] }] });
    expect(result.ok && result.spec.tenants[0].access).toEqual({ admins: [], developers: [], viewers: [] });
  });

  it('accepts the stock production tenants (Identity Center roles and a security-account auditor)', () => {
    expect(validateSpec(prod)).toMatchObject({ ok: true });
    expect(prod.tenants!.every((t) => (t.access?.developers ?? []).every((arn) => arn.includes(':role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_')))).toBe(true);
  });

  it('refuses an Identity Center role with its path stripped (the aws-auth habit), with the full ARN as fix', () => {
    const stripped = `arn:aws:iam::${ACCOUNT}:role/AWSReservedSSO_TeamADevelopers_0123456789abcdef`;
    expect(issuesOf(withAccess({ developers: [stripped] }))).toEqual([
      {
        path: 'spec.tenants[0].access.developers[0]',
        problem: `"${stripped}" is an IAM Identity Center role without its path; EKS access entries need the full role ARN and refuse this one as an invalid principal`,
        fix: `use arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/<region>/AWSReservedSSO_TeamADevelopers_0123456789abcdef (no <region>/ when Identity Center is in us-east-1), as \`aws iam list-roles --path-prefix /aws-reserved/sso.amazonaws.com/\` prints it`,
      },
    ]);
  });

  it('refuses an IAM user (people log in through roles)', () => {
    const user = `arn:aws:iam::${ACCOUNT}:user/alice`;
    expect(issuesOf(withAccess({ viewers: [user] }))).toEqual([
      {
        path: 'spec.tenants[0].access.viewers[0]',
        problem: `"${user}" is not an IAM role ARN`,
        fix: 'use arn:aws:iam::<account>:role/<name>; grant people access through a role they assume (federated or SSO), not an IAM user with long-term keys',
      },
    ]);
  });

  it('refuses an STS session, naming the role it assumed', () => {
    const session = `arn:aws:sts::${ACCOUNT}:assumed-role/team-a-dev/alice`;
    expect(issuesOf(withAccess({ developers: [session] }))).toEqual([
      {
        path: 'spec.tenants[0].access.developers[0]',
        problem: `"${session}" is not an IAM role ARN`,
        fix: `use the role the session assumed, arn:aws:iam::${ACCOUNT}:role/team-a-dev (with its path, if it has one): EKS access entries take the role, never an STS session`,
      },
    ]);
  });

  it('refuses an account id that is not 12 digits', () => {
    expect(issuesOf(withAccess({ admins: ['arn:aws:iam::12345:role/team-a'] }))).toEqual([
      { path: 'spec.tenants[0].access.admins[0]', problem: '"arn:aws:iam::12345:role/team-a" is not an IAM role ARN', fix: 'use arn:aws:iam::<account>:role/<name>: the account id "12345" is not 12 digits' },
    ]);
  });

  it('refuses an empty string as a role', () => {
    expect(issuesOf(withAccess({ admins: [''] }))).toEqual([
      { path: 'spec.tenants[0].access.admins[0]', problem: '"" is not an IAM role ARN', fix: 'use arn:aws:iam::<account>:role/<name>; grant people access through a role, not a user' },
    ]);
  });

  it('refuses a role of another partition', () => {
    const gov = `arn:aws-us-gov:iam::${ACCOUNT}:role/team-a`;
    expect(issuesOf(withAccess({ viewers: [gov] }))).toEqual([
      {
        path: 'spec.tenants[0].access.viewers[0]',
        problem: `"${gov}" is a role of the aws-us-gov partition, but the environment is in aws; EKS access entries only take principals of the cluster's partition`,
        fix: "use the role's ARN in the aws partition: arn:aws:iam::<account>:role/<name>",
      },
    ]);
  });

  it('refuses a role listed twice in one tenant, at two levels or one', () => {
    expect(issuesOf(withAccess({ admins: [SSO], viewers: [ROLE, SSO, ROLE] }))).toEqual([
      {
        path: 'spec.tenants[0].access.viewers[1]',
        problem: `"${SSO}" is listed more than once in this tenant (also access.admins[0])`,
        fix: 'list each role once, at the one level it needs: admin includes developer, developer includes viewer',
      },
      {
        path: 'spec.tenants[0].access.viewers[2]',
        problem: `"${ROLE}" is listed more than once in this tenant (also access.viewers[0])`,
        fix: 'list each role once, at the one level it needs: admin includes developer, developer includes viewer',
      },
    ]);
  });

  it('refuses a platform admin as a tenant role', () => {
    const admin = prod.admins![0];
    expect(issuesOf(withAccess({ developers: [admin] }))).toEqual([
      {
        path: 'spec.tenants[0].access.developers[0]',
        problem: `"${admin}" is a platform admin (spec.admins) and a tenant role; EKS keeps one access entry per principal, and cluster-admin already reaches every namespace`,
        fix: 'remove it from spec.tenants[0].access.developers, or from spec.admins if it should only reach this tenant',
      },
    ]);
  });

  it('refuses an access block that grants no role', () => {
    const empty = [{ path: 'spec.tenants[0].access', problem: 'grants no role: nobody logs in through it', fix: 'list IAM role ARNs under admins, developers or viewers, or remove access' }];
    expect(issuesOf(withAccess({}))).toEqual(empty);
    expect(issuesOf(withAccess({ admins: [], developers: [], viewers: [] }))).toEqual(empty);
  });

  it('refuses an unknown level (shape)', () => {
    expect(issuesOf(withAccess({ developer: [ROLE] }))).toEqual([expect.objectContaining({ path: 'spec.tenants[0].access.developer', problem: expect.stringContaining('unknown') })]);
  });

  it('reports every problem at once, across tenants', () => {
    const issues = issuesOf((s) => {
      s.tenants[0].access = { developers: [`arn:aws:iam::${ACCOUNT}:user/bob`] };
      s.tenants[1].access = {};
      s.tenants[2].access = { viewers: [prod.admins![1]] };
    });
    expect(issues.map((i) => i.path).sort()).toEqual(['spec.tenants[0].access.developers[0]', 'spec.tenants[1].access', 'spec.tenants[2].access.viewers[0]']);
  });

  it('accepts one role in several tenants (it gets one access entry with both groups)', () => {
    expect(issuesOf((s) => {
      s.tenants[0].access = { viewers: [ROLE] };
      s.tenants[1].access = { admins: [ROLE] };
    })).toEqual([]);
  });

  it('names groups per tenant and level, outside the reserved system: and eks: prefixes', () => {
    expect(tenantAccessGroup('payments', 'developer')).toBe('groundwork:tenant:payments:developer');
    expect(Object.values(TENANT_ACCESS_FIELDS)).toEqual(['admins', 'developers', 'viewers']);
  });

  it('validates a 1000-tenant spec with three roles each and one shared auditor role', () => {
    const auditor = 'arn:aws:iam::444455556666:role/auditors';
    const tenants = Array.from({ length: 1000 }, (_, i) => {
      const name = `team-${String(i + 1).padStart(4, '0')}`;
      const role = (level: string) => `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_${name}-${level}_0123456789abcdef`;
      return { name, access: { admins: [role('admin')], developers: [role('dev')], viewers: [role('view'), auditor] } };
    });
    const result = validateSpec({ ...prod, tenants });
    expect(result.ok).toBe(true);
    expect(result.ok && result.spec.tenants[999].access.viewers).toEqual([expect.stringContaining('team-1000-view'), auditor]);
  });
});
