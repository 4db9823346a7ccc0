import { describe, expect, it } from 'vitest';
import { cleanMessage, extractJson, parseSingleMessage, parseVariationList, parseVariations } from './parse-output';

const A = 'Oi {primeiro_nome}, tudo bem?\nChegaram novidades.';
const B = 'Olá! Temos peças novas na loja.';
const C = '{saudacao}, {primeiro_nome}! Quer ver o catálogo?';

describe('parseVariationList', () => {
  it('reads the JSON we asked for', () => {
    expect(parseVariationList(JSON.stringify({ mensagens: [A, B, C] }), 3)).toEqual([A, B, C]);
  });

  it('reads JSON wrapped in ```json fences with chatter around', () => {
    const raw = `Claro! Aqui estão as mensagens:\n\n\`\`\`json\n${JSON.stringify({ mensagens: [A, B] }, null, 2)}\n\`\`\`\n\nEspero que ajude!`;
    expect(parseVariationList(raw, 5)).toEqual([A, B]);
  });

  it('reads a bare array, arrays of objects and other key names', () => {
    expect(parseVariationList(`Resposta: ${JSON.stringify([A, B])}`, 5)).toEqual([A, B]);
    expect(parseVariationList(JSON.stringify({ messages: [{ texto: A }, { text: B }] }), 5)).toEqual([A, B]);
  });

  it('repairs raw line breaks inside JSON strings', () => {
    const raw = '{"mensagens": ["Oi {primeiro_nome}, tudo bem?\nChegaram novidades.", "Olá! Temos peças novas na loja."]}';
    expect(parseVariationList(raw, 5)).toEqual([A, B]);
  });

  it('salvages the complete items of a JSON answer that was cut short', () => {
    const raw = `{"mensagens": [${JSON.stringify(A)}, ${JSON.stringify(B)}, "Oi, a terceira ficou pela met`;
    expect(parseVariationList(raw, 3)).toEqual([A, B]);
  });

  it('reads numbered lists with a lead-in and a closing remark', () => {
    const raw = `Aqui estão 3 sugestões:\n\n1. ${A}\n\n2) "${B}"\n\n3. ${C}\n\nSe quiser, posso ajustar o tom.`;
    expect(parseVariationList(raw, 3)).toEqual([A, B, C]);
  });

  it('reads "Mensagem 1:" headings in bold', () => {
    const raw = `**Mensagem 1:**\n${A}\n\n**Mensagem 2:**\n${B}`;
    expect(parseVariationList(raw, 3)).toEqual([A, B]);
  });

  it('reads --- separated and blank-line separated answers', () => {
    expect(parseVariationList(`${A}\n---\n${B}\n---\n${C}`, 3)).toEqual([A, B, C]);
    expect(parseVariationList(`Seguem as mensagens:\n\n${B}\n\n${C}`, 3)).toEqual([B, C]);
  });

  it('does not split a message at a time or a percentage', () => {
    const msg = 'Oi {primeiro_nome}!\n9:00 às 18h estamos abertos.\n10% em tudo que chegou.';
    expect(parseVariationList(JSON.stringify({ mensagens: [msg] }), 3)).toEqual([msg]);
    expect(parseSingleMessage(msg)).toBe(msg);
  });

  it('reads bullet lists, with or without a lead-in, and keeps the continuation lines of a bullet', () => {
    expect(parseVariationList(`- ${A}\n- ${B}\n- ${C}`, 3)).toEqual([A, B, C]);
    const indented = `Claro! Seguem as mensagens:\n• Oi {primeiro_nome}, tudo bem?\n  Chegaram novidades.\n• ${B}\n\n• ${C}\n\nEspero que ajude!`;
    expect(parseVariationList(indented, 3)).toEqual([A, B, C]);
  });

  it('does not split a message that contains a list of its own', () => {
    const withList = 'Oi {primeiro_nome}! Chegaram:\n- vestidos\n- saias\nQuer ver as fotos?';
    expect(parseVariationList(withList, 3)).toEqual([withList]);
    expect(parseVariationList(JSON.stringify({ mensagens: [withList] }), 1)).toEqual([withList]);
    const twoParagraphs = 'Oi {primeiro_nome}!\n\nTemos novidades.';
    expect(parseVariationList(JSON.stringify({ mensagens: [twoParagraphs] }), 3)).toEqual([twoParagraphs]);
  });

  it('reads a JSON answer whose only string is the whole numbered list', () => {
    expect(parseVariationList(JSON.stringify({ mensagens: [`1. ${A}\n2. ${B}\n3. ${C}`] }), 3)).toEqual([A, B, C]);
  });

  it('says what was left out and why', () => {
    expect(parseVariations(JSON.stringify({ mensagens: [A, A, 'Desculpe, não posso ajudar.', B] }), 3)).toEqual({
      items: [A, B],
      dropped: { duplicate: 1, refusal: 1, too_short: 0 },
    });
    expect(parseVariations(`1. ${A}\n2. ok`, 3)).toEqual({ items: [A], dropped: { duplicate: 0, refusal: 0, too_short: 1 } });
  });

  it('drops duplicates and refusals and caps the count', () => {
    expect(parseVariationList(JSON.stringify({ mensagens: [A, A, B, C] }), 2)).toEqual([A, B]);
    expect(parseVariationList('Desculpe, não posso ajudar com isso.', 3)).toEqual([]);
    expect(parseVariationList('', 3)).toEqual([]);
  });
});

describe('parseSingleMessage', () => {
  it('reads {"mensagem"} and {"modelo"} answers, fenced or not', () => {
    expect(parseSingleMessage(JSON.stringify({ mensagem: A }))).toBe(A);
    expect(parseSingleMessage('```json\n{"modelo": "{Oi|Olá} {primeiro_nome}!"}\n```')).toBe('{Oi|Olá} {primeiro_nome}!');
  });

  it('falls back to the plain text, keeping spintax braces intact', () => {
    expect(parseSingleMessage('Modelo:\n\n{Oi|Olá}, {primeiro_nome}! {Tudo bem|Como vai}?')).toBe(
      '{Oi|Olá}, {primeiro_nome}! {Tudo bem|Como vai}?',
    );
  });
});

describe('cleanMessage', () => {
  it('unwraps quotes, turns literal \\n into line breaks and fixes [primeiro_nome]', () => {
    expect(cleanMessage('"Oi [primeiro_nome]!\\nTudo bem?"')).toBe('Oi {primeiro_nome}!\nTudo bem?');
    expect(cleanMessage('- Oi!  ')).toBe('Oi!');
  });

  it('extractJson ignores brace groups that are not JSON', () => {
    expect(extractJson('{Oi|Olá} {primeiro_nome}')).toBeUndefined();
  });
});
