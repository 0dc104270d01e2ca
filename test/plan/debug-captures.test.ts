/**
 * The offline planner stops Pulumi capturing a stack trace per promise and a call stack per
 * resource; outside a plan (the Pulumi program `pulumi up` runs, stacks/index.ts) Pulumi keeps
 * capturing both.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { Vpc } from '@pulumi/aws/ec2';
import { Key } from '@pulumi/aws/kms';
import { planProgram } from '../../lib/plan/planner';
import { skipDebugCaptures } from '../../lib/plan/debug-captures';
import { PlanMocks } from '../../lib/plan/mocks';

/* eslint-disable @typescript-eslint/no-require-imports */
const state = require('@pulumi/pulumi/runtime/state') as { getStore(): { leakCandidates: Set<Promise<unknown>> } };
const { Resource } = require('@pulumi/pulumi/resource') as { Resource: { stackTrace(skip: number): unknown[] } };
const debuggable = require('@pulumi/pulumi/runtime/debuggable') as {
  debugPromiseLeaks: boolean;
  debuggablePromise<T>(p: Promise<T>, ctx: unknown): Promise<T>;
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** A stack frame line, as in `Error\n    at f (file.js:1:2)`. */
const FRAME = /\n\s+at /;

const account = { region: 'eu-west-1', accountId: '111111111111' };

/** How many stack traces Pulumi's debuggable promises and resource constructors had formatted while `run` ran. */
async function countPulumiTraces(run: () => Promise<unknown>): Promise<{ promises: number; resources: number }> {
  const counts = { promises: 0, resources: 0 };
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (error, frames) => {
    const top = String(frames[0]?.getFileName());
    if (top.endsWith('runtime/debuggable.js')) counts.promises++;
    else if (top.endsWith('@pulumi/pulumi/resource.js')) counts.resources++;
    return previous ? previous(error, frames) : `${error.name}: ${error.message}`;
  };
  try {
    await run();
  } finally {
    Error.prepareStackTrace = previous;
  }
  return counts;
}

function sampleProgram(name: string): void {
  const vpc = new Vpc(`${name}-vpc`, { cidrBlock: '10.0.0.0/16' });
  new Key(`${name}-key`, { description: 'k', tags: { vpc: vpc.id } }, { dependsOn: [vpc] });
}

const ROOT = join(__dirname, '..', '..');

/** TypeScript sources under `dir` (repo-relative) whose text matches `pattern`. */
function sourcesMatching(dir: string, pattern: RegExp): string[] {
  return (readdirSync(join(ROOT, dir), { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(ROOT, dir, f))
    .filter((f) => pattern.test(readFileSync(f, 'utf8')))
    .map((f) => relative(ROOT, f))
    .sort();
}

/** The stack trace Pulumi records on a promise it wraps ("" when it records none). */
function recordedTrace(): string {
  const probe = Promise.resolve(1);
  void debuggable.debuggablePromise(probe, 'probe');
  return (probe as unknown as { _debugStackTrace?: string })._debugStackTrace ?? '';
}

describe("Pulumi's debugging captures", () => {
  it('the offline planner captures no stack trace for any Pulumi promise or resource', async () => {
    const candidates: Promise<unknown>[] = [];
    const counts = await countPulumiTraces(() =>
      planProgram('t', account, () => {
        // setMocks made a new store: watch what this plan's promises do in it.
        const leaks = state.getStore().leakCandidates;
        const track = leaks.add.bind(leaks);
        leaks.add = (p) => (candidates.push(p), track(p));
        sampleProgram('s');
      }),
    );
    expect(counts).toEqual({ promises: 0, resources: 0 });
    // Pulumi still wrapped its promises (leak tracking unchanged): each was a leak candidate until it settled.
    expect(candidates.length).toBeGreaterThan(10);
    expect(state.getStore().leakCandidates.size).toBe(0);
  });

  it('a rejected promise still names itself on the error, as Pulumi records it, and leaves no leak candidate', async () => {
    const restore = skipDebugCaptures();
    try {
      const failing = Promise.reject(new Error('boom'));
      const wrapped = debuggable.debuggablePromise(failing, 'failing');
      await expect(wrapped).rejects.toMatchObject({ message: 'boom', promise: failing });
      expect(state.getStore().leakCandidates.has(failing)).toBe(false);
    } finally {
      restore();
    }
  });

  it('a Pulumi program run outside the planner, as `pulumi up` runs stacks/index.ts, keeps Pulumi capturing them', async () => {
    await planProgram('t', account, () => sampleProgram('before'));
    await pulumi.runtime.setMocks(new PlanMocks(account), 'groundwork', 'direct', false);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const settings = require('@pulumi/pulumi/runtime/settings') as { waitForRPCs(): Promise<void> };
    const counts = await countPulumiTraces(async () => {
      sampleProgram('direct');
      await settings.waitForRPCs();
    });
    expect(counts.promises).toBeGreaterThan(10);
    expect(counts.resources).toBe(2); // the Vpc and the Key: their source positions
    expect(recordedTrace()).toMatch(FRAME);
  });

  it('is switched on for as long as any caller holds it, and a second restore is harmless', () => {
    const outer = skipDebugCaptures();
    try {
      const inner = skipDebugCaptures();
      expect(recordedTrace()).not.toMatch(FRAME);
      inner();
      inner();
      expect(recordedTrace()).not.toMatch(FRAME);
      expect(Resource.stackTrace(0)).toEqual([]);
    } finally {
      outer();
    }
    expect(recordedTrace()).toMatch(FRAME);
    expect(Resource.stackTrace(0).length).toBeGreaterThan(0);
  });

  it('keeps the traces when PULUMI_DEBUG_PROMISE_LEAKS asks for them', () => {
    const setting = debuggable.debugPromiseLeaks;
    debuggable.debugPromiseLeaks = true;
    try {
      const restore = skipDebugCaptures();
      expect(recordedTrace()).toMatch(FRAME);
      expect(Resource.stackTrace(0)).toEqual([]); // source positions are not what it asks for
      restore();
    } finally {
      debuggable.debugPromiseLeaks = setting;
    }
  });

  it('only the offline planner switches them off, and the Pulumi program never runs the planner', () => {
    expect(sourcesMatching('lib', /skipDebugCaptures\(/)).toEqual(['lib/plan/debug-captures.ts', 'lib/plan/planner.ts']);
    expect(sourcesMatching('stacks', /planProgram|planPlatform|plan\/planner|debug-captures/)).toEqual([]);
  });
});
