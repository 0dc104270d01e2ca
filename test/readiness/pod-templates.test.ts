import { extractPodTemplates, allContainers } from '../../lib/readiness/pod-templates';
import { placeAll, placeInNamespace } from '../../lib/readiness/kube-objects';
import type { RenderedObject } from '../../lib/readiness/types';

const spec = { containers: [{ name: 'main', image: 'x:1' }], initContainers: [{ name: 'init', image: 'x:1' }], ephemeralContainers: [{ name: 'debug', image: 'x:1' }] };
const tpl = { metadata: { labels: { app: 'a' }, annotations: { note: 'n' } }, spec };

function obj(kind: string, body: Record<string, unknown>, namespace?: string): RenderedObject {
  return { apiVersion: 'v1', kind, metadata: { name: kind.toLowerCase(), ...(namespace ? { namespace } : {}) }, ...body };
}

describe('pod templates', () => {
  it('finds the template of every workload kind, the Pod itself and the CronJob job template', () => {
    const objects = [
      obj('Deployment', { spec: { template: tpl } }, 'ns'),
      obj('StatefulSet', { spec: { template: tpl } }, 'ns'),
      obj('DaemonSet', { spec: { template: tpl } }, 'ns'),
      obj('ReplicaSet', { spec: { template: tpl } }, 'ns'),
      obj('Job', { spec: { template: tpl } }, 'ns'),
      obj('CronJob', { spec: { jobTemplate: { spec: { template: tpl } } } }, 'ns'),
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'pod', namespace: 'ns', labels: { app: 'a' } }, spec },
      obj('ConfigMap', { data: {} }, 'ns'),
    ];
    const templates = extractPodTemplates(objects);
    expect(templates.map((t) => t.owner)).toEqual([
      'Deployment/ns/deployment',
      'StatefulSet/ns/statefulset',
      'DaemonSet/ns/daemonset',
      'ReplicaSet/ns/replicaset',
      'Job/ns/job',
      'CronJob/ns/cronjob',
      'Pod/ns/pod',
    ]);
    expect(templates.every((t) => t.labels.app === 'a')).toBe(true);
    expect(templates[0].annotations).toEqual({ note: 'n' });
  });

  it('lists init, regular and ephemeral containers', () => {
    const [t] = extractPodTemplates([obj('Deployment', { spec: { template: tpl } }, 'ns')]);
    expect(allContainers(t.spec).map((c) => `${c.kind}:${c.container.name}`)).toEqual(['initContainers:init', 'containers:main', 'ephemeralContainers:debug']);
  });

  it('places objects without a namespace in the default (release) namespace', () => {
    const [t] = extractPodTemplates([obj('Deployment', { spec: { template: tpl } })], 'istio-system');
    expect(t.namespace).toBe('istio-system');
    expect(t.owner).toBe('Deployment/istio-system/deployment');
  });

  it('gives a release namespace only to namespaced kinds', () => {
    const placed = placeInNamespace([obj('Deployment', {}), obj('ClusterRole', {}), obj('Deployment', {}, 'kept')], 'rel');
    expect(placed.map((o) => o.metadata.namespace)).toEqual(['rel', undefined, 'kept']);
  });

  it('recognises release objects inside the combined object list by identity', () => {
    const inRelease = obj('Deployment', { spec: { template: tpl } });
    const manifest = obj('Service', {}, 'apps');
    const all = placeAll([inRelease, manifest], [{ release: 'r', namespace: 'cert-manager', objects: [inRelease] }]);
    expect(all.map((o) => `${o.kind}/${o.metadata.namespace}`)).toEqual(['Deployment/cert-manager', 'Service/apps']);
  });

  it('adds release objects missing from the combined list', () => {
    const inRelease = obj('Deployment', { spec: { template: tpl } });
    expect(placeAll([], [{ release: 'r', namespace: 'x', objects: [inRelease] }]).map((o) => o.metadata.namespace)).toEqual(['x']);
  });

  it('ignores objects whose template has no containers list', () => {
    expect(extractPodTemplates([obj('Deployment', { spec: { template: { metadata: {}, spec: {} } } }, 'ns')])).toEqual([]);
  });
});
