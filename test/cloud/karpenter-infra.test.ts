import { useMocks, ofType, plan, resolved, snapshotView } from './harness';
void useMocks();
import { KarpenterInfra } from '../../lib/cloud/karpenter-infra';
import { karpenterInterruptionQueueName, karpenterNodeRoleName } from '../../lib/spec/naming';
import { dev } from '../../stacks/environments';

const build = () => plan(() => new KarpenterInfra('dev-karpenter', { spec: resolved(dev) }));

describe('KarpenterInfra', () => {
  it('creates the node role with worker policies and admits it as EC2_LINUX', async () => {
    const resources = await build();
    const [role] = ofType(resources, 'aws:iam/role:Role');
    expect(role.inputs.name).toBe(karpenterNodeRoleName(resolved(dev)));
    const policies = ofType(resources, 'aws:iam/rolePolicyAttachment:RolePolicyAttachment').map((a) => String(a.inputs.policyArn).split('/').pop()).sort();
    expect(policies).toEqual(['AmazonEC2ContainerRegistryReadOnly', 'AmazonEKSWorkerNodePolicy', 'AmazonSSMManagedInstanceCore']);
    const [entry] = ofType(resources, 'aws:eks/accessEntry:AccessEntry');
    expect(entry.inputs).toMatchObject({ type: 'EC2_LINUX', clusterName: 'dev', principalArn: 'arn:aws:iam::000000000000:role/dev-karpenter-node' });
  });

  it('creates an encrypted, short-retention interruption queue writable by EventBridge', async () => {
    const resources = await build();
    const [queue] = ofType(resources, 'aws:sqs/queue:Queue');
    expect(queue.inputs).toMatchObject({ name: karpenterInterruptionQueueName(resolved(dev)), sqsManagedSseEnabled: true, messageRetentionSeconds: 300 });
    const [policy] = ofType(resources, 'aws:sqs/queuePolicy:QueuePolicy');
    const allow = JSON.parse(String(policy.inputs.policy)).Statement.find((s: { Effect: string }) => s.Effect === 'Allow');
    expect(allow.Principal.Service).toEqual(['events.amazonaws.com', 'sqs.amazonaws.com']);
  });

  it('routes health, spot interruption, rebalance and state-change events to the queue', async () => {
    const resources = await build();
    const patterns = ofType(resources, 'aws:cloudwatch/eventRule:EventRule').map((r) => JSON.parse(String(r.inputs.eventPattern)));
    expect(patterns.map((p) => `${p.source[0]}:${p['detail-type'][0]}`).sort()).toEqual([
      'aws.ec2:EC2 Instance Rebalance Recommendation',
      'aws.ec2:EC2 Instance State-change Notification',
      'aws.ec2:EC2 Spot Instance Interruption Warning',
      'aws.health:AWS Health Event',
    ]);
    const targets = ofType(resources, 'aws:cloudwatch/eventTarget:EventTarget');
    expect(targets).toHaveLength(4);
    for (const t of targets) expect(t.inputs.arn).toBe('arn:aws:sqs:eu-west-1:000000000000:dev-karpenter-interruption');
  });

  it('matches the dev snapshot', async () => {
    expect(snapshotView(await build())).toMatchSnapshot();
  });
});
