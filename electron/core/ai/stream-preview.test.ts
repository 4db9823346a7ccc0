import { describe, expect, it } from 'vitest';
import { partialMessages } from './stream-preview';

describe('partialMessages', () => {
  it('reads finished and unfinished messages from a JSON answer still arriving', () => {
    const full = JSON.stringify({ mensagens: ['Oi {primeiro_nome}!\nTudo bem? 😊', 'Olá "amiga"'] });
    expect(partialMessages(full)).toEqual(['Oi {primeiro_nome}!\nTudo bem? 😊', 'Olá "amiga"']);
    // Every prefix yields prefixes of the final texts, never garbage.
    for (let cut = 0; cut <= full.length; cut++) {
      const got = partialMessages(full.slice(0, cut));
      got.forEach((text, i) => expect(['Oi {primeiro_nome}!\nTudo bem? 😊', 'Olá "amiga"'][i].startsWith(text)).toBe(true));
    }
    expect(partialMessages('{"mensagens": ["Oi', )).toEqual(['Oi']);
    expect(partialMessages('{"mensagens": ["Oi\\')).toEqual(['Oi']);
  });

  it('reads single-message answers and ignores anything else', () => {
    expect(partialMessages('```json\n{"mensagem": "Faz tempo')).toEqual(['Faz tempo']);
    expect(partialMessages('{"modelo": "{Oi|Olá}')).toEqual(['{Oi|Olá}']);
    expect(partialMessages('1. Oi tudo bem')).toEqual([]);
  });
});
