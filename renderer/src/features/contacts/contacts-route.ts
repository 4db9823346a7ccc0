import { useEffect, useState } from 'react';

export type ContactsRoute = { kind: 'list'; listId: number | null } | { kind: 'import' } | { kind: 'optOuts' };

/** `#/contatos`, `#/contatos/lista/<id>`, `#/contatos/importar` and `#/contatos/descadastros`. */
export function parseContactsHash(hash: string): ContactsRoute {
  if (/^#\/contatos\/importar\/?$/.test(hash)) return { kind: 'import' };
  if (/^#\/contatos\/descadastros\/?$/.test(hash)) return { kind: 'optOuts' };
  const m = /^#\/contatos\/lista\/(\d+)\/?$/.exec(hash);
  return { kind: 'list', listId: m ? Number(m[1]) : null };
}

export const IMPORT_HASH = '#/contatos/importar';
export const OPT_OUTS_HASH = '#/contatos/descadastros';
export const listHash = (id: number | null) => (id === null ? '#/contatos' : `#/contatos/lista/${id}`);

export function useContactsRoute(): ContactsRoute {
  const [route, setRoute] = useState(() => parseContactsHash(location.hash));
  useEffect(() => {
    const onHash = () => setRoute(parseContactsHash(location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return route;
}
