/**
 * Fill the tests' plan and render disk caches for some render targets (names on the command
 * line), as `renderedEnvironment` would. Run by test/global-setup.ts (through `main`) in one
 * process per core before the jest workers start: Pulumi's mock runtime plans one environment at a time per
 * process, and two workers must not plan or render the same target at once.
 */
import { renderedEnvironment } from './rendered';
import { ALL_RENDER_TARGETS } from './variants';

async function warm(names: readonly string[]): Promise<void> {
  for (const name of names) {
    const target = ALL_RENDER_TARGETS.find((t) => t.name === name);
    if (!target) throw new Error(`unknown render target ${name}: one of ${ALL_RENDER_TARGETS.map((t) => t.name).join(', ')}`);
    const started = Date.now();
    const env = await renderedEnvironment(target.spec);
    process.stdout.write(`warmed ${name}: ${env.plan.length} resources, ${env.releases.length} releases in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
}

/** Warm `names`; a failure sets the exit code and is reported, never thrown. */
export function main(names: readonly string[]): Promise<void> {
  return warm(names).catch((error: unknown) => {
    // The tests that use this target render it themselves and report the failure where it belongs.
    process.stderr.write(`warming the test caches failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}

// `node -r ./test/support/ts-register.js test/support/warm-caches.ts NAME...` by hand.
if (require.main === module) void main(process.argv.slice(2));
