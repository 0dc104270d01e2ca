/**
 * Native admission policy, judged on what it emits: the synthesized ValidatingAdmissionPolicies
 * and bindings are evaluated (their CEL run with @marcbachmann/cel-js, test/support/admission.ts)
 * against every pod template of the rendered platform — workloads as applied and pods as created
 * after the mesh injector — and against a fixture of bad pods, each refused by the policy named.
 */
import { Platform } from '../../lib/blueprint/platform';
import { AdmissionPolicies, ADMISSION_DENY_IN_EVERY_TIER_ANNOTATION, ADMISSION_EXEMPTIONS_ANNOTATION, ADMISSION_PLATFORM_EXEMPT_ANNOTATION, SECCOMP_APPLY_CONFIGURATION, SECCOMP_DEFAULT_POLICY, SECCOMP_MATCH_CONDITION } from '../../lib/k8s/admission-policies';
import { placeAll } from '../../lib/readiness/kube-objects';
import { injectMesh } from '../../lib/readiness/inject-pod';
import { readInjector } from '../../lib/readiness/mesh-injector';
import { readNamespaces } from '../../lib/readiness/namespaces';
import { operatorWorkloads } from '../../lib/readiness/operator-workloads';
import { extractPodTemplates } from '../../lib/readiness/pod-templates';
import type { RenderedObject } from '../../lib/readiness/types';
import { applyDefaults } from '../../lib/spec/defaults';
import type { ResolvedSpec } from '../../lib/spec/types';
import { dev, prod, staging } from '../../stacks/environments';
import { admit, evaluateOn, namespaceLabels, type Admission } from '../support/admission';
import { renderedEnvironment } from '../support/rendered';
import { ALL_RENDER_TARGETS } from '../support/variants';
import { validateObjects } from '../support/schema';
import { chart, STOCK, synth, type Obj } from './helpers';

/** Platform namespaces for the construct-level tests (the rendered tests use the real ones). */
const PLATFORM_NAMESPACES = [
  { name: 'cert-manager', podSecurity: 'restricted' as const },
  { name: 'istio-system', podSecurity: 'restricted' as const },
  { name: 'monitoring-agents', podSecurity: 'privileged' as const, podSecurityReason: 'node agents read the host /proc, /sys and /var/log' },
];

/** Policy objects of `spec` as the foundation chart emits them. */
function policyObjects(spec: ResolvedSpec, meshInjection = true): Obj[] {
  const c = chart();
  new AdmissionPolicies(c, 'admission', { spec, namespaces: PLATFORM_NAMESPACES, meshInjection });
  return synth(c);
}

/** Refusals and evaluation errors, one line each. */
function problems(admissions: readonly Admission[]): string[] {
  return admissions.flatMap((a) =>
    a.verdicts.flatMap((v) => [...v.refusals.map((r) => `${a.object} refused by ${v.binding}: ${r}`), ...v.errors.map((e) => `${a.object} ${v.binding} error: ${e}`)]),
  );
}

/** Names of the policies that refuse (errors fail the test: a refusal must be a false validation). */
function refusedBy(admission: Admission): string[] {
  const errors = admission.verdicts.flatMap((v) => v.errors);
  if (errors.length > 0) throw new Error(`${admission.object}: ${errors.join('; ')}`);
  return [...new Set(admission.verdicts.filter((v) => v.refusals.length > 0).map((v) => v.policy))].sort();
}

// ---------------------------------------------------------------------------------------------
// The rendered platform passes the policies that bind it.

