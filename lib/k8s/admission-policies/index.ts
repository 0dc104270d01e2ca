export * from './admission-policies';
export * from './catalogue';
export * from './exemptions';
export * from './platform-objects';
export * from './policy';
export * from './registries';
export * from './seccomp-default';
