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
  'argo-cd': ArgoCdValues;
  'aws-load-balancer-controller': AwsLoadBalancerControllerValues;
  'cert-manager': CertManagerValues;
  cilium: CiliumValues;
  'cluster-autoscaler': ClusterAutoscalerValues;
  'external-dns': ExternalDnsValues;
  'external-secrets': ExternalSecretsValues;
  falco: FalcoValues;
  'fluent-bit': FluentBitValues;
  /** A manifest add-on: no Helm values exist to override. */
  'gateway-api-crds': Record<string, never>;
  'ingress-nginx': IngressNginxValues;
  'istio-base': IstioBaseValues;
  'istio-cni': IstioCniValues;
  'istio-ingressgateway': IstioIngressGatewayValues;
  istiod: IstiodValues;
  karpenter: KarpenterValues;
  'karpenter-crd': KarpenterCrdValues;
  'kube-prometheus-stack': KubePrometheusStackValues;
  loki: LokiValues;
  'metrics-server': MetricsServerValues;
  'opentelemetry-collector': OpenTelemetryCollectorValues;
  tempo: TempoValues;
  'trivy-operator': TrivyOperatorValues;
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
