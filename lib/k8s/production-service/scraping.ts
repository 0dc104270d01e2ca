/**
 * Scraping of the service's own metrics where the platform runs Prometheus: a PodMonitor (so
 * canary pods are scraped too, and the metrics port stays off the Service), in the shape
 * lib/addons/monitors.ts gives the add-ons' monitors: the named port, the path, its own namespace.
 * Prometheus selects monitors in every namespace whatever their labels.
 */
import { PodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor';
import type { Construct } from 'constructs';
import { emitModel } from '../model-object';
import type { PlatformFacts } from './platform';
import type { ResolvedServiceProps } from './props';
import { scraped, servicePods } from './traffic-policy';
import { objectLabels, PORT_NAMES } from './workload';

/** The PodMonitor of a service with a metrics endpoint, when the platform has metrics. */
export function addScraping(scope: Construct, facts: PlatformFacts, p: ResolvedServiceProps): void {
  if (!scraped(facts, p)) return;
  emitModel(scope, 'pod-monitor', new PodMonitor({
    metadata: { name: p.name, namespace: p.namespace, labels: objectLabels(facts, p) },
    spec: {
      selector: { matchLabels: servicePods(p) },
      namespaceSelector: { matchNames: [p.namespace] },
      podMetricsEndpoints: [{ port: PORT_NAMES.metrics, path: p.metrics!.path }],
    },
  }));
}
