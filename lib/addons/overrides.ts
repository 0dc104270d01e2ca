/**
 * Typed Helm value overrides. The spec stores overrides as data (JSON-compatible), and this
 * maps each add-on id to its values interface so a team writing TypeScript gets completion and
 * type errors for misspelt keys: `addons: { overrides: typedOverrides({ 'metrics-server': { … } }) }`.
 */
import type { AddonsSpec } from '../spec/types';
import type { StockAddonId } from '../spec/addon-ids';
import type { ArgoCdValues } from './argo-cd';
import type { AwsLoadBalancerControllerValues } from './aws-load-balancer-controller';
import type { CertManagerValues } from './cert-manager';
import type { CiliumValues } from './cilium';
import type { ClusterAutoscalerValues } from './cluster-autoscaler';
import type { ExternalDnsValues } from './external-dns';
import type { FalcoValues } from './falco';
import type { ExternalSecretsValues } from './external-secrets';
import type { FluentBitValues } from './fluent-bit';
import type { IngressNginxValues } from './ingress-nginx';
import type { IstioBaseValues } from './istio-base';
import type { IstioCniValues } from './istio-cni';
import type { IstioIngressGatewayValues } from './istio-ingressgateway';
import type { IstiodValues } from './istiod';
import type { KarpenterValues } from './karpenter';
import type { KarpenterCrdValues } from './karpenter-crd';
import type { KubePrometheusStackValues } from './kube-prometheus-stack';
import type { LokiValues } from './loki';
import type { VeleroValues } from './velero';
import type { MetricsServerValues } from './metrics-server';
import type { OpenTelemetryCollectorValues } from './opentelemetry-collector';
import type { TempoValues } from './tempo';
import type { TrivyOperatorValues } from './trivy-operator';

/** The values interface of every add-on, by id. */
export interface AddonValuesById {
  /** Argo CD, the GitOps controller that syncs the rendered manifests in GitOps delivery. */
  'argo-cd': ArgoCdValues;
  /** AWS Load Balancer Controller: provisions NLBs/ALBs for Services and Ingresses. */
  'aws-load-balancer-controller': AwsLoadBalancerControllerValues;
  /** cert-manager: issues and renews TLS certificates (the edge's wildcard certificate). */
  'cert-manager': CertManagerValues;
  /** Cilium chained on the VPC CNI: eBPF NetworkPolicy enforcement and Hubble flow visibility. */
  cilium: CiliumValues;
  /** Cluster Autoscaler: resizes the managed node groups' Auto Scaling groups to fit pending pods. */
  'cluster-autoscaler': ClusterAutoscalerValues;
  /** ExternalDNS: writes Route 53 records for the edge's hostnames. */
  'external-dns': ExternalDnsValues;
  /** External Secrets Operator: syncs AWS Secrets Manager / SSM secrets into Kubernetes Secrets. */
  'external-secrets': ExternalSecretsValues;
  /** Falco: runtime threat detection on every node (eBPF syscall probe), events routed to Alertmanager. */
  falco: FalcoValues;
  /** Fluent Bit DaemonSet: ships every node's container logs and journal to Loki or CloudWatch Logs. */
  'fluent-bit': FluentBitValues;
  /** A manifest add-on: no Helm values exist to override. */
  'gateway-api-crds': Record<string, never>;
  /** ingress-nginx: the NGINX ingress controller, when the edge is `nginx`. */
  'ingress-nginx': IngressNginxValues;
  /** Istio base: the Istio CRDs and cluster-wide resources, installed before istiod. */
  'istio-base': IstioBaseValues;
  /** Istio CNI node agent: programs sidecar traffic redirection on the node, so injected pods stay Pod Security `restricted`. */
  'istio-cni': IstioCniValues;
  /** Istio ingress gateway: the Envoy deployment behind the edge's load balancer, when the edge is `istio`. */
  'istio-ingressgateway': IstioIngressGatewayValues;
  /** istiod: the Istio control plane (sidecar injection, config distribution, mesh certificates). */
  istiod: IstiodValues;
  /** Karpenter: provisions EC2 nodes directly for pending pods (NodePools and EC2NodeClasses). */
  karpenter: KarpenterValues;
  /** Karpenter's CRDs as their own release, so a chart bump upgrades them (Helm never upgrades `crds/`). */
  'karpenter-crd': KarpenterCrdValues;
  /** kube-prometheus-stack: Prometheus Operator, Prometheus, Alertmanager, Grafana and the cluster exporters. */
  'kube-prometheus-stack': KubePrometheusStackValues;
  /** Loki: the log store behind Grafana (sink `loki`), chunks and index in S3. */
  loki: LokiValues;
  /** metrics-server: the resource metrics API behind `kubectl top` and the HPA. */
  'metrics-server': MetricsServerValues;
  /** OpenTelemetry Collector gateway: receives OTLP traces for Tempo and ships Kubernetes events to the log sink. */
  'opentelemetry-collector': OpenTelemetryCollectorValues;
  /** Tempo: the trace store behind Grafana, blocks in S3. */
  tempo: TempoValues;
  /** Trivy Operator: re-scans running workloads' images, manifests and RBAC; findings become Prometheus metrics. */
  'trivy-operator': TrivyOperatorValues;
  /** Velero: backups of the cluster's objects to S3, volumes through EBS CSI snapshots. */
  velero: VeleroValues;
}
// Every add-on id has a values type (a new add-on without one fails to compile here).
const everyAddonTyped: Exclude<StockAddonId, keyof AddonValuesById> extends never ? true : false = true;
void everyAddonTyped;

/** Optional at every depth; arrays are replaced whole. */
export type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/** Overrides typed per add-on. */
export type TypedAddonOverrides = { [K in keyof AddonValuesById]?: DeepPartial<AddonValuesById[K]> };

/** Check overrides against the add-ons' values types and return them as spec data. */
export function typedOverrides(overrides: TypedAddonOverrides): NonNullable<AddonsSpec['overrides']> {
  return overrides as NonNullable<AddonsSpec['overrides']>;
}
