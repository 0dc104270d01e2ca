/**
 * `mesh-mtls`: the README promises STRICT mutual TLS in every tier. It holds while the mesh is on,
 * its three add-ons are installed (istio-base's CRDs, istio-cni's traffic redirection, istiod's
 * certificates and the STRICT PeerAuthentication it configures) and no override lets a pod's
 * traffic skip its sidecar — a pod whose inbound traffic bypasses the proxy accepts plaintext.
 */
import type { AddonId } from '../spec/types';
import type { GuardRailRule, GuardRailViolation } from './violation';
import { weakenedSettings, type WeakSetting } from './weak-settings';

/** The add-ons STRICT mTLS needs. */
export const MESH_ADDONS: readonly AddonId[] = ['istio-base', 'istio-cni', 'istiod'];

const nonEmpty = (v: unknown): boolean => (typeof v === 'string' && v.trim() !== '') || (Array.isArray(v) && v.length > 0) || (typeof v === 'object' && v !== null && Object.keys(v).length > 0);

const ISTIOD: readonly WeakSetting[] = [
  {
    path: ['global', 'proxy', 'autoInject'],
    weakens: (v) => (v === 'disabled' ? 'global.proxy.autoInject "disabled" leaves pods of injection-enabled namespaces without a sidecar (they accept plaintext)' : undefined),
    fix: 'remove the override (pods of injection-enabled namespaces get their sidecar)',
  },
  {
    path: ['global', 'proxy', 'excludeInboundPorts'],
    weakens: (v) => (nonEmpty(v) ? `global.proxy.excludeInboundPorts ${JSON.stringify(v)} lets those ports bypass the sidecar (plaintext accepted)` : undefined),
    fix: 'remove the override: every inbound port goes through the sidecar',
  },
  {
    path: ['global', 'proxy', 'includeInboundPorts'],
    weakens: (v) => (v !== undefined && v !== '*' ? `global.proxy.includeInboundPorts ${JSON.stringify(v)} lets the other ports bypass the sidecar (plaintext accepted)` : undefined),
    fix: 'remove the override (every inbound port, "*")',
  },
  {
    path: ['sidecarInjectorWebhook', 'neverInjectSelector'],
    weakens: (v) => (nonEmpty(v) ? 'sidecarInjectorWebhook.neverInjectSelector starts matching pods without a sidecar (they accept plaintext)' : undefined),
    fix: 'remove the override',
  },
];

const ISTIO_CNI: readonly WeakSetting[] = [
  {
    path: ['excludeNamespaces'],
    weakens: (v, blueprint) => {
      const kept = new Set(Array.isArray(blueprint) ? blueprint : []);
      const extra = (Array.isArray(v) ? v : []).filter((ns) => !kept.has(ns));
      return extra.length > 0 ? `excludeNamespaces adds ${extra.map((ns) => JSON.stringify(ns)).join(', ')}: their pods' traffic is not redirected through the sidecar (plaintext accepted)` : undefined;
    },
    fix: 'remove the override (only kube-system is excluded)',
  },
];

export const meshMtls: GuardRailRule = (input) => {
  const { addons } = input.spec;
  if (!addons.mesh) {
    return [
      {
        guardRail: 'mesh-mtls',
        target: 'spec.addons.mesh',
        path: 'spec.addons.mesh',
        problem: 'mesh: false removes STRICT mutual TLS between pods (the README promises it in every tier)',
        fix: 'remove addons.mesh: false',
      },
    ];
  }
  const violations: GuardRailViolation[] = [];
  addons.disabled.forEach((id, i) => {
    if (!MESH_ADDONS.includes(id)) return;
    violations.push({
      guardRail: 'mesh-mtls',
      target: id,
      path: `spec.addons.disabled[${i}]`,
      problem: `disabling ${id} removes STRICT mutual TLS between pods (the mesh needs istio-base, istio-cni and istiod)`,
      fix: `remove "${id}" from spec.addons.disabled`,
      concerns: { addon: id },
    });
  });
  return [...violations, ...weakenedSettings(input, 'mesh-mtls', 'istiod', ISTIOD), ...weakenedSettings(input, 'mesh-mtls', 'istio-cni', ISTIO_CNI)];
};
