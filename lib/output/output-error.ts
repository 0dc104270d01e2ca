/**
 * A problem with the output folder that the user fixes on their machine (files of theirs in the
 * way, a refused --out, a lock held by another run, permission denied, a full disk): the CLI
 * prints the message only and exits 2. Every message names the path and the fix.
 */
export class OutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputError';
  }
}
