import { useEffect, useState } from 'react';

/** `#/campanhas/<id>` opens a campaign's detail page (the wizard owns `/nova` and `/<id>/editar`). */
export function parseDetailHash(hash: string): number | null {
  const m = /^#\/campanhas\/(\d+)\/?$/.exec(hash);
  return m ? Number(m[1]) : null;
}

export const campaignDetailHash = (id: number) => `#/campanhas/${id}`;

export function useDetailRoute(): number | null {
  const [id, setId] = useState(() => parseDetailHash(location.hash));
  useEffect(() => {
    const onHash = () => setId(parseDetailHash(location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return id;
}
