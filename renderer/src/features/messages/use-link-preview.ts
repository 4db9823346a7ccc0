import { useEffect, useState } from 'react';
import { api } from '../../api';
import type { LinkPreviewResult } from '../../../../shared/api/methods/messages';

export type LinkPreviewState = { loading: true } | { loading: false; result: LinkPreviewResult };

const DEBOUNCE_MS = 600;
const HAS_LINK = /\bhttps?:\/\/|\bwww\./i;

/** The preview WhatsApp will show under the text's first link, when the campaign turns previews on. */
export function useLinkPreview(text: string, enabled: boolean): LinkPreviewState | null {
  const [state, setState] = useState<LinkPreviewState | null>(null);
  const wanted = enabled && HAS_LINK.test(text);
  useEffect(() => {
    if (!wanted) {
      setState(null);
      return;
    }
    let live = true;
    setState({ loading: true });
    const timer = setTimeout(() => {
      api.messages
        .linkPreview({ text })
        .then((result) => live && setState({ loading: false, result }))
        .catch(() => live && setState({ loading: false, result: { status: 'unavailable' } }));
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [text, wanted]);
  return state;
}
