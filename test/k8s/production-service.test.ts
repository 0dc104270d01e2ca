/**
 * ProductionService: snapshots per tier and edge, the properties it promises (disruption budget,
 * autoscaler floor, restricted pods, traffic admitted from the edge, named callers and Prometheus
 * only, the route on the platform's own Gateway, canary weights), every object against its
 * schema (the Gateway API CRDs included), the platform's admission policies evaluated on its pod
 * templates, and one test per prop validation message.
 */
import { Chart, Testing } from 'cdk8s';
import { edgeGatewayObjects, edgeImplementation } from '../../lib/addons/edge-gateway';
import { gatewayApiCrdObjects } from '../../lib/addons/gateway-api-crds';
import { AdmissionPolicies } from '../../lib/k8s/admission-policies';
import { ProductionService, ProductionServiceValidationError, type ProductionServiceProps } from '../../lib/k8s';
import { publicSubnetCidrs } from '../../lib/spec/subnets';
import { resolveSpec } from '../../lib/spec/validate';
import type { EnvironmentSpec, ResolvedSpec } from '../../lib/spec/types';
import { dev, prod, staging } from '../../stacks/environments';
import { admit, namespaceLabels, type Admission } from '../support/admission';
import { validationReport } from '../support/schema';
import type { Obj } from './helpers';

const DIGEST_A = `@sha256:${'a'.repeat(64)}`;
const DIGEST_B = `@sha256:${'b'.repeat(64)}`;
const INPUTS: Record<'dev' | 'staging' | 'prod', EnvironmentSpec> = { dev, staging, prod };
const SPECS = Object.fromEntries(Object.entries(INPUTS).map(([k, v]) => [k, resolveSpec(v)])) as Record<keyof typeof INPUTS, ResolvedSpec>;
const registry = (spec: ResolvedSpec) => spec.security.allowedRegistries[0];
/** The callers' namespace: another tenant where there is one (callers need not be tenants). */
const callerNs = (spec: ResolvedSpec) => spec.tenants[1]?.name ?? 'storefront';

/** A service of `spec`'s first tenant, called by its second, with metrics and a 10 % canary. */
function props(spec: ResolvedSpec, platform: ProductionServiceProps['platform'] = spec, extra: Partial<ProductionServiceProps> = {}): ProductionServiceProps {
  return {
    platform,
    namespace: spec.tenants[0].name,
    image: `${registry(spec)}payments/api:1.4.2${DIGEST_A}`,
    labels: { 'groundwork.dev/cost-center': 'cc-4711' },
    callers: [`${callerNs(spec)}/web`],
    metrics: { port: 9090 },
    canary: { image: `${registry(spec)}payments/api:1.5.0${DIGEST_B}`, weight: 10 },
    ...extra,
  };
}

function synth(p: ProductionServiceProps, id = 'api'): Obj[] {
  const chart = new Chart(Testing.app(), 'test');
  new ProductionService(chart, id, p);
  return Testing.synth(chart) as Obj[];
}

const find = (objects: Obj[], kind: string, name = 'api') => objects.find((o) => o.kind === kind && o.metadata.name === name)!;
const all = (objects: Obj[], kind: string) => objects.filter((o) => o.kind === kind);

const VARIANTS: Array<[string, EnvironmentSpec]> = [
  ['dev', dev],
  ['staging', staging],
  ['prod', prod],
  ['staging, mesh off (ALB edge)', { ...staging, addons: { ...staging.addons, mesh: false } }],
  ['dev, ingress-nginx edge', { ...dev, addons: { ...dev.addons, ingress: 'ingress-nginx' } }],
];

