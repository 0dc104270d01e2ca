/**
 * Each guard rail refuses what weakens it, with the setting's path, what is weakened, the fix
 * and the exception that would accept it; stock environments weaken nothing.
 */
import { CATALOGUE } from '../../lib/addons/catalogue';
import { metricsServer } from '../../lib/addons/metrics-server';
import type { CatalogueAddon } from '../../lib/addons/addon';
import { Platform } from '../../lib/blueprint/platform';
import { dev, prod, staging } from '../../stacks/environments';
import { ALL_RENDER_TARGETS, prodAlternatives } from '../support/variants';
import { changed, exception, guardRailIssues, platformIssues, TODAY } from './helpers';

describe('api-endpoint-exposure', () => {
  it('refuses public CIDRs that add up to the whole internet without a /0', () => {
    const spec = changed((s) => (s.endpoint = { public: true, publicAccessCidrs: ['0.0.0.0/1', '128.0.0.0/1'] }));
    expect(guardRailIssues(spec, 'api-endpoint-exposure')).toEqual([
      {
        path: 'spec.endpoint.publicAccessCidrs',
        problem: '0.0.0.0/1, 128.0.0.0/1 cover 4 294 967 296 addresses, more than a /16 (65 536): the public Kubernetes API is open to a large part of the internet (guard rail api-endpoint-exposure)',
        fix: "list only the egress ranges that administer the cluster (office, VPN, CI), a /16 at most in total, or make the endpoint private; or, if this is deliberate, add to spec.exceptions: { guardRail: 'api-endpoint-exposure', target: 'spec.endpoint.publicAccessCidrs', reason: '…', approvedBy: '…' }",
      },
    ]);
  });

  it('refuses 256 × /8 on the public endpoint, naming the first blocks and the count', () => {
    const all = Array.from({ length: 256 }, (_, i) => `${i}.0.0.0/8`);
    const [issue] = guardRailIssues(changed((s) => (s.endpoint = { public: true, publicAccessCidrs: all })), 'api-endpoint-exposure');
    expect(issue.problem).toMatch(/^0\.0\.0\.0\/8, 1\.0\.0\.0\/8, 2\.0\.0\.0\/8 and 253 more blocks cover 4 294 967 296 addresses/);
  });

  it('accepts public CIDRs up to a /16 in total', () => {
    expect(platformIssues(changed((s) => (s.endpoint = { public: true, publicAccessCidrs: ['198.51.100.0/24', '203.0.0.0/17', '203.0.128.0/17'] })))).toEqual([
      expect.objectContaining({ path: 'spec.endpoint.publicAccessCidrs', problem: expect.stringContaining('65 792 addresses') }),
    ]);
    expect(platformIssues(changed((s) => (s.endpoint = { public: true, publicAccessCidrs: ['198.51.0.0/16'] })))).toEqual([]);
  });

  it('refuses private access beyond a /8, and accepts a whole /8', () => {
    const split = changed((s) => (s.endpoint = { public: false, privateAccess: { cidrs: ['0.0.0.0/1', '128.0.0.0/1'] } }));
    expect(guardRailIssues(split, 'api-endpoint-exposure')).toEqual([
      expect.objectContaining({
        path: 'spec.endpoint.privateAccess.cidrs',
        problem: '0.0.0.0/1, 128.0.0.0/1 cover 4 294 967 296 addresses, more than a /8 (16 777 216): every network routed to the VPC reaches the Kubernetes API (guard rail api-endpoint-exposure)',
      }),
    ]);
    expect(platformIssues(changed((s) => (s.endpoint = { public: false, privateAccess: { cidrs: ['172.16.0.0/12'] } })))).toEqual([]);
  });

  it('keeps the literal /0 a validation error of its own (no second message)', () => {
    const issues = platformIssues(changed((s) => (s.endpoint = { public: true, publicAccessCidrs: ['0.0.0.0/0'] })));
    expect(issues.map((i) => i.path)).toEqual(['spec.endpoint.publicAccessCidrs[0]']);
    expect(issues[0].problem).toBe('0.0.0.0/0 opens the Kubernetes API to the whole internet');
  });
});

