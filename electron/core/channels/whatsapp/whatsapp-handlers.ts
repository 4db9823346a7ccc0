/** `whatsapp.*` API: link a number (QR or pairing code), status, logout, remove, list checks. */
import { ApiError } from '../../../../shared/api/errors';
import type { WhatsAppStatus } from '../../../../shared/api/methods/whatsapp';
import { normalizePhone } from '../../../../shared/phone';
import type { CoreContext } from '../../context';
import { describeLimitReached, limitParams } from '../../license/gate';
import type { Handlers } from '../../rpc/dispatcher';
import { NumbersStore } from '../../numbers/numbers-store';
import type { ChannelStatus } from '../types';
import { addChecks, checksToday } from './message-store';
import { CheckLimitReached, type CheckPacing } from './number-check';
import { describeWhatsAppStatus } from './status-messages';
import type { NumberRow, WhatsAppService } from './whatsapp-service';
import { announceNumberChanged } from '../../internal-events';
import { plural } from '../../../../shared/i18n/plural';

type WhatsAppHandlers = Pick<
  Handlers,
  | 'whatsapp.link'
  | 'whatsapp.regenerateQr'
  | 'whatsapp.requestPairingCode'
  | 'whatsapp.status'
  | 'whatsapp.logout'
  | 'whatsapp.remove'
  | 'whatsapp.checkList'
>;

const CHECK_CHUNK = 500;

export function toStatusPayload(numberId: number, s: ChannelStatus, timeZone?: string): WhatsAppStatus {
  const retryAt = s.retryAt ?? null;
  return {
    numberId,
    state: s.state,
    reason: s.reason ?? null,
    message: describeWhatsAppStatus(s.state, s.reason, { retryAt, ...(timeZone ? { timeZone } : {}) }),
    since: s.since,
    retryAt,
  };
}

/**
 * Digits with the country code of the phone typed for a pairing code. WhatsApp accounts opened
 * before the 9th digit are still registered without it, and the code only reaches the phone under
 * the exact number the account uses: so a Brazilian mobile typed with 8 digits stays that way.
 */
export function pairingDigits(phone: string): string {
  const r = normalizePhone(phone);
  if (!r.ok) throw new ApiError('whatsapp.invalid_phone', `${r.message} Digite o número do WhatsApp que vai ser conectado, com DDD.`, undefined, { reason: `phone.${r.reason}` });
  const e164 = r.e164.replace(/\D/g, '');
  const typed = phone.replace(/\D/g, '').replace(/^0+/, '');
  const national = typed.length >= 12 && typed.startsWith('55') ? typed.slice(2) : typed;
  if (e164.length === 13 && e164.startsWith('55') && national.length === 10 && e164.endsWith(national.slice(2))) return `55${national}`;
  return e164;
}

/** "Verificar WhatsApp" pacing: a pause between lookup batches and a daily ceiling per number. */
export interface CheckLimits {
  pauseMs: () => number;
  dailyLimit: number;
  wait?: (ms: number) => Promise<void>;
}

/** 2–5 s between batches of 50 and at most 1,500 lookups a day per number. */
export const DEFAULT_CHECK_LIMITS: CheckLimits = { pauseMs: () => 2_000 + Math.round(Math.random() * 3_000), dailyLimit: 1_500 };

