import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventNames, methodNames } from '../../../shared/api/contract';
import { PHONE_FAIL_MESSAGES } from '../../../shared/phone/normalize';
import { CHANNEL_ERRORS } from '../../../electron/core/channels/errors';
import { coreErrorsEn } from '../../../renderer/src/i18n/core-errors.en';
import { describeError, describeNotification } from '../../../renderer/src/i18n/core-errors';
import { notificationKinds } from '../../../shared/api/methods/notifications';
import { formatMessage } from '../../../renderer/src/i18n/format';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

/**
 * Every `'namespace.code'` string literal in the core and the shared code, found by reading
 * the source: a new error code anywhere is caught without anyone having to register it.
 * Literals that are not error codes are named below.
 */
const NOT_ERROR_CODES = new Set([
  // file names and settings/secret keys
  'app.asar', 'manifest.json', 'recado.db', 'recado.lock', 'recado.log', 'secret.key', 'test.db', 'index.html', 'vite.js', 'ai.config', 'license.key', 'active.log',
  // webhook event names (shared/api/methods/webhooks.ts)
  'reply.received', 'contact.opted_out', 'delivery.status', 'campaign.finished', 'deal.closed', 'webhook.test',
  // signals between the core's services (electron/core/internal-events.ts), never shown
  'number.changed',
  // the command line answers in the terminal, in pt-BR
  'cli.failed', 'cli.usage',
  // SQL aliases, config paths, log field names
  'c.id', 'cl.contact_id', 'ct.contact_id', 'f.rowid', 's.id', 'new.id', 'old.id', 'batch.every', 'message.text',
  // notification kinds (backup.failed is also an error code, so it stays)
  'campaign.finished', 'campaign.paused', 'number.disconnected', 'number.unstable', 'license.problem', 'storage.problem', 'backup.restored', 'update.available', 'conversation.handoff',
  // settings keys
  'assistant.profile',
  // Baileys and OpenAI event / object names
  'connection.update', 'creds.update', 'messages.update', 'messages.upsert', 'chat.completion', 'groups.update', 'groups.upsert',
]);
/** Template lint issues: shown in the message editor, not error replies (see shared/template). */
const LINT_PREFIXES = ['content.', 'syntax.', 'variable.', 'length.'];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'testing' && e.name !== 'node_modules') out.push(...sourceFiles(p));
    } else if (/\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name)) out.push(p);
  }
  return out;
}

function coreErrorCodes(): string[] {
  const api = new Set<string>([...methodNames, ...eventNames]);
  const codes = new Set<string>();
  for (const dir of ['electron/core', 'electron/host', 'shared']) {
    for (const file of sourceFiles(path.join(ROOT, dir))) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/'([a-z]+\.[a-z][a-z_]*)'/g)) {
        const code = m[1];
        if (api.has(code) || NOT_ERROR_CODES.has(code) || LINT_PREFIXES.some((p) => code.startsWith(p))) continue;
        codes.add(code);
      }
    }
  }
  // Nested reasons the core passes as params (`{ reason: 'phone.too_short' }`).
  for (const r of Object.keys(PHONE_FAIL_MESSAGES)) codes.add(`phone.${r}`);
  for (const c of Object.keys(CHANNEL_ERRORS)) codes.add(`channel.${c}`);
  return [...codes].sort();
}

