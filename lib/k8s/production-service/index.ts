export * from './platform';
export * from './production-service';
export * from './props';
export * from './routing';
export * from './validate';
