/**
 * Alertmanager routing built from `spec.observability.alerting`: receivers by Secret reference
 * (credentials are read from files Alertmanager mounts, never written into values), routes by
 * `severity` and `team` in the spec's order, one inhibit ladder (critical silences the same
 * warning/info), and the two chart-internal alerts (Watchdog, InfoInhibitor) kept out of pagers.
 */
import type { AlertSeverity, ResolvedSpec } from '../spec/types';

/** Where the operator mounts each `alertmanagerSpec.secrets` entry inside the Alertmanager pods. */
export const ALERTMANAGER_SECRETS_DIR = '/etc/alertmanager/secrets';

/**
 * Receiver used for every alert when the spec names none. Allowed only outside production: the
 * spec rules refuse production without receivers, so production never reaches this.
 */
export const NULL_RECEIVER = 'null';

/**
 * Receiver without integrations for the two alerts that exist for Alertmanager itself:
 * `Watchdog` (always firing; a dead-man's switch belongs in a heartbeat service, routed by a
 * spec route on `alertname` once one exists) and `InfoInhibitor` (only inhibits info alerts).
 */
export const DISCARD_RECEIVER = 'discard';

/** Labels every notification is grouped by: one page per alert and namespace and severity. */
export const ALERT_GROUP_BY = ['alertname', 'namespace', 'severity'] as const;

/** One Alertmanager route (the subset we write). */
export interface AlertmanagerRoute {
  /** Receiver notified for alerts this route matches. */
  receiver: string;
  /** Label matchers (`label="value"`) an alert must all satisfy (absent: matches every alert). */
  matchers?: string[];
  /** Keep evaluating sibling routes after a match (absent: stop at the first match). */
  continue?: boolean;
  /** How long a new group waits to gather more alerts before its first notification (absent: inherited). */
  group_wait?: string;
  /** Wait before notifying about alerts added to an already notified group (absent: inherited). */
  group_interval?: string;
  /** Wait before re-sending a notification for a still-firing alert (absent: inherited). */
  repeat_interval?: string;
}

/** An Alertmanager receiver with at most one integration list. */
export interface AlertmanagerReceiver {
  /** Name routes refer to. */
  name: string;
  /** PagerDuty Events v2 integration, its routing key read from a mounted Secret file. */
  pagerduty_configs?: Array<{ routing_key_file: string; send_resolved: boolean }>;
  /** Slack incoming-webhook integration, its URL read from a mounted Secret file. */
  slack_configs?: Array<{ api_url_file: string; channel?: string; send_resolved: boolean }>;
  /** Generic webhook integration, its URL read from a mounted Secret file. */
  webhook_configs?: Array<{ url_file: string; send_resolved: boolean }>;
  /** Opsgenie integration, its API key read from a mounted Secret file. */
  opsgenie_configs?: Array<{ api_key_file: string; send_resolved: boolean }>;
}

/** The `alertmanager.yaml` the chart writes into the Alertmanager config Secret. */
export interface AlertmanagerConfig {
  /** Global settings: how long an alert without updates stays firing before it is resolved. */
  global: { resolve_timeout: string };
  /** Root route: default receiver, grouping and timing, and the child routes tried in order. */
  route: AlertmanagerRoute & { group_by: string[]; routes: AlertmanagerRoute[] };
  /** Suppressions: a firing source alert mutes matching target alerts with equal labels. */
  inhibit_rules: Array<{ source_matchers?: string[]; target_matchers: string[]; equal?: string[] }>;
  /** Every receiver a route names, plus `discard` (and `null` without spec receivers). */
  receivers: AlertmanagerReceiver[];
  /** Notification template files Alertmanager loads (the chart's config directory). */
  templates: string[];
}

/** Path of a Secret key as mounted by `alertmanagerSpec.secrets`. */
export function secretFilePath(ref: { name: string; key: string }): string {
  return `${ALERTMANAGER_SECRETS_DIR}/${ref.name}/${ref.key}`;
}

/** Secrets Alertmanager must mount: one per distinct Secret the receivers reference, sorted. */
export function alertmanagerSecrets(spec: ResolvedSpec): string[] {
  return [...new Set(spec.observability.alerting.receivers.map((r) => r.secret.name))].sort();
}