describe.each(ALL_RENDER_TARGETS.map((t) => [t.name, t.spec] as const))('%s as rendered', (_name, input) => {
  let judged: Admission[];
  let policies: Obj[];
  let namespaceObjects: Obj[];
  beforeAll(async () => {
    const env = await renderedEnvironment(input);
    const placed = placeAll(env.objects as RenderedObject[], env.releases);
    const objects = [...placed, ...operatorWorkloads(placed)];
    policies = env.manifests.filter((o) => /^(Validating|Mutating)AdmissionPolicy/.test(o.kind)) as Obj[];
    namespaceObjects = env.manifests.filter((o) => o.kind === 'Namespace') as Obj[];
    const namespaces = readNamespaces(objects);
    const injected = injectMesh(extractPodTemplates(objects), namespaces, readInjector(objects), { kubernetesVersion: env.spec.kubernetesVersion });
    // Pods as the API server sees them on create: after the mesh injector, template labels and spec.
    const pods = injected.templates.map((t) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: t.ownerName, namespace: t.namespace, labels: t.labels, annotations: t.annotations },
      spec: t.spec,
    }));
    judged = admit(policies, [...objects, ...pods], namespaceLabels(objects));
  }, 600_000);

  it('emits the policies from the foundation chart', () => {
    expect(policies.filter((p) => p.kind === 'ValidatingAdmissionPolicy').length).toBeGreaterThanOrEqual(8);
  });

  it('exempts host access only in kube-system and in namespaces Pod Security already runs privileged, citing the add-on', () => {
    const privileged = (env: Obj[]) =>
      env.filter((o) => o.kind === 'Namespace' && o.metadata.labels?.['pod-security.kubernetes.io/enforce'] === 'privileged').map((o) => o.metadata.name);
    const manifests = policies;
    for (const rule of ['no-privileged', 'no-host-namespaces', 'no-host-path']) {
      const binding = manifests.find((o) => o.metadata.name === `groundwork-${rule}-platform`)!;
      const recorded = JSON.parse(binding.metadata.annotations![ADMISSION_EXEMPTIONS_ANNOTATION]) as Array<{ namespace: string; reason: string }>;
      expect(recorded.map((r) => r.namespace)).toEqual(['kube-system', ...privileged(namespaceObjects)].sort());
    }
    const agents = JSON.parse(manifests.find((o) => o.metadata.name === 'groundwork-no-host-path-platform')!.metadata.annotations![ADMISSION_EXEMPTIONS_ANNOTATION]) as Array<{ namespace: string; reason: string }>;
    expect(agents.find((r) => r.namespace === 'monitoring-agents')?.reason).toMatch(/node-exporter/);
  });

  it("admits every platform workload and pod under the policies that bind it", () => {
    expect(problems(judged)).toEqual([]);
  });

  it('judges the platform: every workload and pod outside kube-system is checked for pinned images, and most for more', () => {
    const outside = judged.filter((a) => !a.object.split('/')[1].startsWith('kube-system'));
    expect(outside.length).toBeGreaterThan(20);
    for (const a of outside) expect({ object: a.object, tags: a.verdicts.some((v) => v.binding === 'groundwork-image-tags-platform') }).toEqual({ object: a.object, tags: true });
    const registries = judged.filter((a) => a.verdicts.some((v) => v.policy === 'groundwork-image-registries'));
    expect(registries.length).toBeGreaterThan(20);
  });
});

// ---------------------------------------------------------------------------------------------
// Bad pods are refused, each by the policy named.

const DIGEST = `@sha256:${'a'.repeat(64)}`;

function goodDeployment(spec: ResolvedSpec, namespace: string): Obj {
  const registry = spec.security.allowedRegistries[0];
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', namespace, labels: { 'app.kubernetes.io/name': 'api' } },
    spec: {
      selector: { matchLabels: { 'app.kubernetes.io/name': 'api' } },
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': 'api', 'groundwork.dev/team': 'payments', 'groundwork.dev/cost-center': 'cc-4711' } },
        spec: {
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'api',
              image: `${registry}payments/api:1.4.2${DIGEST}`,
              resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
              readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
            },
          ],
        },
      },
    },
  };
}

