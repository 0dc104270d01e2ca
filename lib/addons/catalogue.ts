/**
 * The add-on catalogue: every add-on Groundwork knows. Order here is irrelevant — delivery order
 * comes from declared dependencies. Adding an add-on is one file plus one line here.
 */
import type { CatalogueAddon } from './addon';
import { argoCd } from './argo-cd';
import { awsLoadBalancerController } from './aws-load-balancer-controller';
import { certManager } from './cert-manager';
import { cilium } from './cilium';
import { clusterAutoscaler } from './cluster-autoscaler';
import { externalDns } from './external-dns';
import { falco } from './falco';
import { externalSecrets } from './external-secrets';
import { fluentBit } from './fluent-bit';
import { gatewayApiCrds } from './gateway-api-crds';
import { ingressNginx } from './ingress-nginx';
import { istioBase } from './istio-base';
import { istioCni } from './istio-cni';
import { istioIngressGateway } from './istio-ingressgateway';
import { istiod } from './istiod';
import { karpenter } from './karpenter';
import { karpenterCrd } from './karpenter-crd';
import { kubePrometheusStack } from './kube-prometheus-stack';
import { loki } from './loki';
import { metricsServer } from './metrics-server';
import { openTelemetryCollector } from './opentelemetry-collector';
import { tempo } from './tempo';
import { trivyOperator } from './trivy-operator';
import { velero } from './velero';

/** Every add-on of the catalogue. */
export const CATALOGUE: readonly CatalogueAddon[] = [
  argoCd,
  awsLoadBalancerController,
  certManager,
  cilium,
  clusterAutoscaler,
  externalDns,
  falco,
  externalSecrets,
  fluentBit,
  gatewayApiCrds,
  ingressNginx,
  istioBase,
  istioCni,
  istioIngressGateway,
  istiod,
  karpenter,
  karpenterCrd,
  kubePrometheusStack,
  loki,
  metricsServer,
  openTelemetryCollector,
  tempo,
  trivyOperator,
  velero,
] as readonly CatalogueAddon[];
