/**
 * One source of AWS names: lib/spec/aws-names.ts lists every name the plan creates, with its
 * limit, and validation refuses names over their limit instead of cutting them (a cut name can
 * collide: two long pool names used to become one IAM role).
 */
import { hasManagedNodeGroup } from '../../lib/cloud/node-pool';
import { ADDON_IDS } from '../../lib/spec/addon-ids';
import { NAME_LIMITS, nameCollisions, plannedNames, type NameKind, type PlannedName } from '../../lib/spec/aws-names';
import type { EnvironmentSpec, ResolvedSpec } from '../../lib/spec/types';
import { validateSpec } from '../../lib/spec/validate';
import { EKS_ADDON_NAMES } from '../../lib/spec/versions';
import { crossEnvironmentNameIssues } from '../../lib/spec/rules/aws-names';
import { dev, staging } from '../../stacks/environments';
import { synthesize } from '../support/environment';
import { issuesOf, prod } from './helpers';

/** Where each kind's name sits in a plan record. */
const NAMED: Record<string, { input: string; kind: NameKind }> = {
  'aws:eks/cluster:Cluster': { input: 'name', kind: 'EKS cluster' },
  'aws:iam/role:Role': { input: 'name', kind: 'IAM role' },
  'aws:iam/rolePolicy:RolePolicy': { input: 'name', kind: 'IAM inline policy' },
  'aws:eks/nodeGroup:NodeGroup': { input: 'nodeGroupName', kind: 'EKS node group' },
  'aws:ec2/launchTemplate:LaunchTemplate': { input: 'name', kind: 'EC2 launch template' },
  'aws:sqs/queue:Queue': { input: 'name', kind: 'SQS queue' },
  'aws:cloudwatch/eventRule:EventRule': { input: 'name', kind: 'EventBridge rule' },
  'aws:kms/alias:Alias': { input: 'name', kind: 'KMS alias' },
  'aws:cloudwatch/logGroup:LogGroup': { input: 'name', kind: 'CloudWatch log group' },
  'aws:s3/bucket:Bucket': { input: 'bucket', kind: 'S3 bucket' },
};
/** Inputs that refer to something named elsewhere, not a name this resource takes. */
const REFERENCES = new Set(['clusterName', 'addonName', 'domainName']);
/** Resources whose name AWS derives (the ACM validation record). */
const DERIVED = new Set(['aws:route53/record:Record']);

function namesOf(spec: ResolvedSpec): PlannedName[] {
  const karpenter = spec.addons.autoscaler === 'karpenter' && !spec.addons.disabled.includes('karpenter');
  return plannedNames({
    name: spec.name,
    nodePools: spec.nodePools.map((p) => ({ name: p.name, managedNodeGroup: hasManagedNodeGroup(spec, p) })),
    karpenter,
    workloads: [...ADDON_IDS, ...EKS_ADDON_NAMES],
    accountId: spec.accountId,
    region: spec.region,
    drRegion: spec.backup.drRegion,
  });
}

/** A 20-character environment (the longest) with pools named as long as the limits allow. */
const longest: EnvironmentSpec = {
  ...prod,
  name: 'payments-platform-eu',
  addons: { ...prod.addons, autoscaler: 'cluster-autoscaler' },
  nodePools: prod.nodePools.map((p, i) => ({ ...p, name: `${p.name}-`.padEnd(36, 'x') + String(i) })),
};

