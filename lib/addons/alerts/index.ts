export * from './types';
export * from './runbooks';
export * from './rules';
export { edgeErrorRatioRecord, edgeSeries, SLO_WINDOWS } from './edge';
