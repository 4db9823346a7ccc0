/**
 * Texts the core writes in pt-BR beside a code (a WhatsApp status, a pause, a wait, a flag, the
 * license's grace notice), in the UI language. In pt-BR the core's own text is shown; in other
 * languages the code and its params are translated, and a code without a translation (or an
 * old row stored without params) falls back to the core's pt-BR text. Pure code, unit-tested.
 */
import type { Language } from '../../../shared/settings/schema';
import { coreErrorsEn } from './core-errors.en';
import { importWarningsEn, licenseGraceEn, pauseReasonsEn, reconciledEn, waitReasonsEn, whatsappReasonsEn, whatsappStatesEn } from './core-texts.en';
import { formatMessage, type Vars } from './format';

type Params = Record<string, string | number> | null | undefined;

/** Formats `template`; null when a placeholder is still unfilled (the params were missing). */
function fill(language: Language, template: string, params: Vars): string | null {
  const out = formatMessage(language, template, params);
  return /\{\w+/.test(out) ? null : out;
}

function count(language: Language, n: number): string {
  return n.toLocaleString(language);
}

/** A WhatsApp number's status explanation (the core's describeWhatsAppStatus, in `language`). */
export function whatsappStatusText(language: Language, s: { state: string; reason: string | null; message: string }): string {
  if (language === 'pt-BR') return s.message;
  const { state, reason } = s;
  if (state === 'connecting' && reason === 'updating_version') return whatsappReasonsEn.updating_version;
  if (state === 'connected' || state === 'connecting') return whatsappStatesEn[state];
  if (state === 'reconnecting' && reason === 'no_network') return 'No internet connection. Recado tries again by itself as soon as it is back.';
  if (reason && whatsappReasonsEn[reason]) return whatsappReasonsEn[reason];
  if (reason && /^closed_\d+$/.test(reason)) return `${whatsappStatesEn.reconnecting} (code ${reason.slice(7)})`;
  return whatsappStatesEn[state] ?? s.message;
}

/** Why a campaign is paused; null when it carries no reason (a pause by hand). */
export function pauseText(language: Language, c: { pauseCode: string | null; pauseReason: string | null; pauseParams?: Params }): string | null {
  if (!c.pauseReason) return null;
  if (language === 'pt-BR' || !c.pauseCode) return c.pauseReason;
  const params: Vars = { label: '', kind: '', state: '', detail: '', variant: '', ...(c.pauseParams ?? {}) };
  const code = c.pauseCode;
  if (code === 'restored' || code === 'journal_ahead') {
    if (typeof params.sent !== 'number' || typeof params.uncertain !== 'number') return c.pauseReason;
    return reconciledText(language, code, params.sent, params.uncertain);
  }
  const template = pauseReasonsEn[code] ?? coreErrorsEn[code];
  return (template && fill(language, template, params)) || c.pauseReason;
}

function reconciledText(language: Language, code: 'restored' | 'journal_ahead', sent: number, uncertain: number): string {
  const when = code === 'restored' ? reconciledEn.whenRestored : reconciledEn.whenJournal;
  const parts: string[] = [];
  if (sent > 0) parts.push(formatMessage(language, reconciledEn.sent, { n: count(language, sent), when }));
  if (uncertain > 0) parts.push(formatMessage(language, reconciledEn.uncertain, { n: count(language, uncertain), when }));
  if (code === 'restored' && !parts.length) return reconciledEn.restoredNothing;
  return formatMessage(language, reconciledEn[code], { what: parts.join('; ') });
}

/** The waiting line of a running campaign; `time` formats the next send as every screen does. */
export function waitText(language: Language, w: { reason: string; until: number | null; message: string }, time: (ms: number) => string): string {
  if (language === 'pt-BR') return w.message;
  const template = waitReasonsEn[w.reason];
  if (!template) return w.message;
  return fill(language, template, { at: w.until === null ? '' : time(w.until) }) ?? w.message;
}

/** Why a number was flagged (a ban or limit signal from WhatsApp). */
export function flagText(language: Language, n: { label: string; flagReason: string | null; flagParams?: Params }): string | null {
  if (!n.flagReason) return null;
  if (language === 'pt-BR' || !n.flagParams) return n.flagReason;
  return fill(language, pauseReasonsEn.number_signal, { label: n.label, kind: '', detail: '', ...n.flagParams }) ?? n.flagReason;
}

/** The banner of a license in its offline grace period. */
export function licenseNoticeText(language: Language, l: { state: string; daysLeft?: number | undefined; notice?: string | undefined }): string | null {
  if (!l.notice) return null;
  if (language === 'pt-BR' || l.state !== 'in_grace' || l.daysLeft === undefined) return l.notice;
  return formatMessage(language, licenseGraceEn, { days: l.daysLeft });
}

/** "row 4", "rows 4 and 9", "rows 4, 9, 12 and 30 more" (the core names at most 10 rows). */
function rowListEn(language: Language, rows: number[], more: number): string {
  const shown = rows.slice(0, 10);
  const extra = more + Math.max(0, rows.length - shown.length);
  const head = shown.map((r) => count(language, r));
  if (shown.length === 1 && extra === 0) return `row ${head[0]}`;
  if (extra > 0) return `rows ${head.join(', ')} and ${count(language, extra)} more`;
  return `rows ${head.slice(0, -1).join(', ')} and ${head.at(-1)}`;
}

/** A warning of the import report (rows the import worked around). */
export function importWarningText(language: Language, w: { code: string; rows: number[]; more: number; message: string }): string {
  const template = importWarningsEn[w.code];
  if (language === 'pt-BR' || !template || w.rows.length === 0) return w.message;
  const many = w.rows.length > 1 || w.more > 0 ? 'yes' : 'no';
  // mixed_encoding's `more` only says there are others (the core writes "(e outras)").
  const rows = w.code === 'mixed_encoding' ? `${rowListEn(language, w.rows, 0)}${w.more ? ' (and others)' : ''}` : rowListEn(language, w.rows, w.more);
  return formatMessage(language, template, { rows, many });
}
