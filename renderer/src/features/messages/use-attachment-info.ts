import { useEffect, useState } from 'react';
import { api } from '../../api';
import type { AttachmentInfo } from '../../../../shared/api/methods/attachments';

// Content-addressed, so an entry never goes stale; kept small because image data URLs are big.
const cache = new Map<string, AttachmentInfo>();
const MAX_CACHED = 12;

/** The stored attachment's details (and a data URL for images), or null while loading. */
export function useAttachmentInfo(sha256: string | null | undefined): AttachmentInfo | null {
  const [info, setInfo] = useState<AttachmentInfo | null>(() => (sha256 ? (cache.get(sha256) ?? null) : null));
  useEffect(() => {
    if (!sha256) {
      setInfo(null);
      return;
    }
    const hit = cache.get(sha256);
    if (hit) {
      setInfo(hit);
      return;
    }
    let live = true;
    api.attachments
      .get({ sha256 })
      .then((result) => {
        if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
        cache.set(sha256, result);
        if (live) setInfo(result);
      })
      .catch(() => live && setInfo(null));
    return () => {
      live = false;
    };
  }, [sha256]);
  return info;
}
