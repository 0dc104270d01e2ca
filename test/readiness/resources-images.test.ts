import { checkImages, parseImage, unpinnedReason } from '../../lib/readiness/images';
import { injectMesh } from '../../lib/readiness/inject-pod';
import { readInjector } from '../../lib/readiness/mesh-injector';
import { podTemplateOf } from '../../lib/readiness/pod-templates';
import { checkResources } from '../../lib/readiness/resources';
import type { RenderedObject } from '../../lib/readiness/types';
import { goodContainer, goodSpec, istioFixture, istioWithValues, namespaceObject, namespacesOf, template } from './helpers';

describe('requests and limits', () => {
  it('flags a container without cpu/memory requests or a memory limit, naming what is missing', () => {
    const [f] = checkResources([template(goodSpec({ containers: [goodContainer('app', { resources: { requests: { cpu: '100m' } } })] }))], []);
    expect(f).toEqual(expect.objectContaining({ check: 'resources.requests-limits', container: 'app', problem: expect.stringContaining('requests.memory, limits.memory') }));
  });

  it('checks init containers too', () => {
    expect(checkResources([template(goodSpec({ initContainers: [{ name: 'init', image: 'x:1' }] }))], []).map((f) => f.container)).toEqual(['init']);
  });

  it('accepts complete resources, and limits alone (requests default to limits)', () => {
    expect(checkResources([template(goodSpec())], [])).toEqual([]);
    expect(checkResources([template(goodSpec({ containers: [goodContainer('app', { resources: { limits: { cpu: '1', memory: '1Gi' } } })] }))], [])).toEqual([]);
  });

  it('counts LimitRange defaults of the namespace', () => {
    const lr: RenderedObject = { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'd', namespace: 'apps' }, spec: { limits: [{ type: 'Container', default: { cpu: '500m', memory: '512Mi' }, defaultRequest: { cpu: '100m', memory: '128Mi' } }] } };
    const bare = template(goodSpec({ containers: [goodContainer('app', { resources: {} })] }));
    expect(checkResources([bare], [lr])).toEqual([]);
    expect(checkResources([{ ...bare, namespace: 'other' }], [lr])).toHaveLength(1);
  });

  it('judges injected containers by the values istiod injects them with', () => {
    const ns = namespacesOf(namespaceObject('apps', 'restricted', { 'istio-injection': 'enabled' }));
    const inject = (objects: RenderedObject[]) => injectMesh([template(goodSpec())], ns, readInjector(objects), { kubernetesVersion: '1.36' }).templates;
    expect(checkResources(inject(istioFixture().objects), [])).toEqual([]);
    const noLimit = inject(istioWithValues((v) => (v.global.proxy.resources = { requests: { cpu: '50m', memory: '128Mi' } })));
    const findings = checkResources(noLimit, []);
    expect(findings.map((f) => f.container)).toEqual(['istio-validation', 'istio-proxy']);
    expect(findings[0].fix).toContain('global.proxy.resources');
  });
});

describe('pinned images', () => {
  it('parses registries with ports, tags and digests', () => {
    expect(parseImage('registry.local:5000/team/app')).toEqual({ repository: 'registry.local:5000/team/app' });
    expect(parseImage('registry.local:5000/team/app:1.2')).toEqual({ repository: 'registry.local:5000/team/app', tag: '1.2' });
    expect(parseImage('app@sha256:' + 'a'.repeat(64))).toEqual({ repository: 'app', digest: 'sha256:' + 'a'.repeat(64) });
  });

  it('flags a missing tag, latest and a registry port mistaken for a tag', () => {
    expect(unpinnedReason('nginx')).toContain('no tag');
    expect(unpinnedReason('nginx:latest')).toContain('latest');
    expect(unpinnedReason('registry.local:5000/nginx')).toContain('no tag');
  });

  it('accepts an exact tag or a digest (whatever tag accompanies it)', () => {
    expect(unpinnedReason('quay.io/jetstack/cert-manager-controller:v1.21.1')).toBeUndefined();
    expect(unpinnedReason(`nginx:latest@sha256:${'b'.repeat(64)}`)).toBeUndefined();
  });

  it('reports the container at fault, init containers included', () => {
    const findings = checkImages([template(goodSpec({ initContainers: [goodContainer('init', { image: 'busybox' })] }))]);
    expect(findings).toEqual([expect.objectContaining({ check: 'images.pinned', container: 'init', object: 'Deployment/apps/app' })]);
  });

  it("treats the gateway's image: auto as the injector's pinned proxy image, and flags it when no injector mutates the pod", () => {
    const { objects, gatewayDeployment } = istioFixture();
    const gw = podTemplateOf(gatewayDeployment)!;
    const ns = namespacesOf(namespaceObject('istio-system', 'restricted'));
    const injected = injectMesh([gw], ns, readInjector(objects), { kubernetesVersion: '1.36' }).templates;
    expect(checkImages(injected)).toEqual([]);
    expect(checkImages([gw])[0].problem).toContain('image "auto"');
  });
});
