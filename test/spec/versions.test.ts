/**
 * The version table: every pin exact and dated, every chart with its Kubernetes support and
 * source, and the offered Kubernetes minors covered by every per-minor table.
 */
import { compareMinor, kubernetesVerdict } from '../../lib/spec/version-support';
import {
  CHART_VERSIONS,
  CLUSTER_AUTOSCALER_IMAGE_TAGS,
  DEFAULT_KUBERNETES_VERSION,
  EKS_ADDON_NAMES,
  EKS_ADDON_VERSIONS,
  EKS_ADDON_VERSIONS_BY_KUBERNETES,
  GATEWAY_API_VERSION,
  KUBERNETES_VERSIONS,
  type CatalogueChart,
} from '../../lib/spec/versions';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const CHECKED = /^(\d{4}-\d{2}-\d{2}|unverified)$/;
const offered = KUBERNETES_VERSIONS.map((k) => k.version as string);
const charts = Object.entries(CHART_VERSIONS) as Array<[string, CatalogueChart]>;

describe('Kubernetes versions', () => {
  it('offers 1.36 and 1.35 only, newest first, and defaults to the newest', () => {
    expect(offered).toEqual(['1.36', '1.35']);
    expect(DEFAULT_KUBERNETES_VERSION).toBe('1.36');
    // 1.34 leaves EKS standard support on 2026-12-02: a new cluster must not start on it.
    expect(offered).not.toContain('1.34');
  });

  it('dates every end of standard support it records', () => {
    for (const k of KUBERNETES_VERSIONS) {
      expect(k.checked).toMatch(ISO_DATE);
      const end = (k as { endOfStandardSupport?: string }).endOfStandardSupport;
      if (end !== undefined) expect(end).toMatch(ISO_DATE);
    }
  });
});

describe('EKS managed add-ons', () => {
  it.each(offered)('pins all five add-ons for Kubernetes %s, exactly', (version) => {
    const pins = EKS_ADDON_VERSIONS_BY_KUBERNETES[version as keyof typeof EKS_ADDON_VERSIONS_BY_KUBERNETES];
    expect(Object.keys(pins).sort()).toEqual([...EKS_ADDON_NAMES]);
    for (const pin of Object.values(pins)) {
      expect(pin.version).toMatch(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/);
      expect(pin.checked).toMatch(CHECKED);
    }
  });

  it.each(offered)('pins kube-proxy of the same minor as Kubernetes %s (version skew policy)', (version) => {
    const pins = EKS_ADDON_VERSIONS_BY_KUBERNETES[version as keyof typeof EKS_ADDON_VERSIONS_BY_KUBERNETES];
    expect(pins['kube-proxy'].version.startsWith(`v${version}.`)).toBe(true);
  });

  it('has no pins for a minor it does not offer', () => {
    expect(Object.keys(EKS_ADDON_VERSIONS_BY_KUBERNETES).sort()).toEqual([...offered].sort());
    expect(EKS_ADDON_VERSIONS).toBe(EKS_ADDON_VERSIONS_BY_KUBERNETES[DEFAULT_KUBERNETES_VERSION]);
  });
});

describe('Cluster Autoscaler images', () => {
  it.each(offered)('has an image whose minor is Kubernetes %s (CA minor must equal the cluster minor)', (version) => {
    const tag = CLUSTER_AUTOSCALER_IMAGE_TAGS[version as keyof typeof CLUSTER_AUTOSCALER_IMAGE_TAGS];
    expect(tag.version).toMatch(new RegExp(`^v${version.replace('.', '\\.')}\\.\\d+$`));
    expect(tag.checked).toMatch(ISO_DATE);
  });
});

describe('charts', () => {
  it.each(charts)('%s is pinned exactly and dated', (_id, chart) => {
    expect(chart.version).toMatch(/^v?\d+\.\d+\.\d+$/);
    expect(chart.checked).toMatch(ISO_DATE);
  });

  it.each(charts)('%s declares its Kubernetes support with a source', (_id, chart) => {
    const k = chart.kubernetes;
    // A chart whose project publishes no range has no bound, and must say so (unverified).
    if (k.min === undefined && k.max === undefined) expect(k.checked).toBe('unverified');
    if (k.min && k.max) expect(compareMinor(k.min, k.max)).toBeLessThanOrEqual(0);
    expect(['supported', 'tested']).toContain(k.basis);
    expect(k.source.length).toBeGreaterThan(10);
    expect(k.checked).toMatch(CHECKED);
  });

  it.each(charts)('%s is not refused on any offered Kubernetes minor (an offered minor must deploy the whole catalogue)', (_id, chart) => {
    for (const version of offered) expect(kubernetesVerdict(chart.kubernetes, version)).not.toBe('unsupported');
  });

  it('dates every end of life and says what to do instead', () => {
    const withEol = charts.filter(([, c]) => 'endOfLife' in c);
    expect(withEol.map(([id]) => id).sort()).toEqual(['ingress-nginx', 'karpenter', 'karpenter-crd']);
    for (const [, c] of withEol) {
      const eol = (c as CatalogueChart).endOfLife!;
      expect(eol.date).toMatch(ISO_DATE);
      expect(eol.fix.length).toBeGreaterThan(10);
    }
  });

  it('moves the four Istio charts together, and karpenter with its CRD chart', () => {
    const istio = ['istio-base', 'istio-cni', 'istiod', 'istio-ingressgateway'].map((id) => CHART_VERSIONS[id as keyof typeof CHART_VERSIONS].version);
    expect(new Set(istio)).toEqual(new Set(['1.30.3']));
    expect(CHART_VERSIONS['karpenter-crd']).toMatchObject({ chart: 'karpenter-crd', repository: 'oci://public.ecr.aws/karpenter', version: CHART_VERSIONS.karpenter.version });
  });

  it('pins the charts of the cache (../shared/charts)', () => {
    const pins = Object.fromEntries(charts.map(([id, c]) => [id, `${c.chart}-${c.version}`]));
    expect(pins).toEqual({
      cilium: 'cilium-1.20.0',
      'aws-load-balancer-controller': 'aws-load-balancer-controller-3.5.0',
      'ingress-nginx': 'ingress-nginx-4.15.1',
      'external-dns': 'external-dns-1.21.1',
      'cert-manager': 'cert-manager-v1.21.1',
      'istio-base': 'base-1.30.3',
      'istio-cni': 'cni-1.30.3',
      istiod: 'istiod-1.30.3',
      'istio-ingressgateway': 'gateway-1.30.3',
      karpenter: 'karpenter-1.14.1',
      'karpenter-crd': 'karpenter-crd-1.14.1',
      'cluster-autoscaler': 'cluster-autoscaler-9.59.0',
      'metrics-server': 'metrics-server-3.13.1',
      'kube-prometheus-stack': 'kube-prometheus-stack-88.5.3',
      loki: 'loki-18.11.0',
      'fluent-bit': 'fluent-bit-0.58.1',
      tempo: 'tempo-2.2.4',
      'opentelemetry-collector': 'opentelemetry-collector-0.170.0',
      'external-secrets': 'external-secrets-2.9.0',
      falco: 'falco-9.1.0',
      'trivy-operator': 'trivy-operator-0.34.0',
      velero: 'velero-12.1.0',
      'argo-cd': 'argo-cd-10.1.1',
    });
  });
});

describe('Gateway API', () => {
  it('pins the CRD bundle Istio 1.30 is built and tested against', () => {
    expect(GATEWAY_API_VERSION).toEqual({ version: 'v1.5.1', checked: expect.stringMatching(ISO_DATE) });
  });
});
