// Error codes and pt-BR messages for licensing, shared by the app-side
// verifier/client and the license server so both speak the same words.

export type LicenseVerifyErrorCode =
  | 'license.malformed'
  | 'license.bad_signature'
  | 'license.tampered'
  | 'license.expired'
  | 'license.other_machine'
  | 'license.clock_rollback';

export type LicenseServiceErrorCode =
  | 'license.invalid_key'
  | 'license.revoked'
  | 'license.ended'
  | 'license.expired'
  | 'license.too_many_machines'
  | 'license.not_activated'
  | 'license.rate_limited'
  | 'license.too_many_attempts'
  | 'license.bad_request'
  | 'license.bad_request_code'
  | 'license.payload_too_large'
  | 'license.unauthorized'
  | 'license.not_found'
  | 'license.server_error'
  // Found on this computer, not by the server:
  | 'license.state_altered'
  | 'license.dropped_file'
  | 'license.older_file';

export type LicenseErrorCode = LicenseVerifyErrorCode | LicenseServiceErrorCode | 'license.offline' | 'license.timeout';

/** What LicenseClient throws: any server code, plus offline/timeout. */
export type LicenseClientErrorCode = LicenseErrorCode;

export const LICENSE_ERROR_MESSAGES: Record<LicenseErrorCode, string> = {
  'license.malformed': 'O arquivo de licença está corrompido ou incompleto. Ative o Recado novamente com a sua chave de licença.',
  'license.bad_signature':
    'Esta licença não foi emitida para esta versão do Recado (assinatura não reconhecida). Ative novamente com a sua chave de licença.',
  'license.tampered': 'A licença foi alterada e deixou de ser válida. Ative o Recado novamente com a sua chave de licença.',
  'license.expired':
    'Sua licença venceu e não foi renovada a tempo. Conecte-se à internet e ative o Recado novamente com a sua chave de licença.',
  'license.other_machine':
    'Esta licença foi ativada em outro computador. Ative o Recado neste computador com a sua chave de licença.',
  'license.clock_rollback':
    'A data ou a hora deste computador está atrasada. Ajuste o relógio do sistema para o horário automático e abra o Recado de novo.',
  'license.invalid_key': 'Chave de licença não encontrada. Confira a chave que você recebeu por e-mail após a compra.',
  'license.revoked':
    'Esta licença foi cancelada (reembolso, estorno ou cancelamento da compra). Se acha que é um engano, fale com o vendedor.',
  'license.ended': 'O período desta licença terminou. Renove a assinatura na Hotmart para continuar usando o Recado.',
  'license.too_many_machines':
    'Esta chave já está ativa no número máximo de computadores. Desative o Recado em um dos outros computadores e tente de novo.',
  'license.not_activated': 'Este computador não está ativado com esta chave. Ative o Recado novamente com a sua chave de licença.',
  'license.rate_limited': 'Muitas desativações em pouco tempo. Aguarde 24 horas e tente de novo, ou fale com o vendedor.',
  'license.too_many_attempts': 'Muitas tentativas de ativação em pouco tempo. Aguarde alguns minutos e tente de novo. Confira a chave no e-mail da compra.',
  'license.bad_request': 'O pedido enviado ao servidor de licenças é inválido. Atualize o Recado e tente de novo.',
  'license.bad_request_code':
    'O código de ativação offline está incompleto ou foi alterado. Copie o código inteiro e envie de novo ao vendedor.',
  'license.payload_too_large': 'O pedido enviado ao servidor de licenças é grande demais.',
  'license.unauthorized': 'Acesso não autorizado.',
  'license.not_found': 'Endereço não encontrado no servidor de licenças.',
  'license.server_error': 'O servidor de licenças teve um problema. Tente de novo em alguns minutos.',
  'license.state_altered':
    'Os dados da licença neste computador foram alterados fora do Recado (ou vieram de outra instalação). Conecte-se à internet e clique em “Atualizar licença” para confirmá-la com o servidor.',
  'license.dropped_file':
    'Esta licença foi cancelada neste computador, e este arquivo é de antes disso. Ative o Recado de novo com a sua chave de licença.',
  'license.older_file':
    'Este arquivo de licença é mais antigo que a licença já usada neste computador. Use o arquivo mais recente que o vendedor enviou, ou ative com a sua chave.',
  'license.offline':
    'Não foi possível falar com o servidor de licenças. Verifique a sua conexão com a internet e tente de novo.',
  'license.timeout': 'O servidor de licenças demorou demais para responder. Verifique a sua conexão e tente de novo.',
};

export function licenseErrorMessage(code: LicenseErrorCode): string {
  return LICENSE_ERROR_MESSAGES[code];
}
