/**
 * The edge: what tenants' users see. 5xx ratio and p99 latency of the edge proxy, and the
 * availability SLO (`spec.observability.alerting.edgeAvailabilityPercent`) as a multi-window,
 * multi-burn-rate pair (Google SRE workbook, "Alerting on SLOs", table 5-8): page when 2% of a
 * 30-day error budget burns in one hour (14.4× over 1 h, confirmed over 5 m), open a ticket when
 * 5% burns in six hours (6× over 6 h, confirmed over 30 m). The short window makes an alert
 * resolve minutes after the burn stops instead of an hour later.
 *
 * Measured where the edge proxy runs in the cluster: the Istio gateway (its Envoy reports
 * `istio_requests_total` as the source proxy) or ingress-nginx. The ALB edge (mesh off) has no
 * in-cluster proxy: its request counts and latency are CloudWatch metrics of the load balancer
 * (HTTPCode_ELB_5XX_Count, HTTPCode_Target_5XX_Count, TargetResponseTime), which Prometheus does
 * not scrape — no edge rules there; see docs/runbooks/README.md.
 */
import type { AddonContext } from '../addon';
import { GATEWAY_RELEASE, ISTIO_NAMESPACE } from '../istio-common';
import { INGRESS_NGINX_NAMESPACE } from '../wildcard-certificate';
import { alert, type AlertingRule, type AlertRuleGroup, type RecordingRule } from './types';

/** The edge proxy's request counter and latency histogram, as PromQL pieces. */
interface EdgeSeries {
  /** `implementation` label of the recorded series. */
  proxy: 'istio-gateway' | 'ingress-nginx';
  /** Selector of every request (no 5xx filter). */
  requests: string;
  /** Selector of 5xx requests. */
  errors: string;
  /** p99 latency in seconds over 5 minutes. */
  p99Seconds: string;
}

const ISTIO_GATEWAY = `reporter="source",source_workload="${GATEWAY_RELEASE}",source_workload_namespace="${ISTIO_NAMESPACE}"`;
const NGINX = `namespace="${INGRESS_NGINX_NAMESPACE}"`;

/** The series of the environment's edge proxy, or undefined for the ALB edge (no proxy in the cluster). */
export function edgeSeries(ctx: AddonContext): EdgeSeries | undefined {
  if (ctx.spec.addons.ingress === 'gateway-api' && ctx.enabled.has('istio-ingressgateway')) {
    return {
      proxy: 'istio-gateway',
      requests: `istio_requests_total{${ISTIO_GATEWAY}}`,
      errors: `istio_requests_total{${ISTIO_GATEWAY},response_code=~"5.."}`,
      p99Seconds: `histogram_quantile(0.99, sum by (le) (rate(istio_request_duration_milliseconds_bucket{${ISTIO_GATEWAY}}[5m]))) / 1000`,
    };
  }
  if (ctx.spec.addons.ingress === 'ingress-nginx' && ctx.enabled.has('ingress-nginx')) {
    return {
      proxy: 'ingress-nginx',
      requests: `nginx_ingress_controller_requests{${NGINX}}`,
      errors: `nginx_ingress_controller_requests{${NGINX},status=~"5.."}`,
      p99Seconds: `histogram_quantile(0.99, sum by (le) (rate(nginx_ingress_controller_request_duration_seconds_bucket{${NGINX}}[5m])))`,
    };
  }
  return undefined;
}

/** Windows of the recorded error ratios. */
export const SLO_WINDOWS = ['5m', '30m', '1h', '6h'] as const;

/** Name of the recorded edge error ratio over `window`. */
export function edgeErrorRatioRecord(window: (typeof SLO_WINDOWS)[number]): string {
  return `groundwork:edge_request_errors:ratio_rate${window}`;
}

/** A number as PromQL writes it, without binary floating-point noise (100 - 99.9 = 0.0999…). */
function num(value: number): string {
  return String(Number(value.toPrecision(6)));
}

/** The burn-rate pair: [name, severity, burn rate, long window, short window, for]. */
const BURN_ALERTS = [
  ['EdgeErrorBudgetBurnFast', 'critical', 14.4, '1h', '5m', '2m'],
  ['EdgeErrorBudgetBurnSlow', 'warning', 6, '6h', '30m', '15m'],
] as const;

function sloRules(ctx: AddonContext, edge: EdgeSeries): Array<RecordingRule | AlertingRule> {
  const objective = ctx.spec.observability.alerting.edgeAvailabilityPercent;
  const budget = (100 - objective) / 100;
  const labels = { proxy: edge.proxy };
  const records: RecordingRule[] = SLO_WINDOWS.map((w) => ({
    record: edgeErrorRatioRecord(w),
    expr: `sum(rate(${edge.errors}[${w}])) / sum(rate(${edge.requests}[${w}]))`,
    labels,
  }));
  const burns = BURN_ALERTS.map(([name, severity, rate, long, short, wait]) => {
    const threshold = num(rate * budget);
    return alert({
      alert: name,
      expr: `${edgeErrorRatioRecord(long)} > ${threshold} and ${edgeErrorRatioRecord(short)} > ${threshold}`,
      for: wait,
      severity,
      summary: `The edge burns its ${num(objective)}% availability error budget ${rate}× too fast.`,
      description: `{{ $value | humanizePercentage }} of edge requests failed with 5xx over the last ${long} (and still over ${short}); at this rate the 30-day error budget of the ${num(objective)}% objective lasts ${num(30 / rate)} days.`,
      labels: { slo: 'edge-availability', long_window: long },
    });
  });
  return [...records, ...burns];
}

/** The `groundwork.edge` group, or none for the ALB edge. */
export function edgeGroup(ctx: AddonContext): AlertRuleGroup[] {
  const edge = edgeSeries(ctx);
  if (!edge) return [];
  return [
    {
      name: 'groundwork.edge',
      rules: [
        ...sloRules(ctx, edge),
        alert({
          alert: 'EdgeHighErrorRatio',
          expr: `${edgeErrorRatioRecord('5m')} > 0.05`,
          for: '10m',
          severity: 'warning',
          summary: 'More than 5% of edge requests fail with 5xx.',
          description: '{{ $value | humanizePercentage }} of requests through the edge ({{ $labels.proxy }}) failed with a 5xx status over 5 minutes.',
        }),
        alert({
          alert: 'EdgeHighLatency',
          expr: `${edge.p99Seconds} > 1`,
          for: '15m',
          severity: 'warning',
          summary: 'Edge p99 latency is above 1 s.',
          description: `p99 latency of requests through the edge (${edge.proxy}) is {{ $value | humanizeDuration }}.`,
        }),
      ],
    },
  ];
}