describe('mesh-mtls', () => {
  it('refuses the mesh turned off', () => {
    expect(guardRailIssues(changed((s) => (s.addons.mesh = false)), 'mesh-mtls')).toEqual([
      {
        path: 'spec.addons.mesh',
        problem: 'mesh: false removes STRICT mutual TLS between pods (the README promises it in every tier) (guard rail mesh-mtls)',
        fix: "remove addons.mesh: false; or, if this is deliberate, add to spec.exceptions: { guardRail: 'mesh-mtls', target: 'spec.addons.mesh', reason: '…', approvedBy: '…' }",
      },
    ]);
  });

  it('refuses a mesh add-on disabled, next to the dependency problems it causes', () => {
    const issues = platformIssues(changed((s) => (s.addons.disabled = ['istiod'])));
    expect(issues).toContainEqual(
      expect.objectContaining({ path: 'spec.addons.disabled[0]', problem: 'disabling istiod removes STRICT mutual TLS between pods (the mesh needs istio-base, istio-cni and istiod) (guard rail mesh-mtls)' }),
    );
    expect(issues.some((i) => i.path === 'spec.addons.disabled' && i.problem.includes('depends on "istiod"'))).toBe(true);
  });

  it('refuses overrides that let traffic skip the sidecar', () => {
    const spec = changed((s) => (s.addons.overrides = { istiod: { global: { proxy: { excludeInboundPorts: '8080' } } }, 'istio-cni': { excludeNamespaces: ['kube-system', 'team-a'] } }));
    expect(guardRailIssues(spec, 'mesh-mtls').map((i) => `${i.path}: ${i.problem}`)).toEqual([
      'spec.addons.overrides.istio-cni.excludeNamespaces: istio-cni: excludeNamespaces adds "team-a": their pods\' traffic is not redirected through the sidecar (plaintext accepted) (guard rail mesh-mtls)',
      'spec.addons.overrides.istiod.global.proxy.excludeInboundPorts: istiod: global.proxy.excludeInboundPorts "8080" lets those ports bypass the sidecar (plaintext accepted) (guard rail mesh-mtls)',
    ]);
  });
});

describe('platform-pod-privileges', () => {
  it('refuses overrides that make a platform pod privileged, root or host-bound, wherever the chart puts the field', () => {
    const spec = changed(
      (s) =>
        (s.addons.overrides = {
          'metrics-server': {
            securityContext: { privileged: true, runAsUser: 0, runAsNonRoot: false, allowPrivilegeEscalation: true, capabilities: { add: ['NET_BIND_SERVICE', 'NET_ADMIN'] } },
            hostNetwork: true,
            extraVolumes: [{ name: 'root', hostPath: { path: '/' } }],
          },
        }),
    );
    expect(guardRailIssues(spec, 'platform-pod-privileges').map((i) => `${i.path}: ${i.problem}`)).toEqual([
      'spec.addons.overrides.metrics-server.extraVolumes[0].hostPath: metrics-server: a hostPath volume exposes the node\'s filesystem to the pod (guard rail platform-pod-privileges)',
      'spec.addons.overrides.metrics-server.hostNetwork: metrics-server: hostNetwork: true puts the pod in the node\'s Network namespace (guard rail platform-pod-privileges)',
      'spec.addons.overrides.metrics-server.securityContext.allowPrivilegeEscalation: metrics-server: allowPrivilegeEscalation: true lets a process gain more privileges than its parent (setuid binaries) (guard rail platform-pod-privileges)',
      'spec.addons.overrides.metrics-server.securityContext.capabilities: metrics-server: capabilities.add NET_ADMIN goes beyond NET_BIND_SERVICE (guard rail platform-pod-privileges)',
      'spec.addons.overrides.metrics-server.securityContext.privileged: metrics-server: privileged: true gives the container every capability and the host\'s devices (guard rail platform-pod-privileges)',
      'spec.addons.overrides.metrics-server.securityContext.runAsNonRoot: metrics-server: runAsNonRoot: false lets the container run as root (guard rail platform-pod-privileges)',
      'spec.addons.overrides.metrics-server.securityContext.runAsUser: metrics-server: runAsUser: 0 runs the container as root (guard rail platform-pod-privileges)',
    ]);
  });

  it('judges what an override changed, not the privileges the blueprint itself sets', () => {
    // A blueprint that needs a privilege (as the CNI agents do) keeps it without an exception.
    const privilegedBlueprint = { ...metricsServer, values: (ctx: Parameters<typeof metricsServer.values>[0]) => ({ ...metricsServer.values(ctx), hostNetwork: true }) };
    const catalogue = CATALOGUE.map((a) => (a.id === 'metrics-server' ? privilegedBlueprint : a)) as CatalogueAddon[];
    const tuned = changed((s) => (s.addons.overrides = { 'metrics-server': { hostNetwork: true, replicas: 3 } }));
    expect(guardRailIssues(tuned, 'platform-pod-privileges', catalogue)).toEqual([]);
    const escalated = changed((s) => (s.addons.overrides = { 'metrics-server': { hostPID: true } }));
    expect(guardRailIssues(escalated, 'platform-pod-privileges', catalogue).map((i) => i.path)).toEqual(['spec.addons.overrides.metrics-server.hostPID']);
  });
});