/** YYYY-MM-DD of the PC's local calendar day. */
function localDay(t: number): string {
  const d = new Date(t);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function whatsappHandlers(ctx: CoreContext, service: WhatsAppService, checks: CheckLimits = DEFAULT_CHECK_LIMITS): WhatsAppHandlers {
  const { db } = ctx;
  const numbers = new NumbersStore(db);
  const timeZone = () => ctx.settings.get().timeZone;

  service.subscribe((e) => {
    if (e.type === 'status') {
      ctx.events.emit('whatsapp.status', toStatusPayload(e.numberId, e.status, timeZone()));
      announceNumberChanged(ctx, e.numberId);
    } else if (e.type === 'qr') {
      ctx.events.emit('whatsapp.qr', { numberId: e.numberId, qr: e.qr, expiresAt: e.expiresAt });
    } else if (e.type === 'pairingCode') {
      ctx.events.emit('whatsapp.pairingCode', { numberId: e.numberId, code: e.code });
    }
  });
  // A linked number reconnects after a restart without a new QR (never from a one-off CLI command).
  if (ctx.mode !== 'cli') {
    setImmediate(() => {
      try {
        service.resumeLinked();
      } catch (err) {
        ctx.logger.error({ err }, 'could not resume WhatsApp numbers');
      }
    });
  }

  const row = (numberId: number): NumberRow => {
    const r = db.prepare<[number], NumberRow>('SELECT id, kind, label, phone, config FROM numbers WHERE id = ?').get(numberId);
    if (!r || r.kind !== 'whatsapp') {
      throw new ApiError('whatsapp.not_found', 'Este número de WhatsApp não existe mais. Atualize a página de números.');
    }
    return r;
  };
  const started = (p: Promise<void>) => p.catch(() => {}); // the outcome arrives as status events

  return {
    'whatsapp.link': async ({ label, method, phone }) => {
      const digits = method === 'pairing' ? pairingDigits(phone ?? '') : null;
      const plan = ctx.plan.current();
      const count = (db.prepare("SELECT COUNT(*) AS n FROM numbers WHERE kind IN ('whatsapp', 'cloud')").get() as { n: number }).n;
      if (count >= plan.limits.numbers) throw new ApiError('whatsapp.number_limit', describeLimitReached(plan, 'numbers'), undefined, limitParams(plan, 'numbers'));
      const { id } = numbers.add('whatsapp', label, {}, 'connecting');
      announceNumberChanged(ctx, id);
      const channel = service.channelFor(row(id));
      started(digits ? channel.pairWithPhone(digits) : channel.start());
      return { numberId: id };
    },

    'whatsapp.regenerateQr': async ({ numberId }) => {
      started(service.channelFor(row(numberId)).start());
      return { ok: true as const };
    },

    'whatsapp.requestPairingCode': async ({ numberId, phone }) => {
      const digits = pairingDigits(phone);
      started(service.channelFor(row(numberId)).pairWithPhone(digits));
      return { ok: true as const };
    },

    'whatsapp.status': async ({ numberId }) => {
      const r = row(numberId);
      const channel = service.get(numberId);
      if (channel) return { ...toStatusPayload(numberId, channel.status(), timeZone()), qr: service.currentQr(numberId) ? { numberId, ...service.currentQr(numberId)! } : null };
      const stored = db.prepare<[number], { status: string; status_reason: string | null; updated_at: number }>('SELECT status, status_reason, updated_at FROM numbers WHERE id = ?').get(r.id)!;
      const state = (['connecting', 'qr', 'reconnecting', 'unstable', 'connected'].includes(stored.status) ? 'disconnected' : stored.status) as ChannelStatus['state'];
      return { ...toStatusPayload(numberId, { state, ...(stored.status_reason ? { reason: stored.status_reason } : {}), since: stored.updated_at }, timeZone()), qr: null };
    },

    'whatsapp.logout': async ({ numberId }) => {
      await service.channelFor(row(numberId)).logout();
      return { ok: true as const };
    },

    'whatsapp.remove': async ({ numberId }) => {
      row(numberId);
      const busy = db
        .prepare<[], { draft: string }>("SELECT draft FROM campaigns WHERE status IN ('running', 'scheduled')")
        .all()
        .some((c) => {
          try {
            return ((JSON.parse(c.draft) as { numberIds?: unknown }).numberIds as unknown[] | undefined)?.includes(numberId) ?? false;
          } catch {
            return false;
          }
        });
      if (busy) {
        throw new ApiError('whatsapp.in_use', 'Este número está em uma campanha em andamento ou agendada. Pause ou conclua a campanha antes de remover o número.');
      }
      const channel = service.get(numberId);
      if (channel && channel.status().state === 'connected') await channel.logout();
      await service.forget(numberId);
      numbers.remove(numberId);
      announceNumberChanged(ctx, numberId);
      return { ok: true as const };
    },

    'whatsapp.checkList': async ({ listId }) => {
      if (!db.prepare('SELECT 1 FROM lists WHERE id = ?').get(listId)) {
        throw new ApiError('whatsapp.list_not_found', 'Esta lista não existe mais. Atualize a página de contatos.');
      }
      const ids = db.prepare<[], { id: number }>("SELECT id FROM numbers WHERE kind = 'whatsapp' ORDER BY id").all();
      const channel = ids.map((r) => service.get(r.id)).find((c) => c?.status().state === 'connected');
      if (!channel) {
        throw new ApiError('whatsapp.no_connected_number', 'Para verificar os números, conecte antes um número de WhatsApp em Números.');
      }
      const contacts = db
        .prepare<[number], { wa_candidates: string }>(
          "SELECT c.wa_candidates FROM contacts c JOIN contact_lists cl ON cl.contact_id = c.id WHERE cl.list_id = ? AND c.status = 'active' ORDER BY c.id",
        )
        .all(listId);
      const total = contacts.length;
      let found = 0;
      let checked = 0;
      const day = localDay(Date.now());
      const budget = checks.dailyLimit - checksToday(db, channel.numberId, day);
      if (total > 0 && budget <= 0) {
        throw new ApiError(
          'whatsapp.check_limit',
          `Este número já verificou ${checks.dailyLimit.toLocaleString('pt-BR')} telefones hoje, o limite diário que protege a sua conta. Continue amanhã ou conecte outro número.`,
          undefined,
          { limit: checks.dailyLimit },
        );
      }
      let used = 0;
      const pacing: CheckPacing = {
        pauseMs: checks.pauseMs,
        maxLookups: budget,
        onLookups: (n) => {
          used += n;
          addChecks(db, channel.numberId, day, n);
        },
        ...(checks.wait ? { wait: checks.wait } : {}),
      };
      ctx.events.emit('whatsapp.checkProgress', { listId, checked: 0, total });
      for (let i = 0; i < total; i += CHECK_CHUNK) {
        const chunk = contacts.slice(i, i + CHECK_CHUNK).map((c) => {
          try {
            return (JSON.parse(c.wa_candidates) as string[]).map((v) => v.replace(/\D/g, ''));
          } catch {
            return [];
          }
        });
        let results;
        try {
          results = await channel.checkNumbers(chunk, {
            onProgress: (done) => ctx.events.emit('whatsapp.checkProgress', { listId, checked: checked + done, total }),
            pacing: { ...pacing, maxLookups: budget - used },
          });
        } catch (err) {
          if (err instanceof CheckLimitReached) {
            checked += err.partial.length;
            found += err.partial.filter((r) => r.jid !== null).length;
            ctx.events.emit('whatsapp.checkProgress', { listId, checked, total });
            return {
              listId,
              total: checked,
              onWhatsApp: found,
              notOnWhatsApp: checked - found,
              unchecked: total - checked,
              note: `O número atingiu o limite diário de ${checks.dailyLimit.toLocaleString('pt-BR')} verificações, que protege a sua conta. Faltaram ${(total - checked).toLocaleString('pt-BR')} contatos: verifique de novo amanhã.`,
            };
          }
          const message = (err as Error).message;
          const code = (err as { code?: unknown }).code;
          throw new ApiError('whatsapp.check_failed', `A verificação parou em ${checked} de ${plural(total, 'contato', 'contatos')}: ${message}`, undefined, {
            checked,
            total,
            reason: typeof code === 'string' ? `channel.${code}` : '',
          });
        }
        checked += chunk.length;
        found += results.filter((r) => r.jid !== null).length;
      }
      ctx.events.emit('whatsapp.checkProgress', { listId, checked: total, total });
      return { listId, total, onWhatsApp: found, notOnWhatsApp: total - found };
    },
  };
}
