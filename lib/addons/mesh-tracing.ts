/**
 * Mesh spans: istiod's `extensionProviders` names the OpenTelemetry Collector gateway as a tracing
 * provider, and one mesh-wide `Telemetry` in the root namespace turns it on for every sidecar and
 * gateway with the spec's sampling rate. Sidecars send OTLP gRPC in plaintext to the collector,
 * which has no sidecar: auto-mTLS falls back to plaintext for endpoints without one, and no
 * DestinationRule of ours forces ISTIO_MUTUAL on it (`mesh-defaults` sets no `tls`).
 */
import { Telemetry } from '@kubernetes-models/istio/telemetry.istio.io/v1alpha1/Telemetry';
import type { Construct } from 'constructs';
import { emitModel } from '../k8s/model-object';
import type { AddonContext } from './addon';
import { ISTIO_NAMESPACE } from './istio-common';
import type { NetworkNeed, NetworkPeer } from './network';
import { OTEL_COLLECTOR_NAMESPACE, OTEL_COLLECTOR_POD_LABELS, OTEL_COLLECTOR_PORTS } from './opentelemetry-collector';

/** Name of the tracing provider in meshConfig (what the Telemetry refers to). */
export const MESH_TRACING_PROVIDER = 'otel-tracing';

/** Istio `meshConfig.extensionProviders[]` entry of an OpenTelemetry tracer. */
export interface OpenTelemetryExtensionProvider {
  /** Provider name the mesh-wide Telemetry selects (MESH_TRACING_PROVIDER). */
  name: string;
  /** Where the sidecars send spans: the collector Service's FQDN and its OTLP gRPC port. */
  opentelemetry: { service: string; port: number };
}

/** Whether the mesh sends spans: traces on, the collector and Tempo there. */
export function meshTracingEnabled(ctx: Pick<AddonContext, 'spec' | 'enabled'>): boolean {
  return ctx.spec.observability.traces.enabled && ctx.enabled.has('opentelemetry-collector') && ctx.enabled.has('tempo');
}

/** istiod's extension providers: the collector gateway when the mesh traces, none otherwise. */
/** The connection a meshed proxy (sidecar or gateway) needs to send its spans, when the mesh traces. */
export function meshSpansNeeds(ctx: Pick<AddonContext, 'spec' | 'enabled'>, proxies: NetworkPeer): NetworkNeed[] {
  if (!meshTracingEnabled(ctx)) return [];
  return [{ purpose: 'mesh spans to the collector', from: proxies, to: { namespace: OTEL_COLLECTOR_NAMESPACE, podLabels: { ...OTEL_COLLECTOR_POD_LABELS } }, ports: [{ port: OTEL_COLLECTOR_PORTS.grpc }] }];
}

export function meshExtensionProviders(ctx: Pick<AddonContext, 'spec' | 'enabled'>): OpenTelemetryExtensionProvider[] {
  if (!meshTracingEnabled(ctx)) return [];
  return [{ name: MESH_TRACING_PROVIDER, opentelemetry: { service: `opentelemetry-collector.${OTEL_COLLECTOR_NAMESPACE}.svc.cluster.local`, port: OTEL_COLLECTOR_PORTS.grpc } }];
}

/** The mesh-wide Telemetry (root namespace, no selector), when the mesh traces. */
export function configureMeshTracing(scope: Construct, ctx: AddonContext): void {
  if (!meshTracingEnabled(ctx)) return;
  emitModel(
    scope,
    'mesh-tracing',
    new Telemetry({
      metadata: { name: 'mesh-default', namespace: ISTIO_NAMESPACE },
      spec: {
        tracing: [{ providers: [{ name: MESH_TRACING_PROVIDER }], randomSamplingPercentage: ctx.spec.observability.traces.samplingPercent }],
      },
    }),
  );
}
