import { injectMesh } from '../../lib/readiness/inject-pod';
import { readInjector, proxyImage, type InjectorModel } from '../../lib/readiness/mesh-injector';
import { injectionDecision, nativeSidecarsEnabled } from '../../lib/readiness/mesh-injection';
import { checkPodSecurity } from '../../lib/readiness/pod-security';
import { podTemplateOf, type PodTemplate } from '../../lib/readiness/pod-templates';
import { sidecarTemplate } from '../../lib/readiness/sidecar-template';
import { goodSpec, istioFixture, istioWithValues, namespaceObject, namespacesOf, template } from './helpers';

const injector = (objects = istioFixture().objects): InjectorModel => readInjector(objects)!;
const meshNs = namespaceObject('apps', 'restricted', { 'istio-injection': 'enabled' });
const plainNs = namespaceObject('plain', 'restricted');

function injected(t: PodTemplate, model = injector(), ns = namespacesOf(meshNs, plainNs)): PodTemplate {
  return injectMesh([t], ns, model, { kubernetesVersion: '1.36' }).templates[0];
}

describe('reading the injector from the rendered istiod release', () => {
  it('reads values, policy, templates, mesh config and the four injection webhooks', () => {
    const m = injector();
    expect(m.namespace).toBe('istio-system');
    expect(m.policy).toBe('enabled');
    expect(m.defaultTemplates).toEqual(['sidecar']);
    expect(m.templates).toEqual(expect.arrayContaining(['sidecar', 'gateway']));
    expect(m.rootNamespace).toBe('istio-system');
    expect(m.webhooks.map((w) => w.name)).toEqual(['namespace.sidecar-injector.istio.io', 'object.sidecar-injector.istio.io', 'rev.namespace.sidecar-injector.istio.io', 'rev.object.sidecar-injector.istio.io']);
    expect(proxyImage(m)).toBe('docker.io/istio/proxyv2:1.30.3');
  });

  it('is absent when no istiod is rendered', () => {
    expect(readInjector([meshNs])).toBeUndefined();
  });
});

describe('which pods are injected', () => {
  const ns = namespacesOf(meshNs, plainNs, namespaceObject('istio-system', 'restricted'));
  const decide = (t: PodTemplate) => injectionDecision(t, ns.get(t.namespace), injector());

  it('injects pods in an istio-injection=enabled namespace', () => {
    expect(decide(template(goodSpec()))).toEqual(expect.objectContaining({ inject: true, templates: ['sidecar'], reason: expect.stringContaining('namespace.sidecar-injector.istio.io') }));
  });

  it('honours the sidecar.istio.io/inject=false opt-out, as label or annotation', () => {
    expect(decide(template(goodSpec(), { labels: { app: 'x', 'sidecar.istio.io/inject': 'false' } })).inject).toBe(false);
    expect(decide(template(goodSpec(), { annotations: { 'sidecar.istio.io/inject': 'false' } })).inject).toBe(false);
  });

  it('injects a pod that opts in by label in a namespace without the injection label', () => {
    expect(decide(template(goodSpec(), { namespace: 'plain', labels: { 'sidecar.istio.io/inject': 'true' } })).inject).toBe(true);
    expect(decide(template(goodSpec(), { namespace: 'plain' })).inject).toBe(false);
  });

  it('injects namespaces selected by the istio.io/rev label', () => {
    const revNs = namespacesOf(namespaceObject('rev', 'restricted', { 'istio.io/rev': 'default' }));
    expect(injectionDecision(template(goodSpec(), { namespace: 'rev' }), revNs.get('rev'), injector()).inject).toBe(true);
  });

  it('never injects host-network pods', () => {
    expect(decide(template(goodSpec({ hostNetwork: true }))).inject).toBe(false);
  });

  it('uses the templates the pod names', () => {
    expect(decide(template(goodSpec(), { namespace: 'plain', labels: { 'sidecar.istio.io/inject': 'true' }, annotations: { 'inject.istio.io/templates': 'gateway' } })).templates).toEqual(['gateway']);
  });
});

