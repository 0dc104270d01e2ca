/**
 * The Gateway API edge, with the mesh (Istio's gateway) and without it (an ALB): who may attach
 * routes, what plaintext does, what each implementation needs, and that the CRDs arrive first.
 */
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { edgeGatewayName, edgeGatewayObjects, edgeImplementation, edgeIngressPeer, EDGE_LISTENERS, type EdgeImplementation } from '../../lib/addons/edge-gateway';
import { gatewayApiCrdObjects } from '../../lib/addons/gateway-api-crds';
import type { GatewayObject, HTTPRouteObject, Listener } from '../../lib/addons/gateway-api-model';
import { SYNC_WAVE_ANNOTATION } from '../../lib/blueprint/gitops';
import type { PlanRecord } from '../../lib/plan/planner';
import { TENANT_NAMESPACE_LABEL } from '../../lib/k8s/tenant';
import { loadChartArchive } from '../../lib/render/chart-archive';
import { applyDefaults } from '../../lib/spec/defaults';
import { planSubnets } from '../../lib/spec/subnets';
import { CHART_VERSIONS } from '../../lib/spec/versions';
import { prod } from '../../stacks/environments';
import { ofKind, ofType, synthesize, type Synthesized } from '../support/environment';
import { testChartCache } from '../support/rendered';
import { validateObjects } from '../support/schema';
import { prodGitops, prodMeshOff } from '../support/variants';

const IMPLEMENTATIONS: EdgeImplementation[] = ['istio', 'alb'];
const specFor = (implementation: EdgeImplementation) => applyDefaults(implementation === 'istio' ? prod : prodMeshOff);
const gatewayOf = (objs: readonly { kind: string }[]) => objs.find((o) => o.kind === 'Gateway') as GatewayObject;
const routesOf = (objs: readonly { kind: string }[]) => objs.filter((o) => o.kind === 'HTTPRoute') as HTTPRouteObject[];

type Ns = { name: string; labels: Record<string, string> };

/** Gateway API route admission (allowedRoutes.namespaces) of one listener, as the spec defines it. */
function admits(listener: Listener, gatewayNamespace: string, ns: Ns): boolean {
  const { from, selector } = listener.allowedRoutes.namespaces;
  if (from === 'Same') return ns.name === gatewayNamespace;
  const labels = ns.labels;
  const byLabel = Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpression = (selector?.matchExpressions ?? []).every((e) => {
    if (e.operator === 'Exists') return e.key in labels;
    if (e.operator === 'DoesNotExist') return !(e.key in labels);
    if (e.operator === 'In') return (e.values ?? []).includes(labels[e.key]);
    return !(e.values ?? []).includes(labels[e.key]);
  });
  return byLabel && byExpression;
}

/** The AWS Load Balancer Controller's gateway CRDs, from its pinned chart in the chart cache. */
function lbcGatewayCrds(): object[] {
  const ref = CHART_VERSIONS['aws-load-balancer-controller'];
  const cache = testChartCache();
  if (!cache) throw new Error(`no chart cache: set GROUNDWORK_CHART_CACHE (needs ${ref.chart}-${ref.version}.tgz)`);
  const file = loadChartArchive(join(cache, `${ref.chart}-${ref.version}.tgz`)).files.get('crds/gateway-crds.yaml');
  if (!file) throw new Error(`${ref.chart} ${ref.version} ships no crds/gateway-crds.yaml`);
  return parseAllDocuments(file.toString('utf8')).map((d) => d.toJS() as object).filter(Boolean);
}

