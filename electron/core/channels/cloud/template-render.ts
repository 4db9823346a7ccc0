/**
 * A campaign's Cloud API template, compiled once per campaign run and filled per contact: the
 * text the contact reads (stored as the delivery's text) and the Graph parameters to send.
 * Spintax and AI variations do not apply: a template is sent exactly as Meta approved it.
 */
import path from 'node:path';
import { fillTemplate, headerMediaKind, resolveSlots, sendComponents, templateSlots, type SlotSource, type TemplateSlot, type TemplateSpec } from '../../../../shared/cloud/templates';
import type { CampaignTemplate } from '../../../../shared/cloud/campaign-schema';
import { headerMediaProblem, headerMediaProblemText } from '../../../../shared/cloud/header-media';
import type { TemplateMessage } from '../types';
import { templateContactOf } from '../../leads/contact-fields';

export interface TemplateContactRow {
  name: string | null;
  first_name: string | null;
  phone_key: string;
  fields: string | null;
}

export type RenderedTemplate = { ok: true; text: string; message: TemplateMessage } | { ok: false; code: 'TEMPLATE_EMPTY_VALUE'; reason: string };

/** What is missing before a campaign can send this template (pt-BR), empty when ready. */
export function templateSetupProblems(t: CampaignTemplate): string[] {
  const out: string[] = [];
  const spec: TemplateSpec = { ...t.template, components: t.template.components };
  for (const slot of templateSlots(spec)) {
    const src = t.mapping[slot.key];
    if (!src || (src.kind === 'text' && !src.value.trim())) out.push(`Escolha o valor da variável {{${slot.name}}} (${slot.component === 'header' ? 'cabeçalho' : slot.component === 'body' ? 'corpo' : 'botão'}) do modelo "${t.template.name}".`);
  }
  const mediaKind = headerMediaKind(spec);
  if (mediaKind && !t.headerMedia) out.push(`O modelo "${t.template.name}" tem uma mídia no cabeçalho: escolha o arquivo.`);
  else if (mediaKind && t.headerMedia) {
    const problem = headerMediaProblem(mediaKind, t.headerMedia);
    if (problem) out.push(headerMediaProblemText(mediaKind, problem, t.template.name));
  }
  return out;
}

export class CompiledTemplate {
  readonly spec: TemplateSpec;
  private readonly slots: TemplateSlot[];
  private readonly mapping: Record<string, SlotSource>;

  constructor(
    readonly campaignTemplate: CampaignTemplate,
    private readonly attachmentsDir: string,
    private readonly fallback = false,
  ) {
    this.spec = { ...campaignTemplate.template, components: campaignTemplate.template.components };
    this.slots = templateSlots(this.spec);
    this.mapping = campaignTemplate.mapping as Record<string, SlotSource>;
  }

  get numberId(): number {
    return this.campaignTemplate.numberId;
  }

  /** Fills the template for one contact; an empty variable without a default text skips the contact. */
  render(contact: TemplateContactRow, now: number, timeZone: string): RenderedTemplate {
    const { values, problems } = resolveSlots(this.slots, this.mapping, {
      contact: templateContactOf(contact),
      now: new Date(now),
      timeZone,
    });
    if (problems.length) return { ok: false, code: 'TEMPLATE_EMPTY_VALUE', reason: `Não enviada: ${problems[0].message}` };
    const filled = fillTemplate(this.spec, values);
    if (filled.problems.length) return { ok: false, code: 'TEMPLATE_EMPTY_VALUE', reason: `Não enviada: ${filled.problems[0].message}` };
    const media = this.campaignTemplate.headerMedia;
    const message: TemplateMessage = {
      name: this.spec.name,
      language: this.spec.language,
      category: String(this.spec.category).toLowerCase(),
      // The media header is added by the channel once the file is uploaded.
      components: sendComponents(this.spec, values, null) as Array<Record<string, unknown>>,
      ...(media ? { headerMedia: { kind: media.kind, path: path.join(this.attachmentsDir, media.sha256), mimeType: media.mimeType, fileName: media.fileName, sha256: media.sha256 } } : {}),
      ...(this.fallback ? { fallback: true } : {}),
    };
    return { ok: true, text: filled.previewText, message };
  }
}
