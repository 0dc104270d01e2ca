/**
 * Imported first by the CLI entry (lib/cli/main.ts) so that every module after it loads through
 * the code cache (lib/cli/compile-cache.ts); a module of its own because TypeScript hoists a
 * file's imports above its statements.
 */
import { enableCompileCache } from './compile-cache';

enableCompileCache();
