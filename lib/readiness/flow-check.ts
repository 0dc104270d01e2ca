/**
 * Expected flows against the policies: one finding per blocked flow, attributed to the end whose
 * policy stops it (the source for egress and client TLS, the destination otherwise).
 */
import { allowed, type NetworkContext } from './flow-verdict';
import { describeEndpoint, flowName, type Flow, type FlowBlock, type FlowVerdict } from './flows';
import type { Finding } from './types';

const FIXES: Record<FlowBlock['layer'], string> = {
  egress: 'add an egress rule for this destination and port to a NetworkPolicy selecting the source pods',
  ingress: 'add an ingress rule for this source and port to a NetworkPolicy selecting the destination pods (an address range needs an ipBlock peer)',
  'client-tls': 'drop the tls block from the DestinationRule (auto mTLS falls back to plaintext for workloads without a sidecar), or exclude this host',
  mtls: 'give the source a sidecar, or set a port-level PERMISSIVE PeerAuthentication for this port on the destination workload',
  authorization: "allow the source's principal or namespace in an ALLOW AuthorizationPolicy of the destination namespace",
};

/** A checked flow with its verdict. */
export interface CheckedFlow {
  flow: Flow;
  verdict: FlowVerdict;
}

/** Judge every flow. */
export function checkFlows(flows: readonly Flow[], ctx: NetworkContext): { checked: CheckedFlow[]; findings: Finding[] } {
  const checked = flows.map((flow) => ({ flow, verdict: allowed(flow, ctx) }));
  const findings: Finding[] = [];
  for (const { flow, verdict } of checked) {
    for (const b of verdict.blocked) {
      const atSource = b.layer === 'egress' || b.layer === 'client-tls';
      // Each layer is only evaluated where that end is a pod, so the blamed end always has an object.
      const end = atSource ? flow.from : flow.to;
      findings.push({
        check: `network.flow.${b.layer}`,
        object: describeEndpoint(end),
        problem: `${flowName(flow)}${flow.purpose ? ` (${flow.purpose})` : ''} is blocked: ${b.reason}`,
        fix: FIXES[b.layer],
      });
    }
  }
  return { checked, findings };
}
