/**
 * THE version table: Kubernetes, EKS managed add-ons, Helm charts and the images/CRD bundles
 * pinned next to them, each pinned exactly with the date it was last checked, and for charts the
 * Kubernetes minors the release supports and its end of life, from the project's own pages.
 * Nothing else in the tree names a version. The checks over these facts live in version-support.ts.
 */

/** A pinned version and when a human last confirmed it is current and supported. */
export interface PinnedVersion {
  /** Exact version, never a range. */
  version: string;
  /** ISO date the pin was last checked, or 'unverified' when no authoritative source confirmed it. */
  checked: string;
}

/** Kubernetes minors a release supports, as its project publishes them. */
export interface KubernetesSupport {
  /** Oldest supported minor, e.g. '1.32'. @default none published: older minors are not checked */
  min?: string;
  /** Newest supported (or tested) minor. @default none published: newer minors are not checked */
  max?: string;
  /**
   * 'supported': outside [min, max] the project does not support it, synthesis refuses.
   * 'tested': the project lists the minors it e2e-tests and leaves newer ones to Kubernetes'
   * backward compatibility, so newer than `max` is a warning and older than `min` is refused.
   */
  basis: 'supported' | 'tested';
  /** Where the range comes from. */
  source: string;
  /** ISO date checked, or 'unverified' when it was inferred rather than read. */
  checked: string;
}

/** A firm end-of-life date the project publishes for a release line. */
export interface EndOfLife {
  /** ISO date after which the release line gets no fixes. */
  date: string;
  /** Where the date comes from. */
  source: string;
  /** What to do instead, used as the warning's fix. */
  fix: string;
}

/** A Helm chart pinned by reference: deployed from its repository, never fetched at synth time. */
export interface PinnedChart extends PinnedVersion {
  /** Chart repository URL (HTTPS index or OCI registry). */
  repository: string;
  /** Chart name in that repository. */
  chart: string;
  /** Kubernetes minors this release supports. @default undeclared (team add-ons): not checked */
  kubernetes?: KubernetesSupport;
  /** Firm end of life of this release line. @default none published */
  endOfLife?: EndOfLife;
  /** What the project says about support when it publishes no firm date. @default none */
  supportNote?: string;
}

/** A chart of our own catalogue: its Kubernetes support is always declared. */
export type CatalogueChart = PinnedChart & { kubernetes: KubernetesSupport };

/** A Kubernetes minor offered by this release, with its EKS end of standard support. */
export interface KubernetesVersionPin extends PinnedVersion {
  /** ISO date EKS standard support ends. @default no exact date published yet */
  endOfStandardSupport?: string;
}

const CHECKED = '2026-12-01';

/**
 * Kubernetes minors in EKS standard support, newest first; the first is the default. EKS standard
 * support = 14 months from the EKS release (docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html).
 * 1.34 is dropped: its standard support ends 2026-12-02 (EKS release calendar), the day after this
 * table was checked, and a new environment must not start on a version that leaves support at once.
 */
export const KUBERNETES_VERSIONS = [
  // EKS release 2026-06 (third-party trackers); AWS has published no exact end date yet (~2027-08).
  { version: '1.36', checked: CHECKED },
  // EKS release 2026-01-28; end of standard support 2027-03-27 (EKS release calendar via endoflife.date/amazon-eks).
  { version: '1.35', checked: CHECKED, endOfStandardSupport: '2027-03-27' },
] as const satisfies readonly KubernetesVersionPin[];

/** A Kubernetes minor this release offers. */
export type KubernetesMinor = (typeof KUBERNETES_VERSIONS)[number]['version'];

/** The default Kubernetes version of a new environment. */
export const DEFAULT_KUBERNETES_VERSION: KubernetesMinor = KUBERNETES_VERSIONS[0].version;

/** EKS managed add-ons (phase 1). */
export const EKS_ADDON_NAMES = ['aws-ebs-csi-driver', 'coredns', 'eks-pod-identity-agent', 'kube-proxy', 'snapshot-controller', 'vpc-cni'] as const;
/** Name of an EKS managed add-on Groundwork installs and pins per Kubernetes minor. */
export type EksAddonName = (typeof EKS_ADDON_NAMES)[number];