describe('what the sidecar template injects (CNI on, as the fixture renders it)', () => {
  it('adds istio-validation and istio-proxy with the template securityContext and the values resources', () => {
    const t = injected(template(goodSpec()));
    expect(t.injected).toEqual(['istio-proxy', 'istio-validation']);
    const init = t.spec.initContainers!;
    // Native sidecars on 1.36 ("auto"): the proxy is an init container that keeps running.
    expect(init.map((c) => c.name)).toEqual(['istio-validation', 'istio-proxy']);
    const [validation, proxy] = init;
    expect(validation.securityContext).toEqual({ allowPrivilegeEscalation: false, privileged: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsGroup: 1337, runAsUser: 1337, runAsNonRoot: true });
    expect(proxy.restartPolicy).toBe('Always');
    expect(proxy.securityContext).toEqual(expect.objectContaining({ runAsNonRoot: true, runAsUser: 1337, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } }));
    expect(proxy.resources).toEqual({ requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '2000m', memory: '512Mi' } });
    expect(validation.resources).toEqual(proxy.resources);
    expect(proxy.image).toBe('docker.io/istio/proxyv2:1.30.3');
  });

  it('an injected sidecar without a seccompProfile makes a restricted pod fail although the app container is fine', () => {
    const t = injected(template(goodSpec()));
    const findings = checkPodSecurity([t], namespacesOf(meshNs));
    expect(findings.map((f) => `${f.check} ${f.container}`)).toEqual(['pod-security.seccompProfile_restricted istio-validation', 'pod-security.seccompProfile_restricted istio-proxy']);
    expect(findings[0].problem).toContain('(injected by the mesh)');
    expect(findings[0].fix).toContain('global.proxy.seccompProfile');
    // The app container on its own is admitted.
    expect(checkPodSecurity([template(goodSpec())], namespacesOf(meshNs))).toEqual([]);
  });

  it('is admitted once istiod sets global.proxy.seccompProfile, or the pod sets a pod-level profile', () => {
    const fixed = injector(istioWithValues((v) => (v.global.proxy.seccompProfile = { type: 'RuntimeDefault' })));
    expect(checkPodSecurity([injected(template(goodSpec()), fixed)], namespacesOf(meshNs))).toEqual([]);
    const podLevel = injected(template(goodSpec({ securityContext: { seccompProfile: { type: 'RuntimeDefault' } } })));
    expect(checkPodSecurity([podLevel], namespacesOf(meshNs))).toEqual([]);
  });

  it('without the CNI injects a root istio-init with NET_ADMIN/NET_RAW, which restricted refuses', () => {
    const noCni = injector(istioWithValues((v) => {
      v.pilot.cni.enabled = false;
      v.global.proxy.seccompProfile = { type: 'RuntimeDefault' };
    }));
    const t = injected(template(goodSpec()), noCni);
    expect(t.spec.initContainers![0].name).toBe('istio-init');
    const rules = checkPodSecurity([t], namespacesOf(meshNs)).map((f) => f.check).sort();
    expect(rules).toEqual(['pod-security.capabilities_restricted', 'pod-security.runAsNonRoot', 'pod-security.runAsUser']);
    // Baseline still refuses NET_ADMIN and NET_RAW (not in the default capability set).
    expect(checkPodSecurity([t], namespacesOf(namespaceObject('apps', 'baseline', { 'istio-injection': 'enabled' }))).map((f) => f.check)).toEqual(['pod-security.capabilities_baseline']);
  });

  it('puts istio-proxy among the containers when native sidecars are off', () => {
    const off = injector(istioWithValues((v) => (v.pilot.env = { ENABLE_NATIVE_SIDECARS: 'false' })));
    expect(nativeSidecarsEnabled(off, '1.36')).toBe(false);
    expect(nativeSidecarsEnabled(injector(), '1.32')).toBe(false);
    const t = injected(template(goodSpec()), off);
    expect(t.spec.containers.map((c) => c.name)).toEqual(['app', 'istio-proxy']);
    expect(t.spec.initContainers!.map((c) => c.name)).toEqual(['istio-validation']);
  });

  it('takes per-pod resource annotations over the values', () => {
    const patch = sidecarTemplate({ annotations: { 'sidecar.istio.io/proxyCPU': '10m', 'sidecar.istio.io/proxyMemoryLimit': '64Mi' } }, injector(), true);
    expect(patch.initContainers[1].resources).toEqual({ requests: { cpu: '10m' }, limits: { memory: '64Mi' } });
  });

  it('adds only allowed volume types, so restricted volumes hold', () => {
    const t = injected(template(goodSpec()));
    expect(t.spec.volumes!.map((v) => v.name)).toEqual(expect.arrayContaining(['istio-envoy', 'istio-token', 'istiod-ca-cert']));
  });
});

describe('what the gateway template does to the Istio gateway chart', () => {
  const gatewayNs = namespacesOf(namespaceObject('istio-system', 'restricted'));
  const gateway = () => podTemplateOf(istioFixture().gatewayDeployment)!;

  it('resolves image: auto to the proxy image and keeps the chart container securityContext', () => {
    const t = injected(gateway(), injector(), gatewayNs);
    const proxy = t.spec.containers.find((c) => c.name === 'istio-proxy')!;
    expect(proxy.image).toBe('docker.io/istio/proxyv2:1.30.3');
    expect(proxy.securityContext).toEqual(expect.objectContaining({ runAsUser: 1337, runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } }));
    expect(proxy.resources).toEqual({ limits: { cpu: '2000m', memory: '1024Mi' }, requests: { cpu: '100m', memory: '128Mi' } });
    expect(t.spec.securityContext).toEqual({ sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }] });
  });

  it('is refused by restricted for its missing seccomp profile (rendered chart defaults)', () => {
    expect(checkPodSecurity([injected(gateway(), injector(), gatewayNs)], gatewayNs).map((f) => `${f.check} ${f.container}`)).toEqual(['pod-security.seccompProfile_restricted istio-proxy']);
  });

  it('is admitted with a pod-level seccomp profile; the template keeps the unprivileged-port sysctl', () => {
    const g = gateway();
    g.spec.securityContext = { seccompProfile: { type: 'RuntimeDefault' } };
    const t = injected(g, injector(), gatewayNs);
    expect(t.spec.securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' }, sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }] });
    expect(checkPodSecurity([t], gatewayNs)).toEqual([]);
  });
});
