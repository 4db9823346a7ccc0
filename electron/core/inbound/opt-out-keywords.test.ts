import { describe, expect, it } from 'vitest';
import { matchOptOut } from './opt-out-keywords';

describe('matchOptOut', () => {
  it('matches the default keywords whatever the case, accents and surrounding punctuation', () => {
    for (const t of ['SAIR', 'sair', ' Sair. ', 'sáir!', 'PARAR', 'stop', 'Cancelar', 'descadastrar', '*SAIR*']) {
      expect(matchOptOut(t), t).not.toBeNull();
    }
  });
  it('only matches when the whole message is the keyword', () => {
    for (const t of ['quero sair', 'não quero mais receber', 'SAIR DAQUI', 'Oi', '', '   ']) expect(matchOptOut(t), t).toBeNull();
  });
  it('uses custom keywords, accent-insensitively', () => {
    expect(matchOptOut('remover', ['REMOVER'])).toBe('REMOVER');
    expect(matchOptOut('nao quero', ['Não quero'])).toBe('Não quero');
    expect(matchOptOut('SAIR', ['REMOVER'])).toBeNull();
  });
});
