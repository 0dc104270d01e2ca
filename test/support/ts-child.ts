/** How the tests start a child process that runs TypeScript (the CLI, fixtures, module-load probes). */
import { join } from 'node:path';

/** Preload for `node -r`: TypeScript through swc with a disk cache of the output (ts-register.js). */
export const TS_REGISTER = join(__dirname, 'ts-register.js');
