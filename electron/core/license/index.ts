// App-side licensing: key format, plans, offline verification, server client.
export * from '../../../shared/license/plans';
export * from '../../../shared/license/errors';
export * from '../../../shared/license/key-format';
export * from '../../../shared/license/token';
export * from '../../../shared/license/verify';
export * from './machine-id';
export * from '../../../shared/license/offline-request';
export * from '../../../shared/license/license-file';
export * from '../../../shared/license/client';
export * from './public-key';
export * from './gate';
export * from './server-url';
export * from './license-service';
