export * from './admission-policies';
export * from './catalogue';
export * from './exemptions';
export * from './policy';
export * from './registries';
export * from './seccomp-default';