describe.each(VARIANTS)('%s', (_name, input) => {
  const spec = resolveSpec(input);
  const objects = synth(props(spec, input));

  it('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  it('validates every object against its schema (Gateway API, Istio and prometheus-operator CRDs included)', () => {
    const report = validationReport(objects, { crds: gatewayApiCrdObjects() });
    expect(report.errors).toEqual([]);
    // Nothing escapes: every object was judged by a CRD schema or a model package.
    expect(report.validatedBy.filter((v) => v === undefined)).toEqual([]);
    const route = report.objects.findIndex((o) => o.kind === 'HTTPRoute');
    if (route >= 0) expect(report.validatedBy[route]).toBe('crd httproutes.gateway.networking.k8s.io');
  });

  it('has a disruption budget over the stable pods, and an autoscaler with the tier floor', () => {
    const pdb = find(objects, 'PodDisruptionBudget');
    expect(pdb.spec).toEqual(expect.objectContaining({ maxUnavailable: 1, selector: { matchLabels: find(objects, 'Deployment').spec.selector.matchLabels } }));
    const hpa = find(objects, 'HorizontalPodAutoscaler');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(spec.tier === 'development' ? 1 : 2);
    expect(hpa.spec.minReplicas).toBe(spec.profile.replicas < 2 && spec.tier !== 'development' ? 2 : spec.profile.replicas);
    expect(hpa.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }]);
    // The autoscaler owns the stable size: no replicas field to reset it on apply.
    expect(find(objects, 'Deployment').spec.replicas).toBeUndefined();
  });

  it('runs restricted pods with probes, requests, a memory limit, the workload priority and zone + node spread', () => {
    for (const d of all(objects, 'Deployment')) {
      const pod = d.spec.template.spec;
      expect(pod.securityContext).toEqual(expect.objectContaining({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }));
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.priorityClassName).toBe('workload-default');
      for (const c of pod.containers) {
        expect(c.securityContext).toEqual(
          expect.objectContaining({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, privileged: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } }),
        );
        expect(c.readinessProbe.httpGet.path).toBe('/readyz');
        expect(c.livenessProbe.httpGet.path).toBe('/livez');
        expect(c.startupProbe.failureThreshold * c.startupProbe.periodSeconds).toBeGreaterThanOrEqual(60);
        expect(c.resources).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '256Mi' } });
      }
      const spread = pod.topologySpreadConstraints as Array<{ topologyKey: string; whenUnsatisfiable: string; labelSelector: unknown }>;
      expect(spread.map((s) => [s.topologyKey, s.whenUnsatisfiable])).toEqual([
        ['topology.kubernetes.io/zone', spec.profile.zoneSpread ? 'DoNotSchedule' : 'ScheduleAnyway'],
        ['kubernetes.io/hostname', 'ScheduleAnyway'],
      ]);
      for (const s of spread) expect(s.labelSelector).toEqual(d.spec.selector);
    }
  });

  it('admits traffic from the edge, the named callers and Prometheus only', () => {
    const policy = find(objects, 'NetworkPolicy');
    expect(policy.spec.policyTypes).toEqual(['Ingress']);
    expect(policy.spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'api' } });
    const sources = (policy.spec.ingress as Array<{ from: Array<Record<string, any>>; ports: Array<{ port: number }> }>).map((r) => ({
      from: r.from.map((f) => f.ipBlock?.cidr ?? `${f.namespaceSelector.matchLabels['kubernetes.io/metadata.name']}:${JSON.stringify(f.podSelector?.matchLabels ?? {})}`),
      ports: r.ports.map((p) => p.port),
    }));
    const implementation = edgeImplementation(spec);
    // The ALB sends from its public subnets (IP targets): one rule per subnet CIDR.
    const edge =
      implementation === 'istio' ? [['istio-system:{"istio":"ingressgateway"}']] : implementation === 'alb' ? [...publicSubnetCidrs(spec)].sort().map((c) => [c]) : [['ingress-nginx:{}']];
    expect(sources).toEqual([
      ...edge.map((from) => ({ from, ports: [8080] })),
      { from: [`${callerNs(spec)}:{}`], ports: [8080] },
      { from: ['monitoring:{"app.kubernetes.io/name":"prometheus","operator.prometheus.io/name":"kube-prometheus-stack-prometheus"}'], ports: [9090] },
    ]);
  });

  it(spec.addons.mesh ? 'allows the gateway and the callers by mesh identity, Prometheus on the metrics path only' : 'has no mesh policy without the mesh', () => {
    const authz = all(objects, 'AuthorizationPolicy');
    if (!spec.addons.mesh) return expect(authz).toEqual([]);
    const gateway = spec.addons.ingress === 'gateway-api' ? 'cluster.local/ns/istio-system/sa/istio-ingressgateway' : 'cluster.local/ns/ingress-nginx/sa/ingress-nginx';
    expect(authz[0].spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'api' } },
      action: 'ALLOW',
      rules: [
        { from: [{ source: { principals: [gateway, `cluster.local/ns/${callerNs(spec)}/sa/web`].sort() } }], to: [{ operation: { ports: ['8080'] } }] },
        { to: [{ operation: { ports: ['9090'], methods: ['GET'], paths: ['/metrics'] } }] },
      ],
    });
    expect(find(objects, 'PeerAuthentication', 'api-metrics').spec.portLevelMtls).toEqual({ 9090: { mode: 'PERMISSIVE' } });
  });

  it('routes through the platform edge with weights stable 90 / canary 10', () => {
    const implementation = edgeImplementation(spec);
    if (!implementation) {
      const [main, canary] = [find(objects, 'Ingress'), find(objects, 'Ingress', 'api-canary')];
      expect(main.spec.ingressClassName).toBe('nginx');
      expect(canary.metadata.annotations).toEqual({ 'nginx.ingress.kubernetes.io/canary': 'true', 'nginx.ingress.kubernetes.io/canary-weight': '10' });
      expect(all(objects, 'HTTPRoute')).toEqual([]);
      return;
    }
    // The parent is the Gateway the platform itself emits, on its HTTPS listener.
    const gateway = edgeGatewayObjects(spec, implementation).find((o) => o.kind === 'Gateway')!;
    const route = find(objects, 'HTTPRoute');
    expect(route.spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: gateway.metadata.name, namespace: gateway.metadata.namespace, sectionName: 'https' }]);
    expect((gateway.spec as { listeners: Array<{ name: string; protocol: string }> }).listeners.find((l) => l.name === 'https')?.protocol).toBe('HTTPS');
    expect(route.spec.hostnames).toEqual([`api-${spec.tenants[0].name}.${spec.domain}`]);
    const backends = route.spec.rules[0].backendRefs as Array<{ name: string; weight: number }>;
    expect(backends.map((b) => [b.name, b.weight])).toEqual([['api', 90], ['api-canary', 10]]);
    expect(backends.reduce((s, b) => s + b.weight, 0)).toBe(100);
    expect(all(objects, 'Ingress')).toEqual([]);
  });

  it('scrapes the metrics port of every track with a PodMonitor', () => {
    expect(find(objects, 'PodMonitor').spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'api' } },
      namespaceSelector: { matchNames: [spec.tenants[0].name] },
      podMetricsEndpoints: [{ port: 'metrics', path: '/metrics' }],
    });
  });

  it("passes the platform's admission policies (tenant binding), as Deployments and as the pods they create", () => {
    const c = new Chart(Testing.app(), 'policies');
    new AdmissionPolicies(c, 'admission', { spec, namespaces: [], meshInjection: spec.addons.mesh });
    const policies = Testing.synth(c);
    const ns = spec.tenants[0].name;
    const labels = namespaceLabels([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'groundwork.dev/tenant': ns } } }]);
    const deployments = all(objects, 'Deployment');
    const pods = deployments.map((d) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { ...d.spec.template.metadata, name: d.metadata.name, namespace: ns }, spec: d.spec.template.spec }));
    const judged: Admission[] = admit(policies, [...deployments, ...pods], labels);
    expect(judged).toHaveLength(4);
    // Every tenant policy judges them (the readiness-probe rule judges Deployments only; digests production only).
    for (const a of judged) expect(a.verdicts.length).toBe((a.object.startsWith('Deployment/') ? 1 : 0) + (spec.tier === 'production' ? 8 : 7));
    expect(judged.flatMap((a) => a.verdicts.flatMap((v) => [...v.refusals, ...v.errors].map((m) => `${a.object} ${v.policy}: ${m}`)))).toEqual([]);
  });
});

