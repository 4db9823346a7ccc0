import { app, shell, type Session, type WebContents } from 'electron';
import { isPermissionAllowed, navigationDecision, windowOpenDecision } from './security';

/**
 * Applied to every web contents the app ever creates, so a future window or a stray
 * <webview> cannot miss them: no navigation away from the UI, no new windows, no webviews.
 */
export function hardenAllWebContents(): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
}

function openExternal(url: string): void {
  shell.openExternal(url).catch(() => {
    // Nothing to do: the user can copy the link instead.
  });
}

function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    const decision = navigationDecision(event.url);
    if (decision === 'allow') return;
    event.preventDefault();
    if (decision === 'open-external') openExternal(event.url);
  });
  contents.on('will-redirect', (event) => {
    if (navigationDecision(event.url) !== 'allow') event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (windowOpenDecision(url) === 'open-external') openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Web permissions: deny by default (camera, microphone, geolocation, notifications...). */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    const requester = 'requestingUrl' in details && typeof details.requestingUrl === 'string' ? details.requestingUrl : contents.getURL();
    callback(isPermissionAllowed(permission, requester));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionAllowed(permission, requestingOrigin));
}
