/**
 * Rules for `spec.observability`: retention, size and sampling within what the backends take;
 * Alertmanager receivers by Secret reference with real names, routes that reach them, and a
 * production that always has someone to alert. Logs and traces do not need metrics: each signal
 * stands alone (only alerting needs the metrics stack, because Alertmanager is part of it).
 */
import { scanCredentials } from '../credentials';
import { tierProfile } from '../defaults';
import { asArray, asNumber, asRecord, asString, DNS_LABEL, type Rule, type RuleContext } from './context';

/** CloudWatch Logs accepts only these retention periods. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** Inclusive ranges of the numeric observability fields (lib/spec/types.ts documents the same). */
export const OBSERVABILITY_RANGES = {
  metricsRetentionDays: { min: 1, max: 365 },
  // gp3 volumes take 1–16384 GiB; under 10 GiB Prometheus' WAL alone fills it within hours.
  metricsStorageGiB: { min: 10, max: 16384 },
  // 3653 days (10 years): CloudWatch's longest finite retention, and the S3 lifecycle the same.
  logsRetentionDays: { min: 1, max: 3653 },
  tracesRetentionDays: { min: 1, max: 365 },
  traceSamplingPercent: { min: 0, max: 100 },
  // Below 90 % the burn-rate alerts page on ordinary noise; above 99.999 % the monthly error
  // budget is under 26 seconds, less than one scrape-and-evaluate cycle can see.
  edgeAvailabilityPercent: { min: 90, max: 99.999 },
} as const;

/**
 * Receiver names the Alertmanager configuration (lib/addons/alertmanager-config.ts) uses itself:
 * `null` (the default outside production when the spec names none), `discard` (Watchdog, InfoInhibitor).
 */
export const RESERVED_RECEIVER_NAMES = ['discard', 'null'] as const;

const OBS = 'spec.observability';
const ALERTING = `${OBS}.alerting`;
/** Kubernetes Secret data keys (IsConfigMapKey). */
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;
/** DNS subdomain (RFC 1123), as Kubernetes object names. */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** Kubernetes label value (the `team` label tenants carry). */
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
/** A Slack channel `#name` (lowercase letters, digits, "-", "_", at most 80) or a channel id. */
const SLACK_CHANNEL = /^#[\p{Ll}\p{Lo}\p{N}_-]{1,80}$/u;
const SLACK_CHANNEL_ID = /^[CG][A-Z0-9]{8,}$/;

/** What a receiver's Secret holds, for messages. */
const CREDENTIAL: Record<string, string> = {
  pagerduty: 'PagerDuty Events API v2 routing key',
  slack: 'Slack incoming-webhook URL',
  webhook: 'webhook URL',
  opsgenie: 'Opsgenie API key',
};

/**
 * A credential of the receiver's own kind pasted where a Secret name or key goes. Only here, not
 * in the global credential table: 32 letters and digits or a UUID are plausible elsewhere.
 */
function looksLikeCredential(type: string | undefined, value: string): boolean {
  if (type === 'pagerduty') return /^[A-Za-z0-9+]{32}$/.test(value) && /\d/.test(value) && /[A-Za-z]/.test(value);
  if (type === 'opsgenie') return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
  return false;
}

/**
 * A spec value quoted in a message, or a description when it may be a credential the global
 * scan does not know (a URL with a token in its path): names are short and have no `://`.
 */
function quoted(value: string): string {
  return value.length <= 63 && !value.includes('://') && /^[\x20-\x7e]*$/.test(value) ? JSON.stringify(value) : `the ${value.length}-character value`;
}

/** Distance between two names (insertions, deletions, substitutions). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}

/** The fix for a reference to an unknown receiver: the closest name, then every name. */
function receiverFix(name: string, receivers: readonly string[]): string {
  if (receivers.length === 0) return 'define the receiver in alerting.receivers first, e.g. { name: "platform-alerts", type: "slack", secret: { name: "alertmanager-slack", key: "webhook-url" } }';
  const all = [...receivers].sort();
  const closest = [...all].sort((a, b) => editDistance(name, a) - editDistance(name, b))[0];
  // A suggestion only for a likely typo: "null" is not a misspelt "platform-oncall".
  if (editDistance(name, closest) > Math.max(2, Math.floor(closest.length / 3))) return `use one of alerting.receivers: ${all.join(', ')}`;
  return `use "${closest}" (the closest) or another of alerting.receivers: ${all.join(', ')}`;
}

