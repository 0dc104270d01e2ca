export * from './admission-policies';
export * from './foundation-chart';
export * from './model-object';
export * from './object-labels';
export * from './platform-namespace';
export * from './priority-classes';
export * from './storage-classes';
export * from './tenant';
