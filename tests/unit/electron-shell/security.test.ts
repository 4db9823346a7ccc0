import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  CONTENT_SECURITY_POLICY,
  cspProblems,
  isAllowedExternalUrl,
  isPermissionAllowed,
  isTrustedSender,
  navigationDecision,
  windowOpenDecision,
} from '../../../electron/main/security';

describe('IPC sender validation', () => {
  it('accepts frames showing our own UI', () => {
    expect(isTrustedSender(APP_ENTRY_URL)).toBe(true);
    expect(isTrustedSender('app://recado/index.html')).toBe(true);
    expect(isTrustedSender('app://recado/')).toBe(true);
    expect(isTrustedSender('app://recado/campanhas?id=3#x')).toBe(true);
  });

  it.each([
    ['file:///C:/Users/ana/index.html'],
    ['file:///tmp/index.html'],
    ['http://127.0.0.1:5173/'],
    ['https://recado.com.br/'],
    ['app://evil/index.html'],
    ['app://recado.evil/index.html'],
    ['app://recado@evil/index.html'],
    ['app://recado:8080/index.html'],
    ['app://user:pw@recado/index.html'],
    ['app://recado'],
    ['APP://RECADO/index.html'],
    ['about:blank'],
    ['devtools://devtools/bundled/inspector.html'],
    ['chrome-extension://abc/'],
    ['data:text/html,<script>alert(1)</script>'],
    [''],
  ])('rejects %s', (url) => {
    expect(isTrustedSender(url)).toBe(false);
  });

  it('rejects a missing frame (destroyed or navigated away)', () => {
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });
});

describe('navigation and new windows', () => {
  it('stays inside the app', () => {
    expect(navigationDecision('app://recado/index.html')).toBe('allow');
  });

  it('sends allowlisted https sites to the browser', () => {
    expect(navigationDecision('https://wa.me/5511999999999')).toBe('open-external');
    expect(windowOpenDecision('https://pay.hotmart.com/ABC123')).toBe('open-external');
    expect(windowOpenDecision('https://platform.openai.com/api-keys')).toBe('open-external');
  });

  it('refuses everything else, including in-app popups', () => {
    expect(windowOpenDecision('app://recado/index.html')).toBe('deny');
    for (const url of [
      'http://wa.me/5511999999999', // not https
      'https://wa.me.evil.com/',
      'https://evil.com/?u=https://wa.me/',
      'https://user@wa.me/',
      'https://wa.me:8443/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://server/share',
      'ms-msdt:/id PCWDiagnostic',
      'not a url',
    ]) {
      expect(navigationDecision(url), url).toBe('deny');
      expect(windowOpenDecision(url), url).toBe('deny');
    }
  });

  it('allows plain mailto links only', () => {
    expect(isAllowedExternalUrl('mailto:suporte@recado.com.br')).toBe(true);
    expect(isAllowedExternalUrl('mailto:suporte@recado.com.br?subject=Ajuda&body=Oi')).toBe(true);
    expect(isAllowedExternalUrl('mailto:a@b.com?attach=/etc/passwd')).toBe(false);
    expect(isAllowedExternalUrl('mailto:not-an-address')).toBe(false);
  });
});

describe('web permissions', () => {
  it('lets our UI copy to the clipboard and denies anything else', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://recado/index.html')).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://recado')).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://evil.com/')).toBe(false);
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'unknown']) {
      expect(isPermissionAllowed(p, 'app://recado/index.html'), p).toBe(false);
    }
  });
});

describe('Content-Security-Policy checker', () => {
  it('accepts the header the app:// protocol sends', () => {
    expect(cspProblems(CONTENT_SECURITY_POLICY)).toEqual([]);
  });

  it('flags weak policies', () => {
    expect(cspProblems(null)).toContain('no Content-Security-Policy');
    expect(cspProblems("default-src *; object-src 'none'; base-uri 'none'").join()).toMatch(/default-src/);
    expect(cspProblems("default-src 'self'; script-src 'self' 'unsafe-eval'; object-src 'none'; base-uri 'none'")).toContain("script-src allows 'unsafe-eval'");
    expect(cspProblems("default-src 'self'; script-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'")).toContain("script-src allows 'unsafe-inline'");
    expect(cspProblems("default-src 'self'; connect-src https:; object-src 'none'; base-uri 'none'")).toContain('connect-src allows https:');
    expect(cspProblems("default-src 'self'; base-uri 'none'")).toContain("object-src must be 'none'");
  });
});
