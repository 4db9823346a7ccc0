/**
 * Replies through a Cloud API number: the 24-hour customer service window (free-form text only
 * while it is open, opened by each message the contact writes) and replies with an approved
 * template, filled for the contact with the same variable mapping and rendering as campaigns.
 */
import type { Db } from '../db/open';
import { ApiError } from '../../../shared/api/errors';
import type { ServiceWindow } from '../../../shared/api/methods/conversations';
import type { CampaignTemplate, SlotSourceInput } from '../../../shared/cloud/campaign-schema';
import { fillTemplate, headerMediaKind, resolveSlots, templateSlots, type SlotSource, type TemplateSpec } from '../../../shared/cloud/templates';
import { CloudStore, type CloudTemplateRow } from '../channels/cloud/cloud-store';
import { phoneKeyOfJid } from '../channels/cloud/cloud-channel';
import { CompiledTemplate, templateSetupProblems, type TemplateContactRow } from '../channels/cloud/template-render';
import type { TemplateMessage } from '../channels/types';
import { templateContactOf } from '../leads/contact-fields';

/** pt-BR; the same text whether Recado saw the window closed or Meta said so (131047). */
export const WINDOW_CLOSED_MESSAGE = 'A janela de 24 horas desta conversa fechou: responda com um modelo aprovado.';

export function windowClosedError(): ApiError {
  return new ApiError('conversations.window_closed', WINDOW_CLOSED_MESSAGE);
}

/** Where the conversation's window is kept: the key `cloud_windows` uses for the contact. */
export function windowPhoneKey(conv: { phone_key: string | null; jid: string }): string | null {
  return conv.phone_key ?? phoneKeyOfJid(conv.jid);
}

export const MEDIA_HEADER_PROBLEM = 'Este modelo tem imagem, vídeo ou documento no cabeçalho; pela conversa só dá para responder com modelos de texto. Use-o numa campanha.';

/** What keeps a template from going as a reply: the campaign rules, but no media header here. */
function setupProblems(ct: CampaignTemplate): string[] {
  if (headerMediaKind({ ...ct.template, components: ct.template.components } satisfies TemplateSpec)) return [MEDIA_HEADER_PROBLEM];
  return templateSetupProblems(ct);
}

export class CloudReplies {
  private readonly cloud: CloudStore;

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
    private readonly attachmentsDir: string,
  ) {
    this.cloud = new CloudStore(db, now);
  }

  isCloud(numberId: number): boolean {
    return this.db.prepare<[number], { kind: string }>('SELECT kind FROM numbers WHERE id = ?').get(numberId)?.kind === 'cloud';
  }

  /** The window with this contact on `numberId`; null when the number is not a Cloud number. */
  window(numberId: number, conv: { phone_key: string | null; jid: string }): ServiceWindow | null {
    if (!this.isCloud(numberId)) return null;
    const key = windowPhoneKey(conv);
    return { kind: 'cloud', closesAt: key ? this.cloud.windowEndsAt(numberId, key, this.now()) : null };
  }

  /** Refuses free-form text to a Cloud number outside the window, before anything is stored or sent. */
  assertFreeFormAllowed(numberId: number, conv: { phone_key: string | null; jid: string }): void {
    const w = this.window(numberId, conv);
    if (w && (w.closesAt === null || w.closesAt <= this.now())) throw windowClosedError();
  }

  private approvedTemplate(numberId: number, templateId: string): CloudTemplateRow {
    if (!this.isCloud(numberId)) throw new ApiError('conversations.not_cloud', 'Modelos aprovados só podem ser enviados por um número da API oficial (Cloud API). Escolha esse número para responder.');
    const row = this.cloud.template(numberId, templateId);
    if (!row) throw new ApiError('conversations.template_missing', 'Este modelo não está mais na lista do número. Atualize a lista de modelos e escolha de novo.');
    if (row.status.toUpperCase() !== 'APPROVED') {
      throw new ApiError('conversations.template_not_approved', `O modelo "${row.name}" não está aprovado pela Meta (situação: ${row.status}). Escolha um modelo aprovado.`, undefined, { name: row.name, status: row.status });
    }
    return row;
  }

  private campaignTemplate(numberId: number, row: CloudTemplateRow, mapping: Record<string, SlotSourceInput>): CampaignTemplate {
    let components: CampaignTemplate['template']['components'] = [];
    try {
      components = JSON.parse(row.components) as CampaignTemplate['template']['components'];
    } catch {
      components = [];
    }
    return {
      numberId,
      template: { id: row.template_id, name: row.name, language: row.language, category: row.category, ...(row.parameter_format ? { parameterFormat: row.parameter_format } : {}), components },
      mapping,
      // Media headers need a file; the inbox offers text templates only (setupProblems).
      headerMedia: null,
    };
  }

  private contactRow(conv: { phone_key: string | null; jid: string }): TemplateContactRow {
    const key = windowPhoneKey(conv) ?? '';
    const c = conv.phone_key
      ? this.db.prepare<[string], TemplateContactRow>('SELECT name, first_name, phone_key, fields FROM contacts WHERE phone_key = ?').get(conv.phone_key)
      : undefined;
    return c ?? { name: null, first_name: null, phone_key: key, fields: null };
  }

  /** The template as this contact will read it, and what keeps it from going (pt-BR). */
  preview(numberId: number, templateId: string, mapping: Record<string, SlotSourceInput>, conv: { phone_key: string | null; jid: string }, timeZone: string): { text: string; buttons: string[]; problems: string[] } {
    const row = this.approvedTemplate(numberId, templateId);
    const ct = this.campaignTemplate(numberId, row, mapping);
    const spec: TemplateSpec = { ...ct.template, components: ct.template.components };
    const { values, problems } = resolveSlots(templateSlots(spec), mapping as Record<string, SlotSource>, {
      contact: templateContactOf(this.contactRow(conv)),
      now: new Date(this.now()),
      timeZone,
    });
    const filled = fillTemplate(spec, values);
    const setup = setupProblems(ct);
    return {
      text: filled.previewText,
      buttons: filled.buttons.map((b) => b.text),
      problems: [...new Set([...setup, ...problems.map((p) => p.message), ...filled.problems.map((p) => p.message)])],
    };
  }

  /** The Graph message and the text stored in the thread, or a pt-BR refusal. */
  render(numberId: number, templateId: string, mapping: Record<string, SlotSourceInput>, conv: { phone_key: string | null; jid: string }, timeZone: string): { text: string; template: TemplateMessage } {
    const row = this.approvedTemplate(numberId, templateId);
    const ct = this.campaignTemplate(numberId, row, mapping);
    const setup = setupProblems(ct);
    if (setup.length) throw new ApiError('conversations.template_incomplete', setup[0]);
    const out = new CompiledTemplate(ct, this.attachmentsDir).render(this.contactRow(conv), this.now(), timeZone);
    if (!out.ok) throw new ApiError('conversations.template_incomplete', out.reason.replace(/^Não enviada: /, ''));
    return { text: out.text, template: out.message };
  }
}
