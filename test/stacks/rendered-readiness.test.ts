/**
 * The gate over what actually runs: every stock environment and every add-on alternative is
 * planned, every Helm release rendered with the plan's values, and the readiness checks judge
 * the rendered objects together with the cdk8s manifests. Accepted findings come only from the
 * add-ons' own reasoned exceptions, and a stale exception fails too.
 */
import { checkReadiness, renderReadinessMarkdown } from '../../lib/readiness';
import { renderedEnvironment, type RenderedEnvironment } from '../support/rendered';
import { ALL_RENDER_TARGETS } from '../support/variants';

const envs = new Map<string, RenderedEnvironment>();
beforeAll(async () => {
  for (const target of ALL_RENDER_TARGETS) envs.set(target.name, await renderedEnvironment(target.spec));
}, 600_000);

function readiness(name: string) {
  const env = envs.get(name)!;
  return checkReadiness({ spec: env.spec, objects: env.objects, releases: env.releases, exceptions: env.platform.acceptedFindings(), networkNeeds: env.platform.networkNeeds() });
}

describe.each(ALL_RENDER_TARGETS.map((t) => t.name))('%s as rendered', (name) => {
  it('passes every readiness check (Pod Security with injected sidecars, HA, resources, images, flows)', () => {
    const result = readiness(name);
    const open = Object.values(result.areas)
      .flat()
      .filter((f) => !f.excepted)
      .map((f) => `${f.check} ${f.object}${f.container ? ` [${f.container}]` : ''}: ${f.problem}`);
    expect(open).toEqual([]);
  });

  it('has no stale accepted finding', () => {
    expect(readiness(name).unusedExceptions).toEqual([]);
  });

  it('checks the flows it expects and finds every one allowed', () => {
    const { flows } = readiness(name);
    expect(flows.length).toBeGreaterThan(0);
    expect(flows.filter((f) => !f.allowed).map((f) => f.name)).toEqual([]);
  });

  it('renders every release with at least one object and pins every image', () => {
    const env = envs.get(name)!;
    for (const release of env.releases) expect({ release: release.release, objects: release.objects.length > 0 }).toEqual({ release: release.release, objects: true });
    const images = new Set<string>();
    const visit = (value: unknown, key?: string): void => {
      if (Array.isArray(value)) value.forEach((v) => visit(v));
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, k);
      else if (key === 'image' && typeof value === 'string') images.add(value);
    };
    env.releases.forEach((r) => visit(r.objects));
    expect([...images].filter((i) => i !== 'auto' && (!/[:@]/.test(i.split('/').pop()!) || /:latest$/.test(i)))).toEqual([]);
  });

  it('matches the readiness report snapshot', () => {
    expect(renderReadinessMarkdown(readiness(name))).toMatchSnapshot();
  });
});
