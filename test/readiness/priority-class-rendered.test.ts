/**
 * Scheduling priority over what actually runs: every release rendered with the plan's values,
 * operator-modelled StatefulSets included, judged by the `availability.priority-class` check.
 */
import { checkReadiness } from '../../lib/readiness/check-readiness';
import { placeAll } from '../../lib/readiness/kube-objects';
import { operatorWorkloads } from '../../lib/readiness/operator-workloads';
import { extractPodTemplates } from '../../lib/readiness/pod-templates';
import { checkPriorityClasses, PRIORITY_CLASS_CHECK } from '../../lib/readiness/priority-class';
import type { RenderedObject } from '../../lib/readiness/types';
import { renderedEnvironment, type RenderedEnvironment } from '../support/rendered';
import { prodAlternatives } from '../support/variants';
import { prod } from '../../stacks/environments';

const envs = new Map<string, RenderedEnvironment>();
beforeAll(async () => {
  envs.set('prod', await renderedEnvironment(prod));
  envs.set('prod-alternatives', await renderedEnvironment(prodAlternatives));
}, 600_000);

function running(name: string): RenderedObject[] {
  const env = envs.get(name)!;
  const placed = placeAll(env.objects, env.releases);
  return [...placed, ...operatorWorkloads(placed)];
}

describe.each(['prod', 'prod-alternatives'])('%s as rendered', (name) => {
  it('runs every platform Deployment, StatefulSet and DaemonSet at platform-critical (node agents of the CNI at system-node-critical)', () => {
    const templates = extractPodTemplates(running(name)).filter((t) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(t.ownerKind));
    expect(templates.length).toBeGreaterThan(20);
    const classes = new Map(templates.map((t) => [t.owner, t.spec.priorityClassName]));
    const off = [...classes].filter(([owner, pc]) => pc !== 'platform-critical' && !(owner.startsWith('DaemonSet/') && pc === 'system-node-critical'));
    expect(off).toEqual([]);
    // Prometheus and Alertmanager get the class through their custom resources.
    expect(classes.get('StatefulSet/monitoring/prometheus-kube-prometheus-stack-prometheus')).toBe('platform-critical');
    expect(classes.get('StatefulSet/monitoring/alertmanager-kube-prometheus-stack-alertmanager')).toBe('platform-critical');
    const env = envs.get(name)!;
    const findings = checkReadiness({ spec: env.spec, objects: env.objects, releases: env.releases }).areas.availability.filter((f) => f.check === PRIORITY_CLASS_CHECK);
    expect(findings).toEqual([]);
  });

  it('has exactly one global default PriorityClass among everything it deploys: workload-default', () => {
    const defaults = running(name).filter((o) => o.kind === 'PriorityClass' && o.globalDefault === true);
    expect(defaults.map((o) => o.metadata.name)).toEqual(['workload-default']);
  });
});

describe('the check over the rendered output', () => {
  it('catches a platform release whose priorityClassName is dropped', () => {
    const objects = running('prod').map((o) => {
      if (o.kind !== 'Deployment' || o.metadata.name !== 'metrics-server') return o;
      const copy = structuredClone(o) as RenderedObject & { spec: { template: { spec: Record<string, unknown> } } };
      delete copy.spec.template.spec.priorityClassName;
      return copy;
    });
    const findings = checkPriorityClasses(extractPodTemplates(objects), objects, envs.get('prod')!.spec);
    expect(findings.map((f) => f.object)).toEqual(['Deployment/kube-system/metrics-server']);
  });
});
