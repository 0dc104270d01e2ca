/**
 * The `baseline` level of the Pod Security Standards, policy version `latest` (Kubernetes 1.35/1.36):
 * what prevents known privilege escalations. Each rule follows the upstream check of the same id in
 * kubernetes/kubernetes staging/src/k8s.io/pod-security-admission/policy/ and the control table of
 * kubernetes.io/docs/concepts/security/pod-security-standards (read 2026-11).
 */
import { perContainer, type PodSecurityRule, type PodSecurityViolation } from './pod-security-rule';
import type { Handler } from './pod-templates';

/** Capabilities a baseline container may add: the container runtime's default set (check_capabilities_baseline.go). */
export const BASELINE_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

/**
 * Sysctls that are namespaced and isolated per pod (check_sysctls.go 1.0 set, plus
 * ip_local_reserved_ports from policy 1.27, the tcp keepalive/fin timeout set from 1.29 and
 * tcp_rmem/tcp_wmem from 1.32, as the PSS page and the kubelet's safe-sysctl list give them).
 * `net.ipv4.ip_unprivileged_port_start` is here: the Istio gateway template sets it to 0.
 */
export const SAFE_SYSCTLS: ReadonlySet<string> = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
]);

/** SELinux types a pod may ask for (check_seLinuxOptions.go; container_engine_t since policy 1.31). */
export const ALLOWED_SELINUX_TYPES: ReadonlySet<string> = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);

const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

function allowedAppArmorType(type: string | undefined): boolean {
  return type === undefined || type === 'RuntimeDefault' || type === 'Localhost';
}

function allowedSeccompType(type: string | undefined): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost';
}

function hostsOf(handler: Handler | undefined): string[] {
  if (!handler) return [];
  return [handler.httpGet?.host, handler.tcpSocket?.host].filter((h): h is string => typeof h === 'string' && h !== '');
}

export const windowsHostProcess: PodSecurityRule = {
  id: 'windowsHostProcess',
  level: 'baseline',
  fix: 'remove securityContext.windowsOptions.hostProcess (privileged access to the Windows node)',
  check: ({ spec }) => [
    ...(spec.securityContext?.windowsOptions?.hostProcess === true ? [{ detail: 'pod sets securityContext.windowsOptions.hostProcess=true' }] : []),
    ...perContainer(spec, (c) => (c.securityContext?.windowsOptions?.hostProcess === true ? 'sets securityContext.windowsOptions.hostProcess=true' : undefined)),
  ],
};

export const hostNamespaces: PodSecurityRule = {
  id: 'hostNamespaces',
  level: 'baseline',
  fix: 'remove hostNetwork/hostPID/hostIPC: sharing a node namespace exposes every pod on the node',
  check: ({ spec }) =>
    (['hostNetwork', 'hostPID', 'hostIPC'] as const).filter((f) => spec[f] === true).map((f) => ({ detail: `pod sets ${f}=true` })),
};

export const privileged: PodSecurityRule = {
  id: 'privileged',
  level: 'baseline',
  fix: 'set securityContext.privileged=false (or leave it unset)',
  check: ({ spec }) => perContainer(spec, (c) => (c.securityContext?.privileged === true ? 'sets securityContext.privileged=true' : undefined)),
};

export const capabilitiesBaseline: PodSecurityRule = {
  id: 'capabilities_baseline',
  level: 'baseline',
  supersededBy: 'capabilities_restricted',
  fix: `add only capabilities of the default set (${[...BASELINE_CAPABILITIES].join(', ')})`,
  check: ({ spec }) =>
    perContainer(spec, (c) => {
      const extra = (c.securityContext?.capabilities?.add ?? []).filter((cap) => !BASELINE_CAPABILITIES.has(cap));
      return extra.length ? `adds non-default capabilities ${extra.join(', ')} in securityContext.capabilities.add` : undefined;
    }),
};

export const hostPathVolumes: PodSecurityRule = {
  id: 'hostPathVolumes',
  level: 'baseline',
  fix: 'replace hostPath volumes with emptyDir, configMap, secret, projected or a PersistentVolumeClaim',
  check: ({ spec }) => (spec.volumes ?? []).filter((v) => v.hostPath !== undefined && v.hostPath !== null).map((v) => ({ detail: `volume "${v.name}" is a hostPath volume` })),
};

export const hostPorts: PodSecurityRule = {
  id: 'hostPorts',
  level: 'baseline',
  fix: 'remove ports[].hostPort; expose the pod through a Service instead',
  check: ({ spec }) =>
    perContainer(spec, (c) => {
      const ports = (c.ports ?? []).map((p) => p.hostPort).filter((p): p is number => typeof p === 'number' && p !== 0);
      return ports.length ? `uses hostPort ${ports.join(', ')}` : undefined;
    }),
};

