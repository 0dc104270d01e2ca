/**
 * Falco: runtime threat detection on every node. The modern eBPF probe (compiled into Falco, CO-RE:
 * no kernel module, no driver download, no headers on the node) watches every syscall; the
 * upstream ruleset bundled in the image plus our platform rules (falco-rules.ts) judge them, and
 * Falcosidekick forwards events of priority warning and above to Alertmanager, where they route
 * like every platform alert (`team: platform`, `severity` from the Falco priority).
 *
 * Why Falco: a CNCF-graduated detector with a maintained ruleset, an eBPF driver that runs with
 * four capabilities instead of `privileged`, and a native Alertmanager output; Tetragon or
 * Tracee would add enforcement or a second rule language we do not need for detection.
 *
 * falcoctl stays off: it would download rules and plugins from the falcosecurity index at
 * runtime (Internet egress from every node, rules that change without a release). The rules and
 * the container plugin bundled in the pinned image are what runs; a rules update is a chart bump.
 * k8s-metacollector stays off: the container plugin already reads pod name and namespace from the
 * CRI, which is all our rules and outputs use; the collector would add a cluster-wide watcher and
 * a gRPC stream per node. falco-talon (response actions) stays off: detection only.
 */
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { emitModel } from '../k8s/model-object';
import type { AddonId } from '../spec/types';
import { CHART_VERSIONS } from '../spec/versions';
import type { Addon, AddonContext } from './addon';
import { PLATFORM_RULES_FILE, platformRulesYaml } from './falco-rules';
import { ALERTMANAGER_NAME, ALERTMANAGER_POD_LABELS } from './kube-prometheus-stack-components';
import { scrapeNeed, type NetworkNeed } from './network';
import {
  containerResources,
  everyNodeTolerations,
  platformPriority,
  restrictedContainerSecurityContext,
  restrictedPodSecurityContext,
  systemPlacement,
  wantsDisruptionBudget,
  zoneAntiAffinity,
  controllerReplicas,
  type ContainerResources,
  type Toleration,
} from './placement';

const ID = 'falco';
/** Namespace of the agents and Falcosidekick. */
export const FALCO_NAMESPACE = 'falco';
/** Labels of the Falco DaemonSet's pods (the chart's selector labels for release `falco`). */
export const FALCO_POD_LABELS = { 'app.kubernetes.io/name': 'falco', 'app.kubernetes.io/instance': ID } as const;
/** Labels of the Falcosidekick pods and Service. */
export const FALCOSIDEKICK_LABELS = { 'app.kubernetes.io/name': 'falcosidekick', 'app.kubernetes.io/instance': ID } as const;
/** Port of Alertmanager's web Service (the chart's `alertmanager.service.port`). */
export const ALERTMANAGER_PORT = 9093;
/** Where Falcosidekick posts alerts: the Alertmanager Service of kube-prometheus-stack. */
export const ALERTMANAGER_URL = `http://${ALERTMANAGER_NAME}.monitoring.svc:${ALERTMANAGER_PORT}`;
/** Capabilities of the modern eBPF probe's least-privileged mode (Falco docs; the chart's own list). */
export const FALCO_CAPABILITIES = ['BPF', 'PERFMON', 'SYS_PTRACE', 'SYS_RESOURCE'] as const;
/** Lowest Falco priority forwarded to Alertmanager. */
export const ALERT_MINIMUM_PRIORITY = 'warning';
/**
 * Falco priority → Alertmanager `severity` (the platform's three levels): the chart's default
 * map says `information`, which no route of ours matches.
 */
export const FALCO_SEVERITY_MAP = 'emergency:critical,alert:critical,critical:critical,error:warning,warning:warning,notice:info,informational:info,debug:info';

/** A container runtime socket entry of the container plugin. */
export interface EngineValues {
  /** Whether the container plugin reads this runtime (only `cri` on EKS). */
  enabled: boolean;
  /** Runtime socket paths the chart mounts from the host (absent: the chart's default). */
  sockets?: string[];
}

/** Falcosidekick subchart values we set (falcosidekick 0.12). */
export interface FalcosidekickValues {
  /** Forward to Alertmanager only where the metrics stack runs it. */
  enabled: boolean;
  /** Replicas from the tier: a restart must not drop the events of every node at once. */
  replicaCount: number;
  /** Scheduling priority of the pods: platformPriority(). */
  priorityClassName: string;
  /** Pod security context: the chart's uid/fsGroup 1234, non-root, RuntimeDefault seccomp. */
  podSecurityContext: Record<string, unknown>;
  /** Restricted container security context. */
  securityContext: Record<string, unknown>;
  /** Requests and memory limit of the Falcosidekick container. */
  resources: ContainerResources;
  /** Node labels the pods must match: the system pool. */
  nodeSelector: Record<string, string>;
  /** Tolerations of the system pool's taint. */
  tolerations: Toleration[];
  /** Zone anti-affinity between the replicas: required where the profile demands zone spread, else preferred. */
  affinity: Record<string, unknown>;
  /** The Alertmanager output. */
  config: {
    alertmanager: {
      hostport: string;
      endpoint: string;
      minimumpriority: string;
      extralabels: string;
      customseveritymap: string;
    };
  };
  /** The UI (and its Redis) stays off: events are read in Alertmanager and Loki. */
  webui: { enabled: boolean };
}

