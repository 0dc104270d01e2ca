/**
 * The pods of a service: its ServiceAccount (the identity callers' policies name), the stable
 * Deployment (autoscaled, disruption-budgeted, spread over zones and nodes) and, for a canary, a
 * second fixed-size Deployment; a Service per track, so routes can weigh them.
 */
import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { Construct } from 'constructs';
import { ZONE_TOPOLOGY_KEY } from '../../spec/labels';
import { emitModel } from '../model-object';
import { WORKLOAD_DEFAULT } from '../priority-classes';
import type { PlatformFacts } from './platform';
import { PRODUCTION_SERVICE_DEFAULTS, type ResolvedServiceProps } from './props';

/** Pod label telling the stable and canary Deployments' pods apart. */
export const TRACK_LABEL = 'groundwork.dev/track';
/** Names of the container ports. */
export const PORT_NAMES = { http: 'http', metrics: 'metrics' } as const;
const quantity = (q: string) => kplus.k8s.Quantity.fromString(q);
/** Period of every probe, seconds. */
const PROBE_PERIOD_SECONDS = 5;

/** One Deployment of the service. */
export interface Track {
  /** `stable` or `canary`. */
  readonly track: 'stable' | 'canary';
  /** Deployment and Service name. */
  readonly name: string;
  /** Image it runs. */
  readonly image: string;
  /** Labels its pods carry and its Service selects. */
  readonly selector: Record<string, string>;
}

/** The tracks of `p`: stable, and canary when configured. */
export function tracks(p: ResolvedServiceProps): Track[] {
  const base = { 'app.kubernetes.io/name': p.name };
  return [
    { track: 'stable', name: p.name, image: p.image, selector: { ...base, [TRACK_LABEL]: 'stable' } },
    ...(p.canary ? [{ track: 'canary' as const, name: `${p.name}-canary`, image: p.canary.image, selector: { ...base, [TRACK_LABEL]: 'canary' } }] : []),
  ];
}

/** Object labels of the service's objects. */
export function objectLabels(facts: PlatformFacts, p: ResolvedServiceProps): Record<string, string> {
  return {
    'app.kubernetes.io/name': p.name,
    'app.kubernetes.io/managed-by': 'groundwork',
    'app.kubernetes.io/component': 'production-service',
    'groundwork.dev/environment': facts.spec.name,
  };
}