describe('ingress-snippets', () => {
  const nginx = (overrides: Record<string, unknown>) => changed((s) => ((s.addons = { ...s.addons, ingress: 'ingress-nginx', overrides: { 'ingress-nginx': overrides } }), s), dev);

  it('refuses snippet annotations turned on, in the values or the NGINX ConfigMap', () => {
    const spec = nginx({ controller: { allowSnippetAnnotations: true, config: { 'allow-snippet-annotations': 'true', 'annotations-risk-level': 'Critical' } } });
    expect(guardRailIssues(spec, 'ingress-snippets').map((i) => `${i.path}: ${i.problem}`)).toEqual([
      'spec.addons.overrides.ingress-nginx.controller.allowSnippetAnnotations: ingress-nginx: allowSnippetAnnotations: true lets every Ingress author inject raw NGINX configuration (guard rail ingress-snippets)',
      'spec.addons.overrides.ingress-nginx.controller.config.allow-snippet-annotations: ingress-nginx: config allow-snippet-annotations "true" lets every Ingress author inject raw NGINX configuration (guard rail ingress-snippets)',
      'spec.addons.overrides.ingress-nginx.controller.config.annotations-risk-level: ingress-nginx: annotations-risk-level "Critical" admits the snippet annotations (guard rail ingress-snippets)',
    ]);
  });

  it('accepts overrides that keep them off', () => {
    expect(platformIssues(nginx({ controller: { allowSnippetAnnotations: false, config: { 'use-gzip': 'true' } } }))).toEqual([]);
  });
});

describe('network-policy', () => {
  it('refuses Cilium told not to enforce', () => {
    const spec = changed((s) => ((s.addons = { ...s.addons, overrides: { cilium: { policyEnforcementMode: 'never' } } }), s), prodAlternatives);
    expect(guardRailIssues(spec, 'network-policy')).toEqual([
      expect.objectContaining({
        path: 'spec.addons.overrides.cilium.policyEnforcementMode',
        problem: 'cilium: policyEnforcementMode "never" stops enforcing every NetworkPolicy (the tenants\' default-deny included) (guard rail network-policy)',
      }),
    ]);
  });

  it('refuses cilium disabled when it is the only enforcer', () => {
    const spec = changed((s) => ((s.addons = { ...s.addons, disabled: ['cilium'] }), s), prodAlternatives);
    expect(guardRailIssues(spec, 'network-policy')).toEqual([
      expect.objectContaining({ path: 'spec.addons.disabled[0]', problem: expect.stringContaining('leaves no component enforcing NetworkPolicies') }),
    ]);
  });
});

