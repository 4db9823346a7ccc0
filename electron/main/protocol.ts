import { protocol, type Session } from 'electron';
import { readAppFile } from './app-protocol';
import { APP_SCHEME } from './security';

/**
 * app:// must be registered before 'ready'. Standard + secure gives the UI a real origin
 * (app://recado) with localStorage and fetch, without the extra powers of file://.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** Serves the built renderer on the given session. */
export function serveApp(session: Session, rendererDir: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 });
    const res = await readAppFile(rendererDir, request.url);
    const body = res.body && request.method === 'GET' ? new Uint8Array(res.body) : null;
    return new Response(body, { status: res.status, headers: res.headers });
  });
}