type Mutation = (d: Obj, spec: ResolvedSpec) => void;
const podSpec = (d: Obj) => d.spec.template.spec;
const container = (d: Obj) => podSpec(d).containers[0];

/** Bad pods: what is wrong, and the policies (in production) that must refuse it. */
const BAD: Array<{ name: string; mutate: Mutation; refusedBy: string[]; message: RegExp }> = [
  { name: 'privileged', mutate: (d) => (container(d).securityContext.privileged = true), refusedBy: ['groundwork-no-privileged'], message: /privileged containers are not allowed: api/ },
  { name: 'hostPID', mutate: (d) => (podSpec(d).hostPID = true), refusedBy: ['groundwork-no-host-namespaces'], message: /host namespaces are not allowed: hostPID/ },
  { name: 'hostNetwork', mutate: (d) => (podSpec(d).hostNetwork = true), refusedBy: ['groundwork-no-host-namespaces'], message: /hostNetwork/ },
  {
    name: 'hostPath',
    mutate: (d) => (podSpec(d).volumes = [{ name: 'root', hostPath: { path: '/' } }]),
    refusedBy: ['groundwork-no-host-path'],
    message: /hostPath volumes are not allowed: root \(\/\)/,
  },
  { name: 'no memory limit', mutate: (d) => delete container(d).resources.limits, refusedBy: ['groundwork-resources'], message: /limits.memory: api/ },
  { name: 'no requests', mutate: (d) => delete container(d).resources.requests, refusedBy: ['groundwork-resources'], message: /requests.cpu/ },
  {
    name: 'init container without resources',
    mutate: (d) => (podSpec(d).initContainers = [{ ...container(d), name: 'migrate', resources: undefined }]),
    refusedBy: ['groundwork-resources'],
    message: /: migrate$/,
  },
  { name: 'nginx:latest', mutate: (d) => (container(d).image = 'nginx:latest'), refusedBy: ['groundwork-image-digests', 'groundwork-image-registries', 'groundwork-image-tags'], message: /api=nginx:latest/ },
  { name: ':latest from an allowed registry, with a digest', mutate: (d, s) => (container(d).image = `${s.security.allowedRegistries[0]}nginx:latest${DIGEST}`), refusedBy: ['groundwork-image-tags'], message: /untagged or tagged latest/ },
  { name: 'untagged', mutate: (d, s) => (container(d).image = `${s.security.allowedRegistries[0]}payments/api`), refusedBy: ['groundwork-image-digests', 'groundwork-image-tags'], message: /payments\/api$/ },
  {
    name: 'registry port is not a tag',
    mutate: (d) => (container(d).image = `registry.local:5000/payments/api${DIGEST}`),
    refusedBy: ['groundwork-image-registries'],
    message: /registry.local:5000/,
  },
  { name: 'foreign registry', mutate: (d) => (container(d).image = `docker.io/library/nginx:1.27${DIGEST}`), refusedBy: ['groundwork-image-registries'], message: /allowed: / },
  { name: 'Docker Hub short name', mutate: (d) => (container(d).image = `grafana/grafana:13.2.0${DIGEST}`), refusedBy: ['groundwork-image-registries'], message: /grafana\/grafana/ },
  { name: 'no digest in production', mutate: (d, s) => (container(d).image = `${s.security.allowedRegistries[0]}payments/api:1.4.2`), refusedBy: ['groundwork-image-digests'], message: /images without a digest: api=/ },
  { name: 'Deployment without readinessProbe', mutate: (d) => delete container(d).readinessProbe, refusedBy: ['groundwork-readiness-probes'], message: /without a readinessProbe: api/ },
  { name: 'missing team label', mutate: (d) => delete d.spec.template.metadata.labels['groundwork.dev/team'], refusedBy: ['groundwork-required-labels'], message: /pod labels missing: groundwork.dev\/team$/ },
  { name: 'empty cost center', mutate: (d) => (d.spec.template.metadata.labels['groundwork.dev/cost-center'] = ''), refusedBy: ['groundwork-required-labels'], message: /groundwork.dev\/cost-center/ },
];