describe('pod-security', () => {
  it('refuses an override that moves an add-on\'s pods out of its labelled namespace', () => {
    const spec = changed((s) => (s.addons.overrides = { 'external-dns': { namespaceOverride: 'kube-system' } }));
    expect(guardRailIssues(spec, 'pod-security')).toEqual([
      {
        path: 'spec.addons.overrides.external-dns.namespaceOverride',
        problem: 'external-dns: namespaceOverride "kube-system" installs the chart\'s pods outside external-dns (Pod Security "restricted"), into a namespace whose level groundwork does not set (guard rail pod-security)',
        fix: "remove the override: the add-on's pods run in external-dns; or, if this is deliberate, add to spec.exceptions: { guardRail: 'pod-security', target: 'external-dns', reason: '…', approvedBy: '…' }",
      },
    ]);
  });

  it('refuses a catalogue add-on that lowers its own namespace below restricted', () => {
    const catalogue = CATALOGUE.map((a) => (a.id === 'external-dns' ? { ...a, podSecurity: 'baseline' as const } : a)) as CatalogueAddon[];
    expect(guardRailIssues(prod, 'pod-security', catalogue)).toEqual([
      expect.objectContaining({ path: 'addons.external-dns.podSecurity', problem: 'external-dns lowers Pod Security of namespace external-dns to "baseline" (guard rail pod-security)' }),
    ]);
  });
});

describe('identity-bindings', () => {
  it('refuses Kubernetes system groups and the anonymous user as tenant editors', () => {
    const spec = changed((s) => (s.tenants[0].editors = ['team-a-developers', 'system:unauthenticated', 'system:authenticated', 'system:masters', 'system:anonymous']));
    expect(guardRailIssues(spec, 'identity-bindings').map((i) => `${i.path}: ${i.problem}`)).toEqual([
      'spec.tenants[0].editors[1]: "system:unauthenticated" is every anonymous request: binding it makes namespace team-a editable by it (guard rail identity-bindings)',
      'spec.tenants[0].editors[2]: "system:authenticated" is every authenticated identity of the cluster: binding it makes namespace team-a editable by it (guard rail identity-bindings)',
      'spec.tenants[0].editors[3]: "system:masters" is a group that bypasses RBAC altogether: binding it makes namespace team-a editable by it (guard rail identity-bindings)',
      'spec.tenants[0].editors[4]: "system:anonymous" is every anonymous request: binding it makes namespace team-a editable by it (guard rail identity-bindings)',
    ]);
    expect(guardRailIssues(spec, 'identity-bindings')[0].fix).toContain("target: 'team-a/system:unauthenticated'");
  });
});

describe('reported at once', () => {
  it('reports guard-rail problems together with the shape errors of the same spec', () => {
    const spec = changed((s) => ((s.nodePools[0].minSize = '3'), (s.tenants[0].editors = ['system:masters'])));
    expect(platformIssues(spec).map((i) => i.path)).toEqual(['spec.nodePools[0].minSize', 'spec.tenants[0].editors[0]']);
  });
});

describe('stock environments and test variants', () => {
  it.each([
    ['dev', dev],
    ['staging', staging],
    ['prod', prod],
  ])('%s weakens no guard rail and needs no exception', (_name, spec) => {
    expect(Platform.fromSpec(spec, { today: TODAY }).exceptions).toEqual([]);
  });

  it('every render target is accepted; only prod-mesh-off carries an exception (the mesh off)', () => {
    const excepted = ALL_RENDER_TARGETS.map((t) => [t.name, Platform.fromSpec(t.spec, { today: TODAY }).exceptions.map((e) => `${e.guardRail} ${e.target}`)] as const).filter(([, e]) => e.length > 0);
    expect(excepted).toEqual([['prod-mesh-off', ['mesh-mtls spec.addons.mesh']]]);
  });

  it('an exception turns the refusal into an accepted, recorded deviation', () => {
    const spec = changed((s) => ((s.addons.mesh = false), (s.exceptions = [exception('mesh-mtls', 'spec.addons.mesh')])));
    const [applied] = Platform.fromSpec(spec, { today: TODAY }).exceptions;
    expect(applied).toMatchObject({ guardRail: 'mesh-mtls', target: 'spec.addons.mesh', violations: [expect.objectContaining({ path: 'spec.addons.mesh' })] });
  });
});
