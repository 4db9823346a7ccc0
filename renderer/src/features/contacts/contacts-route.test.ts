import { describe, expect, it } from 'vitest';
import { IMPORT_HASH, listHash, OPT_OUTS_HASH, parseContactsHash } from './contacts-route';

describe('Contatos routes', () => {
  it('reads every address the page links to, and falls back to all contacts', () => {
    expect(parseContactsHash(listHash(null))).toEqual({ kind: 'list', listId: null });
    expect(parseContactsHash(listHash(12))).toEqual({ kind: 'list', listId: 12 });
    expect(parseContactsHash(IMPORT_HASH)).toEqual({ kind: 'import' });
    expect(parseContactsHash(OPT_OUTS_HASH)).toEqual({ kind: 'optOuts' });
    expect(parseContactsHash('#/contatos/descadastros/')).toEqual({ kind: 'optOuts' });
    expect(parseContactsHash('#/contatos/lista/abc')).toEqual({ kind: 'list', listId: null });
  });
});