describe('AWS names', () => {
  it.each([
    ['prod (Karpenter)', prod],
    ['longest names (cluster-autoscaler)', longest],
  ])('lists every name the plan of %s creates, each within its limit', async (_, spec) => {
    const { platform, plan } = await synthesize(spec);
    const listed = new Set(namesOf(platform.spec).map((n) => `${n.kind}: ${n.name}`));
    const created: string[] = [];
    for (const record of plan.filter((r) => r.type.startsWith('aws:') && !DERIVED.has(r.type))) {
      const inputs = record.inputs as Record<string, unknown>;
      const named = NAMED[record.type];
      // A new resource type that takes a name must be added to lib/spec/aws-names.ts (and here).
      const nameInputs = Object.keys(inputs).filter((k) => (k === 'name' || k === 'namePrefix' || /[a-z]Name$/.test(k)) && !REFERENCES.has(k));
      expect({ type: record.type, nameInputs: nameInputs.filter((k) => k !== named?.input) }).toEqual({ type: record.type, nameInputs: [] });
      // Without a name input AWS generates one (an inline policy of a service role).
      if (!named || inputs[named.input] === undefined) continue;
      const name = String(inputs[named.input]);
      expect(name.length).toBeLessThanOrEqual(NAME_LIMITS[named.kind]);
      created.push(`${named.kind}: ${name}`);
    }
    expect(created.filter((c) => !listed.has(c))).toEqual([]);
    expect(created.length).toBeGreaterThan(10);
  });

  it('accepts pool names exactly as long as the node role allows', () => {
    expect(validateSpec(longest).ok).toBe(true);
    expect(longest.nodePools[1].name).toHaveLength(37);
  });

  it('refuses two long pool names that used to be cut to the same IAM role, naming the longest that fits', () => {
    const issues = issuesOf((s) => {
      s.name = 'payments-platform-eu';
      s.addons.autoscaler = 'cluster-autoscaler';
      s.nodePools[1].name = `${'spot-general-'.padEnd(50, 'x')}-a`;
      s.nodePools[2].name = `${'spot-general-'.padEnd(50, 'x')}-b`;
    });
    expect(issues).toEqual([1, 2].map((i) => expect.objectContaining({
      path: `spec.nodePools[${i}].name`,
      problem: expect.stringMatching(/^52 characters make names that AWS or Kubernetes would refuse at deploy time: IAM role "payments-platform-eu-nodes-spot-general-x+-[ab]" of 79 \(IAM role names allow 64\), EKS node group "payments-platform-eu-spot-general-x+-[ab]" of 73 \(EKS node group names allow 63\)$/),
      fix: `shorten spec.nodePools[${i}].name to at most 37 characters`,
    })));
  });

  it('refuses a 100-character pool name also under Karpenter (a label value)', () => {
    expect(issuesOf((s) => (s.nodePools[1].name = 'x'.repeat(100)))).toEqual([
      expect.objectContaining({ path: 'spec.nodePools[1].name', problem: expect.stringMatching(/Kubernetes label value "x{100}" of 100 \(Kubernetes label value names allow 63\)/), fix: 'shorten spec.nodePools[1].name to at most 63 characters' }),
    ]);
  });

  it('finds a name given to two different resources (IAM role names ignore case)', () => {
    const a: PlannedName = { kind: 'IAM role', name: 'prod-x', field: 'spec.name', fieldLength: 4, purpose: 'IRSA role of x' };
    const b: PlannedName = { kind: 'IAM role', name: 'PROD-X', field: 'spec.nodePools[1].name', fieldLength: 1, purpose: 'node role of pool "x"' };
    expect(nameCollisions([a, b])).toEqual([[a, b]]);
    expect(nameCollisions([a, { ...b, kind: 'SQS queue' }])).toEqual([]);
    expect(nameCollisions(namesOf(validateSpec(prod).ok ? (validateSpec(prod) as { spec: ResolvedSpec }).spec : (undefined as never)))).toEqual([]);
  });
});

describe('AWS names across the environments of one run', () => {
  const asInput = (spec: object) => JSON.parse(JSON.stringify(spec)) as Record<string, unknown> & { name: string; accountId: string; region: string };

  it('finds a name two environments in one account would both create, naming both fields', () => {
    const a = asInput({ ...prod, name: 'prod', nodePools: prod.nodePools.map((p, i) => (i === 0 ? { ...p, name: 'a-system' } : p)) });
    const b = asInput({ ...prod, name: 'prod-a', nodePools: prod.nodePools.map((p, i) => (i === 0 ? { ...p, name: 'system' } : p)) });
    const issues = crossEnvironmentNameIssues([a, b].map((input) => ({ ...input, input })));
    expect(issues).toContainEqual({
      env: 'prod-a',
      issue: {
        path: 'spec.nodePools[0].name',
        problem: 'EC2 launch template name "prod-a-system" (launch template of pool "system") is also created by environment "prod" (launch template of pool "a-system") in account 333333333333 in eu-west-1',
        fix: 'rename spec.nodePools[0].name (or spec.nodePools[0].name of "prod") so the names differ',
      },
    });
  });

  it('finds nothing between environments in different accounts, or the stock ones', () => {
    const a = asInput({ ...prod, name: 'prod', nodePools: prod.nodePools.map((p, i) => (i === 0 ? { ...p, name: 'a-system' } : p)) });
    const b = asInput({ ...prod, name: 'prod-a', accountId: '999999999999', nodePools: prod.nodePools.map((p, i) => (i === 0 ? { ...p, name: 'system' } : p)) });
    expect(crossEnvironmentNameIssues([a, b].map((input) => ({ ...input, input })))).toEqual([]);
    expect(crossEnvironmentNameIssues([dev, staging, prod].map((s) => asInput(s)).map((input) => ({ ...input, input })))).toEqual([]);
  });
});
