/**
 * `platform-pod-privileges`: no override makes a platform pod privileged, root, able to escalate,
 * holding capabilities beyond NET_BIND_SERVICE, in a host namespace or with a hostPath volume.
 * Charts spell these settings in many places (`securityContext`, `controller.podSecurityContext`,
 * `extraVolumes`…), so the merged values are searched by the Kubernetes field names wherever they
 * are, and only what the blueprint does not already set is flagged.
 */
import { overriddenAddons, overridePath } from './addon-values';
import type { GuardRailRule, GuardRailViolation } from './violation';

type Path = Array<string | number>;

/** Capabilities a restricted pod may add (binding ports below 1024). */
const ALLOWED_CAPABILITIES = new Set(['NET_BIND_SERVICE']);

/** Why `value` at key `key` grants a privilege, or undefined. */
function privilegeOf(key: string, value: unknown): string | undefined {
  switch (key) {
    case 'privileged':
      return value === true ? 'privileged: true gives the container every capability and the host\'s devices' : undefined;
    case 'allowPrivilegeEscalation':
      return value === true ? 'allowPrivilegeEscalation: true lets a process gain more privileges than its parent (setuid binaries)' : undefined;
    case 'runAsUser':
      return value === 0 ? 'runAsUser: 0 runs the container as root' : undefined;
    case 'runAsNonRoot':
      return value === false ? 'runAsNonRoot: false lets the container run as root' : undefined;
    case 'hostNetwork':
    case 'hostPID':
    case 'hostIPC':
      return value === true ? `${key}: true puts the pod in the node's ${key.slice(4)} namespace` : undefined;
    case 'hostPath':
      return value !== undefined && value !== null && value !== false ? 'a hostPath volume exposes the node\'s filesystem to the pod' : undefined;
    default:
      return undefined;
  }
}

/** Why a `capabilities` object grants too much, or undefined. */
function capabilitiesProblem(value: unknown): string | undefined {
  const add = (value as { add?: unknown } | null)?.add;
  const extra = (Array.isArray(add) ? add : []).map(String).filter((c) => !ALLOWED_CAPABILITIES.has(c.replace(/^CAP_/, '')));
  return extra.length > 0 ? `capabilities.add ${extra.join(', ')} goes beyond NET_BIND_SERVICE` : undefined;
}

/** Every privilege `values` grants, by path (`\u0000` joins path and problem into a set key). */
function privileges(values: unknown, path: Path = [], out = new Map<string, { path: Path; problem: string }>()): Map<string, { path: Path; problem: string }> {
  if (Array.isArray(values)) {
    values.forEach((v, i) => privileges(v, [...path, i], out));
    return out;
  }
  if (values === null || typeof values !== 'object') return out;
  for (const [key, value] of Object.entries(values as Record<string, unknown>)) {
    const at = [...path, key];
    const problem = key === 'capabilities' ? capabilitiesProblem(value) : privilegeOf(key, value);
    if (problem) out.set(`${at.join('.')}\u0000${problem}`, { path: at, problem });
    privileges(value, at, out);
  }
  return out;
}

export const platformPodPrivileges: GuardRailRule = (input) => {
  const violations: GuardRailViolation[] = [];
  for (const { addon, blueprint, merged } of overriddenAddons(input)) {
    const kept = privileges(blueprint);
    for (const [key, { path, problem }] of privileges(merged)) {
      if (kept.has(key)) continue;
      violations.push({
        guardRail: 'platform-pod-privileges',
        target: addon.id,
        path: overridePath(addon.id, path),
        problem: `${addon.id}: ${problem}`,
        fix: 'remove the override: platform pods run unprivileged, as non-root, in their own namespaces',
        concerns: { addon: addon.id },
      });
    }
  }
  return violations;
};
