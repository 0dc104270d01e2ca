import type { KubeObject } from '../../lib/blueprint/manifests';
import type { RenderedRelease } from '../../lib/render/render-plan';
import { READINESS_CHECKS } from '../../lib/readiness/check-catalogue';
import { checkReadiness } from '../../lib/readiness/check-readiness';
import { renderReadinessJson, renderReadinessMarkdown } from '../../lib/readiness/report';
import type { RenderedObject } from '../../lib/readiness/types';
import { deployment, goodContainer, goodSpec, istioFixture, namespaceObject, PROD } from './helpers';

const spec = { ...PROD, tenants: [] };
const system = { nodeSelector: { 'groundwork.dev/pool-role': 'system' }, tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists', effect: 'NoSchedule' }], priorityClassName: 'platform-critical' };
const platformCritical: RenderedObject = { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'platform-critical' }, value: 1_000_000 };
const spread = (app: string) => ({ topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app } } }] });
const pdb = (app: string, namespace: string, budget: Record<string, unknown> = { maxUnavailable: 1 }): RenderedObject => ({
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name: app, namespace },
  spec: { ...budget, selector: { matchLabels: { app } } },
});

/** A release as the renderer returns it: objects without a namespace. */
function release() {
  const good = deployment('ctrl', undefined as unknown as string, goodSpec({ ...system, ...spread('ctrl') }), { replicas: 2 });
  const singleton = deployment('leader', undefined as unknown as string, goodSpec({ ...system, ...spread('leader'), containers: [goodContainer('app', { image: 'example.com/leader:latest' })] }), { replicas: 1 });
  for (const o of [good, singleton]) delete o.metadata.namespace;
  // The singleton's budget (minAvailable 1 of 1) never allows an eviction.
  const budgets = [pdb('ctrl', ''), pdb('leader', '', { minAvailable: 1 })].map((p) => ({ ...p, metadata: { name: p.metadata.name } }));
  return { release: 'ctrl', namespace: 'platform', objects: [good, singleton, ...budgets] };
}

const manifests = [namespaceObject('platform', 'restricted'), platformCritical];

describe('checkReadiness', () => {
  it('places release objects in the release namespace and groups findings by area', () => {
    const r = checkReadiness({ spec, objects: manifests, releases: [release()] });
    expect(r.areas.availability.map((f) => `${f.check} ${f.object}`)).toEqual(['availability.disruption-budget Deployment/platform/leader', 'availability.replicas Deployment/platform/leader']);
    expect(r.areas.images.map((f) => f.object)).toEqual(['Deployment/platform/leader']);
    expect(r.areas['pod-security']).toEqual([]);
    expect(r.failures).toBe(3);
  });

  it('reports an excepted finding with its reason instead of dropping it, and lists unused exceptions', () => {
    const exceptions = [
      { check: 'availability.replicas', object: 'Deployment/platform/leader', reason: 'singleton by design: the controller elects a leader and a second replica would only idle' },
      { check: 'availability.replicas', object: 'Deployment/platform/gone', reason: 'left over from a removed add-on, kept to show it is reported' },
    ];
    const r = checkReadiness({ spec, objects: manifests, releases: [release()], exceptions });
    const replicas = r.areas.availability.find((f) => f.check === 'availability.replicas')!;
    expect(replicas.excepted).toContain('singleton by design');
    expect(r.failures).toBe(2);
    expect(r.excepted).toBe(1);
    expect(r.unusedExceptions.map((e) => e.object)).toEqual(['Deployment/platform/gone']);
  });

  it("accepts the renderer's objects and releases as they are typed", () => {
    const objects: KubeObject[] = [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'platform' } }];
    const releases: Array<Pick<RenderedRelease, 'release' | 'namespace' | 'objects'>> = [{ release: 'r', namespace: 'platform', objects: [] }];
    expect(checkReadiness({ spec, objects, releases }).failures).toBe(0);
  });

  it('refuses an exception without a reason', () => {
    expect(() => checkReadiness({ spec, objects: manifests, exceptions: [{ check: 'images.pinned', object: 'Deployment/platform/leader', reason: '' }] })).toThrow(/reason must explain/);
  });

  it('judges injected pods: a meshed namespace surfaces the sidecar seccomp gap', () => {
    const meshed = namespaceObject('apps', 'restricted', { 'istio-injection': 'enabled' });
    const app = deployment('api', 'apps', goodSpec({ ...system, ...spread('api') }), { replicas: 2 });
    const r = checkReadiness({ spec, objects: [meshed, app, pdb('api', 'apps'), platformCritical, ...istioFixture().objects] });
    expect(r.injected.map((i) => i.owner)).toEqual(['Deployment/apps/api']);
    expect(r.areas['pod-security'].map((f) => f.container)).toEqual(['istio-proxy', 'istio-validation']);
  });

  it('is deterministic: the same input in another order gives the same bytes', () => {
    const a = checkReadiness({ spec, objects: manifests, releases: [release()] });
    const rel = release();
    const b = checkReadiness({ spec, objects: [...manifests].reverse(), releases: [{ ...rel, objects: [...rel.objects].reverse() }] });
    expect(renderReadinessJson(b)).toBe(renderReadinessJson(a));
    expect(renderReadinessMarkdown(b)).toBe(renderReadinessMarkdown(a));
  });
});

