import { checkReadiness } from '../../lib/readiness';
import { renderedEnvironment } from '../support/rendered';
import { ALL_RENDER_TARGETS } from '../support/variants';
it('dump', async () => {
  for (const t of ALL_RENDER_TARGETS) {
  const env = await renderedEnvironment(t.spec);
  const r = checkReadiness({ spec: env.spec, objects: env.objects, releases: env.releases, exceptions: env.platform.acceptedFindings(), networkNeeds: env.platform.networkNeeds() });
  console.log(t.name + '\n' + r.flows.filter((f) => /configured/.test(f.name)).map((f) => `${f.allowed} ${f.name}`).join('\n'));
  }
}, 300000);
