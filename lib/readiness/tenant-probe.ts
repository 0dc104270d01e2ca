/**
 * Tenants run no pods in the platform's own output, yet the platform decides what their pods get:
 * the namespace's Pod Security level and the sidecar the mesh injects. A probe pod per tenant — a
 * workload that does everything right on its own (restricted security context at container
 * level only, requests and limits, pinned image) — goes through the same injection and checks,
 * so a sidecar that would get every tenant pod refused is reported against the tenant namespace.
 */
import type { ResolvedSpec } from '../spec/types';
import type { PodTemplate } from './pod-templates';

/** Owner reference of a tenant's probe pod. */
export function tenantProbeOwner(tenant: string): string {
  return `Namespace/${tenant}`;
}

/** One compliant probe pod template per tenant. */
export function tenantProbeTemplates(spec: Pick<ResolvedSpec, 'tenants'>): PodTemplate[] {
  return spec.tenants.map((t) => ({
    owner: tenantProbeOwner(t.name),
    ownerKind: 'Namespace',
    ownerName: t.name,
    namespace: t.name,
    labels: { app: 'tenant-probe' },
    annotations: {},
    spec: {
      containers: [
        {
          name: 'app',
          image: 'registry.example.com/tenant-app:1.0.0',
          ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
          // Container level only: a pod-level profile would also cover the sidecar and hide its gaps.
          securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
        },
      ],
    },
  }));
}
