/**
 * Audit and access in the offline cloud plans (issue #10 §7): the control plane's audit log goes
 * to a log group we own, KMS-encrypted with the environment's rotating logs key and kept as long
 * as the spec says; cluster-admin is granted through EKS access entries to `spec.admins` and to
 * nobody else.
 */
import { CONTROL_PLANE_LOG_TYPES } from '../../lib/cloud/control-plane';
import type { PlanRecord } from '../../lib/plan/planner';
import { resolveSpec } from '../../lib/spec/validate';
import type { EnvironmentSpec } from '../../lib/spec/types';
import { dev, prod, staging } from '../../stacks/environments';
import { ofType, synthesize, type Synthesized } from '../support/environment';

/** EKS access policies that amount to cluster-admin (full or all-namespaces write). */
const ADMIN_POLICIES = ['arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy', 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy'];

/** Production keeping control-plane logs two years instead of its tier's one. */
const prodLongRetention: EnvironmentSpec = { ...prod, observability: { ...prod.observability, logRetentionDays: 731 } };

const TARGETS: Array<{ name: string; spec: EnvironmentSpec }> = [
  { name: 'dev', spec: dev },
  { name: 'staging', spec: staging },
  { name: 'prod', spec: prod },
  { name: 'prod-731-days', spec: prodLongRetention },
];

const envs: Record<string, Synthesized> = {};
beforeAll(async () => {
  for (const { name, spec } of TARGETS) envs[name] = await synthesize(spec);
}, 120_000);

const names = TARGETS.map((t) => t.name);
const specOf = (name: string) => resolveSpec(TARGETS.find((t) => t.name === name)!.spec);

function controlPlaneLogGroup(plan: readonly PlanRecord[], cluster: string): PlanRecord {
  const groups = ofType(plan, 'aws:cloudwatch/logGroup:LogGroup').filter((g) => g.inputs.name === `/aws/eks/${cluster}/cluster`);
  expect(groups).toHaveLength(1);
  return groups[0];
}

describe('control-plane audit logs', () => {
  it.each(names)('%s sends the audit log (and the other control-plane logs) to CloudWatch', (env) => {
    const [cluster] = ofType(envs[env].plan, 'aws:eks/cluster:Cluster');
    expect(cluster.inputs.enabledClusterLogTypes).toEqual(expect.arrayContaining(['audit', 'authenticator', 'api']));
    expect([...(cluster.inputs.enabledClusterLogTypes as string[])].sort()).toEqual([...CONTROL_PLANE_LOG_TYPES].sort());
  });

  it.each(names)('%s creates the control-plane log group before the cluster (EKS would create it unencrypted, kept forever)', (env) => {
    const [cluster] = ofType(envs[env].plan, 'aws:eks/cluster:Cluster');
    const group = controlPlaneLogGroup(envs[env].plan, cluster.inputs.name as string);
    expect(cluster.dependsOn).toContain(group.name);
  });

  it.each(names)('%s keeps the control-plane logs exactly spec.observability.logRetentionDays', (env) => {
    const spec = specOf(env);
    const group = controlPlaneLogGroup(envs[env].plan, spec.name);
    expect(group.inputs.retentionInDays).toBe(spec.observability.logRetentionDays);
  });

  it('follows the spec, not the tier: 731 days when the spec says so', () => {
    expect(controlPlaneLogGroup(envs['prod-731-days'].plan, 'prod').inputs.retentionInDays).toBe(731);
    expect(controlPlaneLogGroup(envs.prod.plan, 'prod').inputs.retentionInDays).toBe(365);
  });

  it.each(names)('%s encrypts the control-plane log group with the rotating logs key CloudWatch Logs of its region may use', (env) => {
    const spec = specOf(env);
    const plan = envs[env].plan;
    const group = controlPlaneLogGroup(plan, spec.name);
    const keys = ofType(plan, 'aws:kms/key:Key');
    const key = keys.find((k) => group.inputs.kmsKeyId === `arn:aws:kms:${spec.region}:${spec.accountId}:key/${k.name}`);
    expect(key).toBeDefined();
    expect(key!.inputs.enableKeyRotation).toBe(true);
    const policy = JSON.parse(key!.inputs.policy as string) as { Statement: Array<{ Principal?: { Service?: string }; Action: string[]; Condition?: Record<string, Record<string, string>> }> };
    const logs = policy.Statement.find((s) => s.Principal?.Service === `logs.${spec.region}.amazonaws.com`);
    expect(logs?.Action).toEqual(expect.arrayContaining(['kms:Encrypt*', 'kms:Decrypt*', 'kms:GenerateDataKey*']));
    // Scoped to this account's log groups in this region, not any caller of CloudWatch Logs.
    expect(logs?.Condition?.ArnLike?.['kms:EncryptionContext:aws:logs:arn']).toBe(`arn:aws:logs:${spec.region}:${spec.accountId}:log-group:*`);
  });
});

describe('EKS access entries', () => {
  it.each(names)('%s grants cluster-admin to spec.admins and to nobody else', (env) => {
    const spec = specOf(env);
    const plan = envs[env].plan;
    const admins = ofType(plan, 'aws:eks/accessPolicyAssociation:AccessPolicyAssociation').filter((a) => ADMIN_POLICIES.includes(a.inputs.policyArn as string));
    expect(admins.map((a) => a.inputs.principalArn).sort()).toEqual([...spec.admins].sort());
    for (const a of admins) expect(a.inputs.accessScope).toEqual({ type: 'cluster' });
  });

  it.each(names)('%s has no STANDARD access entry besides the admins and the tenant roles (nodes join through EC2_LINUX entries without policies)', (env) => {
    const spec = specOf(env);
    const plan = envs[env].plan;
    const entries = ofType(plan, 'aws:eks/accessEntry:AccessEntry');
    const standard = entries.filter((e) => e.inputs.type === 'STANDARD').map((e) => e.inputs.principalArn);
    // Tenant roles get groups bound in their namespace only, never an access policy (test/k8s/tenant-access.test.ts).
    const tenantRoles = spec.tenants.flatMap((t) => [...t.access.admins, ...t.access.developers, ...t.access.viewers]);
    expect(standard.sort()).toEqual([...new Set([...spec.admins, ...tenantRoles])].sort());
    const others = entries.filter((e) => e.inputs.type !== 'STANDARD');
    for (const e of others) {
      expect(e.inputs.type).toBe('EC2_LINUX');
      expect(e.inputs.kubernetesGroups ?? []).toEqual([]);
    }
    const associated = new Set(ofType(plan, 'aws:eks/accessPolicyAssociation:AccessPolicyAssociation').map((a) => a.inputs.principalArn));
    for (const e of others) expect(associated.has(e.inputs.principalArn)).toBe(false);
  });

  it.each(names)('%s keeps the cluster on access entries only (no aws-auth ConfigMap, no hidden creator admin)', (env) => {
    const [cluster] = ofType(envs[env].plan, 'aws:eks/cluster:Cluster');
    expect(cluster.inputs.accessConfig).toEqual({ authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: false });
  });
});
