/**
 * The parsers' packages, loaded on first use (lib/lazy-require.ts). One bundle serves every
 * thread of an import (worker.ts): the importing thread, which never parses, and the reader,
 * which needs only what its file format does. Each static import cost every thread's start, on
 * the way to the first row.
 */
import { lazyRequire } from '../../lib/lazy-require';

export const papaparse = lazyRequire<typeof import('papaparse')>('papaparse');
export const iconvLite = lazyRequire<typeof import('iconv-lite')>('iconv-lite');
export const fflate = lazyRequire<typeof import('fflate')>('fflate');