type Report = RuleContext['report'];

/** `value` at `path` within `range`, else one problem; `what` names it in the message. */
function inRange(report: Report, path: string, value: number | undefined, range: { min: number; max: number }, what: string, fix: string): void {
  if (value !== undefined && (value < range.min || value > range.max)) report(path, `${what} is outside ${range.min}–${range.max}`, fix);
}

/** Tier defaults of one telemetry field, for fixes: `development 3, staging 15, production 30`. */
function tierDefaults(field: keyof ReturnType<typeof tierProfile>['telemetry']): string {
  return (['development', 'staging', 'production'] as const).map((t) => `${t} ${tierProfile(t).telemetry[field]}`).join(', ');
}

function retentionRules(obs: Record<string, unknown>, report: Report): void {
  const metrics = asRecord(obs.metrics) ?? {};
  const logs = asRecord(obs.logs) ?? {};
  const traces = asRecord(obs.traces) ?? {};
  const alerting = asRecord(obs.alerting) ?? {};
  const r = OBSERVABILITY_RANGES;
  const days = asNumber(obs.logRetentionDays);
  if (days !== undefined && !(LOG_RETENTION_DAYS as readonly number[]).includes(days)) {
    report(`${OBS}.logRetentionDays`, `CloudWatch does not accept a retention of ${days} days`, `use one of ${LOG_RETENTION_DAYS.join(', ')}`);
  }
  const metricsDays = asNumber(metrics.retentionDays);
  inRange(report, `${OBS}.metrics.retentionDays`, metricsDays, r.metricsRetentionDays, `a Prometheus retention of ${metricsDays} days`, `set 1–365 days, or remove it for the tier default (${tierDefaults('metricsRetentionDays')})`);
  const gib = asNumber(metrics.storageGiB);
  inRange(report, `${OBS}.metrics.storageGiB`, gib, r.metricsStorageGiB, `a Prometheus volume of ${gib} GiB`, `set 10–16384 GiB (a gp3 volume takes at most 16384), or remove it for the tier default (${tierDefaults('metricsStorageGiB')})`);
  const logDays = asNumber(logs.retentionDays);
  const logDefault = `remove it for the tier default (${tierDefaults('logsRetentionDays')})`;
  if (logDays !== undefined && (logDays < r.logsRetentionDays.min || logDays > r.logsRetentionDays.max)) {
    report(`${OBS}.logs.retentionDays`, `a log retention of ${logDays} days is outside 1–3653 (10 years)`, `set 1–3653 days, or ${logDefault}`);
  } else if (logDays !== undefined && logs.sink === 'cloudwatch' && !(LOG_RETENTION_DAYS as readonly number[]).includes(logDays)) {
    const up = LOG_RETENTION_DAYS.find((d) => d > logDays);
    report(`${OBS}.logs.retentionDays`, `CloudWatch does not accept a retention of ${logDays} days`, `use one of ${LOG_RETENTION_DAYS.join(', ')} (e.g. ${up}, the next one up), or ${logDefault}`);
  }
  const traceDays = asNumber(traces.retentionDays);
  inRange(report, `${OBS}.traces.retentionDays`, traceDays, r.tracesRetentionDays, `a trace retention of ${traceDays} days`, `set 1–365 days, or remove it for the tier default (${tierDefaults('tracesRetentionDays')})`);
  const sampling = asNumber(traces.samplingPercent);
  inRange(report, `${OBS}.traces.samplingPercent`, sampling, r.traceSamplingPercent, `a sampling rate of ${sampling} %`, `set a percentage of requests between 0 and 100 (0 traces nothing from the mesh), or remove it for the tier default (${tierDefaults('traceSamplingPercent')})`);
  const slo = asNumber(alerting.edgeAvailabilityPercent);
  inRange(
    report,
    `${ALERTING}.edgeAvailabilityPercent`,
    slo,
    r.edgeAvailabilityPercent,
    `an edge availability objective of ${slo} %`,
    'set 90–99.999 (99.9, the default, leaves 43 minutes of errors a month; 99.999 leaves 26 seconds)',
  );
}

