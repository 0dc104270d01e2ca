import { StorageClasses } from '../../lib/k8s/storage-classes';
import { validateObjects } from '../support/schema';
import { chart, STOCK, synth } from './helpers';

describe('StorageClasses', () => {
  it.each(['dev', 'prod'] as const)('matches the snapshot (%s)', (env) => {
    const c = chart();
    new StorageClasses(c, 'sc', { spec: STOCK[env] });
    expect(synth(c)).toMatchSnapshot();
  });

  it('has exactly one default class: encrypted gp3 on EBS CSI, bound on first consumer, expandable', () => {
    const c = chart();
    new StorageClasses(c, 'sc', { spec: STOCK.dev });
    const defaults = synth(c).filter((o) => o.kind === 'StorageClass' && o.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true');
    expect(defaults).toHaveLength(1);
    expect(defaults[0]).toMatchObject({
      metadata: { name: 'gp3' },
      provisioner: 'ebs.csi.aws.com',
      parameters: { type: 'gp3', encrypted: 'true' },
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
    });
  });

  it('retains volumes in production and deletes them in development', () => {
    const reclaim = (env: 'dev' | 'prod') => {
      const c = chart();
      new StorageClasses(c, 'sc', { spec: STOCK[env] });
      return synth(c)[0].reclaimPolicy;
    };
    expect(reclaim('prod')).toBe('Retain');
    expect(reclaim('dev')).toBe('Delete');
  });

  it('passes the upstream schema', () => {
    const c = chart();
    new StorageClasses(c, 'sc', { spec: STOCK.prod });
    expect(validateObjects(synth(c))).toEqual([]);
  });
});
