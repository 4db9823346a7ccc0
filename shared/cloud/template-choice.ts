/**
 * Which of an account's templates a campaign may choose, and a first mapping of its variables to
 * contact fields. Only APPROVED templates can be sent by Meta; every other status gets a reason
 * code the wizard says in the user's language, instead of a template that fails at send time.
 */
import type { CampaignTemplate } from './campaign-schema';
import { templateSlots, type SlotSource, type TemplateComponent } from './templates';

export type TemplateBlock = 'pending' | 'rejected' | 'paused' | 'disabled' | 'other';

/** Null when the template can be chosen; otherwise why not. */
export function templateBlock(status: string): TemplateBlock | null {
  switch (status.toUpperCase()) {
    case 'APPROVED':
      return null;
    case 'PENDING':
    case 'IN_APPEAL':
      return 'pending';
    case 'REJECTED':
      return 'rejected';
    case 'PAUSED':
      return 'paused';
    case 'DISABLED':
    case 'PENDING_DELETION':
    case 'DELETED':
    case 'ARCHIVED':
      return 'disabled';
    default:
      return 'other';
  }
}

export interface ChoosableTemplate {
  id: string;
  name: string;
  language: string;
  category: string;
  status: string;
  parameterFormat: string | null;
  components: Array<Record<string, unknown>>;
}

/**
 * The campaign's template for a chosen one: named variables that match a contact field
 * (`first_name`, `nome`…) start mapped to it, the first positional body variable to the first
 * name; the rest wait for the user. An earlier mapping is kept for slots that still exist.
 */
export function chooseTemplate(numberId: number, t: ChoosableTemplate, previous?: Record<string, SlotSource>): CampaignTemplate {
  const components = t.components as unknown as TemplateComponent[];
  const mapping: Record<string, SlotSource> = {};
  for (const slot of templateSlots({ components })) {
    const kept = previous?.[slot.key];
    if (kept) mapping[slot.key] = kept;
    else {
      const guess = SUGGESTED_FIELDS[slot.name.toLowerCase()] ?? (slot.key === 'body.1' ? 'primeiro_nome' : null);
      if (guess) mapping[slot.key] = { kind: 'field', field: guess, fallback: guess === 'primeiro_nome' || guess === 'nome' ? 'cliente' : undefined };
    }
  }
  return {
    numberId,
    template: { id: t.id, name: t.name, language: t.language, category: t.category, ...(t.parameterFormat ? { parameterFormat: t.parameterFormat } : {}), components: t.components as CampaignTemplate['template']['components'] },
    mapping: mapping as CampaignTemplate['mapping'],
    headerMedia: null,
  };
}

const SUGGESTED_FIELDS: Record<string, string> = {
  first_name: 'primeiro_nome',
  primeiro_nome: 'primeiro_nome',
  nome: 'nome',
  name: 'nome',
  telefone: 'telefone',
  phone: 'telefone',
};