describe('platform facts', () => {
  it('takes a resolved spec, a spec as written and a team chart context alike', () => {
    const spec = SPECS.prod;
    const fromResolved = synth(props(spec, spec));
    expect(synth(props(spec, prod))).toEqual(fromResolved);
    expect(synth(props(spec, { spec, enabled: new Set(['istiod', 'istio-ingressgateway', 'kube-prometheus-stack']), addons: [{ id: 'kube-prometheus-stack', namespace: 'monitoring' } as never] }))).toEqual(fromResolved);
  });

  it('does not scrape where the platform runs no metrics stack', () => {
    const input = { ...staging, observability: { ...staging.observability, metrics: { enabled: false }, alerting: undefined } } as EnvironmentSpec;
    const objects = synth(props(resolveSpec(input), input));
    expect(all(objects, 'PodMonitor')).toEqual([]);
    expect(find(objects, 'NetworkPolicy').spec.ingress).toHaveLength(2);
  });

  it('is not routed, nor reachable from the edge, when not exposed', () => {
    const objects = synth(props(SPECS.prod, SPECS.prod, { expose: false, canary: undefined }));
    expect(all(objects, 'HTTPRoute')).toEqual([]);
    expect(find(objects, 'NetworkPolicy').spec.ingress).toHaveLength(2);
    expect(find(objects, 'AuthorizationPolicy').spec.rules[0].from[0].source.principals).toEqual([`cluster.local/ns/${callerNs(SPECS.prod)}/sa/web`]);
  });
});