// coredns and kube-proxy: AWS "Manage CoreDNS" / "Manage kube-proxy" per-Kubernetes tables
// (docs.aws.amazon.com/ja_jp/eks/latest/userguide/managing-coredns.md, managing-kube-proxy.md, listing 1.36 and 1.35).
// vpc-cni, aws-ebs-csi-driver, eks-pod-identity-agent: AWS publishes no per-version table that reaches 1.35/1.36;
// these are the versions `aws eks describe-addon-versions` returned in public IaC for 1.35 (default versions,
// 2026-08-04) and a live 1.36 cluster; 'unverified' until someone runs
// `aws eks describe-addon-versions --kubernetes-version <v> --addon-name <name>`.
/** EKS managed add-on pins per Kubernetes minor: kube-proxy must match the cluster's minor. */
export const EKS_ADDON_VERSIONS_BY_KUBERNETES: Record<KubernetesMinor, Record<EksAddonName, PinnedVersion>> = {
  '1.36': {
    'vpc-cni': { version: 'v1.22.3-eksbuild.1', checked: 'unverified' },
    coredns: { version: 'v1.14.3-eksbuild.3', checked: CHECKED },
    'kube-proxy': { version: 'v1.36.0-eksbuild.14', checked: CHECKED },
    'aws-ebs-csi-driver': { version: 'v1.63.1-eksbuild.1', checked: 'unverified' },
    'eks-pod-identity-agent': { version: 'v1.3.10-eksbuild.3', checked: 'unverified' },
    // VolumeSnapshot CRDs and controller (Velero's CSI snapshots); pin not confirmed with describe-addon-versions.
    'snapshot-controller': { version: 'v8.3.0-eksbuild.1', checked: 'unverified' },
  },
  '1.35': {
    'vpc-cni': { version: 'v1.22.3-eksbuild.1', checked: 'unverified' },
    coredns: { version: 'v1.14.3-eksbuild.3', checked: CHECKED },
    'kube-proxy': { version: 'v1.35.3-eksbuild.13', checked: CHECKED },
    'aws-ebs-csi-driver': { version: 'v1.63.1-eksbuild.1', checked: 'unverified' },
    'eks-pod-identity-agent': { version: 'v1.3.10-eksbuild.3', checked: 'unverified' },
    // VolumeSnapshot CRDs and controller (Velero's CSI snapshots); pin not confirmed with describe-addon-versions.
    'snapshot-controller': { version: 'v8.3.0-eksbuild.1', checked: 'unverified' },
  },
};

/** EKS add-on pins of the default Kubernetes version (what the README table lists first). */
export const EKS_ADDON_VERSIONS: Record<EksAddonName, PinnedVersion> = EKS_ADDON_VERSIONS_BY_KUBERNETES[DEFAULT_KUBERNETES_VERSION];

/**
 * Cluster Autoscaler image per Kubernetes minor: CA's minor must equal the cluster's (its version
 * policy). Chart 9.59.0 ships v1.35.0, so the add-on overrides `image.tag` from here. v1.35.2 and
 * v1.36.1 are upstream release tags whose registry.k8s.io images exist (CA 1.36.1 release notes
 * list registry.k8s.io/autoscaling/cluster-autoscaler:v1.36.1; v1.35.2 is pinned by digest in public repos).
 */
export const CLUSTER_AUTOSCALER_IMAGE_TAGS: Record<KubernetesMinor, PinnedVersion> = {
  '1.36': { version: 'v1.36.1', checked: CHECKED },
  '1.35': { version: 'v1.35.2', checked: CHECKED },
};

/**
 * Gateway API CRD bundle (standard channel, ../shared/crds/gateway-api-v1.5.1-standard.yaml): the
 * version Istio 1.30 builds and tests against (istio 1.30.3 go.mod sigs.k8s.io/gateway-api v1.5.1).
 */
export const GATEWAY_API_VERSION: PinnedVersion = { version: 'v1.5.1', checked: CHECKED };

/**
 * velero-plugin-for-aws (the S3 object store of Velero's BackupStorageLocation), an init container
 * of the velero chart: its minor must pair with Velero's (v1.14.x with Velero 1.18, velero docs
 * upgrade-to-1.18). v1.14.2 is the newest 1.14 patch seen pinned by digest in public repositories;
 * not confirmed against the registry here.
 */
