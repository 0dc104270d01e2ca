/**
 * Deploy-time limits checked at validation: regions and partitions, Kubernetes key syntax,
 * numeric bounds, tenant editors. Each would otherwise be accepted and fail half-way through a
 * deploy (or, for editors, throw from the Tenant construct in another format).
 */
import { Platform } from '../../lib/blueprint/platform';
import { SpecValidationError } from '../../lib/spec/errors';
import { availabilityZonesOf, nearestRegions, partitionOf, REGIONS } from '../../lib/spec/regions';
import { issuesOf, prod } from './helpers';

const only = (path: string, problem: string | RegExp, fix?: string | RegExp) => [
  expect.objectContaining({ path, problem: typeof problem === 'string' ? problem : expect.stringMatching(problem), ...(fix ? { fix: typeof fix === 'string' ? fix : expect.stringMatching(fix) } : {}) }),
];

describe('regions', () => {
  it('refuses a region it does not know, naming the nearest ones', () => {
    expect(issuesOf((s) => (s.region = 'eu-west-9'))).toEqual(
      only('spec.region', '"eu-west-9" is not an AWS region groundwork knows', 'use one of the nearest: eu-west-1, eu-west-2, eu-west-3 (lib/spec/regions.ts lists every region)'),
    );
    expect(nearestRegions('us-east-9').slice(0, 2)).toEqual(['us-east-1', 'us-east-2']);
  });

  it('refuses more availability zones than the region has', () => {
    expect(issuesOf((s) => (s.availabilityZones = 4), { ...prod, nodePools: prod.nodePools.map((p) => (p.role === 'system' ? { ...p, minSize: 4, desiredSize: 4 } : p)) })).toEqual(
      only('spec.availabilityZones', 'eu-west-1 has 3 availability zones a new account can use (got 4)', 'set availabilityZones to at most 3'),
    );
  });

  it('refuses a production environment in a region with fewer than 3 usable zones', () => {
    expect(issuesOf((s) => (s.region = 'us-west-1'))).toEqual(
      only('spec.region', 'us-west-1 has 2 availability zones a new account can use, and production spreads over 3', /us-west-2/),
    );
  });

  it.each([
    ['cn-north-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
  ])('refuses %s: the %s partition needs other ARNs, principals and endpoints', (region, partition) => {
    expect(issuesOf((s) => (s.region = region))).toEqual(
      only('spec.region', new RegExp(`^"${region}" is in the ${partition} partition; groundwork builds for the aws partition only`), 'use a region of the aws partition, e.g. eu-west-1 or us-east-2'),
    );
  });

  it('refuses an admin role of another partition', () => {
    expect(issuesOf((s) => (s.admins = ['arn:aws-us-gov:iam::333333333333:role/admins']))).toEqual(
      only('spec.admins[0]', /is a role of the aws-us-gov partition, but the environment is in aws/, 'use the role\'s ARN in the aws partition: arn:aws:iam::<account>:role/<name>'),
    );
  });

  it('names zones from the table: ap-northeast-1 has no usable b zone', () => {
    expect(availabilityZonesOf('ap-northeast-1', 3)).toEqual(['ap-northeast-1a', 'ap-northeast-1c', 'ap-northeast-1d']);
    expect(availabilityZonesOf('us-east-1', 6)).toHaveLength(6);
    expect(partitionOf('us-isob-east-1')).toBe('aws-iso-b');
    for (const [region, info] of Object.entries(REGIONS)) expect(`${region} ${info.zones.length}`).toMatch(/ [2-6]$/);
  });
});

describe('node pool labels and taints', () => {
  const pool = (change: Record<string, unknown>) => (s: Record<string, any>) => Object.assign(s.nodePools[0], change);

  it('refuses a label key that is not a qualified name', () => {
    expect(issuesOf(pool({ labels: { 'a/b/c': 'x' } }))).toEqual(only('spec.nodePools[0].labels.a/b/c', 'label key "a/b/c" has more than one "/"'));
    expect(issuesOf(pool({ labels: { 'Example.com/x': 'y' } }))).toEqual(
      only('spec.nodePools[0].labels.Example.com/x', 'label key "Example.com/x" has a prefix "Example.com" that is not a lowercase DNS subdomain'),
    );
    expect(issuesOf(pool({ labels: { [`${'x'.repeat(64)}`]: 'y' } }))).toEqual(only(`spec.nodePools[0].labels.${'x'.repeat(64)}`, /has a name part of 64 characters \(at most 63\)/));
  });

  it('refuses label keys of reserved domains', () => {
    expect(issuesOf(pool({ labels: { 'kubernetes.io/role': 'db' } }))).toEqual(
      only('spec.nodePools[0].labels.kubernetes.io/role', /is in a Kubernetes-reserved domain .*accept only node\.kubernetes\.io\/\* keys there/),
    );
    expect(issuesOf(pool({ labels: { 'karpenter.sh/capacity-type': 'spot' } }))).toEqual(only('spec.nodePools[0].labels.karpenter.sh/capacity-type', /karpenter\.sh domain, whose labels Karpenter sets itself/));
    expect(issuesOf(pool({ labels: { 'node.kubernetes.io/role': 'db' } }))).toEqual([]);
  });

  it('refuses label values the API server refuses, and empty values on node groups', () => {
    expect(issuesOf(pool({ labels: { size: 'very large' } }))).toEqual(only('spec.nodePools[0].labels.size', /^label value "very large" must start and end with a letter or digit/));
    expect(issuesOf(pool({ labels: { size: '' } }))).toEqual(only('spec.nodePools[0].labels.size', 'label value is empty; EKS node groups refuse empty label values'));
  });

  it('refuses label keys over 63 characters on node groups (EKS API)', () => {
    const key = `${'a'.repeat(50)}.example.com/size`;
    expect(issuesOf(pool({ labels: { [key]: 'x' } }))).toEqual(only(`spec.nodePools[0].labels.${key}`, `label key "${key}" is 67 characters; EKS node groups take keys of at most 63`));
  });

  it('refuses invalid and reserved taint keys, bad values and duplicate taints', () => {
    expect(issuesOf(pool({ taints: [{ key: 'dedicated!', effect: 'NoSchedule' }] }))).toEqual(only('spec.nodePools[0].taints[0].key', /^taint key "dedicated!" has a name part that/));
    expect(issuesOf(pool({ taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] }))).toEqual(
      only('spec.nodePools[0].taints[0].key', /kubernetes\.io domain, whose taints Kubernetes controllers add and remove themselves/),
    );
    expect(issuesOf(pool({ taints: [{ key: 'dedicated', value: 'db team', effect: 'NoSchedule' }] }))).toEqual(only('spec.nodePools[0].taints[0].value', /^taint value "db team" must start/));
    expect(
      issuesOf(pool({ taints: [{ key: 'dedicated', value: 'a', effect: 'NoSchedule' }, { key: 'dedicated', value: 'b', effect: 'NoSchedule' }] })),
    ).toEqual(only('spec.nodePools[0].taints[1]', 'taint dedicated:NoSchedule repeats taints[0]', 'keep one taint per key and effect'));
  });
});

