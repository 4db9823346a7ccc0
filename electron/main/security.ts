/**
 * Security decisions of the Electron shell, as pure functions so plain Node can test them.
 * The window only ever shows our own UI from app://recado/; everything else is refused or,
 * for a short list of known sites, opened in the user's browser.
 */
import { RENDERER_CSP } from '../../shared/security/csp';

export const APP_SCHEME = 'app';
export const APP_HOST = 'recado';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

function parseUrl(url: unknown): URL | null {
  if (typeof url !== 'string' || url.length === 0 || url.length > 8192) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True only for URLs of our own UI: app://recado/... with no credentials or port tricks. */
export function isAppUrl(url: unknown): boolean {
  if (typeof url !== 'string' || !url.startsWith(`${APP_ORIGIN}/`)) return false;
  const parsed = parseUrl(url);
  return (
    parsed !== null &&
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/**
 * Every ipcMain handler checks `event.senderFrame.url` with this: only frames showing our UI
 * may reach the core (not file://, not a page that got navigated elsewhere, not about:blank).
 */
export function isTrustedSender(frameUrl: string | null | undefined): boolean {
  return isAppUrl(frameUrl);
}

/** Sites the UI may link to (help, buying a license, WhatsApp, getting an AI key). */
export const EXTERNAL_HOSTS: readonly string[] = [
  'wa.me',
  'api.whatsapp.com',
  'www.whatsapp.com',
  'faq.whatsapp.com',
  'hotmart.com',
  'pay.hotmart.com',
  'consumer.hotmart.com',
  'help.hotmart.com',
  'platform.openai.com',
  'recado.com.br',
  'www.recado.com.br',
];

/** https links to an allowlisted host (exact match), or a mailto: with at most subject/body. */
export function isAllowedExternalUrl(url: unknown, hosts: readonly string[] = EXTERNAL_HOSTS): boolean {
  const parsed = parseUrl(url);
  if (!parsed) return false;
  if (parsed.protocol === 'mailto:') {
    // Only subject/body parameters: some mail clients honour `attach=` with a local path.
    const paramsOk = [...parsed.searchParams.keys()].every((k) => k === 'subject' || k === 'body');
    return paramsOk && /^[^@\s/\\]+@[a-z0-9.-]+$/i.test(decodeSafe(parsed.pathname));
  }
  return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '' && parsed.port === '' && hosts.includes(parsed.hostname);
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return '';
  }
}

export type NavigationDecision = 'allow' | 'open-external' | 'deny';

/** For `will-navigate`: stay inside the app, hand known sites to the browser, refuse the rest. */
export function navigationDecision(url: string): NavigationDecision {
  if (isAppUrl(url)) return 'allow';
  return isAllowedExternalUrl(url) ? 'open-external' : 'deny';
}

/** For `setWindowOpenHandler`: the app never opens a second window of its own. */
export function windowOpenDecision(url: string): Exclude<NavigationDecision, 'allow'> {
  return isAllowedExternalUrl(url) ? 'open-external' : 'deny';
}

/** Web permissions the UI may use: copying text to the clipboard. Everything else is denied. */
const ALLOWED_PERMISSIONS = new Set(['clipboard-sanitized-write']);

/** `requester` is a page URL (request handler) or a bare origin (check handler). */
export function isPermissionAllowed(permission: string, requester: string | null | undefined): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && (requester === APP_ORIGIN || isAppUrl(requester));
}

/** Sent as a header with every app:// response, on top of the meta tag in index.html. */
export const CONTENT_SECURITY_POLICY = RENDERER_CSP;

/** The policy of the first `<meta http-equiv="Content-Security-Policy">` in an HTML page. */
export function cspFromHtml(html: string): string | null {
  for (const tag of html.match(/<meta\b[^>]*>/gi) ?? []) {
    const attrs = new Map<string, string>();
    for (const m of tag.matchAll(/([a-z-]+)\s*=\s*("([^"]*)"|'([^']*)')/gi)) {
      attrs.set(m[1].toLowerCase(), m[3] ?? m[4] ?? '');
    }
    if (attrs.get('http-equiv')?.toLowerCase() === 'content-security-policy') return attrs.get('content') ?? '';
  }
  return null;
}

export function parseCsp(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    // The first occurrence wins, as in browsers.
    if (name && !directives.has(name.toLowerCase())) directives.set(name.toLowerCase(), values);
  }
  return directives;
}

const LOOSE_SOURCES = ['*', 'http:', 'https:', 'ws:', 'wss:', "'unsafe-eval'"];

/** What makes a policy weaker than the app needs; empty when it is fine. */
export function cspProblems(policy: string | null): string[] {
  if (policy === null) return ['no Content-Security-Policy'];
  const d = parseCsp(policy);
  const problems: string[] = [];
  const effective = (name: string): string[] | undefined => d.get(name) ?? d.get('default-src');
  const defaults = d.get('default-src');
  if (!defaults) problems.push('default-src missing');
  else if (defaults.join(' ') !== "'self'" && defaults.join(' ') !== "'none'") problems.push(`default-src must be 'self' or 'none', got ${defaults.join(' ')}`);
  const scripts = effective('script-src') ?? [];
  for (const bad of [...LOOSE_SOURCES, "'unsafe-inline'", 'data:', 'blob:']) {
    if (scripts.includes(bad)) problems.push(`script-src allows ${bad}`);
  }
  for (const name of ['connect-src', 'style-src', 'img-src', 'font-src', 'frame-src', 'worker-src']) {
    for (const bad of LOOSE_SOURCES) {
      if ((effective(name) ?? []).includes(bad)) problems.push(`${name} allows ${bad}`);
    }
  }
  if ((effective('object-src') ?? []).join(' ') !== "'none'") problems.push("object-src must be 'none'");
  if (!d.has('base-uri')) problems.push('base-uri missing');
  return problems;
}
