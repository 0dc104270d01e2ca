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
  // EKS standard support = 14 months from the EKS release (docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html).
  // 1.36: "Kubernetes 1.36 is now available in Amazon EKS" (userguide/kubernetes-versions-standard.html);
  //       EKS release 2026-06 per third-party trackers, so in standard support until ~2027-08.
  { version: '1.36', checked: '2026-11-24' },
  // 1.35: EKS release 2026-01-27, end of standard support 2027-03-27 (EKS release calendar via endoflife.date).
  { version: '1.35', checked: '2026-11-24' },
  // 1.34: end of standard support 2026-12-02 (EKS release calendar, awsdocs/amazon-eks-user-guide
  //       kubernetes-versions.adoc). Drop it from this list after that date. 1.33 left standard support 2026-07-29.
  { version: '1.34', checked: '2026-11-24' },
];

/** The default Kubernetes version of a new environment. */
export const DEFAULT_KUBERNETES_VERSION = KUBERNETES_VERSIONS[0].version;

// Pinned for Kubernetes 1.36. Sources: the AWS "Manage CoreDNS" / "Manage kube-proxy" pages
// (userguide/managing-coredns.md, managing-kube-proxy.md, per-version tables listing 1.36).
// NOT confirmed in AWS docs: vpc-cni (the stored "Manage VPC CNI" tables stop before 1.36), and
// aws-ebs-csi-driver / eks-pod-identity-agent (AWS publishes no per-Kubernetes-version table for them).
// Those three come from a public Terraform pin for a 1.36 cluster; `checked: 'unverified'` until someone
// runs `aws eks describe-addon-versions --kubernetes-version 1.36 --addon-name <name>`.
/** The Kubernetes minor the EKS add-on pins below were chosen for (kube-proxy must match it). */
export const EKS_ADDONS_PINNED_FOR = '1.36';

/** EKS managed add-ons (phase 1), pinned for the default Kubernetes version. */
export const EKS_ADDON_VERSIONS = {
  'vpc-cni': { version: 'v1.21.2-eksbuild.2', checked: 'unverified' },
  coredns: { version: 'v1.14.3-eksbuild.3', checked: '2026-11-24' },
  'kube-proxy': { version: 'v1.36.0-eksbuild.14', checked: '2026-11-24' },
  'aws-ebs-csi-driver': { version: 'v1.62.0-eksbuild.1', checked: 'unverified' },
  'eks-pod-identity-agent': { version: 'v1.3.10-eksbuild.3', checked: 'unverified' },
} as const satisfies Record<string, PinnedVersion>;

export type EksAddonName = keyof typeof EKS_ADDON_VERSIONS;

/**
 * Istio release shared by its four charts (they must move together). 1.29.2 (2026-04-13) is the
 * newest patch of the newest minor confirmed; Istio supports the last 3 minors (N-2).
 */
const ISTIO_VERSION = '1.29.2';

/** Helm charts of the add-on catalogue (phase 3). Keys are add-on ids. */
export const CHART_VERSIONS = {
  // Cilium 1.19.6: newest 1.19 patch seen in published install instructions (checked 2026-11-24).
  cilium: { repository: 'https://helm.cilium.io', chart: 'cilium', version: '1.19.6', checked: '2026-11-24' },
  // aws-load-balancer-controller: eks-charts v0.0.246 (2026-10-05) released controller v3.6.0; since v3.0.0 the chart version equals the app version (aws/eks-charts#1312).
  'aws-load-balancer-controller': { repository: 'https://aws.github.io/eks-charts', chart: 'aws-load-balancer-controller', version: '3.6.0', checked: '2026-11-24' },
  // ingress-nginx: 4.15.1 (controller v1.15.1) is the final release — the project was retired in March 2026 (kubernetes.io/blog/2025/11/11/ingress-nginx-retirement); no further security fixes. Prefer the Istio gateway.
  'ingress-nginx': { repository: 'https://kubernetes.github.io/ingress-nginx', chart: 'ingress-nginx', version: '4.15.1', checked: '2026-11-24' },
  // external-dns: chart 1.22.0 for ExternalDNS v0.22.0 (kubernetes-sigs/external-dns#6650, 2026); 1.23 for v0.23.0 was still open (#6741) when checked.
  'external-dns': { repository: 'https://kubernetes-sigs.github.io/external-dns', chart: 'external-dns', version: '1.22.0', checked: '2026-11-24' },
  // cert-manager: v1.21.2 (1.21 released 2026-07-08, cert-manager/website#2202; v1.21.2 is the newest patch seen); check for 1.22 (due ~Nov 2026).
  'cert-manager': { repository: 'https://charts.jetstack.io', chart: 'cert-manager', version: 'v1.21.2', checked: '2026-11-24' },
  'istio-base': { repository: 'https://istio-release.storage.googleapis.com/charts', chart: 'base', version: ISTIO_VERSION, checked: '2026-11-24' },
  'istio-cni': { repository: 'https://istio-release.storage.googleapis.com/charts', chart: 'cni', version: ISTIO_VERSION, checked: '2026-11-24' },
  istiod: { repository: 'https://istio-release.storage.googleapis.com/charts', chart: 'istiod', version: ISTIO_VERSION, checked: '2026-11-24' },
  'istio-ingressgateway': { repository: 'https://istio-release.storage.googleapis.com/charts', chart: 'gateway', version: ISTIO_VERSION, checked: '2026-11-24' },
  // Karpenter 1.10.0: newest chart version seen pulled from the public ECR registry (checked 2026-11-24).
  karpenter: { repository: 'oci://public.ecr.aws/karpenter', chart: 'karpenter', version: '1.10.0', checked: '2026-11-24' },
  // cluster-autoscaler: chart 9.56.0 (kubernetes/autoscaler cluster-autoscaler-chart-9.56.0, 2026-03-02), newest chart found.
  'cluster-autoscaler': { repository: 'https://kubernetes.github.io/autoscaler', chart: 'cluster-autoscaler', version: '9.56.0', checked: '2026-11-24' },
  // metrics-server: chart 3.13.0 (metrics-server v0.8.x), newest chart found (kubernetes-sigs/metrics-server releases).
  'metrics-server': { repository: 'https://kubernetes-sigs.github.io/metrics-server', chart: 'metrics-server', version: '3.13.0', checked: '2026-11-24' },
  // argo-cd chart 9.3.4 (Argo CD 3.x): newest 9.x seen pinned in published Applications (checked 2026-11-24).
  'argo-cd': { repository: 'https://argoproj.github.io/argo-helm', chart: 'argo-cd', version: '9.3.4', checked: '2026-11-24' },
} as const satisfies Record<string, PinnedChart>;
