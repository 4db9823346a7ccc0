import type { AiGapReasonId, AiGapView } from '../../../../shared/api/methods/ai';
import type { Variation } from '../../../../shared/campaigns/schema';
import type { MessageKey } from '../../i18n';

/** A slot the AI left empty, with what the answer held (for the explanation). */
export interface AiGapInfo extends AiGapView {
  /** Messages the answer did give. */
  got: number;
  requested: number;
}

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

const NOTE: Record<AiGapReasonId, MessageKey> = {
  fewer: 'ai.gap.fewer',
  duplicate: 'ai.gap.duplicate',
  refusal: 'ai.gap.refusal',
  too_short: 'ai.gap.too_short',
  truncated: 'ai.gap.truncated',
};

/** Why this variation is empty, in the user's language. */
export function gapNote(t: T, gap: AiGapInfo): string {
  return t(NOTE[gap.reason], { got: gap.got, total: gap.requested });
}

/** "3, 4 e 5" / "3, 4 and 5". */
export function listOf(language: string, items: string[]): string {
  try {
    return new Intl.ListFormat(language, { type: 'conjunction' }).format(items);
  } catch {
    return items.join(', ');
  }
}

/** One line for the AI panel: which variations the last answer left empty (null when none still are). */
export function gapSummary(t: T, language: string, variations: Variation[], gaps: Record<string, AiGapInfo>): string | null {
  const empty: number[] = [];
  let info: AiGapInfo | null = null;
  variations.forEach((v, i) => {
    const gap = gaps[v.id];
    if (gap && !v.text.trim()) {
      empty.push(i + 1);
      info = gap;
    }
  });
  if (!info || empty.length === 0) return null;
  const { got, requested } = info as AiGapInfo;
  const key: MessageKey = empty.length === 1 ? 'ai.gap.summary.one' : 'ai.gap.summary.other';
  return t(key, { got, total: requested, list: listOf(language, empty.map(String)) });
}