describe('check catalogue', () => {
  it('catalogues every check id a badly configured environment reports', () => {
    const meshed = namespaceObject('apps', 'restricted', { 'istio-injection': 'enabled' });
    const bad = deployment('bad', 'apps', { hostNetwork: false, containers: [{ name: 'app', image: 'nginx' }] }, { replicas: 1 });
    const weird = deployment('weird', 'apps', goodSpec(), { replicas: 2 });
    (weird.spec as any).template.metadata.annotations = { 'inject.istio.io/templates': 'custom' };
    const deny = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny', namespace: 'apps' }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } };
    const hook = { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name: 'h' }, webhooks: [{ name: 'h.example.com', clientConfig: { service: { name: 'nope', namespace: 'apps' } } }] };
    const r = checkReadiness({ spec: { ...PROD, tenants: [PROD.tenants[0]] }, objects: [meshed, bad, weird, deny, hook, ...istioFixture().objects] });
    const reported = new Set(Object.values(r.areas).flat().map((f) => f.check));
    const known = new Set(READINESS_CHECKS.map((c) => c.id));
    expect([...reported].filter((id) => !known.has(id))).toEqual([]);
    // The fixture exercises every non-Pod-Security check family.
    for (const id of ['availability.replicas', 'availability.disruption-budget', 'availability.zone-spread', 'availability.system-pool', 'availability.priority-class', 'resources.requests-limits', 'images.pinned', 'network.flow.egress', 'network.webhook-backend', 'pod-security.injection-template']) {
      expect(reported).toContain(id);
    }
  });
});

describe('report', () => {
  const result = checkReadiness({
    spec,
    objects: manifests,
    releases: [release()],
    exceptions: [{ check: 'availability.replicas', object: 'Deployment/platform/leader', reason: 'singleton by design: leader election' }],
  });

  it('renders every area, the flow table and the notes as Markdown', () => {
    const md = renderReadinessMarkdown(result);
    expect(md).toContain('# Readiness: prod');
    expect(md).toContain('FAIL: 2 failing findings, 1 excepted.');
    for (const title of ['## Pod Security admission', '## Availability', '## Requests and limits', '## Pinned images', '## Network flows', '## Expected flows', '## Notes']) expect(md).toContain(title);
    expect(md).toContain('| excepted: singleton by design: leader election | `availability.replicas` |');
    expect(md).toContain('- Pod Security is judged at policy version latest');
    expect(md).toMatchSnapshot();
  });

  it('renders JSON with sorted keys and a trailing newline', () => {
    const json = renderReadinessJson(result);
    expect(json.endsWith('}\n')).toBe(true);
    const parsed = JSON.parse(json);
    expect(Object.keys(parsed)).toEqual([...Object.keys(parsed)].sort());
    expect(parsed.failures).toBe(2);
  });
});
