import { describe, expect, it } from 'vitest';
import { chooseTemplate, templateBlock } from './template-choice';

const approved = {
  id: 't1',
  name: 'boas_vindas',
  language: 'pt_BR',
  category: 'MARKETING',
  status: 'APPROVED',
  parameterFormat: null,
  components: [{ type: 'BODY', text: 'Oi {{1}}, sua loja em {{2}} abriu.' }],
};

describe('templateBlock', () => {
  it('lets only approved templates be chosen, with a reason for the others', () => {
    expect(templateBlock('APPROVED')).toBeNull();
    expect(templateBlock('PAUSED')).toBe('paused');
    expect(templateBlock('PENDING')).toBe('pending');
    expect(templateBlock('REJECTED')).toBe('rejected');
    expect(templateBlock('DISABLED')).toBe('disabled');
    expect(templateBlock('LIMIT_EXCEEDED')).toBe('other');
  });
});

describe('chooseTemplate', () => {
  it('maps the first body variable to the first name and leaves the rest for the user', () => {
    const t = chooseTemplate(3, approved);
    expect(t.numberId).toBe(3);
    expect(t.mapping).toEqual({ 'body.1': { kind: 'field', field: 'primeiro_nome', fallback: 'cliente' } });
    expect(t.template.name).toBe('boas_vindas');
  });

  it('maps named variables that are contact fields, and keeps an earlier choice', () => {
    const named = { ...approved, parameterFormat: 'NAMED', components: [{ type: 'BODY', text: 'Oi {{first_name}}, pedido {{pedido}}.' }] };
    const t = chooseTemplate(3, named, { 'body.pedido': { kind: 'field', field: 'pedido' }, 'body.gone': { kind: 'text', value: 'x' } });
    expect(t.mapping).toEqual({ 'body.first_name': { kind: 'field', field: 'primeiro_nome', fallback: 'cliente' }, 'body.pedido': { kind: 'field', field: 'pedido' } });
    expect(t.template.parameterFormat).toBe('NAMED');
  });
});
