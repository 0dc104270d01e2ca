/**
 * The @kubernetes-models/istio classes we emit, by kind. Unlike kubernetes-models and the other
 * @kubernetes-models packages we use (argo-cd, cert-manager, prometheus-operator), which ship ajv
 * validators compiled when they were published, istio 2.x registers JSON schemas and compiles
 * them with ajv on first `validate()` (~0.4 s of every synth, issue #11). This list is what
 * scripts/generate-istio-validators.ts compiles ahead of time (istio-validators.generated.ts).
 * An Istio kind missing here still validates, through the model's own compile-at-run-time path.
 */
import { DestinationRule } from '@kubernetes-models/istio/networking.istio.io/v1beta1/DestinationRule';
import { AuthorizationPolicy } from '@kubernetes-models/istio/security.istio.io/v1/AuthorizationPolicy';
import { PeerAuthentication } from '@kubernetes-models/istio/security.istio.io/v1beta1/PeerAuthentication';
import { Telemetry } from '@kubernetes-models/istio/telemetry.istio.io/v1alpha1/Telemetry';

/** Istio model classes with a build-time validator, keyed by the name of the validator's export. */
export const ISTIO_MODELS = { AuthorizationPolicy, DestinationRule, PeerAuthentication, Telemetry } as const;

/** Export name of a generated validator. */
export type IstioModelName = keyof typeof ISTIO_MODELS;