describe('an internal service nobody calls', () => {
  it('admits nothing beyond the tenant policies: no edge, caller or scrape rule, no AuthorizationPolicy', () => {
    const objects = synth(props(SPECS.prod, SPECS.prod, { expose: false, canary: undefined, callers: [], metrics: undefined }));
    expect(find(objects, 'NetworkPolicy').spec.ingress ?? []).toEqual([]);
    expect(find(objects, 'NetworkPolicy').spec.policyTypes).toEqual(['Ingress']);
    expect(all(objects, 'AuthorizationPolicy')).toEqual([]);
    expect(all(objects, 'HTTPRoute')).toEqual([]);
    expect(validationReport(objects).errors).toEqual([]);
  });
});

describe('prop validation', () => {
  const spec = SPECS.prod;
  const error = (extra: Partial<ProductionServiceProps>, id = 'api'): ProductionServiceValidationError => {
    try {
      synth(props(spec, spec, extra), id);
    } catch (e) {
      if (e instanceof ProductionServiceValidationError) return e;
      throw e;
    }
    throw new Error('expected a ProductionServiceValidationError');
  };
  const line = (extra: Partial<ProductionServiceProps>, id?: string) => error(extra, id).message.split('\n').slice(1);

  it.each<[string, Partial<ProductionServiceProps>, RegExp, string?]>([
    ['name not DNS-1123', { name: 'Api_Service' }, /^ {2}name: "Api_Service" is not a DNS-1123 label of at most 50 characters; fix: use lowercase letters/],
    ['name too long', { name: 'a'.repeat(51) }, /^ {2}name: "a{51}" is not a DNS-1123 label/],
    ['unknown tenant namespace', { namespace: 'team-z' }, /^ {2}namespace: "team-z" is not a tenant of environment "prod"; fix: use one of: team-a, team-b, payments$/],
    ['image without tag or digest', { image: `${'333333333333.dkr.ecr.eu-west-1.amazonaws.com/'}payments/api` }, /^ {2}image: ".*payments\/api" has no tag or digest, or is tagged latest.*; fix: pin a version/],
    ['image tagged latest', { image: `333333333333.dkr.ecr.eu-west-1.amazonaws.com/payments/api:latest${DIGEST_A}` }, /^ {2}image: .* is tagged latest/],
    ['no digest in production', { image: '333333333333.dkr.ecr.eu-west-1.amazonaws.com/payments/api:1.4.2' }, /^ {2}image: ".*:1.4.2" has no digest; production admits images pinned by digest only; fix: append the digest/],
    ['foreign registry', { image: `docker.io/library/nginx:1.27${DIGEST_A}` }, /^ {2}image: "docker.io\/library\/nginx:1.27@sha256:a+" is not from a registry the platform admits; fix: push it to one of: 333333333333/],
    ['port out of range', { port: 70000 }, /^ {2}port: 70000 is not a TCP port; fix: use an integer from 1 to 65535/],
    ['port reserved by the sidecar', { port: 15021 }, /^ {2}port: 15021 is in 15000–15099, which the Istio sidecar reserves/],
    ['CPU quantity syntax', { resources: { cpu: '250 millicores' } }, /^ {2}resources.cpu: "250 millicores" is not a positive CPU quantity; fix: use cores or millicores/],
    ['memory quantity syntax', { resources: { memory: '256MB' } }, /^ {2}resources.memory: "256MB" is not a positive memory quantity; fix: use bytes with a suffix/],
    ['memory limit below request', { resources: { memory: '1Gi', memoryLimit: '512Mi' } }, /^ {2}resources.memoryLimit: 512Mi is below the memory request 1Gi/],
    ['probe path not absolute', { probes: { readinessPath: 'ready' } }, /^ {2}probes.readinessPath: "ready" is not an absolute HTTP path/],
    ['startup seconds out of range', { probes: { startupSeconds: 1 } }, /^ {2}probes.startupSeconds: 1 is out of range \(5–3600\)/],
    ['replicas min > max', { replicas: { min: 5, max: 3 } }, /^ {2}replicas: min 5 is greater than max 3; fix: lower replicas.min or raise replicas.max to at least 5$/],
    ['replicas min below the tier floor', { replicas: { min: 1 } }, /^ {2}replicas.min: 1 leaves a production service down during a node drain or a zone outage; fix: use at least 2$/],
    ['replicas not an integer', { replicas: { max: 2.5 } }, /^ {2}replicas.max: 2.5 is out of range/],
    ['CPU target out of range', { replicas: { cpuTargetPercent: 150 } }, /^ {2}replicas.cpuTargetPercent: 150 is out of range \(1–100\)/],
    ['unknown caller format', { callers: ['web'] }, /^ {2}callers\[0\]: "web" is not a caller; fix: name it as "<namespace>\/<service account>", e.g. "team-b\/checkout"$/],
    ['hostname outside the domain', { hostnames: ['api.example.org'] }, /^ {2}hostnames\[0\]: "api.example.org" is not one label \(≤ 63 characters\) under the edge's domain prod.groundwork.example.com; fix: set hostnames/],
    ['canary weight out of range', { canary: { image: `333333333333.dkr.ecr.eu-west-1.amazonaws.com/payments/api:1.5.0${DIGEST_B}`, weight: 120 } }, /^ {2}canary.weight: 120 is not a percent of traffic; fix: use an integer from 0 to 100/],
    ['canary image unpinned', { canary: { image: '333333333333.dkr.ecr.eu-west-1.amazonaws.com/payments/api:1.5.0', weight: 10 } }, /^ {2}canary.image: .* has no digest/],
    ['canary without exposure', { expose: false }, /^ {2}canary: a canary takes its share of edge traffic, and the service is not exposed/],
    ['metrics on the traffic port', { port: 9090, metrics: {} }, /^ {2}metrics.port: 9090 is the traffic port; fix: serve the application on another port/],
    ['metrics on a port Prometheus may not reach', { metrics: { port: 9100 } }, /^ {2}metrics.port: 9100 is not the platform's tenant metrics port; fix: serve metrics on 9090/],
    ['missing required labels', { labels: {} }, /^ {2}labels: missing the labels the platform requires on every pod: groundwork.dev\/cost-center; fix: add them/],
  ])('%s', (_name, extra, message) => {
    expect(line(extra)).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  it('needs a domain to expose the service', () => {
    const input = { ...dev, domain: undefined, addons: { ...dev.addons, hostedZoneId: undefined } } as EnvironmentSpec;
    const s = resolveSpec(input);
    expect(() => synth(props(s, s))).toThrow(/expose: environment "dev" has no domain, so its edge serves no hostnames; fix: set expose: false/);
  });

  it('reports every problem at once, sorted by prop, in one error', () => {
    const e = error({ port: 0, callers: ['x'], canary: { image: 'nginx', weight: -1 } }, 'Bad');
    expect(e.message).toMatch(/^Invalid ProductionService "Bad": \d+ problems\n/);
    expect(e.issues.map((i) => i.path)).toEqual(['callers[0]', 'canary.image', 'canary.image', 'canary.weight', 'name', 'port']);
  });

  it('does not require a digest outside production', () => {
    const s = SPECS.staging;
    expect(() => synth(props(s, s, { image: `${registry(s)}payments/api:1.4.2`, canary: undefined }))).not.toThrow();
  });
});