describe.each(IMPLEMENTATIONS)('edge objects (%s)', (implementation) => {
  const spec = specFor(implementation);
  const objs = edgeGatewayObjects(spec, implementation);
  const gateway = gatewayOf(objs);
  const namespace = gateway.metadata.namespace!;

  it('is selected by the spec: Istio with the mesh, the ALB without it', () => {
    expect(edgeImplementation(spec)).toBe(implementation);
  });

  it('lets tenant routes in through the HTTPS listener only, and only from tenant-labelled namespaces', () => {
    const namespaces: Ns[] = [
      ...spec.tenants.map((t) => ({ name: t.name, labels: { [TENANT_NAMESPACE_LABEL]: t.name } })),
      ...['istio-system', 'kube-system', 'cert-manager', 'external-dns', 'default'].map((name) => ({ name, labels: {} })),
    ];
    for (const listener of gateway.spec.listeners) {
      const admitted = namespaces.filter((ns) => admits(listener, namespace, ns)).map((ns) => ns.name).sort();
      const expected = listener.protocol === 'HTTPS' ? spec.tenants.map((t) => t.name).sort() : [namespace];
      expect({ listener: listener.name, admitted }).toEqual({ listener: listener.name, admitted: expected });
      expect(listener.allowedRoutes.kinds).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }]);
    }
    expect(spec.tenants.map((t) => t.name)).not.toContain(namespace);
  });

  it('answers plain HTTP only with a redirect to HTTPS', () => {
    const http = gateway.spec.listeners.filter((l) => l.protocol === 'HTTP');
    expect(http.map((l) => [l.name, l.port])).toEqual([[EDGE_LISTENERS.http, 80]]);
    // Every route that can attach to the HTTP listener lives in the Gateway's namespace (Same) and is ours.
    const onHttp = routesOf(objs).filter((r) => r.metadata.namespace === namespace);
    expect(onHttp.length).toBeGreaterThan(0);
    for (const route of onHttp) {
      expect(route.spec.parentRefs).toEqual([expect.objectContaining({ name: gateway.metadata.name, sectionName: EDGE_LISTENERS.http })]);
      for (const rule of route.spec.rules) {
        expect(rule).not.toHaveProperty('backendRefs');
        expect(rule.filters).toEqual([{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }]);
      }
    }
  });

  it('serves *.<domain> on 443', () => {
    const https = gateway.spec.listeners.find((l) => l.protocol === 'HTTPS')!;
    expect([https.name, https.port, https.hostname]).toEqual([EDGE_LISTENERS.https, 443, `*.${spec.domain}`]);
    expect(gateway.metadata.name).toBe(edgeGatewayName(spec));
  });

  it('validates against the CRD schemas of the bundle and the controller (CEL rules included)', () => {
    expect(validateObjects(objs, { crds: [...gatewayApiCrdObjects(), ...lbcGatewayCrds()] })).toEqual([]);
  });
});

describe('Istio edge', () => {
  const spec = specFor('istio');
  const gateway = gatewayOf(edgeGatewayObjects(spec, 'istio'));

  it("binds to the gateway chart release's Service (manual deployment), so no Deployment is generated", () => {
    expect(gateway.spec.gatewayClassName).toBe('istio');
    expect(gateway.spec.addresses).toEqual([{ type: 'Hostname', value: 'istio-ingressgateway.istio-system.svc.cluster.local' }]);
  });

  it('terminates TLS with the wildcard certificate Secret of its own namespace', () => {
    const https = gateway.spec.listeners.find((l) => l.protocol === 'HTTPS')!;
    expect(https.tls).toEqual({ mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'prod-wildcard-tls' }] });
    expect(gateway.metadata.namespace).toBe('istio-system');
  });

  it('lets only the gateway pods reach tenant pods', () => {
    expect(edgeIngressPeer(spec)).toEqual({ namespace: 'istio-system', podLabels: { istio: 'ingressgateway' } });
  });
});

