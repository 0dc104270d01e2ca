import { PriorityClasses } from '../../lib/k8s/priority-classes';
import { validateObjects } from '../support/schema';
import { chart, synth } from './helpers';

const SYSTEM_CLUSTER_CRITICAL = 2_000_000_000;

describe('PriorityClasses', () => {
  it('matches the snapshot', () => {
    const c = chart();
    new PriorityClasses(c, 'pc', { environment: 'prod' });
    expect(synth(c)).toMatchSnapshot();
  });

  it('orders workload-default < platform-critical < system-cluster-critical, none global default', () => {
    const c = chart();
    new PriorityClasses(c, 'pc', { environment: 'prod' });
    const byName = Object.fromEntries(synth(c).map((o) => [o.metadata.name, o]));
    expect(byName['workload-default'].value).toBeLessThan(byName['platform-critical'].value);
    expect(byName['platform-critical'].value).toBeLessThan(SYSTEM_CLUSTER_CRITICAL);
    expect(Object.values(byName).every((o) => o.globalDefault === false)).toBe(true);
  });

  it('passes the upstream schema', () => {
    const c = chart();
    new PriorityClasses(c, 'pc', { environment: 'prod' });
    expect(validateObjects(synth(c))).toEqual([]);
  });
});
