import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../api';
import { rawErrorMessage } from '../../i18n';
import { campaignDraftSchema, type CampaignDraft } from '../../../../shared/campaigns/schema';

export type SaveStatus =
  | { kind: 'saved' }
  | { kind: 'pending' }
  | { kind: 'saving' }
  /** Not saved because the draft is incomplete (e.g. no name): the message says what to fix. */
  | { kind: 'invalid'; message: string }
  | { kind: 'error'; message: string };

const DEBOUNCE_MS = 800;

/** Saves the draft shortly after each change, and once more when the wizard closes. */
export function useAutosave(campaignId: number, draft: CampaignDraft | null, enabled: boolean): { status: SaveStatus; flush(): Promise<void> } {
  const [status, setStatus] = useState<SaveStatus>({ kind: 'saved' });
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const pending = useRef<CampaignDraft | null>(null);
  const seen = useRef<CampaignDraft | null>(null);

  const save = useCallback(
    async (d: CampaignDraft) => {
      const parsed = campaignDraftSchema.safeParse(d);
      if (!parsed.success) {
        setStatus({ kind: 'invalid', message: parsed.error.issues[0]?.message ?? '' });
        return;
      }
      setStatus({ kind: 'saving' });
      try {
        await api.campaigns.update({ id: campaignId, draft: parsed.data });
        setStatus(pending.current ? { kind: 'pending' } : { kind: 'saved' });
      } catch (err) {
        setStatus({ kind: 'error', message: rawErrorMessage(err) });
      }
    },
    [campaignId],
  );

  useEffect(() => {
    if (!draft || !enabled) return;
    // The first draft is the one just loaded: nothing to save.
    if (seen.current === null) {
      seen.current = draft;
      return;
    }
    if (seen.current === draft) return;
    seen.current = draft;
    pending.current = draft;
    setStatus({ kind: 'pending' });
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const d = pending.current;
      pending.current = null;
      if (d) void save(d);
    }, DEBOUNCE_MS);
  }, [draft, enabled, save]);

  const flush = useCallback(async () => {
    clearTimeout(timer.current);
    const d = pending.current;
    pending.current = null;
    if (d) await save(d);
  }, [save]);

  // Leaving the wizard never drops the last edits.
  useEffect(() => () => void flush(), [flush]);

  return { status, flush };
}
