import * as pulumi from '@pulumi/pulumi';
import { Vpc } from '@pulumi/aws/ec2';
import { Key } from '@pulumi/aws/kms';
import { planProgram, toCloudJson } from '../../lib/plan/planner';

class Sample extends pulumi.ComponentResource {
  constructor(name: string) {
    super('groundwork:test:Sample', name, {}, {});
    const vpc = new Vpc(`${name}-vpc`, { cidrBlock: '10.0.0.0/16' }, { parent: this });
    new Key(`${name}-key`, { description: pulumi.secret('do not print'), tags: { vpc: vpc.id } }, { parent: this, protect: true, dependsOn: [vpc] });
    this.registerOutputs({});
  }
}

describe('planProgram', () => {
  it('records type, name, parent and inputs, sorted by type then name, with secrets redacted', async () => {
    const plan = await planProgram('t', { region: 'eu-west-1', accountId: '111111111111' }, () => new Sample('s'));
    expect(toCloudJson(plan)).toEqual([
      { type: 'aws:ec2/vpc:Vpc', name: 's-vpc', parent: 's', inputs: { cidrBlock: '10.0.0.0/16' } },
      { type: 'aws:kms/key:Key', name: 's-key', parent: 's', inputs: { description: '[secret]', tags: { vpc: 's-vpc-id' } } },
      { type: 'groundwork:test:Sample', name: 's', parent: null, inputs: {} },
    ]);
    const key = plan.find((r) => r.name === 's-key')!;
    expect(key.protect).toBe(true);
    expect(key.dependsOn).toEqual(['s-vpc']);
  });

  it('fails loudly when the program fails', async () => {
    await expect(
      planProgram('t', { region: 'eu-west-1', accountId: '111111111111' }, () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
  });
});
