/**
 * The Istio mesh: istiod (the control plane every sidecar and the gateway get config and
 * certificates from) and 5xx between meshed services. Only with the mesh on.
 */
import type { AddonContext } from '../addon';
import { ISTIO_NAMESPACE } from '../istio-common';
import { alert, type AlertRuleGroup } from './types';

const DESTINATION = 'reporter="destination"';
const BY_SERVICE = 'destination_workload_namespace, destination_service_name';

/** The `groundwork.mesh` group, or none without istiod. */
export function meshGroup(ctx: AddonContext): AlertRuleGroup[] {
  if (!ctx.enabled.has('istiod')) return [];
  return [
    {
      name: 'groundwork.mesh',
      rules: [
        alert({
          alert: 'IstiodDown',
          // absent(): also fires when no istiod target is scraped at all (a broken monitor hides nothing).
          expr: `absent(up{namespace="${ISTIO_NAMESPACE}",pod=~"istiod-.*"} == 1)`,
          for: '5m',
          severity: 'critical',
          summary: 'No istiod instance is up.',
          description: 'istiod has not been scraped as up for 5 minutes: new pods get no sidecar configuration, certificates stop rotating, config changes do not reach proxies.',
        }),
        alert({
          alert: 'IstioXdsPushErrors',
          expr: 'sum by (type) (rate(pilot_xds_pushes{type=~".+_senderr"}[5m])) > 0',
          for: '10m',
          severity: 'warning',
          summary: 'istiod fails to push configuration to proxies.',
          description: 'istiod reports {{ $labels.type }} push errors for 10 minutes: some proxies run stale configuration.',
        }),
        alert({
          alert: 'IstioConfigRejected',
          expr: 'sum by (type) (rate(pilot_total_xds_rejects[5m])) > 0',
          for: '10m',
          severity: 'warning',
          summary: 'Proxies reject the configuration istiod sends.',
          description: 'Envoy proxies have rejected {{ $labels.type }} configuration for 10 minutes: usually an invalid VirtualService, DestinationRule, EnvoyFilter or route.',
        }),
        alert({
          alert: 'IstioMeshHighErrorRatio',
          expr: `(sum by (${BY_SERVICE}) (rate(istio_requests_total{${DESTINATION},response_code=~"5.."}[5m])) / sum by (${BY_SERVICE}) (rate(istio_requests_total{${DESTINATION}}[5m])) > 0.05) and sum by (${BY_SERVICE}) (rate(istio_requests_total{${DESTINATION}}[5m])) > 1`,
          for: '10m',
          severity: 'warning',
          summary: 'A meshed service answers more than 5% of requests with 5xx.',
          description: 'Service {{ $labels.destination_service_name }} in {{ $labels.destination_workload_namespace }} answered {{ $value | humanizePercentage }} of its requests with 5xx over 5 minutes.',
        }),
      ],
    },
  ];
}
