import { describe, expect, it } from 'vitest';
import { describeWhatsAppStatus } from './status-messages';

describe('describeWhatsAppStatus', () => {
  it('a link without internet says so and offers "Tentar de novo", never "a conexão caiu"', () => {
    for (const reason of ['no_network', 'link_failed', 'qr_unavailable']) {
      const text = describeWhatsAppStatus('error', reason);
      expect(text).toContain('Tentar de novo');
      expect(text).not.toMatch(/caiu/);
    }
    expect(describeWhatsAppStatus('error', 'no_network')).toMatch(/internet/);
    expect(describeWhatsAppStatus('error', 'qr_unavailable')).toMatch(/30 segundos/);
  });

  it('a linked number without internet retries by itself and says that', () => {
    expect(describeWhatsAppStatus('reconnecting', 'no_network')).toBe('Sem conexão com a internet. O Recado tenta de novo sozinho assim que ela voltar.');
    expect(describeWhatsAppStatus('connecting', 'updating_version')).toMatch(/Atualizando a versão/);
  });
});
