/**
 * `stacks/index.ts` — the program `pulumi up --stack <env>` runs — picks the stock environment
 * from the stack name and applies the stack's configuration.
 */
import * as pulumi from '@pulumi/pulumi';
import { Platform } from '../../lib/blueprint/platform';
import { planProgram, type PlanRecord } from '../../lib/plan/planner';
import { specForStack } from '../../stacks/stack-config';
import { compareText } from '../../lib/spec/order';

function runEntry(stack: string, config: Record<string, string>): Promise<PlanRecord[]> {
  return planProgram(stack, { region: 'eu-north-1', accountId: '999999999999' }, () => {
    pulumi.runtime.setAllConfig(config);
    // The program runs as it loads, once per test file. Not in jest.isolateModules: that gave the
    // program its own copy of the Pulumi SDK (1.5 s to load again, and without the planner's
    // debugging captures off every resource formatted a source-mapped stack trace: 5 s).
    require('../../stacks/index');
  });
}

const RUNNER_SUBNET = '10.30.200.0/24';
const RUNNER_GROUP = 'sg-0123456789abcdef0';

describe('stacks/index.ts', () => {
  // One plan of a private-only production stack whose first `pulumi up` runs from a CI runner.
  let plan: PlanRecord[];
  beforeAll(async () => {
    plan = await runEntry('prod', {
      'aws:region': 'eu-north-1',
      'groundwork:accountId': '999999999999',
      'groundwork:adminRoleArns': JSON.stringify(['arn:aws:iam::999999999999:role/ops']),
      'groundwork:publicAccessCidrs': JSON.stringify([]),
      'groundwork:privateAccessCidrs': JSON.stringify([RUNNER_SUBNET]),
      'groundwork:privateAccessSecurityGroupIds': JSON.stringify([RUNNER_GROUP]),
    });
  });

  it('deploys the stock environment of the stack with the stack config applied', () => {
    const cluster = plan.find((r) => r.type === 'aws:eks/cluster:Cluster')!;
    expect(cluster.inputs.name).toBe('prod');
    expect(cluster.inputs.roleArn).toBe('arn:aws:iam::999999999999:role/prod-eks-cluster');
    expect(plan.filter((r) => r.type === 'aws:eks/accessEntry:AccessEntry').map((r) => r.inputs.principalArn)).toContain('arn:aws:iam::999999999999:role/ops');
    expect(plan.filter((r) => r.type === 'kubernetes:helm.sh/v3:Release').length).toBeGreaterThan(5);
  });

  it('lets the privateAccessCidrs / privateAccessSecurityGroupIds networks reach the private endpoint on 443, before anything is applied to the cluster', () => {
    const cluster = plan.find((r) => r.type === 'aws:eks/cluster:Cluster')!;
    expect(cluster.inputs.vpcConfig).toMatchObject({ endpointPrivateAccess: true, endpointPublicAccess: false });
    const rules = plan.filter((r) => r.type === 'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule');
    expect(rules.map((r) => ({ from: r.inputs.cidrIpv4 ?? r.inputs.referencedSecurityGroupId, port: [r.inputs.fromPort, r.inputs.toPort], protocol: r.inputs.ipProtocol })).sort((a, b) => compareText(String(a.from), String(b.from)))).toEqual([
      { from: RUNNER_SUBNET, port: [443, 443], protocol: 'tcp' },
      { from: RUNNER_GROUP, port: [443, 443], protocol: 'tcp' },
    ]);
    // On the cluster security group, which the private endpoint's network interfaces carry.
    for (const rule of rules) expect(String(rule.inputs.securityGroupId)).toMatch(/cluster/);
    // The Kubernetes provider (every release and manifest) waits for the rules: the runner must get in first.
    const provider = plan.find((r) => r.type === 'pulumi:providers:kubernetes')!;
    for (const rule of rules) expect(provider.dependsOn).toContain(rule.name);
  });

  it('names the stock environments when the stack has no match', () => {
    expect(() => specForStack('qa', {})).toThrow('no stock environment named "qa"; name the stack one of dev, staging, prod');
  });

  it('maps privateAccessCidrs and privateAccessSecurityGroupIds onto spec.endpoint.privateAccess, each independently', () => {
    expect(specForStack('prod', {}).endpoint).toEqual({ public: false });
    expect(specForStack('prod', { privateAccessCidrs: [RUNNER_SUBNET] }).endpoint).toEqual({ public: false, privateAccess: { cidrs: [RUNNER_SUBNET] } });
    expect(specForStack('prod', { privateAccessSecurityGroupIds: [RUNNER_GROUP] }).endpoint).toEqual({ public: false, privateAccess: { securityGroupIds: [RUNNER_GROUP] } });
    // A public-endpoint override keeps the private-access networks (and the reverse).
    const both = specForStack('dev', { publicAccessCidrs: ['198.51.100.0/24'], privateAccessCidrs: [RUNNER_SUBNET], privateAccessSecurityGroupIds: [] });
    expect(both.endpoint).toEqual({ public: true, publicAccessCidrs: ['198.51.100.0/24'], privateAccess: { cidrs: [RUNNER_SUBNET], securityGroupIds: [] } });
    // An empty list clears what an earlier layer set.
    expect(specForStack('prod', { privateAccessCidrs: [] }).endpoint?.privateAccess).toEqual({ cidrs: [] });
  });

  it('validates the private-access stack config like the spec, naming the field and the fix', () => {
    expect(() => Platform.fromSpec(specForStack('prod', { privateAccessSecurityGroupIds: ['ci-runner'] }))).toThrow(
      'spec.endpoint.privateAccess.securityGroupIds[0]: "ci-runner" is not a security group id',
    );
    expect(() => Platform.fromSpec(specForStack('prod', { privateAccessCidrs: ['0.0.0.0/0'] }))).toThrow(
      'spec.endpoint.privateAccess.cidrs[0]: 0.0.0.0/0 lets every network that routes to the VPC reach the Kubernetes API',
    );
  });

  it('turns an empty publicAccessCidrs list into a private endpoint', () => {
    expect(specForStack('dev', { publicAccessCidrs: [] }).endpoint).toEqual({ public: false });
    expect(specForStack('dev', { region: 'us-east-2' }).region).toBe('us-east-2');
  });
});