/** The default receiver: the spec's, or the named null receiver when it names none (not production). */
export function defaultReceiverName(spec: ResolvedSpec): string {
  return spec.observability.alerting.defaultReceiver ?? NULL_RECEIVER;
}

function receiver(r: ResolvedSpec['observability']['alerting']['receivers'][number]): AlertmanagerReceiver {
  const file = secretFilePath(r.secret);
  const send_resolved = r.sendResolved;
  switch (r.type) {
    case 'pagerduty':
      return { name: r.name, pagerduty_configs: [{ routing_key_file: file, send_resolved }] };
    case 'slack':
      return { name: r.name, slack_configs: [{ api_url_file: file, ...(r.channel ? { channel: r.channel } : {}), send_resolved }] };
    case 'webhook':
      return { name: r.name, webhook_configs: [{ url_file: file, send_resolved }] };
    case 'opsgenie':
      return { name: r.name, opsgenie_configs: [{ api_key_file: file, send_resolved }] };
  }
}

const matcher = (label: string, value: string): string => `${label}=${JSON.stringify(value)}`;

/** Matchers of one spec route (every given label must match). */
function routeMatchers(route: { severity?: AlertSeverity; team?: string }): string[] {
  return [...(route.severity ? [matcher('severity', route.severity)] : []), ...(route.team ? [matcher('team', route.team)] : [])];
}

/** The whole Alertmanager configuration for `spec`. */
export function alertmanagerConfig(spec: ResolvedSpec): AlertmanagerConfig {
  const alerting = spec.observability.alerting;
  const defaultReceiver = defaultReceiverName(spec);
  const receivers: AlertmanagerReceiver[] = [
    ...alerting.receivers.map(receiver),
    { name: DISCARD_RECEIVER },
    ...(defaultReceiver === NULL_RECEIVER ? [{ name: NULL_RECEIVER }] : []),
  ];
  return {
    global: { resolve_timeout: '5m' },
    route: {
      receiver: defaultReceiver,
      group_by: [...ALERT_GROUP_BY],
      // 30 s gathers the alerts of one incident into one notification; 5 min between updates of a
      // group; 4 h before an unresolved alert is repeated (pages stay actionable, not noise).
      group_wait: '30s',
      group_interval: '5m',
      repeat_interval: '4h',
      routes: [
        // Watchdog always fires: to a heartbeat service it is the dead-man's switch (pings every
        // 5 minutes; silence pages), otherwise it is kept out of every pager.
        alerting.heartbeatReceiver
          ? { receiver: alerting.heartbeatReceiver, matchers: [matcher('alertname', 'Watchdog')], group_wait: '0s', group_interval: '1m', repeat_interval: '5m' }
          : { receiver: DISCARD_RECEIVER, matchers: [matcher('alertname', 'Watchdog')] },
        { receiver: DISCARD_RECEIVER, matchers: [matcher('alertname', 'InfoInhibitor')] },
        ...alerting.routes.map((r) => ({
          receiver: r.receiver,
          matchers: routeMatchers(r),
          ...(r.continue ? { continue: true } : {}),
          // Critical pages repeat hourly until acknowledged or resolved.
          ...(r.severity === 'critical' ? { repeat_interval: '1h' } : {}),
        })),
      ],
    },
    inhibit_rules: [
      // A critical alert silences the warning/info of the same alert in the same namespace.
      { source_matchers: [matcher('severity', 'critical')], target_matchers: ['severity=~"warning|info"'], equal: ['namespace', 'alertname'] },
      { source_matchers: [matcher('severity', 'warning')], target_matchers: [matcher('severity', 'info')], equal: ['namespace', 'alertname'] },
      // InfoInhibitor fires while info alerts have nothing worse beside them: info stays on dashboards.
      { source_matchers: [matcher('alertname', 'InfoInhibitor')], target_matchers: [matcher('severity', 'info')], equal: ['namespace'] },
    ],
    receivers,
    templates: ['/etc/alertmanager/config/*.tmpl'],
  };
}