/** Chart values we set (falco chart 9.1). */
export interface FalcoValues {
  /** Platform agents preempt workloads, never the reverse. */
  podPriorityClassName: string;
  /** Every taint: a node without Falco is a node nobody watches. */
  tolerations: Array<{ operator: 'Exists' }>;
  /** Requests and a memory limit; `cpu: null` removes the chart's 1-CPU limit. */
  resources: ContainerResources & { limits: { cpu: null } };
  /** Seccomp Unconfined (see the values for why). */
  podSecurityContext: Record<string, unknown>;
  /** The least-privileged mode's capabilities, never `privileged`. */
  containerSecurityContext: Record<string, unknown>;
  /** Syscall source: the modern eBPF probe built into Falco, in least-privileged mode (capabilities, not privileged). */
  driver: { enabled: boolean; kind: 'modern_ebpf'; modernEbpf: { leastPrivileged: boolean } };
  /** Container metadata from the CRI socket only; the k8s-metacollector stays off. */
  collectors: { containerEngine: { engines: Record<string, EngineValues> }; kubernetes: { enabled: boolean } };
  /** falcoctl init and sidecar off: no rules or plugins downloaded at runtime. */
  falcoctl: { artifact: { install: { enabled: boolean }; follow: { enabled: boolean } } };
  /** Prometheus metrics on the web server port. */
  metrics: { enabled: boolean; service: { create: boolean } };
  /** Our rules, mounted into /etc/falco/rules.d. */
  customRules: Record<string, string>;
  /** falco-talon response actions off: detection only. */
  responseActions: { enabled: boolean };
  /** The Falcosidekick subchart forwarding events to Alertmanager. */
  falcosidekick: FalcosidekickValues;
  /** JSON events (what the sidekick parses); the chart points http_output at the sidekick itself. */
  falco: { json_output: boolean; json_include_output_property: boolean; priority: string };
}

/** The agent's resources: the chart's requests, a 1 GiB memory limit, the chart's CPU limit removed. */
function falcoResources(): ContainerResources & { limits: { cpu: null } } {
  const base = containerResources({ cpu: '100m', memory: '512Mi' }, '1Gi');
  return { requests: base.requests, limits: { ...base.limits, cpu: null } };
}

function sidekick(ctx: AddonContext): FalcosidekickValues {
  const { spec } = ctx;
  return {
    enabled: ctx.enabled.has('kube-prometheus-stack'),
    replicaCount: controllerReplicas(spec),
    priorityClassName: platformPriority().priorityClassName,
    // The chart's uid/gid 1234, plus non-root and RuntimeDefault seccomp: Pod Security restricted.
    podSecurityContext: { runAsUser: 1234, fsGroup: 1234, ...restrictedPodSecurityContext() },
    securityContext: restrictedContainerSecurityContext(),
    resources: containerResources({ cpu: '20m', memory: '64Mi' }, '256Mi'),
    ...systemPlacement(),
    affinity: zoneAntiAffinity(spec, FALCOSIDEKICK_LABELS),
    config: {
      alertmanager: {
        hostport: ALERTMANAGER_URL,
        // Alertmanager 0.27+ serves only the v2 API; the chart's default v1 path gets 404s.
        endpoint: '/api/v2/alerts',
        minimumpriority: ALERT_MINIMUM_PRIORITY,
        extralabels: 'team:platform',
        customseveritymap: FALCO_SEVERITY_MAP,
      },
    },
    webui: { enabled: false },
  };
}

/** Falco web server port (health, metrics). */
const FALCO_WEB_PORT = 8765;
/** Falcosidekick HTTP port (events in, metrics out). */
const SIDEKICK_PORT = 2801;

