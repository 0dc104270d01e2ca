/**
 * What the pinned charts themselves render validates against the upstream schemas: every
 * object of every chart the platform deploys (Kubernetes 1.36 for built-in kinds, the charts'
 * own CRDs and the Gateway API bundle for custom resources). And the platform's kinds of custom
 * resources are judged by those real CRDs, CEL rules included.
 */
import { isCrd } from '../support/crd-index';
import type { CrdObject } from '../support/crd-validator';
import { celStatistics, crdCompilation, loadManifestFile, validateObjects } from '../support/schema';
import { chartCache, helmTemplate, type ChartRender } from './helm-template';

const KUBE_VERSION = '1.36.0';

/**
 * Every chart the platform deploys, with the values it needs to render at all (README of the
 * chart cache) plus switches that add kinds the defaults leave out. Karpenter's CRDs come from
 * the karpenter-crd chart (the controller chart's crds/ folder is never upgraded by Helm).
 */
const RELEASES: ChartRender[] = [
  { chart: 'cilium', version: '1.20.0', namespace: 'kube-system' },
  { chart: 'aws-load-balancer-controller', version: '3.5.0', namespace: 'kube-system', set: { clusterName: 'dev' } },
  { chart: 'ingress-nginx', version: '4.15.1', namespace: 'ingress-nginx', set: { 'controller.autoscaling.enabled': 'true' } },
  { chart: 'external-dns', version: '1.21.1', namespace: 'external-dns' },
  { chart: 'cert-manager', version: 'v1.21.1', namespace: 'cert-manager', set: { 'crds.enabled': 'true', 'podDisruptionBudget.enabled': 'true' } },
  { chart: 'base', version: '1.30.3', namespace: 'istio-system' },
  { chart: 'cni', version: '1.30.3', namespace: 'istio-system' },
  { chart: 'istiod', version: '1.30.3', namespace: 'istio-system' },
  { chart: 'gateway', version: '1.30.3', namespace: 'istio-ingress' },
  { chart: 'karpenter-crd', version: '1.14.1', namespace: 'karpenter' },
  { chart: 'karpenter', version: '1.14.1', namespace: 'karpenter', set: { 'settings.clusterName': 'dev' }, includeCrds: false },
  { chart: 'cluster-autoscaler', version: '9.59.0', namespace: 'kube-system', set: { 'autoDiscovery.clusterName': 'dev' } },
  { chart: 'metrics-server', version: '3.13.1', namespace: 'kube-system', set: { 'podDisruptionBudget.enabled': 'true' } },
  { chart: 'argo-cd', version: '10.1.1', namespace: 'argocd', set: { 'redis-ha.enabled': 'true' } },
];

let rendered: Array<{ release: ChartRender; objects: object[] }>;
let gatewayApi: object[];
let installedCrds: CrdObject[];

beforeAll(async () => {
  rendered = await Promise.all(RELEASES.map(async (release) => ({ release, objects: await helmTemplate(release, KUBE_VERSION) })));
  gatewayApi = loadManifestFile(`${chartCache()}/../crds/gateway-api-v1.5.1-standard.yaml`);
  installedCrds = [...rendered.flatMap((r) => r.objects), ...gatewayApi].filter(isCrd);
}, 120_000);

const meta = (name: string, namespace?: string): object => ({ name, ...(namespace ? { namespace } : {}) });

describe('the pinned charts render objects that validate', () => {
  it('validates every object of every chart together with the Gateway API bundle: zero errors', () => {
    const objects = [...rendered.flatMap((r) => r.objects), ...gatewayApi];
    expect(objects.length).toBeGreaterThan(250);
    expect(validateObjects(objects)).toEqual([]);
  });

  it('renders each chart (none is empty, so none escapes the check above)', () => {
    for (const { release, objects } of rendered) expect({ chart: release.chart, objects: objects.length }).toEqual({ chart: release.chart, objects: expect.any(Number) as number });
    expect(rendered.filter((r) => r.objects.length === 0).map((r) => r.release.chart)).toEqual([]);
  });

  it('catches a broken object in real chart output (built-in kind and custom resource)', () => {
    const all = rendered.flatMap((r) => r.objects) as Array<Record<string, unknown>>;
    const deployment = structuredClone(all.find((o) => o.kind === 'Deployment')!);
    (deployment.spec as Record<string, unknown>).replica = 2;
    const list = all.find((o) => o.kind === 'List') as { items: Array<Record<string, unknown>> };
    const params = structuredClone(list.items.find((o) => o.kind === 'IngressClassParams')!);
    params.spec = { schem: 'internal' };
    expect(validateObjects([...installedCrds, deployment, params])).toEqual([
      expect.stringMatching(/^Deployment\/.+: spec\.replica: unknown field: not in the kubernetes-models-1\.36 schema/),
      'IngressClassParams/alb: spec.schem: unknown field: the CRD schema does not declare it, so the API server would silently prune it',
    ]);
  });

  it('compiles every installed CRD version, using only formats and patterns it checks', () => {
    expect(installedCrds.length).toBeGreaterThan(30);
    expect(crdCompilation(installedCrds)).toEqual({ errors: [], unknownFormats: [], uncheckedPatterns: [] });
  });
});

