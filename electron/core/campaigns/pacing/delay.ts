import { normalizePacing, type PacingConfig } from './config';
import { uniformInt, type Rng } from '../../lib/rng';

/** Gap before the next send: uniform in [minDelaySec, maxDelaySec] (after the real-number floor), in ms. */
export function nextDelayMs(config: PacingConfig, rng: Rng): number {
  const c = normalizePacing(config).config;
  return uniformInt(rng, Math.round(c.minDelaySec * 1000), Math.round(c.maxDelaySec * 1000));
}

/** How long to show "digitando…" for a text of `textLength` characters: proportional, capped, 0 when off. */
export function typingMs(config: PacingConfig, textLength: number): number {
  const t = config.typing;
  if (!t?.enabled || !(textLength > 0)) return 0;
  const perChar = Math.max(0, t.msPerChar || 0);
  const cap = Math.max(0, t.maxMs || 0);
  return Math.min(cap, Math.round(textLength * perChar));
}