export const VELERO_PLUGIN_FOR_AWS_VERSION: PinnedVersion = { version: 'v1.14.2', checked: 'unverified' };

/** Istio release shared by its four charts (they must move together). */
const ISTIO = '1.30.3';
const ISTIO_REPO = 'https://istio-release.storage.googleapis.com/charts';
const ISTIO_K8S: KubernetesSupport = {
  min: '1.32', max: '1.36', basis: 'supported', checked: CHECKED,
  source: 'istio.io supported releases (istio/istio.io data/compatibility/supportStatus.yml): 1.30 supports 1.32-1.36',
};
const ISTIO_NOTE = 'Istio supports a minor until 6 weeks after the N+2 minor (1.32) ships; istio.io expected ~Nov 2026. 1.29 ended 2026-10-15.';

const KARPENTER = '1.14.1';
const KARPENTER_K8S: KubernetesSupport = {
  min: '1.30', max: '1.36', basis: 'supported', checked: CHECKED,
  source: 'karpenter.sh/v1.14/upgrading/compatibility matrix (1.36 needs >= 1.13); aws/karpenter-provider-aws#9223',
};
// v1.14 is an LTS release (SUPPORT.md "LTS versions table": v1.14 Jul 2026 - Jul 2027; 12 months from v1.14.0, 2026-07-11).
const KARPENTER_EOL: EndOfLife = {
  date: '2027-07-11',
  source: 'aws/karpenter-provider-aws SUPPORT.md (LTS supported 12 months)',
  fix: 'pin the next Karpenter LTS (karpenter and karpenter-crd together) in lib/spec/versions.ts',
};

