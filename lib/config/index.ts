export * from './groundwork-config';
export * from './load-config';
