/**
 * Registries the platform's charts pull from, allowed in platform namespaces only (tenants get
 * `spec.security.allowedRegistries`). Prefixes are registry plus organisation, never a whole
 * public registry where one organisation is meant: `docker.io/istio/` admits Istio's images,
 * not everything on Docker Hub. The images themselves are pinned by tag in the charts the version
 * table pins (lib/spec/versions.ts); the rendered-platform test fails when a chart starts pulling
 * from a prefix that is not here.
 */
import { CHART_VERSIONS } from '../../spec/versions';

/** One allowed prefix and the add-ons that need it. */
export interface PlatformRegistry {
  /** Image prefix after Docker Hub normalisation (`docker.io/library/…` for official images). */
  prefix: string;
  /** Add-ons pulling from it. */
  usedBy: string;
}

/** Every registry prefix the platform charts use, sorted. */
export const PLATFORM_REGISTRIES: readonly PlatformRegistry[] = [
  { prefix: 'cr.fluentbit.io/fluent/', usedBy: 'fluent-bit' },
  { prefix: 'docker.io/falcosecurity/', usedBy: 'falco' },
  { prefix: 'docker.io/grafana/', usedBy: 'kube-prometheus-stack (Grafana), loki, tempo' },
  { prefix: 'docker.io/istio/', usedBy: 'istio-cni, istiod, gateways, cilium (ztunnel)' },
  { prefix: 'docker.io/library/memcached:', usedBy: 'loki (chunk and result caches)' },
  { prefix: 'docker.io/nginxinc/', usedBy: 'loki (gateway)' },
  { prefix: 'docker.io/otel/', usedBy: 'opentelemetry-collector' },
  { prefix: 'docker.io/prom/', usedBy: 'loki (memcached exporter)' },
  { prefix: 'docker.io/velero/', usedBy: 'velero' },
  { prefix: 'ecr-public.aws.com/docker/library/', usedBy: 'argo-cd (redis, haproxy)' },
  { prefix: 'falco.docker.scarf.sh/falcosecurity/', usedBy: 'falco' },
  { prefix: 'ghcr.io/aquasecurity/', usedBy: 'trivy-operator (node collector)' },
  { prefix: 'ghcr.io/dexidp/', usedBy: 'argo-cd (dex)' },
  { prefix: 'ghcr.io/external-secrets/', usedBy: 'external-secrets' },
  { prefix: 'ghcr.io/jkroepke/', usedBy: 'kube-prometheus-stack (admission webhook certificates)' },
  { prefix: 'ghcr.io/oliver006/', usedBy: 'argo-cd (redis exporter)' },
  { prefix: 'mirror.gcr.io/aquasec/', usedBy: 'trivy-operator' },
  { prefix: 'public.ecr.aws/eks/', usedBy: 'aws-load-balancer-controller' },
  { prefix: 'public.ecr.aws/karpenter/', usedBy: 'karpenter' },
  { prefix: 'quay.io/argoproj/', usedBy: 'argo-cd' },
  { prefix: 'quay.io/cilium/', usedBy: 'cilium' },
  { prefix: 'quay.io/jetstack/', usedBy: 'cert-manager' },
  { prefix: 'quay.io/kiwigrid/', usedBy: 'kube-prometheus-stack (Grafana sidecars)' },
  { prefix: 'quay.io/prometheus/', usedBy: 'kube-prometheus-stack' },
  { prefix: 'quay.io/prometheus-operator/', usedBy: 'kube-prometheus-stack' },
  { prefix: 'registry.k8s.io/', usedBy: 'external-dns, metrics-server, kube-state-metrics, cluster-autoscaler, ingress-nginx, velero (kubectl)' },
];

/**
 * The sidecar image istiod injects into meshed pods, tenants' included (`<hub>/proxyv2:<tag>`, the
 * chart's defaults: groundwork sets neither). Allowed by exact reference, not by prefix.
 */
export function meshProxyImage(): string {
  return `docker.io/istio/proxyv2:${CHART_VERSIONS.istiod.version}`;
}
