export * from './args';
export * from './atomic-write';
export * from './load-spec';
export * from './main';
export * from './render';
export * from './spec-command';
export * from './synth';
