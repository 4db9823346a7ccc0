/**
 * Sending a reply outside campaigns (from Respostas, or by the reply assistant), at most once:
 *   1. refused before anything is stored when the contact opted out, the number is not
 *      connected, or the number's daily cap / the plan's daily limit is reached;
 *   2. in ONE transaction: the message is stored as `sending` with its pre-generated message id
 *      and the number's day count moves (campaign pacing does not);
 *   3. the send is written durably to the send journal (outside the database);
 *   4. the channel gets the message; the outcome is stored (sent / failed / uncertain).
 * A repeated request with the same client key returns the first message instead of sending
 * again. Nothing is ever retried automatically: a message that may have left is `uncertain`,
 * one that surely did not is `failed` and the person decides whether to send it again.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/open';
import type { Logger } from '../log/logger';
import type { Channel, OutgoingMessage, TemplateMessage } from '../channels/types';
import { isChannelSendError } from '../channels/errors';
import type { SendJournal } from '../campaigns/journal/send-journal';
import { resolveSends } from '../campaigns/journal/format';
import { ApiError } from '../../../shared/api/errors';
import type { AttachmentRef } from '../../../shared/campaigns/schema';
import { ConversationStore, type ReplyRecord } from './conversation-store';
import { blockedReason } from './thread';
import { WINDOW_CLOSED_MESSAGE, windowClosedError } from './cloud-reply';

/** What the sender needs from the campaign engine (the number's daily cap, the plan, channels). */
export interface DirectSendPort {
  directChannel(numberId: number): Channel;
  reserveDirectSend(numberId: number, at: number): void;
  releaseDirectSend(numberId: number, at: number): void;
}

export interface ReplyInput {
  conversationId: number;
  /** Idempotency key of this message (null for the assistant, whose sends are keyed by the inbound message). */
  clientKey: string | null;
  text: string;
  attachment?: AttachmentRef | null;
  numberId?: number;
  origin: 'manual' | 'auto';
  aiDraft?: boolean;
  /** Cloud API numbers: an approved template filled for the contact (`text` is what it reads). */
  template?: TemplateMessage;
}

export interface ReplySenderOptions {
  db: Db;
  store: ConversationStore;
  port: DirectSendPort;
  dataDir: string;
  logger: Logger;
  timeZone: () => string;
  journal?: SendJournal | null;
  now?: () => number;
  onChange?: (conversationId: number) => void;
  /**
   * Throws when free-form text may not go to this contact through `numberId` (a Cloud number
   * outside the 24-hour window), before anything is stored or sent.
   */
  assertFreeForm?: (numberId: number, conv: { phone_key: string | null; jid: string }) => void;
}

export const REPLY_FAILED = {
  notSent: 'A mensagem não saiu. Confira a conexão do número em Números e envie de novo.',
  crashNotSent: 'O Recado foi fechado antes de enviar esta mensagem; ela não saiu. Envie de novo se quiser.',
  uncertain: 'Não dá para saber se a mensagem saiu (a conexão caiu no meio do envio). Ela não será reenviada sozinha: confira no celular antes de enviar de novo.',
  crashUncertain: 'O Recado foi fechado durante o envio; não dá para saber se a mensagem saiu. Ela não será reenviada sozinha.',
  journal: 'Não foi possível gravar o diário de envios (disco cheio ou sem permissão). A mensagem não foi enviada.',
} as const;

