/**
 * The `restricted` level of the Pod Security Standards (policy `latest`), on top of baseline:
 * current pod hardening practice. Same sources as pod-security-baseline.ts. Windows pods
 * (spec.os.name: windows) are judged as Linux pods: Groundwork runs Linux nodes only, and the
 * stricter reading can only add findings.
 */
import { perContainer, eachContainer, type PodSecurityRule, type PodSecurityViolation } from './pod-security-rule';

/** Volume sources a restricted pod may use (check_restrictedVolumes.go). */
export const RESTRICTED_VOLUME_TYPES: readonly string[] = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

function validSeccomp(type: string | undefined): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost';
}

/** The source of a volume; a volume with none set is defaulted to emptyDir by the API server before admission. */
export function volumeSource(volume: Record<string, unknown>): string {
  const sources = Object.keys(volume).filter((k) => k !== 'name' && volume[k] !== undefined && volume[k] !== null);
  return sources.length === 0 ? 'emptyDir' : sources.join('+');
}

export const restrictedVolumes: PodSecurityRule = {
  id: 'restrictedVolumes',
  level: 'restricted',
  fix: `use only ${RESTRICTED_VOLUME_TYPES.join(', ')} volumes`,
  check: ({ spec }) =>
    (spec.volumes ?? [])
      .map((v) => ({ v, source: volumeSource(v) }))
      .filter(({ source }) => !RESTRICTED_VOLUME_TYPES.includes(source))
      .map(({ v, source }) => ({ detail: `volume "${v.name}" has restricted type ${source}` })),
};

export const allowPrivilegeEscalation: PodSecurityRule = {
  id: 'allowPrivilegeEscalation',
  level: 'restricted',
  fix: 'set securityContext.allowPrivilegeEscalation=false on every container (unset counts as true)',
  check: ({ spec }) =>
    perContainer(spec, (c) =>
      c.securityContext?.allowPrivilegeEscalation === false
        ? undefined
        : `securityContext.allowPrivilegeEscalation is ${c.securityContext?.allowPrivilegeEscalation === true ? 'true' : 'unset'}; must be false`,
    ),
};

export const runAsNonRoot: PodSecurityRule = {
  id: 'runAsNonRoot',
  level: 'restricted',
  fix: 'set securityContext.runAsNonRoot=true on the pod (or on every container) and never false',
  check: ({ spec }) => {
    const out: PodSecurityViolation[] = [];
    const pod = spec.securityContext?.runAsNonRoot;
    if (pod === false) out.push({ detail: 'pod sets securityContext.runAsNonRoot=false' });
    for (const c of eachContainer(spec)) {
      const own = c.securityContext?.runAsNonRoot;
      if (own === false) out.push({ container: c.name, detail: 'sets securityContext.runAsNonRoot=false' });
      else if (own === undefined && pod !== true) out.push({ container: c.name, detail: 'securityContext.runAsNonRoot is unset and the pod does not set it to true' });
    }
    return out;
  },
};

export const runAsUser: PodSecurityRule = {
  id: 'runAsUser',
  level: 'restricted',
  fix: 'run as a non-zero UID: remove runAsUser: 0 (pod and containers)',
  check: ({ spec }) => [
    ...(spec.securityContext?.runAsUser === 0 ? [{ detail: 'pod sets securityContext.runAsUser=0' }] : []),
    ...perContainer(spec, (c) => (c.securityContext?.runAsUser === 0 ? 'sets securityContext.runAsUser=0' : undefined)),
  ],
};

export const seccompProfileRestricted: PodSecurityRule = {
  id: 'seccompProfile_restricted',
  level: 'restricted',
  fix: 'set securityContext.seccompProfile.type=RuntimeDefault on the pod (covers every container, injected ones too) or on each container',
  check: ({ spec }) => {
    const out: PodSecurityViolation[] = [];
    const pod = spec.securityContext?.seccompProfile;
    if (pod && !validSeccomp(pod.type)) out.push({ detail: `pod sets securityContext.seccompProfile.type=${pod.type}` });
    const podSet = pod !== undefined && validSeccomp(pod.type);
    for (const c of eachContainer(spec)) {
      const own = c.securityContext?.seccompProfile;
      if (own && !validSeccomp(own.type)) out.push({ container: c.name, detail: `sets securityContext.seccompProfile.type=${own.type}` });
      else if (!own && !podSet) out.push({ container: c.name, detail: 'securityContext.seccompProfile is unset and the pod sets no RuntimeDefault/Localhost profile' });
    }
    return out;
  },
};

export const capabilitiesRestricted: PodSecurityRule = {
  id: 'capabilities_restricted',
  level: 'restricted',
  fix: 'set securityContext.capabilities.drop=["ALL"] and add at most NET_BIND_SERVICE',
  check: ({ spec }) =>
    perContainer(spec, (c) => {
      const caps = c.securityContext?.capabilities;
      const problems: string[] = [];
      if (!(caps?.drop ?? []).includes('ALL')) problems.push('does not drop ALL capabilities');
      const added = (caps?.add ?? []).filter((cap) => cap !== 'NET_BIND_SERVICE');
      if (added.length) problems.push(`adds ${added.join(', ')}`);
      return problems.length ? problems.join('; ') : undefined;
    }),
};

export const procMountRestricted: PodSecurityRule = {
  id: 'procMount_restricted',
  level: 'restricted',
  fix: 'leave securityContext.procMount unset or Default',
  check: ({ spec }) => perContainer(spec, (c) => (c.securityContext?.procMount !== undefined && c.securityContext.procMount !== 'Default' ? `sets securityContext.procMount=${c.securityContext.procMount}` : undefined)),
};

/** Every restricted-only rule, in upstream order. */
export const RESTRICTED_RULES: readonly PodSecurityRule[] = [
  restrictedVolumes,
  allowPrivilegeEscalation,
  runAsNonRoot,
  runAsUser,
  seccompProfileRestricted,
  capabilitiesRestricted,
  procMountRestricted,
];
