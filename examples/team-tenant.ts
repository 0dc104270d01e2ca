/**
 * What a team repo writes to manage its own namespace with the platform's guard rails:
 * a Tenant construct (namespace with Pod Security `restricted`, quota, limit range, RBAC,
 * default-deny network policies) synthesized with cdk8s.
 */
import { App, Chart } from 'cdk8s';
import { Tenant } from '@groundwork/platform';

/** Synthesize the team's tenant namespace objects. */
export function synthTeamTenant(): object[] {
  const app = new App();
  const chart = new Chart(app, 'team-search');
  new Tenant(chart, 'search', {
    environment: 'prod',
    tenant: { name: 'search', editors: ['search-developers'], quota: { cpu: '8', memory: '16Gi', pods: 80 } },
    meshInjection: true,
  });
  return chart.toJson();
}