/** A receiver's Secret reference: a real Secret name and key, never the credential itself. */
function secretRules(secret: Record<string, unknown>, type: string | undefined, at: string, report: Report): void {
  const what = CREDENTIAL[type ?? ''] ?? 'credential';
  const pasted = `put the ${what} in a Secret in namespace monitoring (e.g. an ExternalSecret from AWS Secrets Manager, or kubectl -n monitoring create secret generic alertmanager-${type ?? 'receiver'} --from-literal=<key>=…) and refer to it by name and key`;
  const name = asString(secret.name);
  // What the credential scan recognises it reports itself (rules/credentials.ts), masked.
  if (name !== undefined && scanCredentials(name).length === 0) {
    if (looksLikeCredential(type, name)) report(`${at}.name`, `looks like a ${what}, not a Secret name`, `revoke it (it has been in the spec) and ${pasted}`);
    else if (name.includes('://')) report(`${at}.name`, `is a URL, not a Secret name`, `${pasted}; if this URL is the ${what}, revoke it (it has been in the spec)`);
    else if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
      report(`${at}.name`, `${quoted(name)} is not a Secret name (lowercase DNS subdomain of at most 253 characters)`, 'use lowercase letters, digits, "-" and ".", e.g. "alertmanager-pagerduty"');
    }
  }
  const key = asString(secret.key);
  if (key !== undefined && scanCredentials(key).length === 0) {
    if (looksLikeCredential(type, key)) report(`${at}.key`, `looks like a ${what}, not a key of a Secret`, `revoke it (it has been in the spec) and ${pasted}`);
    else if (key.includes('://')) report(`${at}.key`, 'is a URL, not a key of a Secret', `${pasted}; if this URL is the ${what}, revoke it (it has been in the spec)`);
    else if (key.length > 253 || !SECRET_KEY.test(key) || key === '.' || key.startsWith('..')) {
      report(`${at}.key`, `${quoted(key)} is not a Secret key (letters, digits, "-", "_" and ".", at most 253, not "." or starting with "..")`, 'use the key the Secret stores the credential under, e.g. "routing-key" or "webhook-url"');
    }
  }
}

/** A Slack channel override: slack receivers only, a `#channel` or a channel id. */
function channelRules(channel: string, type: string | undefined, at: string, report: Report): void {
  if (scanCredentials(channel).length > 0) return;
  if (type !== undefined && type !== 'slack') {
    report(at, `channel is only used by slack receivers (this one is ${type})`, 'remove channel');
  } else if (channel.includes('://')) {
    report(at, 'is a URL, not a Slack channel', 'put the webhook URL in the receiver\'s Secret (secret: { name, key }) and set channel to a "#channel", or remove it; if the URL carries a token, revoke it (it has been in the spec)');
  } else if (channel.startsWith('@')) {
    report(at, `${quoted(channel)} is a user: Slack-app incoming webhooks post to channels only`, 'use a "#channel" (e.g. "#platform-alerts"), or remove channel to post to the webhook\'s own channel');
  } else if (!SLACK_CHANNEL.test(channel) && !SLACK_CHANNEL_ID.test(channel)) {
    report(at, `${quoted(channel)} is not a Slack channel`, 'use "#" and the channel name (lowercase letters, digits, "-" and "_", at most 80), e.g. "#platform-alerts", or a channel id such as "C0123456789"');
  }
}

function receiverRules(receivers: readonly unknown[], report: Report): string[] {
  const names = new Map<string, number>();
  receivers.forEach((value, i) => {
    const receiver = asRecord(value) ?? {};
    const at = `${ALERTING}.receivers[${i}]`;
    const type = asString(receiver.type);
    const name = asString(receiver.name);
    if (name !== undefined) {
      const first = names.get(name);
      if (name.length > 63 || !DNS_LABEL.test(name)) {
        report(`${at}.name`, `${quoted(name)} is not a receiver name (lowercase DNS label of at most 63 characters)`, 'use lowercase letters, digits and "-", e.g. "platform-oncall"');
      } else if ((RESERVED_RECEIVER_NAMES as readonly string[]).includes(name)) {
        report(`${at}.name`, `"${name}" is reserved for the platform's own receivers (null: no receiver outside production; discard: Watchdog and InfoInhibitor)`, 'pick another name, e.g. "platform-oncall"');
      } else if (first !== undefined) {
        report(`${at}.name`, `receiver "${name}" is defined more than once (also receivers[${first}])`, 'give every receiver a unique name');
      }
      if (first === undefined) names.set(name, i);
    }
    const secret = asRecord(receiver.secret);
    if (secret) secretRules(secret, type, `${at}.secret`, report);
    const channel = asString(receiver.channel);
    if (channel !== undefined) channelRules(channel, type, `${at}.channel`, report);
  });
  return [...names.keys()].filter((n) => DNS_LABEL.test(n) && !(RESERVED_RECEIVER_NAMES as readonly string[]).includes(n));
}

