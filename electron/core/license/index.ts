// App-side licensing: key format, plans, offline verification, server client.
export * from '../../../shared/license/plans';
export * from './errors';
export * from '../../../shared/license/key-format';
export * from './token';
export * from './verify';
export * from './machine-id';
export * from './offline-request';
export * from './license-file';
export * from './client';
export * from './public-key';
export * from './gate';
export * from './server-url';
export * from './license-service';
