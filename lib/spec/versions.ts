/**
 * THE version table: Kubernetes, EKS managed add-ons and Helm charts, each pinned exactly with
 * the date it was last checked against upstream release notes. Nothing else in the tree names a
 * version. Bumping one is a one-line change here plus a snapshot review.
 */

/** A pinned version and when a human last confirmed it is current and supported. */
export interface PinnedVersion {
  /** Exact version, never a range. */
  version: string;
  /** ISO date the pin was last checked. */
  checked: string;
}

/** A Helm chart pinned by reference: deployed from its repository, never fetched at synth time. */
export interface PinnedChart extends PinnedVersion {
  /** Chart repository URL (HTTPS index or OCI registry). */
  repository: string;
  /** Chart name in that repository. */
  chart: string;
}

/** Kubernetes minor versions in EKS standard support, newest first. The first is the default. */
export const KUBERNETES_VERSIONS: readonly PinnedVersion[] = [
  // TODO(versions helper): confirm
  { version: '1.34', checked: '2026-11-24' },
  { version: '1.33', checked: '2026-11-24' },
  { version: '1.32', checked: '2026-11-24' },
];

/** The default Kubernetes version of a new environment. */
export const DEFAULT_KUBERNETES_VERSION = KUBERNETES_VERSIONS[0].version;

/** EKS managed add-ons (phase 1), pinned for the default Kubernetes version. */
export const EKS_ADDON_VERSIONS = {
  'vpc-cni': { version: 'TODO', checked: '2026-11-24' },
  coredns: { version: 'TODO', checked: '2026-11-24' },
  'kube-proxy': { version: 'TODO', checked: '2026-11-24' },
  'aws-ebs-csi-driver': { version: 'TODO', checked: '2026-11-24' },
  'eks-pod-identity-agent': { version: 'TODO', checked: '2026-11-24' },
} as const satisfies Record<string, PinnedVersion>;

export type EksAddonName = keyof typeof EKS_ADDON_VERSIONS;

/** Helm charts of the add-on catalogue (phase 3). Keys are add-on ids. */
export const CHART_VERSIONS = {
  cilium: { repository: 'https://helm.cilium.io', chart: 'cilium', version: 'TODO', checked: '2026-11-24' },
  'aws-load-balancer-controller': { repository: 'https://aws.github.io/eks-charts', chart: 'aws-load-balancer-controller', version: 'TODO', checked: '2026-11-24' },
  'ingress-nginx': { repository: 'https://kubernetes.github.io/ingress-nginx', chart: 'ingress-nginx', version: 'TODO', checked: '2026-11-24' },
  'external-dns': { repository: 'https://kubernetes-sigs.github.io/external-dns', chart: 'external-dns', version: 'TODO', checked: '2026-11-24' },
  'cert-manager': { repository: 'https://charts.jetstack.io', chart: 'cert-manager', version: 'TODO', checked: '2026-11-24' },
  'istio-base': { repository: 'https://istio-release.storage.googleapis.com/charts', chart: 'base', version: 'TODO', checked: '2026-11-24' },
  'istio-cni': { repository: 'https://istio-release.storage.googleapis.com/charts', chart: 'cni', version: 'TODO', checked: '2026-11-24' },
  istiod: { repository: 'https://istio-release.storage.googleapis.com/charts', chart: 'istiod', version: 'TODO', checked: '2026-11-24' },
  'istio-ingressgateway': { repository: 'https://istio-release.storage.googleapis.com/charts', chart: 'gateway', version: 'TODO', checked: '2026-11-24' },
  karpenter: { repository: 'oci://public.ecr.aws/karpenter', chart: 'karpenter', version: 'TODO', checked: '2026-11-24' },
  'cluster-autoscaler': { repository: 'https://kubernetes.github.io/autoscaler', chart: 'cluster-autoscaler', version: 'TODO', checked: '2026-11-24' },
  'metrics-server': { repository: 'https://kubernetes-sigs.github.io/metrics-server', chart: 'metrics-server', version: 'TODO', checked: '2026-11-24' },
  'argo-cd': { repository: 'https://argoproj.github.io/argo-helm', chart: 'argo-cd', version: 'TODO', checked: '2026-11-24' },
} as const satisfies Record<string, PinnedChart>;
