export * from './ids';
export * from './violation';
export * from './exceptions';
export * from './evaluate';
export * from './record';
export { coveredAddresses, PRIVATE_ACCESS_MAX_ADDRESSES, PUBLIC_ACCESS_MAX_ADDRESSES } from './api-endpoint-exposure';
export * from './readiness-exceptions';
