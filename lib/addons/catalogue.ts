/**
 * The add-on catalogue: every add-on Groundwork knows. Order here is irrelevant — delivery order
 * comes from declared dependencies. Adding an add-on is one file plus one line here.
 */
import { MAX_ADDON_ID_LENGTH } from '../spec/addon-ids';
import { DNS_LABEL } from '../spec/rules/context';
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

/** A problem with a team's catalogue entries, in the shape of spec validation issues. */
export interface CatalogueIssue {
  /** The entry at fault, e.g. `options.addons[0].id` (prefixed with the option the entries came from). */
  path: string;
  /** What is wrong, e.g. that the id is already a catalogue add-on's. */
  problem: string;
  /** How to fix it. */
  fix: string;
}

/**
 * `base` plus a team's own add-ons (`extra`, each with its own id), or the problems that stop it:
 * an id that is not a short DNS label (it names the Helm release, the Argo CD Application and IRSA
 * role names), one that a catalogue add-on already uses (the team's entry would silently replace a
 * platform component), or one given twice. `path` names the option the entries came from.
 */
export function extendCatalogue(
  base: readonly CatalogueAddon[],
  extra: readonly CatalogueAddon[],
  path = 'options.addons',
): { catalogue: readonly CatalogueAddon[]; issues: CatalogueIssue[] } {
  const issues: CatalogueIssue[] = [];
  const baseIds = new Set(base.map((a) => a.id));
  const seen = new Set<string>();
  extra.forEach((addon, i) => {
    const id: unknown = (addon as { id?: unknown } | undefined)?.id;
    const at = `${path}[${i}].id`;
    if (typeof id !== 'string' || !DNS_LABEL.test(id) || id.length > MAX_ADDON_ID_LENGTH) {
      issues.push({
        path: at,
        problem: `${typeof id === 'string' ? `"${id}"` : String(id)} is not an add-on id (a lowercase DNS label of at most ${MAX_ADDON_ID_LENGTH} characters)`,
        fix: 'use lowercase letters, digits and "-", e.g. "podinfo"; it names the Helm release and the Argo CD Application',
      });
    } else if (baseIds.has(id)) {
      issues.push({
        path: at,
        problem: `"${id}" is the id of a catalogue add-on; a team add-on cannot replace it`,
        fix: `give the team add-on its own id (e.g. "team-${id}"), or change the stock add-on with spec.addons.overrides["${id}"]`,
      });
    } else if (seen.has(id)) {
      issues.push({ path: at, problem: `"${id}" is the id of an earlier entry too`, fix: 'give each team add-on its own id' });
    }
    if (typeof id === 'string') seen.add(id);
  });
  return { catalogue: issues.length > 0 ? base : [...base, ...extra], issues };
}
