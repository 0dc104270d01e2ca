/**
 * Image security from the Trivy Operator's findings metrics (the VulnerabilityReports and
 * ExposedSecretReports of the workloads that run): a running image with a critical vulnerability,
 * or with a secret baked into it. Falco's runtime events need no rule here: Falcosidekick posts
 * them to Alertmanager itself (lib/addons/falco.ts), with `team: platform` and `severity`.
 */
import type { AddonContext } from '../addon';
import { alert, type AlertRuleGroup } from './types';

/** Labels that name one container image of one workload in the operator's series. */
const BY_IMAGE = 'namespace, resource_kind, resource_name, container_name, image_repository, image_tag';

/** The `groundwork.security` group, or none without the Trivy Operator. */
export function securityGroup(ctx: AddonContext): AlertRuleGroup[] {
  if (!ctx.enabled.has('trivy-operator')) return [];
  return [
    {
      name: 'groundwork.security',
      rules: [
        alert({
          alert: 'ImageCriticalVulnerabilities',
          expr: `sum by (${BY_IMAGE}) (trivy_image_vulnerabilities{severity="Critical"}) > 0`,
          // Reports change only when a scan finishes: an hour keeps a rollout's old ReplicaSet out.
          for: '1h',
          severity: 'warning',
          summary: 'A running image has critical vulnerabilities.',
          description:
            '{{ $labels.resource_kind }} {{ $labels.namespace }}/{{ $labels.resource_name }} (container {{ $labels.container_name }}) runs {{ $labels.image_repository }}:{{ $labels.image_tag }} with {{ $value }} critical vulnerabilities.',
        }),
        alert({
          alert: 'ImageExposedSecrets',
          expr: `sum by (${BY_IMAGE}) (trivy_image_exposedsecrets{severity=~"Critical|High"}) > 0`,
          for: '1h',
          severity: 'warning',
          summary: 'A running image contains a secret (key, token or password) in its filesystem.',
          description:
            '{{ $labels.resource_kind }} {{ $labels.namespace }}/{{ $labels.resource_name }} runs {{ $labels.image_repository }}:{{ $labels.image_tag }}, in which Trivy found {{ $value }} high or critical exposed secrets.',
        }),
      ],
    },
  ];
}