describe('ALB edge', () => {
  const spec = specFor('alb');
  const objs = edgeGatewayObjects(spec, 'alb');
  const gateway = gatewayOf(objs);
  const byKind = (kind: string) => objs.find((o) => o.kind === kind) as { spec: Record<string, any> } | undefined;

  it('uses the GatewayClass of the ALB controller and no Kubernetes Secret (ALBs take ACM certificates only)', () => {
    expect(gateway.spec.gatewayClassName).toBe('alb');
    expect(byKind('GatewayClass')!.spec.controllerName).toBe('gateway.k8s.aws/alb');
    expect(JSON.stringify(objs)).not.toContain('certificateRefs');
  });

  it('is internet-facing with TLS 1.2+ and IP targets', () => {
    const lbc = byKind('LoadBalancerConfiguration')!.spec;
    expect(gateway.spec.infrastructure?.parametersRef).toEqual({ group: 'gateway.k8s.aws', kind: 'LoadBalancerConfiguration', name: 'prod-edge-alb' });
    expect(lbc.scheme).toBe('internet-facing');
    expect(lbc.listenerConfigurations).toEqual([{ protocolPort: 'HTTPS:443', sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' }]);
    expect(byKind('TargetGroupConfiguration')!.spec.defaultConfiguration.targetType).toBe('ip');
  });

  it('protects the load balancer from deletion where the tier protects resources', () => {
    const attrs = (s: typeof spec) => byKindOf(edgeGatewayObjects(s, 'alb'), 'LoadBalancerConfiguration').spec.loadBalancerAttributes;
    expect(attrs(spec)).toContainEqual({ key: 'deletion_protection.enabled', value: 'true' });
    expect(attrs({ ...spec, profile: { ...spec.profile, protectResources: false } })).toContainEqual({ key: 'deletion_protection.enabled', value: 'false' });
  });

  it('lets the ALB subnets (public, no pods) reach tenant pods, never the whole VPC', () => {
    const peer = edgeIngressPeer(spec);
    expect(peer).toEqual({ cidrs: planSubnets(spec.vpcCidr, spec.availabilityZones).public });
    expect('cidrs' in peer && peer.cidrs).not.toContain(spec.vpcCidr);
    expect('cidrs' in peer && peer.cidrs.some((c) => planSubnets(spec.vpcCidr, spec.availabilityZones).private.includes(c))).toBe(false);
  });
});

function byKindOf(objs: readonly { kind: string }[], kind: string): { spec: Record<string, any> } {
  return objs.find((o) => o.kind === kind) as unknown as { spec: Record<string, any> };
}

/** Whether `from` waits (transitively, through dependencies and component children) for any resource of `target`. */
function waitsFor(plan: readonly PlanRecord[], from: string, target: (r: PlanRecord) => boolean): boolean {
  const byName = new Map(plan.map((r) => [r.name, r] as const));
  const children = new Map<string, string[]>();
  for (const r of plan) if (r.parent) children.set(r.parent, [...(children.get(r.parent) ?? []), r.name]);
  const seen = new Set<string>();
  const queue = [from];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const record = byName.get(name);
    if (!record) continue;
    if (name !== from && target(record)) return true;
    queue.push(...record.dependsOn, ...(children.get(name) ?? []));
  }
  return false;
}

describe('delivery order of the CRDs', () => {
  const envs: Record<string, Synthesized> = {};
  beforeAll(async () => {
    envs.prod = await synthesize(prod);
    envs.meshOff = await synthesize(prodMeshOff);
    envs.gitops = await synthesize(prodGitops);
  });

  it.each([['prod', 'istio-ingressgateway'], ['meshOff', 'aws-load-balancer-controller']])(
    '%s: the configuration holding the Gateway waits for the CRD ConfigGroup in the plan',
    (env, addon) => {
      const { plan } = envs[env];
      const crdGroup = `prod-gateway-api-crds`;
      const crds = plan.filter((r) => r.parent === crdGroup);
      expect(crds.map((r) => r.type)).toEqual(expect.arrayContaining(['kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition', 'kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy']));
      const gatewayResources = plan.filter((r) => r.type === 'kubernetes:gateway.networking.k8s.io/v1:Gateway' || r.type === 'kubernetes:gateway.networking.k8s.io/v1:HTTPRoute');
      expect(gatewayResources.length).toBeGreaterThanOrEqual(2);
      for (const r of gatewayResources) {
        expect(r.parent).toBe(`prod-${addon}-config`);
        expect({ resource: r.name, waitsForCrds: waitsFor(plan, r.name, (d) => d.parent === crdGroup) }).toEqual({ resource: r.name, waitsForCrds: true });
      }
    },
  );

  it('gitops: every Gateway API object syncs in a later wave than the CRDs', () => {
    const wave = (o: { metadata: object }) => Number((o.metadata as { annotations?: Record<string, string> }).annotations?.[SYNC_WAVE_ANNOTATION]);
    const charts = envs.gitops.platform.manifests().charts;
    const crdChart = charts.find((c) => c.chart === 'gateway-api-crds')!;
    expect(crdChart.phase).toBe('addon-manifests');
    const crdWaves = crdChart.objects.map(wave);
    expect(crdWaves.every(Number.isFinite)).toBe(true);
    const users = charts.filter((c) => c !== crdChart).flatMap((c) => c.objects).filter((o) => o.apiVersion.startsWith('gateway.networking.k8s.io/'));
    expect(users.map((o) => o.kind).sort()).toEqual(['Gateway', 'HTTPRoute']);
    for (const o of users) expect(wave(o)).toBeGreaterThan(Math.max(...crdWaves));
    // The root Application syncs the CRD file (only foundation and bootstrap are excluded from it).
    expect(ofKind(envs.gitops.objects, 'Application').some((a) => JSON.stringify(a).includes(crdChart.file))).toBe(false);
  });

  it('mesh off: the ALB edge gets an ACM certificate for *.<domain>, validated in the hosted zone', () => {
    const { plan, platform } = envs.meshOff;
    const [cert] = ofType(plan, 'aws:acm/certificate:Certificate');
    expect(cert.inputs).toMatchObject({ domainName: `*.${platform.spec.domain}`, validationMethod: 'DNS' });
    const [record] = ofType(plan, 'aws:route53/record:Record');
    expect(record.inputs).toMatchObject({ zoneId: platform.spec.addons.hostedZoneId, type: 'CNAME' });
    expect(ofType(plan, 'aws:acm/certificateValidation:CertificateValidation')).toHaveLength(1);
    // Mesh on: the gateway serves cert-manager's wildcard, no ACM certificate is made.
    expect(ofType(envs.prod.plan, 'aws:acm/certificate:Certificate')).toHaveLength(0);
    expect(ofKind(envs.meshOff.objects, 'Certificate').map((c) => c.metadata.name)).not.toContain('prod-wildcard');
  });
});