describe('numeric bounds', () => {
  it('caps a node group at the EKS quota of 450 nodes', () => {
    expect(issuesOf((s) => (s.nodePools[0].maxSize = 500))).toEqual(
      only('spec.nodePools[0].maxSize', 'maxSize 500 is above the 450 nodes EKS allows per managed node group (service quota "Nodes per managed node group")'),
    );
  });

  it('accepts gp3 root volumes up to 16 TiB and no more', () => {
    expect(issuesOf((s) => (s.nodePools[0].diskSizeGiB = 16384))).toEqual([]);
    expect(issuesOf((s) => (s.nodePools[0].diskSizeGiB = 16385))).toEqual(only('spec.nodePools[0].diskSizeGiB', /^16385 GiB is outside 20–16384/));
  });

  it('bounds tenant quotas: pods at most 150000, cpu and memory not zero', () => {
    expect(issuesOf((s) => (s.tenants[0].quota = { pods: 200_000 }))).toEqual(only('spec.tenants[0].quota.pods', 'pods quota 200000 is above the 150000 pods a Kubernetes cluster is built for'));
    expect(issuesOf((s) => (s.tenants[0].quota = { cpu: '0' }))).toEqual(only('spec.tenants[0].quota.cpu', 'a cpu quota of "0" admits no pod (every container gets a cpu request)'));
  });

  it('reports a number that is not finite (1e309) as an issue', () => {
    expect(issuesOf((s) => (s.nodePools[0].maxSize = 1e309)).map((i) => i.path)).toContain('spec.nodePools[0].maxSize');
    expect(issuesOf((s) => (s.availabilityZones = Number.POSITIVE_INFINITY)).map((i) => i.path)).toContain('spec.availabilityZones');
  });
});

describe('tenant editors', () => {
  const editors = (list: string[]) => (s: Record<string, any>) => (s.tenants[0].editors = list);

  it('refuses an empty editor name as a spec issue (the Tenant construct used to throw)', () => {
    expect(issuesOf(editors(['']))).toEqual(only('spec.tenants[0].editors[0]', 'group "" has no letter or digit, so it names no group and no RoleBinding'));
    const spec = structuredClone(prod) as Record<string, any>;
    spec.tenants[0].editors = [''];
    expect(() => Platform.fromUnknown(spec)).toThrow(SpecValidationError);
  });

  it('refuses two groups that map to one RoleBinding name', () => {
    expect(issuesOf(editors(['Team A', 'team-a']))).toEqual(
      only('spec.tenants[0].editors[1]', 'groups "Team A" (editors[0]) and "team-a" both map to the RoleBinding "edit-team-a", so one would replace the other'),
    );
  });

  it('refuses a group listed twice', () => {
    expect(issuesOf(editors(['team-a', 'team-a']))).toEqual(only('spec.tenants[0].editors[1]', 'group "team-a" is listed more than once (also editors[0])', 'list each group once'));
  });

  it('refuses control characters, surrounding spaces and over-long group names', () => {
    expect(issuesOf(editors(['team\u001b[31m']))).toEqual(only('spec.tenants[0].editors[0]', 'group "team\\u001b[31m" contains control characters'));
    expect(issuesOf(editors([' team-a']))).toEqual(only('spec.tenants[0].editors[0]', 'group " team-a" starts or ends with whitespace, so it matches no group', 'use "team-a"'));
    expect(issuesOf(editors(['g'.repeat(249)]))).toEqual(
      only('spec.tenants[0].editors[0]', "group name of 249 characters; its RoleBinding name would pass Kubernetes' 253-character limit", 'use a group name of at most 248 characters'),
    );
  });
});
