// App-side licensing: key format, plans, offline verification, server client.
export * from './plans';
export * from './errors';
export * from './key-format';
export * from './token';
export * from './verify';
export * from './machine-id';
export * from './offline-request';
export * from './license-file';
export * from './client';
export * from './public-key';