function routeRules(routes: readonly unknown[], receivers: readonly string[], report: Report): void {
  routes.forEach((value, i) => {
    const route = asRecord(value) ?? {};
    const at = `${ALERTING}.routes[${i}]`;
    const receiver = asString(route.receiver);
    if (receiver !== undefined && !receivers.includes(receiver)) report(`${at}.receiver`, `${quoted(receiver)} is not a receiver of alerting.receivers`, receiverFix(receiver, receivers));
    const team = asString(route.team);
    if (team === '') report(`${at}.team`, 'team is empty, so the route matches only alerts without a team label', 'remove team to match every team, or name one, e.g. "team-a"');
    else if (team !== undefined && (team.length > 63 || !LABEL_VALUE.test(team))) {
      report(`${at}.team`, `${quoted(team)} is not a label value, so no alert's team label can match it`, 'use at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit (tenant alerts carry their namespace\'s team, e.g. "team-a")');
    }
    // Alertmanager stops at the first match: a catch-all route hides every route after it.
    if (i < routes.length - 1 && route.severity === undefined && route.team === undefined && route.continue !== true) {
      report(`${at}`, `the route matches every alert and does not continue, so routes[${i + 1}] and after never match`, 'give it a severity or team, set continue: true, move it last, or make its receiver the defaultReceiver instead');
    }
  });
}

export const observabilityRules: Rule = ({ input, report }) => {
  const obs = asRecord(input.observability) ?? {};
  retentionRules(obs, report);
  const alerting = asRecord(obs.alerting) ?? {};
  const receiverList = asArray(alerting.receivers);
  const routes = asArray(alerting.routes);
  const receivers = receiverRules(receiverList, report);
  routeRules(routes, receivers, report);
  for (const field of ['defaultReceiver', 'heartbeatReceiver'] as const) {
    const name = asString(alerting[field]);
    if (name !== undefined && !receivers.includes(name)) {
      report(`${ALERTING}.${field}`, `${quoted(name)} is not a receiver of alerting.receivers`, receiverFix(name, receivers));
    }
  }
  // Alertmanager belongs to the metrics stack: with it off, nothing reads the alerting section.
  const metricsOff = asRecord(obs.metrics)?.enabled === false;
  const kpsDisabled = asArray(asRecord(input.addons)?.disabled).includes('kube-prometheus-stack');
  const off = metricsOff ? 'observability.metrics.enabled is false' : kpsDisabled ? 'kube-prometheus-stack is in addons.disabled' : undefined;
  if (off !== undefined) {
    const set = ['receivers', 'routes', 'defaultReceiver', 'edgeAvailabilityPercent', 'heartbeatReceiver'].filter((f) => (Array.isArray(alerting[f]) ? (alerting[f] as unknown[]).length > 0 : alerting[f] !== undefined));
    if (set.length > 0) {
      report(ALERTING, `${set.join(', ')} ${set.length === 1 ? 'is' : 'are'} set but ${off}, so no Alertmanager or alert rule runs and ${set.length === 1 ? 'it' : 'they'} would be ignored`, metricsOff ? 'remove observability.alerting, or turn metrics on (remove metrics.enabled: false)' : 'remove observability.alerting, or remove kube-prometheus-stack from addons.disabled');
    }
    return;
  }
  // Production alerts must reach a person: a receiver, and so a default receiver (the first one
  // when defaultReceiver is not set), never Alertmanager's null receiver. Staging may start without
  // one: its alerts still show in Alertmanager and Grafana, and an on-call integration is often
  // set up after the environment (the stock staging has a Slack receiver all the same).
  if (input.tier === 'production' && receiverList.length === 0) {
    report(
      `${ALERTING}.receivers`,
      'production has no alert receiver, so every alert would go to a receiver that notifies nobody',
      'add receivers by Secret reference, e.g. { name: "platform-oncall", type: "pagerduty", secret: { name: "alertmanager-pagerduty", key: "routing-key" } }, and route critical alerts to it (routes: [{ receiver: "platform-oncall", severity: "critical" }])',
    );
  }
};
