import { useEffect, useRef, useState } from 'react';
import { api } from '../../api';
import { rawErrorMessage, useErrorText } from '../../i18n';
import type { MessagePreview } from '../../../../shared/api/methods/messages';

export interface PreviewRequest {
  template: string;
  listIds: number[];
  timeZone: string;
  optOut: { enabled: boolean; text: string };
}

const DEBOUNCE_MS = 250;

/**
 * The rendered preview for a template, fetched from the core (same engine as the send loop).
 * Keeps the same contact while the user types; `shuffle()` picks another contact and spin.
 */
export function usePreview(req: PreviewRequest): { preview: MessagePreview | null; loading: boolean; error: string | null; shuffle(): void } {
  const errorText = useErrorText();
  const [seed, setSeed] = useState(() => Math.floor(Math.random() * 1e9));
  const [preview, setPreview] = useState<MessagePreview | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const contactId = useRef<number | undefined>(undefined);
  const listKey = req.listIds.join(',');
  const lastLists = useRef(listKey);

  useEffect(() => {
    if (lastLists.current !== listKey) {
      lastLists.current = listKey;
      contactId.current = undefined;
    }
    let live = true;
    setLoading(true);
    const timer = setTimeout(() => {
      api.messages
        .preview({ template: req.template, listIds: req.listIds, seed, timeZone: req.timeZone, optOut: req.optOut, contactId: contactId.current })
        .then((result) => {
          if (!live) return;
          contactId.current = result.contact.id ?? undefined;
          setPreview(result);
          setError(null);
        })
        .catch((err: unknown) => {
          if (!live) return;
          // The contact may have been deleted: forget it and try again with another.
          if ((err as { code?: string }).code === 'messages.contact_not_found') contactId.current = undefined;
          setError(errorText(err, rawErrorMessage(err)));
        })
        .finally(() => live && setLoading(false));
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [req.template, listKey, req.timeZone, req.optOut.enabled, req.optOut.text, seed]);

  return {
    preview,
    loading,
    error,
    shuffle() {
      contactId.current = undefined;
      setSeed((s) => (s + 1 + Math.floor(Math.random() * 1e6)) % 1e9);
    },
  };
}