/** A Deployment as the bare Pod its template would make. */
function asPod(d: Obj): Obj {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { ...d.spec.template.metadata, name: d.metadata.name, namespace: d.metadata.namespace }, spec: d.spec.template.spec };
}

/** Tenant namespace objects of `spec` (the foundation chart's), for their labels. */
function tenantNamespaces(spec: ResolvedSpec): Obj[] {
  return spec.tenants.map((t) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: t.name, labels: { 'groundwork.dev/tenant': t.name } } }));
}

describe('bad tenant pods in production', () => {
  const spec = STOCK.prod;
  const tenant = spec.tenants[0].name;
  const policies = policyObjects(spec);
  const labels = namespaceLabels(tenantNamespaces(spec));
  const judge = (o: Obj) => admit(policies, [o], labels)[0];

  it('admits the good service as a Deployment and as a bare Pod', () => {
    const good = goodDeployment(spec, tenant);
    expect(refusedBy(judge(good))).toEqual([]);
    expect(refusedBy(judge(asPod(good)))).toEqual([]);
    expect(judge(good).verdicts.length).toBeGreaterThanOrEqual(9);
  });

  it('admits the meshed pod: the injected sidecar image is allowed by its exact reference', () => {
    const pod = asPod(goodDeployment(spec, tenant));
    pod.spec.containers.push({ name: 'istio-proxy', image: `docker.io/istio/proxyv2:1.30.3`, resources: { requests: { cpu: '10m', memory: '40Mi' }, limits: { memory: '1Gi' } } });
    expect(refusedBy(judge(pod))).toEqual([]);
    pod.spec.containers[1].image = 'docker.io/istio/proxyv2:1.29.0';
    expect(refusedBy(judge(pod))).toEqual(['groundwork-image-digests', 'groundwork-image-registries']);
  });

  it.each(BAD.map((b) => [b.name, b] as const))('refuses %s by the policy named, with a message naming the problem', (_n, bad) => {
    const d = goodDeployment(spec, tenant);
    bad.mutate(d, spec);
    const admission = judge(d);
    expect(refusedBy(admission)).toEqual(bad.refusedBy);
    const messages = admission.verdicts.filter((v) => v.policy === bad.refusedBy[bad.refusedBy.length - 1]).flatMap((v) => v.refusals);
    expect(messages.some((m) => bad.message.test(m))).toBe(true);
    // Bare pods do not escape: the same refusal (readiness probes are a Deployment rule).
    if (bad.refusedBy[0] !== 'groundwork-readiness-probes') expect(refusedBy(judge(asPod(d)))).toEqual(bad.refusedBy);
  });

  it('does not judge an object that is being deleted (finalizer removal is never refused)', () => {
    const d = goodDeployment(spec, tenant);
    podSpec(d).hostPID = true;
    d.metadata = { ...d.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } as Obj['metadata'];
    expect(refusedBy(judge(d))).toEqual([]);
  });

  it('requires no digest outside production', () => {
    const s = STOCK.staging;
    const d = goodDeployment(s, s.tenants[0].name);
    container(d).image = `${s.security.allowedRegistries[0]}payments/api:1.4.2`;
    expect(refusedBy(admit(policyObjects(s), [d], namespaceLabels(tenantNamespaces(s)))[0])).toEqual([]);
  });
});