/** Helm charts of the add-on catalogue (phase 3). Keys are add-on ids. */
export const CHART_VERSIONS = {
  cilium: {
    repository: 'https://helm.cilium.io', chart: 'cilium', version: '1.20.0', checked: CHECKED,
    // docs.cilium.io lists the minors each release e2e-tests (v1.18: 1.30-1.33, the four current at its
    // branch cut); the v1.20 page was not readable here, 1.33-1.36 follows the same rule.
    kubernetes: { min: '1.33', max: '1.36', basis: 'tested', checked: 'unverified', source: 'docs.cilium.io network/kubernetes/compatibility (v1.18 pattern; v1.20 page not read)' },
    supportNote: 'Cilium maintains the three newest minors (1.18-1.20 as of 2026-10).',
  },
  'aws-load-balancer-controller': {
    repository: 'https://aws.github.io/eks-charts', chart: 'aws-load-balancer-controller', version: '3.5.0', checked: CHECKED,
    kubernetes: { min: '1.22', basis: 'supported', checked: CHECKED, source: 'chart README (3.5.0): chart v1.5.0+ requires Kubernetes 1.22+' },
  },
  'ingress-nginx': {
    repository: 'https://kubernetes.github.io/ingress-nginx', chart: 'ingress-nginx', version: '4.15.1', checked: CHECKED,
    kubernetes: { max: '1.35', basis: 'tested', checked: CHECKED, source: 'kubernetes/ingress-nginx#14428: 1.35 is supported from v1.15; the project retired before Kubernetes 1.36' },
    endOfLife: {
      date: '2026-03-31',
      source: 'kubernetes.io/blog/2025/11/11/ingress-nginx-retirement (maintenance ends March 2026; 4.15.1 is final)',
      fix: 'use the Gateway API edge (spec.addons.ingress); ingress-nginx gets no security fixes',
    },
  },
  'external-dns': {
    repository: 'https://kubernetes-sigs.github.io/external-dns', chart: 'external-dns', version: '1.21.1', checked: CHECKED,
    kubernetes: { min: '1.22', basis: 'supported', checked: CHECKED, source: 'external-dns README "Kubernetes version compatibility": >= 0.10.0 supports 1.22+' },
  },
  'cert-manager': {
    repository: 'https://charts.jetstack.io', chart: 'cert-manager', version: 'v1.21.1', checked: CHECKED,
    kubernetes: { min: '1.33', max: '1.36', basis: 'supported', checked: CHECKED, source: 'cert-manager.io/docs/releases: 1.21 supports 1.33-1.36 (as quoted by Rusty-Gopher/kupre v0.3.0)' },
    supportNote: 'cert-manager supports a release until the N+2 release (1.21 until 1.23, ~2027-03).',
  },
  'istio-base': { repository: ISTIO_REPO, chart: 'base', version: ISTIO, checked: CHECKED, kubernetes: ISTIO_K8S, supportNote: ISTIO_NOTE },
  'istio-cni': { repository: ISTIO_REPO, chart: 'cni', version: ISTIO, checked: CHECKED, kubernetes: ISTIO_K8S, supportNote: ISTIO_NOTE },
  istiod: { repository: ISTIO_REPO, chart: 'istiod', version: ISTIO, checked: CHECKED, kubernetes: ISTIO_K8S, supportNote: ISTIO_NOTE },
  'istio-ingressgateway': { repository: ISTIO_REPO, chart: 'gateway', version: ISTIO, checked: CHECKED, kubernetes: ISTIO_K8S, supportNote: ISTIO_NOTE },
  karpenter: { repository: 'oci://public.ecr.aws/karpenter', chart: 'karpenter', version: KARPENTER, checked: CHECKED, kubernetes: KARPENTER_K8S, endOfLife: KARPENTER_EOL },
  'karpenter-crd': { repository: 'oci://public.ecr.aws/karpenter', chart: 'karpenter-crd', version: KARPENTER, checked: CHECKED, kubernetes: KARPENTER_K8S, endOfLife: KARPENTER_EOL },
  'cluster-autoscaler': {
    repository: 'https://kubernetes.github.io/autoscaler', chart: 'cluster-autoscaler', version: '9.59.0', checked: CHECKED,
    // CA's minor must match the cluster's: supported exactly where CLUSTER_AUTOSCALER_IMAGE_TAGS has a tag.
    kubernetes: { min: '1.35', max: '1.36', basis: 'supported', checked: CHECKED, source: 'kubernetes/autoscaler cluster-autoscaler README "Releases" (CA minor = Kubernetes minor); CLUSTER_AUTOSCALER_IMAGE_TAGS' },
  },
  'fluent-bit': {
    repository: 'https://fluent.github.io/helm-charts', chart: 'fluent-bit', version: '0.58.1', checked: CHECKED,
    // Fluent Bit 5.1.1. Neither the chart (no kubeVersion in Chart.yaml) nor fluentbit.io publishes
    // a Kubernetes range; the agent uses only core/v1 pods and namespaces, stable on every minor.
    kubernetes: { basis: 'tested', checked: 'unverified', source: 'fluent/helm-charts fluent-bit 0.58.1 Chart.yaml declares no kubeVersion; no support matrix published by the project' },
  },
  tempo: {
    repository: 'https://grafana-community.github.io/helm-charts', chart: 'tempo', version: '2.2.4', checked: CHECKED,
    // Tempo 2.10.8 (single binary). Not tempo-distributed 3.3.0: Tempo 3.0's write path needs Kafka.
    kubernetes: { min: '1.25', basis: 'tested', checked: 'unverified', source: "tempo 2.2.4 Chart.yaml declares no kubeVersion; 1.25 from its sibling tempo-distributed 3.3.0 (same repository) kubeVersion '^1.25.0-0'; it renders only apps/v1 StatefulSet and core/v1 objects" },
  },
  'opentelemetry-collector': {
    repository: 'https://open-telemetry.github.io/opentelemetry-helm-charts', chart: 'opentelemetry-collector', version: '0.170.0', checked: CHECKED,
    // Collector 0.158.0 (otel/opentelemetry-collector-k8s, or -contrib for the CloudWatch Logs exporter).
    kubernetes: { min: '1.24', basis: 'tested', checked: CHECKED, source: 'opentelemetry-collector 0.170.0 chart README prerequisites "Kubernetes 1.24+" (Chart.yaml declares no kubeVersion)' },
  },
  loki: {
    repository: 'https://grafana-community.github.io/helm-charts', chart: 'loki', version: '18.11.0', checked: CHECKED,
    // Loki 3.7.6 (grafana/loki, also the image of every component), nginx-unprivileged gateway, memcached 1.6.45.
    kubernetes: { min: '1.25', basis: 'supported', checked: CHECKED, source: "chart 18.11.0 Chart.yaml kubeVersion '>=1.25.0-0' (no upper bound published)" },
  },
  velero: {
    repository: 'https://vmware-tanzu.github.io/helm-charts', chart: 'velero', version: '12.1.0', checked: CHECKED,
    // Velero 1.18.1 (docker.io/velero/velero:v1.18.1), plugin VELERO_PLUGIN_FOR_AWS_VERSION.
    kubernetes: { min: '1.16', basis: 'tested', checked: 'unverified', source: "chart 12.1.0 Chart.yaml kubeVersion '>=1.16.0-0'; the Velero README compatibility matrix (tested minors of 1.18) was not read here" },
  },
  'metrics-server': {
    repository: 'https://kubernetes-sigs.github.io/metrics-server', chart: 'metrics-server', version: '3.13.1', checked: CHECKED,
    kubernetes: { min: '1.31', basis: 'supported', checked: CHECKED, source: 'metrics-server README compatibility matrix: 0.8.x supports 1.31+' },
  },
  'argo-cd': {
    repository: 'https://argoproj.github.io/argo-helm', chart: 'argo-cd', version: '10.1.1', checked: CHECKED,
    kubernetes: { min: '1.32', max: '1.35', basis: 'tested', checked: CHECKED, source: 'argo-cd docs operator-manual/tested-kubernetes-versions: 3.4 tested on 1.32-1.35' },
    supportNote: 'Argo CD patches the three newest minors (3.4 until 3.7 ships).',
  },
  falco: {
    repository: 'https://falcosecurity.github.io/charts', chart: 'falco', version: '9.1.0', checked: CHECKED,
    // Falco 0.44.1 (docker.io/falcosecurity/falco), falcosidekick 2.32.0 (subchart 0.12.1). The probe needs a kernel with BTF (>= 5.8; EKS AL2023 and Bottlerocket ship 6.x).
    kubernetes: { basis: 'tested', checked: 'unverified', source: 'falcosecurity/charts falco 9.1.0 Chart.yaml declares no kubeVersion and falco.org publishes no Kubernetes matrix; it renders only apps/v1 and core/v1 objects' },
  },
  'trivy-operator': {
    repository: 'https://aquasecurity.github.io/helm-charts', chart: 'trivy-operator', version: '0.34.0', checked: CHECKED,
    // Trivy Operator 0.32.0 (mirror.gcr.io/aquasec/trivy-operator), Trivy 0.72.0 scan jobs.
    kubernetes: { basis: 'tested', checked: 'unverified', source: 'aquasecurity/trivy-operator deploy/helm 0.34.0 Chart.yaml declares no kubeVersion; no support matrix published by the project' },
  },
  'external-secrets': {
    repository: 'https://charts.external-secrets.io', chart: 'external-secrets', version: '2.9.0', checked: CHECKED,
    // External Secrets Operator v2.9.0 (ghcr.io/external-secrets/external-secrets). ESO supports only its newest minor and
    // guarantees only the Kubernetes minor its e2e suite runs (external-secrets.io stability-support); the 2.x rows were not readable here.
    kubernetes: { min: '1.19', basis: 'tested', checked: 'unverified', source: "chart 2.9.0 Chart.yaml kubeVersion '>= 1.19.0-0'; external-secrets.io introduction/stability-support (2.x row not read)" },
    supportNote: 'ESO supports only the current minor release: upgrade with each minor.',
  },
  'kube-prometheus-stack': {
    repository: 'https://prometheus-community.github.io/helm-charts', chart: 'kube-prometheus-stack', version: '88.5.3', checked: CHECKED,
    // prometheus-operator v0.93.1, Prometheus v3.14.0, Alertmanager v0.34.0, Grafana 13.2.0 (subchart 12.11.1), kube-state-metrics v2.20.0, node-exporter v1.12.1.
    kubernetes: { min: '1.25', basis: 'supported', checked: CHECKED, source: "chart 88.5.3 Chart.yaml kubeVersion '>=1.25.0-0' (no upper bound published)" },
  },
} as const satisfies Record<string, CatalogueChart>;
