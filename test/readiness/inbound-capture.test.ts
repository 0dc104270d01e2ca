import { capturesInbound, inboundCapture } from '../../lib/readiness/flow-endpoints';
import type { PodEndpoint } from '../../lib/readiness/flows';

const pod = (annotations: Record<string, string>): PodEndpoint => ({ namespace: 'n', podLabels: {}, meshed: true, inboundCapture: inboundCapture(annotations) });

describe('inbound capture by the sidecar', () => {
  it('captures every inbound port by default', () => {
    expect(capturesInbound(pod({}), 8443)).toBe(true);
  });
  it('captures nothing when includeInboundPorts is empty (e.g. ingress-nginx: the webhook stays reachable from the control plane)', () => {
    expect(capturesInbound(pod({ 'traffic.sidecar.istio.io/includeInboundPorts': '' }), 8443)).toBe(false);
  });
  it('captures only the listed ports', () => {
    const p = pod({ 'traffic.sidecar.istio.io/includeInboundPorts': '80, 443' });
    expect([capturesInbound(p, 443), capturesInbound(p, 8443)]).toEqual([true, false]);
  });
  it("never captures the proxy's own stats, health and status ports (15090, 15021, 15020)", () => {
    expect([15090, 15021, 15020].map((p) => capturesInbound(pod({}), p))).toEqual([false, false, false]);
  });
  it('never captures excluded ports', () => {
    expect(capturesInbound(pod({ 'traffic.sidecar.istio.io/excludeInboundPorts': '9443' }), 9443)).toBe(false);
  });
});
