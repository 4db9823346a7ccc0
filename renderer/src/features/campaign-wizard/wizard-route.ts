import { useEffect, useState } from 'react';

export type WizardRoute = { kind: 'new' } | { kind: 'edit'; id: number };

/** `#/campanhas/nova` and `#/campanhas/<id>/editar` open the wizard; anything else does not. */
export function parseWizardHash(hash: string): WizardRoute | null {
  if (/^#\/campanhas\/nova\/?$/.test(hash)) return { kind: 'new' };
  const m = /^#\/campanhas\/(\d+)\/editar\/?$/.exec(hash);
  return m ? { kind: 'edit', id: Number(m[1]) } : null;
}

export const editCampaignHash = (id: number) => `#/campanhas/${id}/editar`;
export const NEW_CAMPAIGN_HASH = '#/campanhas/nova';

export function useWizardRoute(): WizardRoute | null {
  const [route, setRoute] = useState(() => parseWizardHash(location.hash));
  useEffect(() => {
    const onHash = () => setRoute(parseWizardHash(location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return route;
}
