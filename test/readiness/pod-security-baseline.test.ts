import { evaluatePodSecurity } from '../../lib/readiness/pod-security';
import { BASELINE_RULES } from '../../lib/readiness/pod-security-baseline';
import type { PodSpec } from '../../lib/readiness/pod-templates';
import { goodContainer, goodSpec } from './helpers';

type Case = { rule: string; fail: PodSpec; pass: PodSpec; annotations?: { fail?: Record<string, string>; pass?: Record<string, string> } };

const c = goodContainer;
const probe = (host?: string) => ({ httpGet: { port: 8080, path: '/healthz', ...(host ? { host } : {}) } });

/** One failing and one passing pod per baseline control. */
const CASES: Case[] = [
  { rule: 'windowsHostProcess', fail: goodSpec({ securityContext: { windowsOptions: { hostProcess: true } } }), pass: goodSpec({ securityContext: { windowsOptions: { hostProcess: false } } }) },
  { rule: 'windowsHostProcess', fail: goodSpec({ containers: [c('app', { securityContext: { ...c().securityContext, windowsOptions: { hostProcess: true } } })] }), pass: goodSpec() },
  { rule: 'hostNamespaces', fail: goodSpec({ hostNetwork: true }), pass: goodSpec({ hostNetwork: false }) },
  { rule: 'hostNamespaces', fail: goodSpec({ hostPID: true }), pass: goodSpec({ hostPID: false }) },
  { rule: 'hostNamespaces', fail: goodSpec({ hostIPC: true }), pass: goodSpec() },
  { rule: 'privileged', fail: goodSpec({ initContainers: [c('init', { securityContext: { privileged: true } })] }), pass: goodSpec({ initContainers: [c('init', { securityContext: { privileged: false } })] }) },
  { rule: 'capabilities_baseline', fail: goodSpec({ containers: [c('app', { securityContext: { capabilities: { add: ['NET_ADMIN'] } } })] }), pass: goodSpec({ containers: [c('app', { securityContext: { capabilities: { add: ['NET_BIND_SERVICE', 'CHOWN'] } } })] }) },
  { rule: 'hostPathVolumes', fail: goodSpec({ volumes: [{ name: 'host', hostPath: { path: '/var/run' } }] }), pass: goodSpec({ volumes: [{ name: 'scratch', emptyDir: {} }] }) },
  { rule: 'hostPorts', fail: goodSpec({ containers: [c('app', { ports: [{ containerPort: 80, hostPort: 80 }] })] }), pass: goodSpec({ containers: [c('app', { ports: [{ containerPort: 80, hostPort: 0 }] })] }) },
  { rule: 'appArmorProfile', fail: goodSpec({ securityContext: { appArmorProfile: { type: 'Unconfined' } } }), pass: goodSpec({ securityContext: { appArmorProfile: { type: 'RuntimeDefault' } } }) },
  { rule: 'appArmorProfile', fail: goodSpec({ containers: [c('app', { securityContext: { appArmorProfile: { type: 'Unconfined' } } })] }), pass: goodSpec({ containers: [c('app', { securityContext: { appArmorProfile: { type: 'Localhost', localhostProfile: 'p' } } })] }) },
  {
    rule: 'appArmorProfile',
    fail: goodSpec(),
    pass: goodSpec(),
    annotations: { fail: { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' }, pass: { 'container.apparmor.security.beta.kubernetes.io/app': 'localhost/custom' } },
  },
  { rule: 'seLinuxOptions', fail: goodSpec({ securityContext: { seLinuxOptions: { type: 'spc_t' } } }), pass: goodSpec({ securityContext: { seLinuxOptions: { type: 'container_t', level: 's0:c1' } } }) },
  { rule: 'seLinuxOptions', fail: goodSpec({ containers: [c('app', { securityContext: { seLinuxOptions: { user: 'system_u' } } })] }), pass: goodSpec({ containers: [c('app', { securityContext: { seLinuxOptions: { type: 'container_engine_t' } } })] }) },
  { rule: 'procMount_baseline', fail: goodSpec({ containers: [c('app', { securityContext: { procMount: 'Unmasked' } })] }), pass: goodSpec({ hostUsers: false, containers: [c('app', { securityContext: { procMount: 'Unmasked' } })] }) },
  { rule: 'seccompProfile_baseline', fail: goodSpec({ securityContext: { seccompProfile: { type: 'Unconfined' } } }), pass: goodSpec({ containers: [c('app', { securityContext: {} })] }) },
  { rule: 'sysctls', fail: goodSpec({ securityContext: { sysctls: [{ name: 'net.core.somaxconn', value: '1024' }] } }), pass: goodSpec({ securityContext: { sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }, { name: 'net.ipv4.tcp_keepalive_time', value: '60' }] } }) },
  { rule: 'hostProbesAndHostLifecycle', fail: goodSpec({ containers: [c('app', { readinessProbe: probe('10.0.0.1') })] }), pass: goodSpec({ containers: [c('app', { readinessProbe: probe() })] }) },
  { rule: 'hostProbesAndHostLifecycle', fail: goodSpec({ containers: [c('app', { lifecycle: { preStop: { tcpSocket: { host: 'metadata', port: 80 } } } })] }), pass: goodSpec() },
];

describe('Pod Security baseline', () => {
  it.each(CASES.map((k, i) => [`${k.rule} #${i}`, k] as const))('%s: refuses the failing pod with the rule named and admits the passing one', (_name, k) => {
    const failing = evaluatePodSecurity({ annotations: k.annotations?.fail ?? {}, spec: k.fail }, 'baseline');
    expect(failing.map((v) => v.rule.id)).toEqual([k.rule]);
    expect(failing[0].detail).not.toBe('');
    expect(evaluatePodSecurity({ annotations: k.annotations?.pass ?? {}, spec: k.pass }, 'baseline')).toEqual([]);
  });

  it('has a failing and a passing fixture for every baseline rule', () => {
    expect(new Set(CASES.map((k) => k.rule))).toEqual(new Set(BASELINE_RULES.map((r) => r.id)));
  });

  it('admits the default (minimally specified) pod: baseline forbids escalations, not omissions', () => {
    expect(evaluatePodSecurity({ annotations: {}, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } }, 'baseline')).toEqual([]);
  });

  it('names the container at fault', () => {
    const [v] = evaluatePodSecurity({ annotations: {}, spec: goodSpec({ initContainers: [c('setup', { securityContext: { privileged: true } })] }) }, 'baseline');
    expect(v.container).toBe('setup');
  });

  it('admits anything in a privileged namespace', () => {
    expect(evaluatePodSecurity({ annotations: {}, spec: goodSpec({ hostNetwork: true, volumes: [{ name: 'h', hostPath: { path: '/' } }] }) }, 'privileged')).toEqual([]);
  });
});
