/**
 * spec.observability: one test per rule with its exact message (path, problem, fix), every
 * problem of a spec reported at once, and the CLI refusing such a spec (exit 2, nothing written).
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../lib/cli/main';
import { LOG_RETENTION_DAYS as REEXPORTED } from '../../lib/spec/rules/addons-tenants';
import { LOG_RETENTION_DAYS, RESERVED_RECEIVER_NAMES } from '../../lib/spec/rules/observability';
import type { SpecIssue } from '../../lib/spec/errors';
import { validateSpec } from '../../lib/spec/validate';
import { dev, prod, staging } from '../../stacks/environments';
import { issuesOf } from './helpers';

type Spec = Record<string, any>;
const A = 'spec.observability.alerting';
const OBS = 'spec.observability';
// Built at run time so the test file itself holds no webhook URL a scanner would flag.
const SLACK_WEBHOOK = `https://hooks.slack.com/services/T0ABCDEF1/B0ABCDEF2/${'Xy'.repeat(12)}`;

/** Issues after setting `observability.<section>.<field>` on a copy of `base`. */
function withField(section: 'metrics' | 'logs' | 'traces' | 'alerting' | undefined, values: Record<string, unknown>, base = prod): SpecIssue[] {
  return issuesOf((s) => {
    s.observability ??= {};
    if (section === undefined) Object.assign(s.observability, values);
    else s.observability[section] = { ...s.observability[section], ...values };
  }, base);
}

const receivers = (s: Spec): Spec[] => s.observability.alerting.receivers;

describe('stock environments', () => {
  it('validate, with production and staging alerting by Secret reference and dev without receivers', () => {
    for (const env of [dev, staging, prod]) expect(validateSpec(env)).toMatchObject({ ok: true });
    const p = validateSpec(prod);
    if (!p.ok) throw new Error('prod invalid');
    expect(p.spec.observability.alerting.receivers.map((r) => [r.name, r.type, r.secret])).toEqual([
      ['platform-oncall', 'pagerduty', { name: 'alertmanager-pagerduty', key: 'routing-key' }],
      ['platform-alerts', 'slack', { name: 'alertmanager-slack', key: 'webhook-url' }],
      ['platform-heartbeat', 'webhook', { name: 'alertmanager-heartbeat', key: 'url' }],
    ]);
    expect(p.spec.observability.alerting.heartbeatReceiver).toBe('platform-heartbeat');
    expect(p.spec.observability.alerting.routes.map((r) => [r.severity, r.receiver])).toEqual([
      ['critical', 'platform-oncall'],
      ['warning', 'platform-alerts'],
    ]);
    expect(p.spec.observability.alerting.defaultReceiver).toBe('platform-alerts');
    const s = validateSpec(staging);
    expect(s.ok && s.spec.observability.alerting.defaultReceiver).toBe('staging-alerts');
    const d = validateSpec(dev);
    expect(d.ok && d.spec.observability.alerting.receivers).toEqual([]);
  });
});

