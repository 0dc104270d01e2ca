/**
 * Problems a user fixes on their machine or in their spec (a chart missing from the cache, no
 * helm, values the plan cannot know): the CLI prints the message only and exits 2.
 */
export class RenderSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RenderSetupError';
  }
}