describe('platform namespaces', () => {
  const spec = STOCK.prod;
  const policies = policyObjects(spec);
  const labels = namespaceLabels([]);
  const hostPathIn = (namespace: string) => {
    const d = goodDeployment(spec, namespace);
    podSpec(d).volumes = [{ name: 'logs', hostPath: { path: '/var/log' } }];
    container(d).image = `quay.io/jetstack/cert-manager-controller:v1.21.1`;
    return refusedBy(admit(policies, [d], labels)[0]);
  };

  it('holds platform namespaces to the host rules unless exempted for a reason', () => {
    expect(hostPathIn('cert-manager')).toEqual(['groundwork-no-host-path']);
    expect(hostPathIn('default')).toEqual(['groundwork-no-host-path']);
    expect(hostPathIn('monitoring-agents')).toEqual([]);
  });

  it('allows the platform registries in platform namespaces only', () => {
    const d = goodDeployment(spec, 'cert-manager');
    container(d).image = 'quay.io/jetstack/cert-manager-controller:v1.21.1';
    expect(refusedBy(admit(policies, [d], labels)[0])).toEqual([]);
    const t = goodDeployment(spec, spec.tenants[0].name);
    container(t).image = `quay.io/jetstack/cert-manager-controller:v1.21.1${DIGEST}`;
    expect(refusedBy(admit(policies, [t], namespaceLabels(tenantNamespaces(spec)))[0])).toEqual(['groundwork-image-registries']);
  });

  it('requires no tenant labels and no digests of platform workloads', () => {
    const d = goodDeployment(spec, 'cert-manager');
    container(d).image = 'quay.io/jetstack/cert-manager-controller:v1.21.1';
    d.spec.template.metadata.labels = { app: 'x' };
    expect(refusedBy(admit(policies, [d], labels)[0])).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Invariants of the emitted objects.

describe.each(['dev', 'staging', 'prod'] as const)('%s policy objects', (name) => {
  const spec = STOCK[name];
  const objects = policyObjects(spec);
  const bindings = objects.filter((o) => o.kind === 'ValidatingAdmissionPolicyBinding');

  it(name === 'dev' ? 'warns and audits in development, except where a policy guards isolation' : 'denies in staging and production', () => {
    expect(bindings.length).toBeGreaterThan(0);
    // A policy that guards isolation records why and denies in every tier (today: the platform's objects in tenant namespaces, and with the mesh tenants' mTLS and authorizers).
    const denyAlways = new Set(objects.filter((o) => o.metadata.annotations?.[ADMISSION_DENY_IN_EVERY_TIER_ANNOTATION]).map((o) => o.metadata.name));
    expect([...denyAlways]).toEqual(['groundwork-platform-objects', 'groundwork-tenant-authorization-policy', 'groundwork-tenant-peer-authentication']);
    const expected = (policy: string) => (name === 'dev' && !denyAlways.has(policy) ? ['Warn', 'Audit'] : ['Deny']);
    for (const b of bindings) expect({ binding: b.metadata.name, actions: b.spec.validationActions }).toEqual({ binding: b.metadata.name, actions: expected(b.spec.policyName) });
  });

  it('binds every policy to tenant namespaces without exemption', () => {
    const policies = objects.filter((o) => o.kind === 'ValidatingAdmissionPolicy').map((p) => p.metadata.name);
    const tenantBound = bindings.filter((b) => b.metadata.name.endsWith('-tenants'));
    expect(tenantBound.map((b) => b.spec.policyName).sort()).toEqual([...policies].sort());
    for (const b of tenantBound) expect(b.spec.matchResources).toEqual({ namespaceSelector: { matchExpressions: [{ key: 'groundwork.dev/tenant', operator: 'Exists' }] } });
  });

  it('records why a tenant-only policy does not bind platform namespaces', () => {
    const bound = new Set(bindings.filter((b) => b.metadata.name.endsWith('-platform')).map((b) => b.spec.policyName));
    const tenantOnly = objects.filter((o) => o.kind === 'ValidatingAdmissionPolicy' && !bound.has(o.metadata.name));
    expect(tenantOnly.map((p) => p.metadata.name)).toEqual([
      ...(name === 'prod' ? ['groundwork-image-digests'] : []),
      'groundwork-platform-objects',
      'groundwork-required-labels',
      'groundwork-tenant-authorization-policy',
      'groundwork-tenant-peer-authentication',
    ]);
    for (const p of tenantOnly) expect(p.metadata.annotations?.[ADMISSION_PLATFORM_EXEMPT_ANNOTATION]?.length).toBeGreaterThan(20);
  });

  it('gives every platform exemption a reason, recorded on the binding', () => {
    for (const b of bindings.filter((x) => x.metadata.name.endsWith('-platform'))) {
      const notIn = (b.spec.matchResources.namespaceSelector.matchExpressions as Array<{ operator: string; values?: string[] }>).find((e) => e.operator === 'NotIn');
      const recorded = JSON.parse(b.metadata.annotations?.[ADMISSION_EXEMPTIONS_ANNOTATION] ?? '[]') as Array<{ namespace: string; reason: string }>;
      expect(recorded.map((r) => r.namespace)).toEqual(notIn?.values ?? []);
      for (const r of recorded) expect(r.reason.length).toBeGreaterThan(20);
    }
  });

  it('validates against the Kubernetes 1.36 schemas', () => {
    expect(validateObjects(objects)).toEqual([]);
  });
});

describe('seccomp default (MutatingAdmissionPolicy)', () => {
  const kinds = (spec: ResolvedSpec) => policyObjects(spec).map((o) => o.kind);

  it('exists only where the Kubernetes version serves MutatingAdmissionPolicy v1 (1.36)', () => {
    expect(kinds(STOCK.prod)).toContain('MutatingAdmissionPolicy');
    expect(kinds(STOCK.prod)).toContain('MutatingAdmissionPolicyBinding');
    const older = applyDefaults({ ...prod, kubernetesVersion: '1.35' });
    expect(kinds(older)).not.toContain('MutatingAdmissionPolicy');
    expect(kinds(older)).not.toContain('MutatingAdmissionPolicyBinding');
  });

  it('binds tenant pods only and applies only where the pod sets no profile', () => {
    const objects = policyObjects(STOCK.prod);
    const binding = objects.find((o) => o.kind === 'MutatingAdmissionPolicyBinding')!;
    expect(binding.spec).toEqual({ policyName: SECCOMP_DEFAULT_POLICY, matchResources: { namespaceSelector: { matchExpressions: [{ key: 'groundwork.dev/tenant', operator: 'Exists' }] } } });
    // cel-js has no message construction (`Object{…}`): the apply configuration is checked by shape.
    const policy = objects.find((o) => o.kind === 'MutatingAdmissionPolicy')!;
    expect(policy.spec.matchConstraints.resourceRules).toEqual([{ apiGroups: [''], apiVersions: ['v1'], resources: ['pods'], operations: ['CREATE'] }]);
    expect(policy.spec.mutations).toEqual([{ patchType: 'ApplyConfiguration', applyConfiguration: { expression: SECCOMP_APPLY_CONFIGURATION } }]);
    expect(SECCOMP_APPLY_CONFIGURATION).toMatch(/seccompProfile\{type: 'RuntimeDefault'\}/);
    const expr = [SECCOMP_MATCH_CONDITION.expression];
    expect(evaluateOn({ spec: { containers: [] } }, expr)).toEqual([true]);
    expect(evaluateOn({ spec: { securityContext: { runAsNonRoot: true }, containers: [] } }, expr)).toEqual([true]);
    expect(evaluateOn({ spec: { securityContext: { seccompProfile: { type: 'Localhost', localhostProfile: 'x.json' } }, containers: [] } }, expr)).toEqual([false]);
  });
});

it('is emitted by the foundation chart of every stock environment', () => {
  for (const input of [dev, staging, prod]) {
    const foundation = Platform.fromSpec(input).manifests().charts.find((c) => c.chart === 'foundation');
    expect(foundation?.objects.some((o) => o.kind === 'ValidatingAdmissionPolicy')).toBe(true);
  }
});