describe('retention, size and sampling', () => {
  it('metrics.retentionDays is 1–365', () => {
    expect(withField('metrics', { retentionDays: 1 })).toEqual([]);
    expect(withField('metrics', { retentionDays: 365 })).toEqual([]);
    expect(withField('metrics', { retentionDays: 366 })).toEqual([
      {
        path: `${OBS}.metrics.retentionDays`,
        problem: 'a Prometheus retention of 366 days is outside 1–365',
        fix: 'set 1–365 days, or remove it for the tier default (development 3, staging 15, production 30)',
      },
    ]);
    expect(withField('metrics', { retentionDays: 0 }).map((i) => i.problem)).toEqual(['a Prometheus retention of 0 days is outside 1–365']);
  });

  it('metrics.storageGiB is 10–16384', () => {
    expect(withField('metrics', { storageGiB: 10 })).toEqual([]);
    expect(withField('metrics', { storageGiB: 16384 })).toEqual([]);
    expect(withField('metrics', { storageGiB: 9 })).toEqual([
      {
        path: `${OBS}.metrics.storageGiB`,
        problem: 'a Prometheus volume of 9 GiB is outside 10–16384',
        fix: 'set 10–16384 GiB (a gp3 volume takes at most 16384), or remove it for the tier default (development 20, staging 50, production 200)',
      },
    ]);
    expect(withField('metrics', { storageGiB: 16385 }).map((i) => i.problem)).toEqual(['a Prometheus volume of 16385 GiB is outside 10–16384']);
  });

  it('logs.retentionDays is 1–3653', () => {
    expect(withField('logs', { retentionDays: 100 })).toEqual([]); // Loki (S3 lifecycle) takes any day count
    expect(withField('logs', { retentionDays: 3653 })).toEqual([]);
    expect(withField('logs', { retentionDays: 0 })).toEqual([
      {
        path: `${OBS}.logs.retentionDays`,
        problem: 'a log retention of 0 days is outside 1–3653 (10 years)',
        fix: 'set 1–3653 days, or remove it for the tier default (development 7, staging 14, production 30)',
      },
    ]);
    expect(withField('logs', { retentionDays: 3654, sink: 'cloudwatch' }).map((i) => i.problem)).toEqual(['a log retention of 3654 days is outside 1–3653 (10 years)']);
  });

  it('logs.retentionDays with the CloudWatch sink is one of CloudWatch’s values, suggesting the next one up', () => {
    expect(withField('logs', { sink: 'cloudwatch', retentionDays: 90 })).toEqual([]);
    expect(withField('logs', { sink: 'cloudwatch', retentionDays: 100 })).toEqual([
      {
        path: `${OBS}.logs.retentionDays`,
        problem: 'CloudWatch does not accept a retention of 100 days',
        fix: `use one of ${LOG_RETENTION_DAYS.join(', ')} (e.g. 120, the next one up), or remove it for the tier default (development 7, staging 14, production 30)`,
      },
    ]);
    // Every tier default is a value CloudWatch takes, so switching the sink alone never fails.
    for (const env of [dev, staging, prod]) expect(withField('logs', { sink: 'cloudwatch' }, env)).toEqual([]);
  });

  it('logRetentionDays (control plane, flow logs) is a CloudWatch value', () => {
    expect(withField(undefined, { logRetentionDays: 100 })).toEqual([
      { path: `${OBS}.logRetentionDays`, problem: 'CloudWatch does not accept a retention of 100 days', fix: `use one of ${LOG_RETENTION_DAYS.join(', ')}` },
    ]);
    expect(REEXPORTED).toBe(LOG_RETENTION_DAYS);
  });

  it('traces.retentionDays is 1–365', () => {
    expect(withField('traces', { retentionDays: 365 })).toEqual([]);
    expect(withField('traces', { retentionDays: 366 })).toEqual([
      {
        path: `${OBS}.traces.retentionDays`,
        problem: 'a trace retention of 366 days is outside 1–365',
        fix: 'set 1–365 days, or remove it for the tier default (development 3, staging 7, production 14)',
      },
    ]);
  });

  it('traces.samplingPercent is a finite 0–100', () => {
    expect(withField('traces', { samplingPercent: 0 })).toEqual([]);
    expect(withField('traces', { samplingPercent: 100 })).toEqual([]);
    expect(withField('traces', { samplingPercent: 0.5 })).toEqual([]);
    expect(withField('traces', { samplingPercent: 101 })).toEqual([
      {
        path: `${OBS}.traces.samplingPercent`,
        problem: 'a sampling rate of 101 % is outside 0–100',
        fix: 'set a percentage of requests between 0 and 100 (0 traces nothing from the mesh), or remove it for the tier default (development 100, staging 10, production 1)',
      },
    ]);
    expect(withField('traces', { samplingPercent: -1 }).map((i) => i.problem)).toEqual(['a sampling rate of -1 % is outside 0–100']);
    // Not finite: the shape check says so (one issue, at the field).
    for (const n of [Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(withField('traces', { samplingPercent: n }).map((i) => i.path)).toEqual([`${OBS}.traces.samplingPercent`]);
    }
  });

  it('alerting.edgeAvailabilityPercent is a finite 90–99.999', () => {
    expect(withField('alerting', { edgeAvailabilityPercent: 90 })).toEqual([]);
    expect(withField('alerting', { edgeAvailabilityPercent: 99.999 })).toEqual([]);
    expect(withField('alerting', { edgeAvailabilityPercent: 99.9999 })).toEqual([
      {
        path: `${A}.edgeAvailabilityPercent`,
        problem: 'an edge availability objective of 99.9999 % is outside 90–99.999',
        fix: 'set 90–99.999 (99.9, the default, leaves 43 minutes of errors a month; 99.999 leaves 26 seconds)',
      },
    ]);
    expect(withField('alerting', { edgeAvailabilityPercent: 89 }).map((i) => i.problem)).toEqual(['an edge availability objective of 89 % is outside 90–99.999']);
    expect(withField('alerting', { edgeAvailabilityPercent: Number.NEGATIVE_INFINITY }).map((i) => i.path)).toEqual([`${A}.edgeAvailabilityPercent`]);
  });
});

describe('receivers', () => {
  it('names are lowercase DNS labels', () => {
    expect(issuesOf((s) => (receivers(s)[1].name = 'Platform_Alerts'))).toEqual(
      expect.arrayContaining([
        { path: `${A}.receivers[1].name`, problem: '"Platform_Alerts" is not a receiver name (lowercase DNS label of at most 63 characters)', fix: 'use lowercase letters, digits and "-", e.g. "platform-oncall"' },
      ]),
    );
  });

  it('names are unique', () => {
    expect(issuesOf((s) => (receivers(s)[1].name = 'platform-oncall')).filter((i) => i.path.startsWith(`${A}.receivers`))).toEqual([
      { path: `${A}.receivers[1].name`, problem: 'receiver "platform-oncall" is defined more than once (also receivers[0])', fix: 'give every receiver a unique name' },
    ]);
  });

  it.each(RESERVED_RECEIVER_NAMES)('the platform’s own receiver name "%s" is reserved', (name) => {
    expect(issuesOf((s) => (receivers(s)[0].name = name)).filter((i) => i.path.startsWith(`${A}.receivers`))).toEqual([
      {
        path: `${A}.receivers[0].name`,
        problem: `"${name}" is reserved for the platform's own receivers (null: no receiver outside production; discard: Watchdog and InfoInhibitor)`,
        fix: 'pick another name, e.g. "platform-oncall"',
      },
    ]);
  });

  it('secret.name is a DNS subdomain', () => {
    expect(issuesOf((s) => (receivers(s)[0].secret.name = 'Alertmanager_PagerDuty'))).toEqual([
      {
        path: `${A}.receivers[0].secret.name`,
        problem: '"Alertmanager_PagerDuty" is not a Secret name (lowercase DNS subdomain of at most 253 characters)',
        fix: 'use lowercase letters, digits, "-" and ".", e.g. "alertmanager-pagerduty"',
      },
    ]);
    expect(issuesOf((s) => (receivers(s)[0].secret.name = 'a'.repeat(254))).map((i) => i.problem)).toEqual([
      'the 254-character value is not a Secret name (lowercase DNS subdomain of at most 253 characters)',
    ]);
  });

  it('secret.key is a Secret data key', () => {
    expect(issuesOf((s) => (receivers(s)[0].secret.key = 'routing key'))).toEqual([
      {
        path: `${A}.receivers[0].secret.key`,
        problem: '"routing key" is not a Secret key (letters, digits, "-", "_" and ".", at most 253, not "." or starting with "..")',
        fix: 'use the key the Secret stores the credential under, e.g. "routing-key" or "webhook-url"',
      },
    ]);
    expect(issuesOf((s) => (receivers(s)[0].secret.key = '..data')).map((i) => i.path)).toEqual([`${A}.receivers[0].secret.key`]);
    expect(issuesOf((s) => (receivers(s)[0].secret.key = 'Routing_Key.v2'))).toEqual([]);
  });

  it('a URL where the Secret name goes is refused without echoing it', () => {
    const url = 'https://events.pagerduty.com/integration/0123456789abcdef/enqueue';
    const issues = issuesOf((s) => (receivers(s)[0].secret.name = url));
    expect(issues).toEqual([
      {
        path: `${A}.receivers[0].secret.name`,
        problem: 'is a URL, not a Secret name',
        fix: 'put the PagerDuty Events API v2 routing key in a Secret in namespace monitoring (e.g. an ExternalSecret from AWS Secrets Manager, or kubectl -n monitoring create secret generic alertmanager-pagerduty --from-literal=<key>=…) and refer to it by name and key; if this URL is the PagerDuty Events API v2 routing key, revoke it (it has been in the spec)',
      },
    ]);
  });

  it('a PagerDuty routing key or an Opsgenie API key pasted as the Secret name or key is refused as a credential, never echoed', () => {
    const routingKey = 'e93facc04764012d7bfb002500d5d1a6';
    const pd = issuesOf((s) => (receivers(s)[0].secret.name = routingKey));
    expect(pd).toEqual([
      {
        path: `${A}.receivers[0].secret.name`,
        problem: 'looks like a PagerDuty Events API v2 routing key, not a Secret name',
        fix: 'revoke it (it has been in the spec) and put the PagerDuty Events API v2 routing key in a Secret in namespace monitoring (e.g. an ExternalSecret from AWS Secrets Manager, or kubectl -n monitoring create secret generic alertmanager-pagerduty --from-literal=<key>=…) and refer to it by name and key',
      },
    ]);
    const og = issuesOf((s) => receivers(s).push({ name: 'ops', type: 'opsgenie', secret: { name: 'alertmanager-opsgenie', key: '0f8fad5b-d9cb-469f-a165-70867728950e' } }));
    expect(og.map((i) => [i.path, i.problem])).toEqual([[`${A}.receivers[3].secret.key`, 'looks like a Opsgenie API key, not a key of a Secret']]);
    expect(JSON.stringify([pd, og])).not.toMatch(/e93facc0|0f8fad5b/);
  });

  it('a Slack webhook URL pasted as the Secret name or channel is caught (once, masked) by the credential scan', () => {
    for (const field of ['secret.name', 'channel'] as const) {
      const issues = issuesOf((s) => {
        if (field === 'channel') receivers(s)[1].channel = SLACK_WEBHOOK;
        else receivers(s)[1].secret.name = SLACK_WEBHOOK;
      });
      expect(issues).toEqual([
        {
          path: `${A}.receivers[1].${field}`,
          problem: '"https://hooks.slack.com/services/T0AB…" holds a Slack webhook URL',
          fix: 'revoke it (it has been in the spec) and put it in a Secret in namespace monitoring (e.g. an ExternalSecret from AWS Secrets Manager) and set the receiver\'s secret: { name, key } to that Secret; channel takes only a Slack "#channel"',
        },
      ]);
      expect(JSON.stringify(issues)).not.toContain('XyXyXy');
    }
  });

  it('channel is for slack receivers only', () => {
    expect(issuesOf((s) => (receivers(s)[0].channel = '#oncall'))).toEqual([
      { path: `${A}.receivers[0].channel`, problem: 'channel is only used by slack receivers (this one is pagerduty)', fix: 'remove channel' },
    ]);
  });

  it('channel is a #channel or a channel id, not a user', () => {
    expect(issuesOf((s) => (receivers(s)[1].channel = 'C0123456789'))).toEqual([]);
    expect(issuesOf((s) => (receivers(s)[1].channel = '#équipe-plateforme'))).toEqual([]);
    expect(issuesOf((s) => (receivers(s)[1].channel = '@alice'))).toEqual([
      {
        path: `${A}.receivers[1].channel`,
        problem: '"@alice" is a user: Slack-app incoming webhooks post to channels only',
        fix: 'use a "#channel" (e.g. "#platform-alerts"), or remove channel to post to the webhook\'s own channel',
      },
    ]);
    expect(issuesOf((s) => (receivers(s)[1].channel = 'platform alerts'))).toEqual([
      {
        path: `${A}.receivers[1].channel`,
        problem: '"platform alerts" is not a Slack channel',
        fix: 'use "#" and the channel name (lowercase letters, digits, "-" and "_", at most 80), e.g. "#platform-alerts", or a channel id such as "C0123456789"',
      },
    ]);
    expect(issuesOf((s) => (receivers(s)[1].channel = 'https://example.com/hook')).map((i) => i.problem)).toEqual(['is a URL, not a Slack channel']);
  });
});

describe('routes and the default receiver', () => {
  it('a route names a receiver; the fix suggests the closest', () => {
    expect(issuesOf((s) => (s.observability.alerting.routes[0].receiver = 'platform-oncal'))).toEqual([
      {
        path: `${A}.routes[0].receiver`,
        problem: '"platform-oncal" is not a receiver of alerting.receivers',
        fix: 'use "platform-oncall" (the closest) or another of alerting.receivers: platform-alerts, platform-heartbeat, platform-oncall',
      },
    ]);
  });

  it('the default receiver names a receiver; "null" is not one', () => {
    expect(issuesOf((s) => (s.observability.alerting.defaultReceiver = 'null'))).toEqual([
      {
        path: `${A}.defaultReceiver`,
        problem: '"null" is not a receiver of alerting.receivers',
        fix: 'use one of alerting.receivers: platform-alerts, platform-heartbeat, platform-oncall',
      },
    ]);
  });

  it('the heartbeat receiver names a receiver', () => {
    expect(issuesOf((s) => (s.observability.alerting.heartbeatReceiver = 'deadman'))).toEqual([
      {
        path: `${A}.heartbeatReceiver`,
        problem: '"deadman" is not a receiver of alerting.receivers',
        fix: 'use one of alerting.receivers: platform-alerts, platform-heartbeat, platform-oncall',
      },
    ]);
  });

  it('with no receivers at all the fix says to define one', () => {
    expect(issuesOf((s) => (s.observability = { alerting: { routes: [{ receiver: 'team-a', team: 'team-a' }] } }), dev)).toEqual([
      {
        path: `${A}.routes[0].receiver`,
        problem: '"team-a" is not a receiver of alerting.receivers',
        fix: 'define the receiver in alerting.receivers first, e.g. { name: "platform-alerts", type: "slack", secret: { name: "alertmanager-slack", key: "webhook-url" } }',
      },
    ]);
  });

  it('routes[].team is a label value', () => {
    expect(issuesOf((s) => (s.observability.alerting.routes[0].team = 'team a'))).toEqual([
      {
        path: `${A}.routes[0].team`,
        problem: '"team a" is not a label value, so no alert\'s team label can match it',
        fix: 'use at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit (tenant alerts carry their namespace\'s team, e.g. "team-a")',
      },
    ]);
    expect(issuesOf((s) => (s.observability.alerting.routes[0].team = ''))).toEqual([
      { path: `${A}.routes[0].team`, problem: 'team is empty, so the route matches only alerts without a team label', fix: 'remove team to match every team, or name one, e.g. "team-a"' },
    ]);
  });

  it('a catch-all route that does not continue may only be last', () => {
    expect(issuesOf((s) => delete s.observability.alerting.routes[0].severity)).toEqual([
      {
        path: `${A}.routes[0]`,
        problem: 'the route matches every alert and does not continue, so routes[1] and after never match',
        fix: 'give it a severity or team, set continue: true, move it last, or make its receiver the defaultReceiver instead',
      },
    ]);
    expect(issuesOf((s) => delete s.observability.alerting.routes[1].severity)).toEqual([]);
    expect(issuesOf((s) => Object.assign(s.observability.alerting.routes[0], { severity: undefined, continue: true }))).toEqual([]);
  });
});

describe('tiers and switched-off metrics', () => {
  const noAlerting = (s: Spec) => s.observability && delete s.observability.alerting;

  it('production with metrics on needs a receiver (so never the null default receiver)', () => {
    expect(issuesOf(noAlerting)).toEqual([
      {
        path: `${A}.receivers`,
        problem: 'production has no alert receiver, so every alert would go to a receiver that notifies nobody',
        fix: 'add receivers by Secret reference, e.g. { name: "platform-oncall", type: "pagerduty", secret: { name: "alertmanager-pagerduty", key: "routing-key" } }, and route critical alerts to it (routes: [{ receiver: "platform-oncall", severity: "critical" }])',
      },
    ]);
    // With receivers and no defaultReceiver, the first receiver is the default.
    expect(issuesOf((s) => delete s.observability.alerting.defaultReceiver)).toEqual([]);
  });

  it('staging and development may have no receiver', () => {
    expect(issuesOf(noAlerting, staging)).toEqual([]);
    expect(issuesOf(noAlerting, dev)).toEqual([]);
  });

  it('alerting set while metrics are off is refused (it would be ignored)', () => {
    expect(issuesOf((s) => (s.observability.metrics = { enabled: false }))).toEqual([
      {
        path: A,
        problem: 'receivers, routes, defaultReceiver, heartbeatReceiver are set but observability.metrics.enabled is false, so no Alertmanager or alert rule runs and they would be ignored',
        fix: 'remove observability.alerting, or turn metrics on (remove metrics.enabled: false)',
      },
    ]);
    expect(issuesOf((s) => (s.addons.disabled = ['kube-prometheus-stack']), staging)).toEqual([
      {
        path: A,
        problem: 'receivers is set but kube-prometheus-stack is in addons.disabled, so no Alertmanager or alert rule runs and it would be ignored',
        fix: 'remove observability.alerting, or remove kube-prometheus-stack from addons.disabled',
      },
    ]);
  });

  it('production with metrics off needs no receiver; logs and traces stand alone without metrics', () => {
    expect(issuesOf((s) => (s.observability = { metrics: { enabled: false }, logs: { enabled: true, sink: 'cloudwatch' }, traces: { enabled: true } }))).toEqual([]);
    expect(issuesOf((s) => (s.observability = { metrics: { enabled: false }, logs: { enabled: false }, traces: { enabled: false } }))).toEqual([]);
  });
});

/** A production spec with one problem of (almost) every rule. */
function manyProblems(): Spec {
  const s = structuredClone(prod) as Spec;
  s.observability.metrics = { retentionDays: 400, storageGiB: 5 };
  s.observability.logs = { sink: 'cloudwatch', retentionDays: 100 };
  s.observability.traces = { samplingPercent: 150, retentionDays: 0 };
  s.observability.alerting.edgeAvailabilityPercent = 80;
  receivers(s)[0].secret.key = 'routing key';
  receivers(s)[1].channel = '@bob';
  receivers(s).push({ name: 'platform-oncall', type: 'webhook', secret: { name: 'Hook', key: 'url' } });
  s.observability.alerting.routes.push({ receiver: 'platfrom-alerts', team: 'team a' });
  s.observability.alerting.defaultReceiver = 'nobody';
  return s;
}

describe('reporting', () => {
  it('reports every problem of a spec at once, sorted by path', () => {
    expect(issuesOf(() => manyProblems()).map((i) => `${i.path}: ${i.problem}`)).toEqual([
      `${A}.defaultReceiver: "nobody" is not a receiver of alerting.receivers`,
      `${A}.edgeAvailabilityPercent: an edge availability objective of 80 % is outside 90–99.999`,
      `${A}.receivers[0].secret.key: "routing key" is not a Secret key (letters, digits, "-", "_" and ".", at most 253, not "." or starting with "..")`,
      `${A}.receivers[1].channel: "@bob" is a user: Slack-app incoming webhooks post to channels only`,
      `${A}.receivers[3].name: receiver "platform-oncall" is defined more than once (also receivers[0])`,
      `${A}.receivers[3].secret.name: "Hook" is not a Secret name (lowercase DNS subdomain of at most 253 characters)`,
      `${A}.routes[2].receiver: "platfrom-alerts" is not a receiver of alerting.receivers`,
      `${A}.routes[2].team: "team a" is not a label value, so no alert's team label can match it`,
      `${OBS}.logs.retentionDays: CloudWatch does not accept a retention of 100 days`,
      `${OBS}.metrics.retentionDays: a Prometheus retention of 400 days is outside 1–365`,
      `${OBS}.metrics.storageGiB: a Prometheus volume of 5 GiB is outside 10–16384`,
      `${OBS}.traces.retentionDays: a trace retention of 0 days is outside 1–365`,
      `${OBS}.traces.samplingPercent: a sampling rate of 150 % is outside 0–100`,
    ]);
  });

  it('the CLI refuses such a spec: exit 2, every problem on stderr, no stack trace, nothing written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'groundwork-observability-'));
    const out = mkdtempSync(join(tmpdir(), 'groundwork-observability-out-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(manyProblems()));
    const err: string[] = [];
    const code = await main(['synth', '--spec', file, '--out', out], { out: () => undefined, err: (l) => err.push(...l.split('\n')) });
    expect(code).toBe(2);
    expect(readdirSync(out)).toEqual([]);
    expect(err[0]).toBe('Invalid environment spec "prod": 13 problems');
    expect(err).toContain(`  ${A}.routes[2].receiver: "platfrom-alerts" is not a receiver of alerting.receivers; fix: use "platform-alerts" (the closest) or another of alerting.receivers: platform-alerts, platform-heartbeat, platform-oncall`);
    expect(err.join('\n')).not.toMatch(/\n\s+at /);
  });
});
