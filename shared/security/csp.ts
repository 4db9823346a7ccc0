/**
 * The renderer's Content-Security-Policy, one string for both shells: sent as a header by the
 * Electron app:// protocol and by the browser-mode host. The renderer talks to nothing but the
 * core (IPC, or the same-origin WebSocket), so connect-src stays 'self'.
 */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');
