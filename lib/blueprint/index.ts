export * from './canonical';
export * from './gitops';
export * from './manifests';
export * from './platform';
export * from './platform-stack';
export * from './values';