/** Agents → sidekick → Alertmanager, and Prometheus → both. */
function falcoNetwork({ enabled }: AddonContext): NetworkNeed[] {
  const agents = { namespace: FALCO_NAMESPACE, podLabels: { ...FALCO_POD_LABELS } };
  const sidekickPods = { namespace: FALCO_NAMESPACE, podLabels: { ...FALCOSIDEKICK_LABELS } };
  if (!enabled.has('kube-prometheus-stack')) return [];
  return [
    { purpose: 'Falco events (http_output)', from: agents, to: sidekickPods, ports: [{ port: SIDEKICK_PORT }] },
    { purpose: 'Falco events as alerts', from: sidekickPods, to: { namespace: 'monitoring', podLabels: { ...ALERTMANAGER_POD_LABELS } }, ports: [{ port: ALERTMANAGER_PORT }] },
    scrapeNeed(agents, [FALCO_WEB_PORT], 'Falco'),
    scrapeNeed(sidekickPods, [SIDEKICK_PORT], 'Falcosidekick'),
  ];
}

export const falco: Addon<FalcoValues> = {
  id: ID,
  description: 'Falco runtime threat detection on every node (modern eBPF probe, least-privileged capabilities, platform rules), events to Alertmanager through Falcosidekick',
  chart: CHART_VERSIONS[ID],
  namespace: FALCO_NAMESPACE,
  podSecurity: 'privileged',
  podSecurityReason:
    'the eBPF probe needs the BPF, PERFMON, SYS_PTRACE and SYS_RESOURCE capabilities, an unconfined seccomp and AppArmor profile, and read access to the node (hostPath /proc, /etc, /sys/kernel and the containerd socket), which baseline refuses; the namespace holds only Falco and Falcosidekick',
  placement: 'every-node',
  // Alertmanager first, so the first events have somewhere to go.
  dependsOn: ({ enabled }) => (enabled.has('kube-prometheus-stack') ? (['kube-prometheus-stack'] as AddonId[]) : []),
  isSelected: (spec) => spec.security.runtimeDetection,
  network: falcoNetwork,
  monitors: ({ enabled }) => [
    // A PodMonitor: one agent per node, scraped where it runs (the metrics Service would hide which node stopped).
    { name: 'falco', kind: 'pod', selector: { ...FALCO_POD_LABELS }, port: 'web', path: '/metrics' },
    ...(enabled.has('kube-prometheus-stack') ? [{ name: 'falcosidekick', kind: 'service' as const, selector: { ...FALCOSIDEKICK_LABELS }, port: 'http', path: '/metrics' }] : []),
  ],
  // The sidekick chart renders no PodDisruptionBudget: ours allows one eviction at a time.
  configure: (scope, { spec, enabled }) => {
    if (!enabled.has('kube-prometheus-stack') || !wantsDisruptionBudget(spec)) return;
    emitModel(
      scope,
      'falcosidekick-pdb',
      new PodDisruptionBudget({
        metadata: { name: 'falco-falcosidekick', namespace: FALCO_NAMESPACE },
        spec: { maxUnavailable: 1, selector: { matchLabels: { ...FALCOSIDEKICK_LABELS } } },
      }),
    );
  },
  values: (ctx) => ({
    podPriorityClassName: platformPriority().priorityClassName,
    tolerations: everyNodeTolerations(),
    // The rules engine holds a thread table per process on the node: memory grows with pod density.
    // No CPU limit: a throttled Falco falls behind the kernel ring buffer and drops events.
    resources: falcoResources(),
    // Unconfined, said explicitly: RuntimeDefault profiles (kubelet seccompDefault) refuse bpf()
    // to processes without CAP_SYS_ADMIN on containerd versions before the CAP_BPF rule.
    podSecurityContext: { seccompProfile: { type: 'Unconfined' } },
    // Root with the four capabilities the probe needs (the chart's least-privileged set), no
    // privileged mode, no escalation. The chart also marks the container AppArmor-unconfined.
    containerSecurityContext: {
      privileged: false,
      allowPrivilegeEscalation: false,
      capabilities: { add: [...FALCO_CAPABILITIES] },
    },
    driver: { enabled: true, kind: 'modern_ebpf', modernEbpf: { leastPrivileged: true } },
    // EKS nodes run containerd behind the CRI socket only: no other runtime socket is mounted.
    collectors: {
      containerEngine: {
        engines: {
          docker: { enabled: false },
          podman: { enabled: false },
          containerd: { enabled: false },
          cri: { enabled: true, sockets: ['/run/containerd/containerd.sock'] },
          lxc: { enabled: false },
          libvirt_lxc: { enabled: false },
          bpm: { enabled: false },
        },
      },
      kubernetes: { enabled: false },
    },
    falcoctl: { artifact: { install: { enabled: false }, follow: { enabled: false } } },
    metrics: { enabled: true, service: { create: true } },
    customRules: { [PLATFORM_RULES_FILE]: platformRulesYaml(ctx.addons ?? []) },
    responseActions: { enabled: false },
    falcosidekick: sidekick(ctx),
    falco: {
      json_output: true,
      json_include_output_property: true,
      // Notice and above reach the logs (Fluent Bit ships stdout); warning and above page (sidekick).
      priority: 'notice',
    },
  }),
};
