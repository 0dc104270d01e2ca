/**
 * A model of istiod's `gateway` injection template (files/gateway-injection-template.yaml,
 * istiod chart 1.29/1.30), used for pods annotated `inject.istio.io/templates: gateway` (the
 * Istio gateway chart's). It completes the chart's own `istio-proxy` container (`image: auto`) and
 * sets the pod's securityContext. Line numbers cite the 1.30.3 file.
 */
import { proxyImage, truthy, valueAt, type InjectorModel } from './mesh-injector';
import { PROXY_UID, sidecarVolumes, type TemplatePatch, type TemplatePod } from './sidecar-template';
import { asObject } from './types';

/** The gateway template's additions for `pod`. */
export function gatewayTemplate(pod: TemplatePod, injector: InjectorModel): TemplatePatch {
  const values = injector.values;
  const configured = valueAt(values, 'gateways.securityContext');
  // Lines 17-25: istiod's gateways.securityContext replaces the default, which only lowers the
  // unprivileged port start so Envoy binds 80/443 without NET_BIND_SERVICE. There is no seccomp
  // profile here (gateways.seccompProfile is read only by the kube-gateway template): a restricted
  // gateway pod must get one from the gateway chart's own securityContext values.
  const podSecurityContext = truthy(configured)
    ? { ...asObject(configured) }
    : { sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }] };
  const image = pod.annotations['sidecar.istio.io/proxyImage'] ?? String(valueAt(values, 'global.proxy.image') ?? '');
  return {
    podSecurityContext,
    initContainers: [],
    containers: [
      {
        name: 'istio-proxy', // line 27
        image: image.includes('/') ? image : proxyImage(injector), // lines 28-32
        ports: [{ containerPort: 15090, protocol: 'TCP', name: 'http-envoy-prom' }], // lines 33-36
        securityContext: { runAsUser: PROXY_UID, runAsGroup: PROXY_UID }, // lines 55-57: everything else comes from the chart's container
        readinessProbe: { httpGet: { path: '/healthz/ready', port: 15021 } }, // lines 164-171
      },
    ],
    // Lines 208-271: the sidecar template's volume set without the CRL ConfigMap and user volumes.
    volumes: sidecarVolumes({ annotations: {} }, values).filter((v) => v.name !== 'istio-ca-crl'),
  };
}
