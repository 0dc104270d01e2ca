/**
 * cert-manager certificates (the edge wildcard, the internal CA): expiring or not ready. Let's
 * Encrypt certificates live 90 days and cert-manager renews them at two thirds of their life
 * (30 days left), so under 21 days left means renewal has failed for over a week.
 */
import type { AddonContext } from '../addon';
import { alert, type AlertRuleGroup } from './types';

const DAY = 86400;

/** The `groundwork.certificates` group, or none without cert-manager. */
export function certificatesGroup(ctx: AddonContext): AlertRuleGroup[] {
  if (!ctx.enabled.has('cert-manager')) return [];
  const left = 'min by (namespace, name) (certmanager_certificate_expiration_timestamp_seconds) - time()';
  return [
    {
      name: 'groundwork.certificates',
      rules: [
        alert({
          alert: 'CertificateExpiringSoon',
          expr: `${left} < 21 * ${DAY}`,
          for: '1h',
          severity: 'warning',
          summary: 'A certificate expires in less than 21 days: renewal is failing.',
          description: 'Certificate {{ $labels.namespace }}/{{ $labels.name }} expires in {{ $value | humanizeDuration }}; cert-manager should have renewed it 30 days before expiry.',
        }),
        alert({
          alert: 'CertificateExpiringSoon',
          expr: `${left} < 7 * ${DAY}`,
          for: '10m',
          severity: 'critical',
          summary: 'A certificate expires in less than 7 days.',
          description: 'Certificate {{ $labels.namespace }}/{{ $labels.name }} expires in {{ $value | humanizeDuration }}: clients will refuse it.',
        }),
        alert({
          alert: 'CertificateNotReady',
          expr: 'max by (namespace, name) (certmanager_certificate_ready_status{condition!="True"}) == 1',
          for: '15m',
          severity: 'warning',
          summary: 'A certificate is not Ready.',
          description: 'Certificate {{ $labels.namespace }}/{{ $labels.name }} has not been Ready for 15 minutes: issuance or renewal fails.',
        }),
      ],
    },
  ];
}