export const appArmorProfile: PodSecurityRule = {
  id: 'appArmorProfile',
  level: 'baseline',
  fix: 'use appArmorProfile.type RuntimeDefault or Localhost (never Unconfined)',
  check: ({ annotations, spec }) => {
    const out: PodSecurityViolation[] = [];
    for (const [key, value] of Object.entries(annotations).sort()) {
      if (key.startsWith(APPARMOR_ANNOTATION_PREFIX) && value !== '' && value !== 'runtime/default' && !value.startsWith('localhost/')) {
        out.push({ container: key.slice(APPARMOR_ANNOTATION_PREFIX.length), detail: `annotation ${key}="${value}"` });
      }
    }
    const podType = spec.securityContext?.appArmorProfile?.type;
    if (!allowedAppArmorType(podType)) out.push({ detail: `pod sets securityContext.appArmorProfile.type=${podType}` });
    out.push(...perContainer(spec, (c) => (allowedAppArmorType(c.securityContext?.appArmorProfile?.type) ? undefined : `sets securityContext.appArmorProfile.type=${c.securityContext?.appArmorProfile?.type}`)));
    return out;
  },
};

export const seLinuxOptions: PodSecurityRule = {
  id: 'seLinuxOptions',
  level: 'baseline',
  fix: `leave seLinuxOptions unset, or set only type (${[...ALLOWED_SELINUX_TYPES].filter(Boolean).join(', ')}) and level`,
  check: ({ spec }) => {
    const problem = (o: { type?: string; user?: string; role?: string } | undefined): string | undefined => {
      if (!o) return undefined;
      const bad = [
        ...(!ALLOWED_SELINUX_TYPES.has(o.type ?? '') ? [`type "${o.type}"`] : []),
        ...(o.user ? ['user'] : []),
        ...(o.role ? ['role'] : []),
      ];
      return bad.length ? `sets forbidden securityContext.seLinuxOptions ${bad.join(', ')}` : undefined;
    };
    const pod = problem(spec.securityContext?.seLinuxOptions);
    return [...(pod ? [{ detail: `pod ${pod}` }] : []), ...perContainer(spec, (c) => problem(c.securityContext?.seLinuxOptions))];
  },
};

export const procMount: PodSecurityRule = {
  id: 'procMount_baseline',
  level: 'baseline',
  supersededBy: 'procMount_restricted',
  fix: 'leave securityContext.procMount unset or Default (the masked /proc)',
  // Policy 1.35: baseline allows any procMount in a user-namespaced pod (hostUsers: false).
  check: ({ spec }) =>
    spec.hostUsers === false ? [] : perContainer(spec, (c) => (c.securityContext?.procMount !== undefined && c.securityContext.procMount !== 'Default' ? `sets securityContext.procMount=${c.securityContext.procMount}` : undefined)),
};

export const seccompProfileBaseline: PodSecurityRule = {
  id: 'seccompProfile_baseline',
  level: 'baseline',
  supersededBy: 'seccompProfile_restricted',
  fix: 'set seccompProfile.type to RuntimeDefault or Localhost, never Unconfined',
  check: ({ spec }) => {
    const podType = spec.securityContext?.seccompProfile?.type;
    return [
      ...(spec.securityContext?.seccompProfile && !allowedSeccompType(podType) ? [{ detail: `pod sets securityContext.seccompProfile.type=${podType}` }] : []),
      ...perContainer(spec, (c) => (c.securityContext?.seccompProfile && !allowedSeccompType(c.securityContext.seccompProfile.type) ? `sets securityContext.seccompProfile.type=${c.securityContext.seccompProfile.type}` : undefined)),
    ];
  },
};

export const sysctls: PodSecurityRule = {
  id: 'sysctls',
  level: 'baseline',
  fix: `set only safe sysctls (${[...SAFE_SYSCTLS].join(', ')})`,
  check: ({ spec }) => (spec.securityContext?.sysctls ?? []).filter((s) => !SAFE_SYSCTLS.has(s.name)).map((s) => ({ detail: `pod sets forbidden sysctl ${s.name}` })),
};

export const hostProbesAndHostLifecycle: PodSecurityRule = {
  id: 'hostProbesAndHostLifecycle',
  level: 'baseline',
  fix: 'remove host from httpGet/tcpSocket probes and lifecycle handlers (the kubelet would connect to another host)',
  check: ({ spec }) =>
    perContainer(spec, (c) => {
      const hosts = [c.livenessProbe, c.readinessProbe, c.startupProbe, c.lifecycle?.postStart, c.lifecycle?.preStop].flatMap(hostsOf);
      return hosts.length ? `probe or lifecycle handler targets host ${hosts.join(', ')}` : undefined;
    }),
};

/** Every baseline rule, in upstream order. */
export const BASELINE_RULES: readonly PodSecurityRule[] = [
  windowsHostProcess,
  hostNamespaces,
  privileged,
  capabilitiesBaseline,
  hostPathVolumes,
  hostPorts,
  appArmorProfile,
  seLinuxOptions,
  procMount,
  seccompProfileBaseline,
  sysctls,
  hostProbesAndHostLifecycle,
];