/** The journal's "campaign" for replies of one month: keeps each archive file bounded. */
export function replyJournalUid(at: number): string {
  const d = new Date(at);
  return `conversations-${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

export class ReplySender {
  private readonly store: ConversationStore;
  private readonly now: () => number;

  constructor(private readonly opts: ReplySenderOptions) {
    this.store = opts.store;
    this.now = opts.now ?? Date.now;
  }

  async send(input: ReplyInput): Promise<ReplyRecord> {
    if (input.clientKey) {
      const existing = this.store.replyByClientKey(input.clientKey);
      if (existing) {
        if (existing.conversation_id !== input.conversationId) throw new ApiError('conversations.duplicate_key', 'Esta mensagem já foi enviada em outra conversa. Recarregue a página.');
        return existing;
      }
    }
    const conv = this.store.get(input.conversationId);
    const text = input.text.trim();
    const attachment = input.attachment ?? null;
    if (!text && !attachment) throw new ApiError('conversations.empty_reply', 'Escreva a mensagem ou anexe um arquivo antes de enviar.');
    this.assertAllowed(conv.phone_key);
    const numberId = input.numberId ?? conv.number_id;
    if (numberId === null) throw new ApiError('conversations.no_number', 'Não sabemos por qual número este contato escreveu. Escolha um número para responder.');
    if (!input.template) this.opts.assertFreeForm?.(numberId, conv);
    let filePath: string | null = null;
    if (attachment) {
      filePath = path.join(this.opts.dataDir, 'attachments', attachment.sha256);
      if (!fs.existsSync(filePath)) throw new ApiError('conversations.attachment_missing', 'O anexo não está mais na pasta de dados do Recado. Anexe o arquivo de novo.');
    }
    const channel = this.opts.port.directChannel(numberId);
    const messageId = channel.newMessageId();
    const at = this.now();

    // 2. Stored before the channel sees it; the day's count moves in the same transaction.
    const row = this.store.tx(() => {
      this.assertAllowed(conv.phone_key);
      if (input.clientKey) {
        const again = this.store.replyByClientKey(input.clientKey);
        if (again) return again;
      }
      const r = this.store.insertSending({ conversationId: conv.id, numberId, clientKey: input.clientKey, messageId, origin: input.origin, aiDraft: input.aiDraft === true, text, attachment, jid: conv.jid, at });
      this.opts.port.reserveDirectSend(numberId, at);
      return r;
    });
    if (row.message_id !== messageId) return row;
    this.opts.onChange?.(conv.id);

    // 3. Durable record outside the database before the channel gets it.
    const uid = replyJournalUid(at);
    const journal = this.opts.journal ?? null;
    if (journal) {
      try {
        await journal.intent({ campaign: uid, phone: conv.phone_key ?? conv.jid, messageId, numberId, variation: null, at });
      } catch (err) {
        this.opts.logger.error({ err: (err as Error).message, conversationId: conv.id }, 'send journal write failed (reply)');
        this.store.tx(() => {
          this.store.markFailed(row.id, 'JOURNAL', REPLY_FAILED.journal);
          this.opts.port.releaseDirectSend(numberId, at);
        });
        this.opts.onChange?.(conv.id);
        throw new ApiError('conversations.journal_failed', REPLY_FAILED.journal);
      }
    }

    // 4. The channel.
    const msg: OutgoingMessage = { messageId, jid: conv.jid, text, ...(input.template ? { template: input.template } : {}) };
    if (attachment && filePath) msg.attachment = { kind: attachment.kind, path: filePath, mimeType: attachment.mimeType, fileName: attachment.fileName, ...(attachment.voiceNote ? { ptt: true } : {}) };
    try {
      const res = await channel.send(msg);
      this.store.markSent(row.id, res.sentAt);
      journal?.outcome(uid, messageId, 'sent', res.sentAt).catch((e: unknown) => this.opts.logger.warn({ err: (e as Error).message }, 'send journal: reply outcome not written'));
    } catch (err) {
      // Meta said the window is closed (131047) although Recado saw it open: the same outcome as
      // the check above, so the person answers with a template (the channel closed the window).
      if (isChannelSendError(err) && err.code === 'OUTSIDE_WINDOW') {
        if (journal) await journal.outcome(uid, messageId, 'not_sent', this.now()).catch(() => {});
        this.store.tx(() => {
          this.store.markFailed(row.id, 'OUTSIDE_WINDOW', WINDOW_CLOSED_MESSAGE);
          this.opts.port.releaseDirectSend(numberId, at);
        });
        this.opts.logger.warn({ conversationId: conv.id, numberId }, 'reply refused by Graph: outside the 24-hour window');
        this.opts.onChange?.(conv.id);
        throw windowClosedError();
      }
      const mayHaveLeft = !isChannelSendError(err) || err.code === 'UNKNOWN' || err.code === 'ABORTED';
      const code = isChannelSendError(err) ? err.code : 'INTERNAL';
      this.opts.logger.warn({ code, conversationId: conv.id, numberId, origin: input.origin }, 'reply send failed');
      if (mayHaveLeft) {
        this.store.markUncertain(row.id, code, REPLY_FAILED.uncertain);
      } else {
        if (journal) await journal.outcome(uid, messageId, 'not_sent', this.now()).catch(() => {});
        this.store.tx(() => {
          this.store.markFailed(row.id, code, isChannelSendError(err) && !err.transient ? err.message : REPLY_FAILED.notSent);
          this.opts.port.releaseDirectSend(numberId, at);
        });
      }
    }
    this.opts.onChange?.(conv.id);
    return this.store.reply(row.id)!;
  }

  /**
   * At start: replies a crash left in `sending`. The journal tells whether each reached the
   * channel (→ sent or uncertain) or never did (→ failed, nothing left the computer). Without a
   * journal that existed before this start, nothing proves it never left: uncertain.
   */
  recover(journalExistedBefore: boolean): number {
    const stuck = this.store.sending();
    if (!stuck.length) return 0;
    const journal = this.opts.journal ?? null;
    const uids = [...new Set(stuck.map((r) => replyJournalUid(r.created_at)))];
    const known = journal ? resolveSends(uids.flatMap((u) => journal.recordsFor(u))) : new Map();
    this.store.tx(() => {
      for (const r of stuck) {
        const s = known.get(r.message_id);
        if (s?.outcome === 'sent') this.store.markSent(r.id, s.outcomeAt ?? s.at);
        else if (s?.outcome === 'unknown') this.store.markUncertain(r.id, 'CRASH_UNCERTAIN', REPLY_FAILED.crashUncertain);
        else if (journal && journalExistedBefore) this.store.markFailed(r.id, 'CRASH_NOT_SENT', REPLY_FAILED.crashNotSent);
        else this.store.markUncertain(r.id, 'CRASH_UNCERTAIN', REPLY_FAILED.crashUncertain);
      }
    });
    this.opts.logger.warn({ replies: stuck.length }, 'replies left in sending after a crash settled');
    return stuck.length;
  }

  private assertAllowed(phoneKey: string | null): void {
    const reason = blockedReason(this.opts.db, phoneKey, this.opts.timeZone());
    if (reason) throw new ApiError('conversations.opted_out', reason);
  }
}
