/** A Cloud API account and templates for tests (the shapes Graph lists). */
import type { StandInAccount, StandInTemplate } from './server';

export const TEST_ACCOUNT: StandInAccount = {
  phoneNumberId: '106540352242922',
  wabaId: '102290129340398',
  token: 'EAAtestSystemUserToken0001',
  appSecret: '3f9a0c1d2b4e5f60718293a4b5c6d7e8',
  displayPhoneNumber: '+55 11 4000-1234',
  verifiedName: 'Padaria Pão Quente',
  nameStatus: 'APPROVED',
  qualityRating: 'GREEN',
  messagingLimit: 'TIER_2K',
  throughputLevel: 'STANDARD',
};

export function testTemplates(): StandInTemplate[] {
  return [
    {
      id: '1001',
      name: 'promo_padaria',
      language: 'pt_BR',
      status: 'APPROVED',
      category: 'MARKETING',
      parameter_format: 'POSITIONAL',
      components: [
        { type: 'HEADER', format: 'TEXT', text: 'Novidade, {{1}}!', example: { header_text: ['Maria'] } },
        { type: 'BODY', text: 'Oi {{1}}, o pão de queijo de {{2}} saiu agora. Passe na loja!', example: { body_text: [['Maria', 'Pinheiros']] } },
        { type: 'FOOTER', text: 'Responda SAIR para não receber mais.' },
        { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Quero' }, { type: 'QUICK_REPLY', text: 'SAIR' }] },
      ],
    },
    {
      id: '1002',
      name: 'lembrete_pedido',
      language: 'pt_BR',
      status: 'APPROVED',
      category: 'UTILITY',
      parameter_format: 'NAMED',
      components: [
        { type: 'BODY', text: 'Olá {{nome}}, seu pedido {{pedido}} está pronto para retirada.', example: { body_text_named_params: [{ param_name: 'nome', example: 'Maria' }, { param_name: 'pedido', example: '123' }] } },
        { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Ver pedido', url: 'https://padaria.example/p/{{1}}', example: ['https://padaria.example/p/123'] }] },
      ],
    },
    {
      id: '1003',
      name: 'cardapio_foto',
      language: 'pt_BR',
      status: 'APPROVED',
      category: 'MARKETING',
      parameter_format: 'POSITIONAL',
      components: [
        { type: 'HEADER', format: 'IMAGE', example: { header_handle: ['4::aW1hZ2UvanBlZw==:ARa1'] } },
        { type: 'BODY', text: '{{1}}, veja o cardápio da semana!', example: { body_text: [['Maria']] } },
      ],
    },
    { id: '1004', name: 'antigo_rejeitado', language: 'pt_BR', status: 'REJECTED', category: 'MARKETING', rejected_reason: 'PROMOTIONAL', components: [{ type: 'BODY', text: 'Compre já!' }] },
  ];
}

/** `count` more approved templates, to make the listing span several pages. */
export function manyTemplates(count: number): StandInTemplate[] {
  return Array.from({ length: count }, (_, i) => ({
    id: String(2000 + i),
    name: `aviso_${String(i).padStart(3, '0')}`,
    language: 'pt_BR',
    status: 'APPROVED',
    category: 'UTILITY',
    parameter_format: 'POSITIONAL' as const,
    components: [{ type: 'BODY', text: `Aviso ${i}: {{1}}`, example: { body_text: [['x']] } }],
  }));
}
