import { describe, expect, it } from 'vitest';
import { PAUSE_CODES, failuresReason, planLimitReason, signalReason, statusReason, waitMessage } from '../../../electron/core/campaigns/engine/reasons';
import { RECONCILE_CODES, RECONCILE_PAUSE_CODES, journalAheadReason, restoredReason } from '../../../electron/core/campaigns/journal/reconcile';
import { ENGINE_CODES } from '../../../electron/core/campaigns/deliveries/states';
import { CHANNEL_ERRORS } from '../../../electron/core/channels/errors';
import { WHATSAPP_STATUS_REASONS, describeWhatsAppStatus } from '../../../electron/core/channels/whatsapp/status-messages';
import { WarningCollector } from '../../../electron/core/leads/parse/warnings';
import { waitReasons } from '../../../shared/api/methods/campaign-run';
import { whatsappStates } from '../../../shared/api/methods/whatsapp';
import { DELIVERY_REASON_CODES_EN, deliveryReason } from '../../../shared/results';
import { flagText, importWarningText, licenseNoticeText, pauseText, waitText, whatsappStatusText } from '../../../renderer/src/i18n/core-texts';

/**
 * The texts the core stores or sends in pt-BR beside a code, run through the real core
 * functions and shown in English: nothing Portuguese may be left, nothing unfilled.
 */
const PORTUGUESE = /[ãõçáéíóúâêô]|\b(não|número|campanha|envios?|contato|aguardando|janela|próximo|dias?)\b/i;
const english = (text: string | null) => {
  expect(text).toBeTruthy();
  expect(text).not.toMatch(PORTUGUESE);
  expect(text).not.toMatch(/[{}]/);
};
const TIME = (ms: number) => `T${ms}`;

describe('WhatsApp status texts', () => {
  it('every reason and state the core explains has English', () => {
    for (const state of whatsappStates) {
      for (const reason of [null, ...WHATSAPP_STATUS_REASONS, 'closed_428']) {
        const message = describeWhatsAppStatus(state, reason);
        expect(whatsappStatusText('pt-BR', { state, reason, message })).toBe(message);
        english(whatsappStatusText('en', { state, reason, message }));
      }
    }
  });
});

