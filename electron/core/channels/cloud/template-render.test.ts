import { describe, expect, it } from 'vitest';
import { CompiledTemplate } from './template-render';

describe('CompiledTemplate', () => {
  it('fills {telefone} the way every other message does (formatted, not the raw key)', () => {
    const compiled = new CompiledTemplate(
      {
        numberId: 1,
        template: {
          id: 't1',
          name: 'confirmacao',
          language: 'pt_BR',
          category: 'UTILITY',
          status: 'APPROVED',
          components: [{ type: 'BODY', text: 'Oi {{1}}, seu número {{2}} foi cadastrado.', example: { body_text: [['Maria', '+55 (11) 98765-4321']] } }],
        },
        mapping: { 'body.1': { kind: 'field', field: 'primeiro_nome' }, 'body.2': { kind: 'field', field: 'telefone' } },
        headerMedia: null,
      } as never,
      '/tmp',
    );
    const out = compiled.render({ name: 'Maria Silva', first_name: 'Maria', phone_key: '+5511987654321', fields: null }, Date.UTC(2026, 0, 5, 12), 'America/Sao_Paulo');
    expect(out.ok && out.text).toBe('Oi Maria, seu número +55 (11) 98765-4321 foi cadastrado.');
  });
});