describe('English for core errors', () => {
  const codes = coreErrorCodes();

  it('finds the codes (sanity check of the scan)', () => {
    expect(codes).toEqual(expect.arrayContaining(['api.invalid_input', 'backup.not_a_zip', 'import.empty_file', 'campaigns.not_found', 'license.offline', 'phone.too_short', 'channel.NOT_CONNECTED']));
    expect(codes.length).toBeGreaterThan(120);
  });

  it('every error code the core defines has an English translation', () => {
    expect(codes.filter((c) => !(c in coreErrorsEn))).toEqual([]);
  });

  it('has no translations for codes that no longer exist', () => {
    expect(Object.keys(coreErrorsEn).filter((c) => !codes.includes(c))).toEqual([]);
  });

  it('translations are English and fill in every placeholder', () => {
    const bad: string[] = [];
    for (const [code, text] of Object.entries(coreErrorsEn)) {
      if (/[ãõçáéíóúâêô]/i.test(text)) bad.push(`${code}: looks Portuguese`);
      const params = Object.fromEntries([...text.matchAll(/\{(\w+)/g)].map((m) => [m[1], 2]));
      if (/[{}]/.test(formatMessage('en', text, params))) bad.push(`${code}: unfilled placeholder`);
    }
    expect(bad).toEqual([]);
  });
});

describe('describeError', () => {
  const err = { code: 'lists.name_taken', message: 'Já existe uma lista chamada "Clientes". Escolha outro nome.', params: { name: 'Clientes' } };

  it('keeps the core pt-BR message in pt-BR', () => {
    expect(describeError('pt-BR', err, 'x')).toBe(err.message);
  });

  it('translates by code with the params in English', () => {
    expect(describeError('en', err, 'x')).toContain('"Clientes"');
    expect(describeError('en', err, 'x')).not.toMatch(/Já existe/);
  });

  it('translates nested reasons passed as params', () => {
    const nested = { code: 'contacts.invalid_phone', message: 'Número curto demais.', params: { reason: 'phone.too_short' } };
    expect(describeError('en', nested, 'x')).toMatch(/too short/i);
  });

  it('falls back to the pt-BR message for an unknown code, and to the fallback for non-API errors', () => {
    expect(describeError('en', { code: 'new.thing', message: 'Algo novo.' }, 'x')).toBe('Algo novo.');
    expect(describeError('en', new Error('boom'), 'Something went wrong')).toBe('Something went wrong');
  });
});

describe('describeNotification', () => {
  const samples: Array<{ kind: string; params: Record<string, string | number> }> = [
    { kind: 'campaign.finished', params: { name: 'Natal', sent: 1, total: 1 } },
    { kind: 'campaign.finished', params: { name: '', sent: 0, total: 0 } },
    { kind: 'campaign.paused', params: { name: 'Natal', code: 'failures' } },
    { kind: 'number.disconnected', params: { label: 'Loja', state: 'logged_out' } },
    { kind: 'number.unstable', params: { label: 'Loja', reason: 'unstable', retryAt: Date.UTC(2026, 11, 4, 17, 32) } },
    { kind: 'number.unstable', params: { label: '', reason: 'rate_limited', retryAt: Date.UTC(2026, 11, 4, 17, 32) } },
    { kind: 'number.unstable', params: { label: 'Loja', reason: 'login_ceiling', retryAt: Date.UTC(2026, 11, 4, 17, 32) } },
    { kind: 'license.problem', params: { variant: 'invalid', reason: 'license.expired' } },
    { kind: 'license.problem', params: { variant: 'grace' } },
    { kind: 'storage.problem', params: { state: 'full' } },
    { kind: 'backup.restored', params: { variant: 'restored', createdAt: Date.UTC(2026, 11, 4, 15, 0), dir: '/dados/backups/before-restore-x' } },
    { kind: 'backup.failed', params: { variant: 'auto', reason: 'backup.failed' } },
    { kind: 'backup.failed', params: { variant: 'restore_incomplete' } },
    { kind: 'conversation.handoff', params: { reason: 'asked_human' } },
    { kind: 'conversation.handoff', params: { reason: 'ai_limit' } },
  ];

  it.each(samples)('$kind in English is complete English', ({ kind, params }) => {
    const out = describeNotification('en', { kind, title: 'Título', body: 'Corpo em português', params });
    expect(`${out.title} ${out.body}`).not.toMatch(/[{}]|Título|português|[ãõçáéíóú]/);
  });

  it('covers every kind the core sends with params, and keeps pt-BR as sent', () => {
    const covered = new Set(samples.map((s) => s.kind));
    expect(notificationKinds.filter((k) => k !== 'info' && k !== 'update.available' && !covered.has(k))).toEqual([]);
    const n = { kind: 'backup.restored', title: 'Backup restaurado', body: 'Backup de 04/12 restaurado.', params: { createdAt: 1 } };
    expect(describeNotification('pt-BR', n)).toEqual({ title: n.title, body: n.body });
  });
});
