/**
 * `stacks/index.ts` — the program `pulumi up --stack <env>` runs — picks the stock environment
 * from the stack name and applies the stack's configuration.
 */
import * as pulumi from '@pulumi/pulumi';
import { planProgram, type PlanRecord } from '../../lib/plan/planner';
import { specForStack } from '../../stacks/stack-config';

function runEntry(stack: string, config: Record<string, string>): Promise<PlanRecord[]> {
  return planProgram(stack, { region: 'eu-central-1', accountId: '999999999999' }, () => {
    pulumi.runtime.setAllConfig(config);
    jest.isolateModules(() => {
      require('../../stacks/index');
    });
  });
}

describe('stacks/index.ts', () => {
  it('deploys the stock environment of the stack with the stack config applied', async () => {
    const plan = await runEntry('prod', {
      'aws:region': 'eu-central-1',
      'groundwork:accountId': '999999999999',
      'groundwork:adminRoleArns': JSON.stringify(['arn:aws:iam::999999999999:role/ops']),
      'groundwork:publicAccessCidrs': JSON.stringify([]),
    });
    const cluster = plan.find((r) => r.type === 'aws:eks/cluster:Cluster')!;
    expect(cluster.inputs.name).toBe('prod');
    expect(cluster.inputs.roleArn).toBe('arn:aws:iam::999999999999:role/prod-eks-cluster');
    expect(plan.filter((r) => r.type === 'aws:eks/accessEntry:AccessEntry').map((r) => r.inputs.principalArn)).toContain('arn:aws:iam::999999999999:role/ops');
    expect(plan.filter((r) => r.type === 'kubernetes:helm.sh/v3:Release').length).toBeGreaterThan(5);
  });

  it('names the stock environments when the stack has no match', () => {
    expect(() => specForStack('qa', {})).toThrow('no stock environment named "qa"; name the stack one of dev, staging, prod');
  });

  it('turns an empty publicAccessCidrs list into a private endpoint', () => {
    expect(specForStack('dev', { publicAccessCidrs: [] }).endpoint).toEqual({ public: false });
    expect(specForStack('dev', { region: 'us-east-2' }).region).toBe('us-east-2');
  });
});
