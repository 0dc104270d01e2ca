/**
 * The offline planner stops Pulumi capturing a stack trace per promise; outside a plan (the
 * Pulumi program `pulumi up` runs, stacks/index.ts) Pulumi keeps capturing them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { Vpc } from '@pulumi/aws/ec2';
import { Key } from '@pulumi/aws/kms';
import { planProgram } from '../../lib/plan/planner';
import { skipPromiseStackTraces } from '../../lib/plan/promise-stack-traces';
import { PlanMocks } from '../../lib/plan/mocks';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const debuggable = require('@pulumi/pulumi/runtime/debuggable') as {
  debugPromiseLeaks: boolean;
  debuggablePromise<T>(p: Promise<T>, ctx: unknown): Promise<T>;
};

/** A stack frame line, as in `Error\n    at f (file.js:1:2)`. */
const FRAME = /\n\s+at /;

const account = { region: 'eu-west-1', accountId: '111111111111' };

/** How many stack traces were formatted for Pulumi's debuggable promises while `run` ran: with frames, and without. */
async function countPromiseTraces(run: () => Promise<unknown>): Promise<{ withFrames: number; frameless: number }> {
  const counts = { withFrames: 0, frameless: 0 };
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (error, frames) => {
    if (frames.length === 0) counts.frameless++;
    else if (frames.some((f) => String(f.getFileName()).endsWith('runtime/debuggable.js'))) counts.withFrames++;
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

/** The stack trace Pulumi records on a promise it wraps. */
function recordedTrace(): string {
  const probe = Promise.resolve(1);
  void debuggable.debuggablePromise(probe, 'probe');
  return (probe as unknown as { _debugStackTrace: string })._debugStackTrace;
}

describe('promise stack traces', () => {
  it('the offline planner captures no stack trace for any Pulumi promise', async () => {
    const counts = await countPromiseTraces(() => planProgram('t', account, () => sampleProgram('s')));
    expect(counts.withFrames).toBe(0);
    // Pulumi still wrapped its promises (leak tracking unchanged), only without the trace.
    expect(counts.frameless).toBeGreaterThan(10);
  });

  it('a Pulumi program run outside the planner, as `pulumi up` runs stacks/index.ts, keeps Pulumi capturing them', async () => {
    await planProgram('t', account, () => sampleProgram('before'));
    await pulumi.runtime.setMocks(new PlanMocks(account), 'groundwork', 'direct', false);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const settings = require('@pulumi/pulumi/runtime/settings') as { waitForRPCs(): Promise<void> };
    const counts = await countPromiseTraces(async () => {
      sampleProgram('direct');
      await settings.waitForRPCs();
    });
    expect(counts.withFrames).toBeGreaterThan(10);
    expect(recordedTrace()).toMatch(FRAME);
  });

  it('is switched on for as long as any caller holds it, and a second restore is harmless', () => {
    const outer = skipPromiseStackTraces();
    try {
      const inner = skipPromiseStackTraces();
      expect(recordedTrace()).not.toMatch(FRAME);
      inner();
      inner();
      expect(recordedTrace()).not.toMatch(FRAME);
    } finally {
      outer();
    }
    expect(recordedTrace()).toMatch(FRAME);
  });

  it('keeps the traces when PULUMI_DEBUG_PROMISE_LEAKS asks for them', () => {
    const setting = debuggable.debugPromiseLeaks;
    debuggable.debugPromiseLeaks = true;
    try {
      const restore = skipPromiseStackTraces();
      expect(recordedTrace()).toMatch(FRAME);
      restore();
    } finally {
      debuggable.debugPromiseLeaks = setting;
    }
  });

  it('only the offline planner switches them off, and the Pulumi program never runs the planner', () => {
    expect(sourcesMatching('lib', /skipPromiseStackTraces\(/)).toEqual(['lib/plan/planner.ts', 'lib/plan/promise-stack-traces.ts']);
    expect(sourcesMatching('stacks', /planProgram|planPlatform|plan\/planner|promise-stack-traces/)).toEqual([]);
  });
});
