import { useCallback, useEffect, useState } from 'react';
import type { CloudNumberView } from '../../../../shared/api/methods/cloud';
import { api } from '../../api';
import { coalesce } from '../../lib/coalesce';

/** A Cloud number's details, refreshed when the number changes (status, quality, relay). */
export function useCloudDetails(numberId: number): { details: CloudNumberView | null; reload(): void; set(v: CloudNumberView): void } {
  const [details, setDetails] = useState<CloudNumberView | null>(null);
  const reload = useCallback(() => {
    api.cloud
      .details({ id: numberId })
      .then(setDetails)
      .catch(() => {
        // The number may have just been removed; the list reloads by itself.
      });
  }, [numberId]);
  useEffect(() => {
    reload();
    const soon = coalesce(reload, 300);
    const off = api.on('numbers.changed', (e) => {
      if (e.id === numberId) soon();
    });
    return () => {
      off();
      soon.cancel();
    };
  }, [numberId, reload]);
  return { details, reload, set: setDetails };
}