describe("the platform's custom resources against the CRDs the charts install", () => {
  const nodePool = {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: meta('spot-general'),
    spec: {
      disruption: { budgets: [{ nodes: '10%' }], consolidateAfter: '5m', consolidationPolicy: 'WhenEmptyOrUnderutilized' },
      limits: { cpu: '10' },
      template: {
        metadata: { labels: { 'groundwork.dev/pool': 'spot-general' } },
        spec: {
          expireAfter: '720h',
          nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'spot-general' },
          requirements: [{ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot'] }],
        },
      },
    },
  };
  const nodeClass = {
    apiVersion: 'karpenter.k8s.aws/v1',
    kind: 'EC2NodeClass',
    metadata: meta('spot-general'),
    spec: {
      amiSelectorTerms: [{ alias: 'al2023@latest' }],
      metadataOptions: { httpEndpoint: 'enabled', httpPutResponseHopLimit: 1, httpTokens: 'required' },
      role: 'dev-karpenter-node',
      securityGroupSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'dev' } }],
      subnetSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'dev' } }],
      tags: { 'groundwork.dev/pool': 'spot-general' },
    },
  };
  const route = {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: meta('web', 'team-a'),
    spec: {
      parentRefs: [{ name: 'edge', namespace: 'istio-ingress' }],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'web', port: 80 }] }],
    },
  };
  const certificate = {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: meta('wildcard', 'istio-ingress'),
    spec: { secretName: 'wildcard-tls', dnsNames: ['*.example.com'], issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'letsencrypt' } },
  };
  const check = (...objects: object[]): string[] => validateObjects(objects, { crds: installedCrds });

  it('accepts valid Karpenter, Gateway API and cert-manager objects, evaluating their CEL rules', () => {
    const before = celStatistics.evaluated;
    expect(check(nodePool, nodeClass, route, certificate)).toEqual([]);
    expect(celStatistics.evaluated - before).toBeGreaterThan(20);
  });

  it('rejects what the API server would reject by CEL rule', () => {
    const hostname = structuredClone(nodePool);
    hostname.spec.template.spec.requirements.push({ key: 'kubernetes.io/hostname', operator: 'In', values: ['a'] });
    const tagged = { ...nodeClass, spec: { ...nodeClass.spec, tags: { 'karpenter.sh/nodepool': 'x' } } };
    const relative = structuredClone(route);
    relative.spec.rules[0].matches[0].path.value = 'api';
    const errors = check(hostname, tagged, relative);
    expect(errors).toContainEqual(expect.stringMatching(/^NodePool\/spot-general: spec\.template\.spec\.requirements\[1\]\.key: label "kubernetes\.io\/hostname" is restricted/));
    expect(errors).toContainEqual(expect.stringMatching(/^EC2NodeClass\/spot-general: spec\.tags: tag contains a restricted tag matching karpenter\.sh\/nodepool/));
    expect(errors).toContainEqual(expect.stringMatching(/^HTTPRoute\/team-a\/web: spec\.rules\[0\]\.matches\[0\]\.path: value must be an absolute path/));
  });

  it('rejects a field the installed CRD does not declare, where the model package would not know either', () => {
    const typo = { ...certificate, spec: { ...certificate.spec, dnsName: ['x.example.com'] } };
    expect(check(typo)).toEqual([
      'Certificate/istio-ingress/wildcard: spec.dnsName: unknown field: the CRD schema does not declare it, so the API server would silently prune it',
    ]);
  });
});
