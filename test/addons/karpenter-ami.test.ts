/**
 * Karpenter pools follow the spec pool's image choice: the EC2NodeClass alias family (pinned at
 * `@latest` as before) and, for Bottlerocket, its OS + data volumes.
 */
import { poolNodeClassSpec } from '../../lib/addons/karpenter-resources';
import { resolveSpec } from '../../lib/spec/validate';
import { prod } from '../../stacks/environments';

const withImage = (amiType: string | undefined) => {
  const spec = structuredClone(prod);
  if (amiType) spec.nodePools[1].amiType = amiType as never;
  const resolved = resolveSpec(spec);
  return poolNodeClassSpec(resolved, resolved.nodePools[1]);
};

describe('Karpenter EC2NodeClass image', () => {
  it('keeps al2023@latest and one encrypted root volume for AL2023 pools (the stock default)', () => {
    const nodeClass = withImage(undefined);
    expect(nodeClass.amiSelectorTerms).toEqual([{ alias: 'al2023@latest' }]);
    expect(nodeClass.blockDeviceMappings.map((b) => b.deviceName)).toEqual(['/dev/xvda']);
  });

  it('selects bottlerocket@latest with a 4 GiB OS volume and the pool disk as data volume for Bottlerocket pools', () => {
    const nodeClass = withImage('BOTTLEROCKET_x86_64');
    expect(nodeClass.amiSelectorTerms).toEqual([{ alias: 'bottlerocket@latest' }]);
    expect(nodeClass.blockDeviceMappings).toEqual([
      { deviceName: '/dev/xvda', ebs: { volumeSize: '4Gi', volumeType: 'gp3', encrypted: true, deleteOnTermination: true } },
      { deviceName: '/dev/xvdb', ebs: { volumeSize: '100Gi', volumeType: 'gp3', encrypted: true, deleteOnTermination: true } },
    ]);
  });
});
