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

  it('orders batch-low < workload-default < platform-critical < system-cluster-critical', () => {
    const c = chart();
    new PriorityClasses(c, 'pc', { environment: 'prod' });
    const byName = Object.fromEntries(synth(c).map((o) => [o.metadata.name, o]));
    expect(byName['batch-low'].value).toBeGreaterThan(0);
    expect(byName['batch-low'].value).toBeLessThan(byName['workload-default'].value);
    expect(byName['workload-default'].value).toBeLessThan(byName['platform-critical'].value);
    expect(byName['platform-critical'].value).toBeLessThan(SYSTEM_CLUSTER_CRITICAL);
  });

  it('makes workload-default the one global default, so tenant pods without a class get it', () => {
    const c = chart();
    new PriorityClasses(c, 'pc', { environment: 'prod' });
    expect(synth(c).filter((o) => o.globalDefault === true).map((o) => o.metadata.name)).toEqual(['workload-default']);
  });

  it('never lets batch-low preempt, and lets every other class preempt', () => {
    const c = chart();
    new PriorityClasses(c, 'pc', { environment: 'prod' });
    const policies = Object.fromEntries(synth(c).map((o) => [o.metadata.name, o.preemptionPolicy ?? 'PreemptLowerPriority']));
    expect(policies).toEqual({ 'batch-low': 'Never', 'platform-critical': 'PreemptLowerPriority', 'workload-default': 'PreemptLowerPriority' });
  });

  it('passes the upstream schema', () => {
    const c = chart();
    new PriorityClasses(c, 'pc', { environment: 'prod' });
    expect(validateObjects(synth(c))).toEqual([]);
  });
});