function deployment(scope: Construct, facts: PlatformFacts, p: ResolvedServiceProps, t: Track, serviceAccount: kplus.ServiceAccount): kplus.Deployment {
  const ports = [{ name: PORT_NAMES.http, number: p.port }, ...(p.metrics ? [{ name: PORT_NAMES.metrics, number: p.metrics.port }] : [])];
  const probe = (path: string, failureThreshold: number) =>
    kplus.Probe.fromHttpGet(path, { port: p.port, periodSeconds: Duration.seconds(PROBE_PERIOD_SECONDS), failureThreshold, timeoutSeconds: Duration.seconds(2) });
  const d = new kplus.Deployment(scope, t.track, {
    metadata: { name: t.name, namespace: p.namespace, labels: objectLabels(facts, p) },
    select: false,
    podMetadata: { labels: { ...p.labels, ...t.selector } },
    serviceAccount,
    automountServiceAccountToken: false,
    // The stable track's size belongs to its autoscaler: a replicas field would reset it on every apply.
    ...(t.track === 'canary' ? { replicas: p.canary!.replicas } : {}),
    // Never below the current ready count during a rollout: new pods must pass readiness first.
    strategy: kplus.DeploymentStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.percent(25), maxUnavailable: kplus.PercentOrAbsolute.absolute(0) }),
    securityContext: { ensureNonRoot: true },
    containers: [
      {
        name: 'app',
        image: t.image,
        ports,
        envVariables: Object.fromEntries(Object.entries(p.env).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, kplus.EnvValue.fromValue(v)])),
        readiness: probe(p.probes.readinessPath, 3),
        liveness: probe(p.probes.livenessPath, 3),
        // Liveness starts only once the process is up: a slow start is not a crash loop.
        startup: probe(p.probes.livenessPath, Math.ceil(p.probes.startupSeconds / PROBE_PERIOD_SECONDS)),
        securityContext: {
          ensureNonRoot: true,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          privileged: false,
          capabilities: { drop: [kplus.Capability.ALL] },
          seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
        },
        // A read-only root file system still needs somewhere to write temporary files.
        volumeMounts: [{ path: '/tmp', volume: kplus.Volume.fromEmptyDir(scope, `${t.track}-tmp`, 'tmp', { sizeLimit: Size.mebibytes(64) }) }],
      },
    ],
  });
  const spread = (topologyKey: string, hard: boolean) => ({
    topologyKey,
    maxSkew: 1,
    whenUnsatisfiable: hard ? 'DoNotSchedule' : 'ScheduleAnyway',
    labelSelector: { matchLabels: t.selector },
    // Spread each rollout's pods, not old and new together (which would skew during a rollout).
    matchLabelKeys: ['pod-template-hash'],
  });
  const api = ApiObject.of(d);
  api.addJsonPatch(
    // Requests and limits as the team wrote them (cdk8s-plus would rewrite the quantities). The
    // patch runs before cdk8s-plus's serializer, which reads quantities as Quantity objects.
    JsonPatch.replace('/spec/template/spec/containers/0/resources', {
      requests: { cpu: quantity(p.resources.cpu), memory: quantity(p.resources.memory) },
      limits: { memory: quantity(p.resources.memoryLimit) },
    }),
    JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }),
    JsonPatch.add('/spec/template/spec/priorityClassName', WORKLOAD_DEFAULT.name),
    // Zones hard where the tier spreads platform replicas hard (production), nodes always soft.
    JsonPatch.add('/spec/template/spec/topologySpreadConstraints', [spread(ZONE_TOPOLOGY_KEY, facts.spec.profile.zoneSpread), spread('kubernetes.io/hostname', false)]),
  );
  return d;
}

/** The ServiceAccount, Deployments, Services, PodDisruptionBudget and autoscaler. */
export function addWorkload(scope: Construct, facts: PlatformFacts, p: ResolvedServiceProps): void {
  const labels = objectLabels(facts, p);
  const serviceAccount = new kplus.ServiceAccount(scope, 'service-account', {
    metadata: { name: p.name, namespace: p.namespace, labels },
    automountToken: false,
  });
  for (const t of tracks(p)) {
    const d = deployment(scope, facts, p, t, serviceAccount);
    d.select(kplus.LabelSelector.of({ labels: t.selector }));
    const service = new kplus.Service(scope, `${t.track}-service`, {
      metadata: { name: t.name, namespace: p.namespace, labels },
      ports: [{ name: PORT_NAMES.http, port: PRODUCTION_SERVICE_DEFAULTS.servicePort, targetPort: p.port }],
    });
    for (const [k, v] of Object.entries(t.selector)) service.selectLabel(k, v);
    // Every track, the canary too: one pod at a time may be evicted (drains, upgrades); a budget
    // on minAvailable would block every drain of a single-replica service.
    emitModel(scope, t.track === 'stable' ? 'disruption-budget' : `${t.track}-disruption-budget`, new PodDisruptionBudget({
      metadata: { name: t.name, namespace: p.namespace, labels },
      spec: { maxUnavailable: 1, selector: { matchLabels: t.selector }, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
    }));
    if (t.track !== 'stable') continue;
    new kplus.HorizontalPodAutoscaler(scope, 'autoscaler', {
      metadata: { name: p.name, namespace: p.namespace, labels },
      target: d,
      minReplicas: p.replicas.min,
      maxReplicas: p.replicas.max,
      metrics: [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(p.replicas.cpuTargetPercent))],
    });
  }
}