describe('pause reasons', () => {
  const cases = [
    { code: PAUSE_CODES.planLimit, r: planLimitReason('trial', 'Avaliação', 50), expect: /Trial plan's limit.*50 messages a day/ },
    { code: PAUSE_CODES.failures, r: failuresReason(1), expect: /^1 send failed\./ },
    { code: PAUSE_CODES.failures, r: failuresReason(5), expect: /^5 sends in a row failed\./ },
    ...(['capping_warning', 'reachout_timelock', 'restricted_463', 'banned'] as const).map((kind) => ({
      code: PAUSE_CODES.numberSignal,
      r: signalReason('Loja Centro', { kind, detail: kind === 'capping_warning' ? 'FIRST_WARNING' : undefined }),
      expect: /"Loja Centro"/,
    })),
    ...(['logged_out', 'error', 'disconnected', 'restricted'] as const).map((state) => ({ code: PAUSE_CODES.numberStatus, r: statusReason('Loja Centro', state), expect: /"Loja Centro"/ })),
  ];

  it.each(cases)('$code ($r.text) reads in English, with the values it names', ({ code, r, expect: pattern }) => {
    const state = { pauseCode: code, pauseReason: r.text, pauseParams: r.params };
    expect(pauseText('pt-BR', state)).toBe(r.text);
    const text = pauseText('en', state);
    english(text);
    expect(text).toMatch(pattern);
  });

  it('covers every automatic pause code, restores and the journal included', () => {
    const params = { n: 2, plan: 'basic', limit: 10, label: 'Loja', kind: 'banned', state: 'error', sent: 3, uncertain: 1 };
    const codes = [...Object.values(PAUSE_CODES).filter((c) => c !== 'manual'), ...Object.values(RECONCILE_PAUSE_CODES), 'store.disk_full', 'store.read_only'];
    for (const code of codes) english(pauseText('en', { pauseCode: code, pauseReason: 'Texto em português.', pauseParams: params }));
  });

  it('after a restore, says what was reconciled', () => {
    const cases: Array<[number, number, RegExp]> = [
      [0, 0, /no send of this campaign was made after the backup/],
      [1, 0, /1 send made after the backup was marked as sent\./],
      [37, 2, /37 sends made after the backup were marked as sent; 2 sends that may have left/],
    ];
    for (const [sent, uncertain, pattern] of cases) {
      const text = pauseText('en', { pauseCode: 'restored', pauseReason: restoredReason(sent, uncertain), pauseParams: { sent, uncertain } });
      english(text);
      expect(text).toMatch(pattern);
    }
    english(pauseText('en', { pauseCode: 'journal_ahead', pauseReason: journalAheadReason(0, 4), pauseParams: { sent: 0, uncertain: 4 } }));
  });

  it('a pause stored before params existed keeps its pt-BR text; a manual pause has none', () => {
    const old = { pauseCode: 'failures', pauseReason: '3 envios seguidos falharam.', pauseParams: null };
    expect(pauseText('en', old)).toBe(old.pauseReason);
    expect(pauseText('en', { pauseCode: 'manual', pauseReason: null })).toBeNull();
  });
});

describe('waiting lines', () => {
  const window = { timeZone: 'America/Sao_Paulo', days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00', skipHolidays: { national: false } };
  it.each(waitReasons.map((r) => [r]))('%s', (reason) => {
    const until = reason === 'no_number' ? null : Date.UTC(2025, 10, 24, 12);
    const message = waitMessage(reason, until, window, Date.UTC(2025, 10, 22, 12));
    expect(waitText('pt-BR', { reason, until, message }, TIME)).toBe(message);
    const text = waitText('en', { reason, until, message }, TIME);
    english(text);
    if (until !== null) expect(text).toContain(TIME(until));
  });

  it('a window that never opens again says so', () => {
    english(waitText('en', { reason: 'window', until: null, message: 'janela encerrada — não há próximos envios' }, TIME));
  });
});

describe('delivery reasons', () => {
  it('every code the engine, the journal and the channels store has English', () => {
    const codes = [...Object.values(ENGINE_CODES), ...Object.values(RECONCILE_CODES), ...Object.keys(CHANNEL_ERRORS)];
    expect(codes.filter((c) => !DELIVERY_REASON_CODES_EN.includes(c))).toEqual([]);
    for (const code of codes) english(deliveryReason('en', { state: 'failed', errorCode: code, errorReason: 'Motivo em português.' }));
    english(deliveryReason('en', { state: 'uncertain', errorCode: 'INTERNAL', errorReason: 'x' }));
  });

  it('a WhatsApp error number is named; pt-BR keeps the stored text; no code, no text', () => {
    expect(deliveryReason('en', { state: 'failed', errorCode: '463', errorReason: 'O WhatsApp recusou a mensagem (código 463).' })).toBe('WhatsApp refused the message (code 463).');
    expect(deliveryReason('pt-BR', { state: 'failed', errorCode: '463', errorReason: 'O WhatsApp recusou a mensagem (código 463).' })).toBe('O WhatsApp recusou a mensagem (código 463).');
    expect(deliveryReason('en', { state: 'sent', errorCode: null, errorReason: null })).toBe('');
  });
});

describe('flags, license notice and import warnings', () => {
  it('a flagged number explains itself in English', () => {
    const r = signalReason('Loja', { kind: 'reachout_timelock' });
    english(flagText('en', { label: 'Loja', flagReason: r.text, flagParams: r.params }));
    expect(flagText('pt-BR', { label: 'Loja', flagReason: r.text, flagParams: r.params })).toBe(r.text);
  });

  it('the grace notice counts days with the right plural', () => {
    expect(licenseNoticeText('en', { state: 'in_grace', daysLeft: 1, notice: 'Renove a licença: 1 dia restante.' })).toMatch(/1 day left/);
    expect(licenseNoticeText('en', { state: 'in_grace', daysLeft: 5, notice: 'Renove a licença: 5 dias restantes.' })).toMatch(/5 days left/);
    expect(licenseNoticeText('en', { state: 'active' })).toBeNull();
  });

  it('import warnings name their rows in English', () => {
    const w = new WarningCollector();
    for (const row of [4, 9, 12]) w.unclosedQuote(row);
    w.mojibake(7, 'JoÃ£o', 'João');
    w.mixedEncoding({ encoding: 'windows1252', lines: [3], more: true });
    for (const warning of w.list()) {
      expect(importWarningText('pt-BR', warning)).toBe(warning.message);
      english(importWarningText('en', warning));
    }
    expect(importWarningText('en', w.list()[0])).toContain('rows 4, 9 and 12');
  });
});
