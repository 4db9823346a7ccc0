/**
 * Where the Cloud API lives. The Graph API version is pinned here, in one place; Configurações
 * can move it (Meta keeps each version two years). The base URL is Meta's, and only the
 * test/diagnostic switch below can point it elsewhere.
 */
import type { Logger } from '../../log/logger';

/** The Graph API version Recado was built and tested against. */
export const GRAPH_API_VERSION = 'v24.0';
export const GRAPH_BASE_URL = 'https://graph.facebook.com';

/** Test/diagnostic switch: a `http://127.0.0.1:PORT` Graph stand-in (NODE_ENV=test only). */
export const GRAPH_TEST_URL_ENV = 'RECADO_TEST_GRAPH_URL';

export function isGraphVersion(v: string): boolean {
  return /^v\d{1,3}\.\d{1,2}$/.test(v);
}

/** True inside a packaged Electron app (not `electron .` during development). */
function isPackagedElectron(proc: NodeJS.Process): boolean {
  if (!proc.versions.electron) return false;
  return !(proc as NodeJS.Process & { defaultApp?: boolean }).defaultApp || /app\.asar/.test(proc.argv[1] ?? '');
}

/**
 * Meta's Graph URL, or the local stand-in when the test switch is set. The switch is honoured
 * only with NODE_ENV=test, outside a packaged app and towards 127.0.0.1; anything else is refused
 * (logged) and the real URL is used, so a shipped build only ever talks to Meta.
 */
export function graphBaseUrl(env: NodeJS.ProcessEnv, logger: Pick<Logger, 'warn' | 'error'>, proc: NodeJS.Process = process): string {
  const url = env[GRAPH_TEST_URL_ENV];
  if (!url) return GRAPH_BASE_URL;
  let host = '';
  try {
    host = new URL(url).hostname;
  } catch {
    host = '';
  }
  if (env.NODE_ENV !== 'test' || isPackagedElectron(proc) || host !== '127.0.0.1') {
    logger.error({ env: GRAPH_TEST_URL_ENV }, 'Graph stand-in switch REFUSED: only with NODE_ENV=test and a 127.0.0.1 URL, outside a packaged app');
    return GRAPH_BASE_URL;
  }
  logger.warn({ env: GRAPH_TEST_URL_ENV }, '!!! GRAPH API STAND-IN ACTIVE: Cloud API calls go to a local test server, not to Meta (test mode) !!!');
  return url.replace(/\/+$/, '');
}
