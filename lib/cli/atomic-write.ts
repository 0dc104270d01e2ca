/**
 * The CLI's output writer lives in lib/output (ownership markers, lock, journal); this module
 * keeps the name its callers import.
 */
export { checkOutputRoot, writeEnvironments, type EnvironmentFiles, type WriteOptions } from '../output';
