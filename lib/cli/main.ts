/**
 * `groundwork` entry point. Bad input exits 2 with the message only (no stack trace); an
 * unexpected failure exits 1 (set GROUNDWORK_DEBUG=1 for the stack).
 */
import { STOCK_ENVIRONMENTS } from '../../stacks/environments';
import { Platform } from '../blueprint/platform';
import { RenderSetupError } from '../render/errors';
import { SpecValidationError } from '../spec/errors';
import { parseArgs, USAGE, UsageError } from './args';
import { runRender } from './render';
import { specJson } from './spec-command';
import { runSynth, type Output } from './synth';

/** Run the CLI with `argv`; resolves to the exit code. */
export async function main(argv: readonly string[], io: Output): Promise<number> {
  try {
    const args = parseArgs(argv);
    switch (args.command) {
      case 'help':
        io.out(USAGE);
        return 0;
      case 'spec': {
        const spec = STOCK_ENVIRONMENTS[args.envs[0]];
        if (!spec) throw new UsageError(`unknown environment "${args.envs[0]}"; stock environments: ${Object.keys(STOCK_ENVIRONMENTS).join(', ')}`);
        io.out(specJson(Platform.fromSpec(spec)).trimEnd());
        return 0;
      }
      case 'synth':
        return await runSynth(args, io);
      case 'render':
        return await runRender(args, io);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`groundwork: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof SpecValidationError) {
      io.err(error.message);
      return 2;
    }
    // A chart missing from the cache, no helm, values the plan cannot know: the message says what to do.
    if (error instanceof RenderSetupError) {
      io.err(`groundwork: ${error.message}`);
      return 2;
    }
    const e = error as Error;
    io.err(`groundwork: ${e.message}`);
    if (process.env.GROUNDWORK_DEBUG) io.err(String(e.stack));
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  }).then((code) => {
    process.exitCode = code;
  });
}
