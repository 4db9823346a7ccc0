/**
 * When the app may look for (and install) an update: only in an installed (packaged) build
 * with an update URL, never while a campaign is actively sending (a download and a restart
 * must not interrupt sends), and not more often than every few hours.
 */

export const UPDATE_CHECK_INTERVAL_MS = 6 * 60 * 60_000;

export type UpdateCheckDecision = { check: true } | { check: false; reason: 'not-packaged' | 'no-url' | 'sending' | 'too-soon' };

export interface UpdateCheckInput {
  isPackaged: boolean;
  /** The feed: RECADO_UPDATE_URL at run time, or the URL baked in at packaging (app-update.yml). */
  hasFeedUrl: boolean;
  sending: boolean;
  lastCheckAt: number | null;
  now: number;
  minIntervalMs?: number;
}

export function updateCheckDecision(input: UpdateCheckInput): UpdateCheckDecision {
  if (!input.isPackaged) return { check: false, reason: 'not-packaged' };
  if (!input.hasFeedUrl) return { check: false, reason: 'no-url' };
  if (input.sending) return { check: false, reason: 'sending' };
  if (input.lastCheckAt !== null && input.now - input.lastCheckAt < (input.minIntervalMs ?? UPDATE_CHECK_INTERVAL_MS)) return { check: false, reason: 'too-soon' };
  return { check: true };
}

/** Installing restarts the app: refused while sending (it then installs when the user quits). */
export function installDecision(sending: boolean): { install: true } | { install: false; message: string } {
  if (!sending) return { install: true };
  return {
    install: false,
    message: 'Há campanhas enviando agora. A atualização será instalada quando você sair do Recado, ou pause as campanhas e tente de novo.',
  };
}

/** A feed URL worth using: https (or http to localhost, for testing a local update server). */
export function isUsableFeedUrl(url: string | undefined | null): url is string {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || (u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost'));
  } catch {
    return false;
  }
}
