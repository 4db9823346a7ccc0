/**
 * Graph API failures and what Recado does about each one.
 *
 * Graph answers errors as `{ error: { message, type, code, error_subcode?, error_data: {
 * messaging_product, details }, fbtrace_id } }`; status webhooks carry the same codes in
 * `errors: [{ code, title, message, error_data: { details } }]`. Meta asks to act on `code`
 * (and `details`), never on the title. The policy table below is the one place that decides.
 */

/** How a request ended when it did not succeed. */
export type GraphFailureKind =
  /** Graph answered with an error body: the request was refused, nothing was sent. */
  | 'graph'
  /** The request never reached Graph (connection refused, DNS): safe to retry. */
  | 'network'
  /** Sent, but no answer (timeout, connection reset): Graph may have accepted it. */
  | 'uncertain';

export class GraphRequestError extends Error {
  readonly kind: GraphFailureKind;
  readonly httpStatus: number | null;
  readonly code: number | null;
  readonly subcode: number | null;
  readonly type: string | null;
  readonly details: string | null;
  readonly fbtraceId: string | null;
  /** Graph's own message (English), shown for unknown codes. Never contains tokens. */
  readonly graphMessage: string;

  constructor(kind: GraphFailureKind, o: { httpStatus?: number | null; code?: number | null; subcode?: number | null; type?: string | null; details?: string | null; fbtraceId?: string | null; message: string; cause?: unknown }) {
    super(o.message, o.cause !== undefined ? { cause: o.cause } : undefined);
    this.name = 'GraphRequestError';
    this.kind = kind;
    this.httpStatus = o.httpStatus ?? null;
    this.code = o.code ?? null;
    this.subcode = o.subcode ?? null;
    this.type = o.type ?? null;
    this.details = o.details ?? null;
    this.fbtraceId = o.fbtraceId ?? null;
    this.graphMessage = o.message;
  }
}

export function isGraphRequestError(e: unknown): e is GraphRequestError {
  return e instanceof GraphRequestError;
}

/** Parses Graph's error body; null when the body is not one. */
export function parseGraphError(httpStatus: number, body: unknown): GraphRequestError | null {
  const err = (body as { error?: Record<string, unknown> } | null)?.error;
  if (!err || typeof err !== 'object') return null;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : null);
  const data = err.error_data as { details?: unknown } | undefined;
  return new GraphRequestError('graph', {
    httpStatus,
    code: num(err.code),
    subcode: num(err.error_subcode),
    type: typeof err.type === 'string' ? err.type : null,
    details: typeof data?.details === 'string' ? data.details : null,
    fbtraceId: typeof err.fbtrace_id === 'string' ? err.fbtrace_id : null,
    message: typeof err.message === 'string' ? err.message.slice(0, 500) : 'Graph API error',
  });
}

/**
 * What to do:
 * - `backoff`: throughput reached; slow the number down and retry the message later.
 * - `pause_number`: the account or number is blocked/limited; pause the number, keep the message queued.
 * - `delay_contact`: too many messages to this one person; retry that contact later.
 * - `fail_contact`: this person cannot get it (undeliverable, per-user marketing limit); no retry.
 * - `needs_template`: outside the 24-hour window; only a template can reach them.
 * - `stop_campaign`: the template or its parameters are wrong; pause the campaign, fix the mapping.
 * - `pause_all`: the token expired, was revoked or lacks permission; pause every Cloud number.
 * - `retry`: Meta is temporarily unavailable; retry later.
 * - `unknown`: a code this table does not know; fail safe (pause the number) and show Graph's message.
 */
export type GraphPolicy = 'backoff' | 'pause_number' | 'delay_contact' | 'fail_contact' | 'needs_template' | 'stop_campaign' | 'pause_all' | 'retry' | 'unknown';

export interface PolicyEntry {
  policy: GraphPolicy;
  /** pt-BR, says what happened and what to do. */
  message: string;
}

const TOKEN =
  'O token de acesso da API oficial expirou, foi revogado ou é inválido. Os envios pela API oficial foram pausados: gere um novo token de usuário do sistema no Meta Business (Configurações do negócio → Usuários do sistema) e cole em Números → Trocar token.';
const PERMISSION =
  'O token da API oficial não tem a permissão necessária (whatsapp_business_messaging e whatsapp_business_management). Os envios pela API oficial foram pausados: gere um token com essas permissões e cole em Números → Trocar token.';
const THROUGHPUT = 'A API oficial pediu para enviar mais devagar (limite de vazão do número). Vamos esperar e tentar de novo.';
const TEMPLATE = 'O modelo de mensagem ou as variáveis foram recusados pela API oficial. A campanha foi pausada: confira o modelo e o mapeamento das variáveis no passo Mensagens e retome.';

export const GRAPH_POLICIES: Readonly<Record<number, PolicyEntry>> = Object.freeze({
  // Authorization
  0: { policy: 'pause_all', message: TOKEN },
  190: { policy: 'pause_all', message: TOKEN },
  3: { policy: 'pause_all', message: PERMISSION },
  10: { policy: 'pause_all', message: PERMISSION },
  200: { policy: 'pause_all', message: PERMISSION },
  // Throughput and rate limits
  4: { policy: 'backoff', message: THROUGHPUT },
  80007: { policy: 'backoff', message: THROUGHPUT },
  130429: { policy: 'backoff', message: THROUGHPUT },
  131056: { policy: 'delay_contact', message: 'Mensagens demais para este contato em pouco tempo (limite por par de números). Vamos tentar de novo mais tarde só para ele.' },
  // The account or number is limited or blocked
  131048: { policy: 'pause_number', message: 'A Meta limitou este número por suspeita de spam (muitas pessoas bloquearam ou denunciaram). O número foi pausado: espere, revise o público e o conteúdo, e retome depois.' },
  368: { policy: 'pause_number', message: 'A Meta bloqueou temporariamente este número por violar as políticas do WhatsApp. O número foi pausado: veja o aviso no Gerenciador do WhatsApp antes de retomar.' },
  131031: { policy: 'pause_number', message: 'A conta do WhatsApp Business foi bloqueada pela Meta. O número foi pausado: veja a Central de Qualidade da conta no Meta Business.' },
  131042: { policy: 'pause_number', message: 'A conta do WhatsApp Business tem um problema de pagamento (forma de pagamento ausente ou limite de crédito). O número foi pausado: acerte o pagamento no Meta Business e retome.' },
  131057: { policy: 'pause_number', message: 'A conta do WhatsApp Business está em manutenção na Meta. O número foi pausado: tente retomar mais tarde.' },
  133010: { policy: 'pause_number', message: 'Este número ainda não está registrado na API oficial. Conclua o registro no Meta Business (Gerenciador do WhatsApp) e retome.' },
  // This contact only
  131026: { policy: 'fail_contact', message: 'A mensagem não pôde ser entregue a este contato (sem WhatsApp, versão antiga do app ou não aceitou os termos). Não será reenviada.' },
  131049: { policy: 'fail_contact', message: 'A Meta não entregou esta mensagem de marketing para preservar a experiência do contato (limite de mensagens de marketing por pessoa). Não será reenviada.' },
  131050: { policy: 'fail_contact', message: 'O contato pediu ao WhatsApp para não receber mensagens de marketing desta empresa. Não será reenviada.' },
  131021: { policy: 'fail_contact', message: 'O destinatário é o próprio número que envia. Não será reenviada.' },
  131030: { policy: 'fail_contact', message: 'Este contato não está na lista de números permitidos da conta de teste da Meta. Adicione-o no painel do app ou use um número de produção.' },
  131047: { policy: 'needs_template', message: 'Passaram mais de 24 horas desde a última mensagem do contato: fora da janela de atendimento só um modelo aprovado pode ser enviado.' },
  // Template and parameters
  131008: { policy: 'stop_campaign', message: TEMPLATE },
  131009: { policy: 'stop_campaign', message: TEMPLATE },
  131051: { policy: 'stop_campaign', message: 'A API oficial não aceita este tipo de mensagem. A campanha foi pausada: revise a mensagem e retome.' },
  131052: { policy: 'stop_campaign', message: 'A API oficial não conseguiu baixar a mídia do cabeçalho. A campanha foi pausada: escolha o arquivo de novo no passo Mensagens e retome.' },
  131053: { policy: 'stop_campaign', message: 'A API oficial recusou a mídia do cabeçalho (formato ou tamanho). A campanha foi pausada: use outro arquivo no passo Mensagens e retome.' },
  100: { policy: 'stop_campaign', message: TEMPLATE },
  // Meta is having trouble
  1: { policy: 'retry', message: 'A API oficial está instável no momento. Vamos tentar de novo em instantes.' },
  2: { policy: 'retry', message: 'A API oficial está temporariamente indisponível. Vamos tentar de novo em instantes.' },
  131000: { policy: 'retry', message: 'A API oficial teve um erro interno. Vamos tentar de novo em instantes.' },
  131016: { policy: 'retry', message: 'A API oficial está sobrecarregada no momento. Vamos tentar de novo em instantes.' },
  133004: { policy: 'retry', message: 'O servidor da API oficial está temporariamente indisponível. Vamos tentar de novo em instantes.' },
});

/** Codes outside the table whose whole family has one policy (132xxx: template errors). */
function familyPolicy(code: number): PolicyEntry | null {
  if (code >= 132000 && code < 133000) {
    const paused = code === 132015 ? ' O modelo foi pausado pela Meta por baixa qualidade; escolha outro modelo.' : code === 132016 ? ' O modelo foi desativado pela Meta; escolha outro modelo.' : code === 132001 ? ' O modelo não existe (ou não neste idioma) na conta.' : '';
    return { policy: 'stop_campaign', message: TEMPLATE + paused };
  }
  if (code >= 200 && code <= 299) return GRAPH_POLICIES[200];
  return null;
}

/** The policy of a Graph error code (and subcode); unknown codes fail safe. */
export function graphPolicy(code: number | null, subcode: number | null, graphMessage = ''): PolicyEntry {
  if (code === 100 && subcode === 33) {
    return { policy: 'pause_number', message: 'A API oficial não encontrou o ID do número de telefone (ou o token não tem acesso a ele). Confira o ID em Números e retome.' };
  }
  if (code !== null) {
    const hit = GRAPH_POLICIES[code] ?? familyPolicy(code);
    if (hit) return hit;
  }
  const raw = graphMessage.trim().slice(0, 300);
  return {
    policy: 'unknown',
    message: `A API oficial recusou o envio com um erro que o Recado não conhece${code !== null ? ` (código ${code}${subcode !== null ? `/${subcode}` : ''})` : ''}${raw ? `: "${raw}"` : ''}. Por segurança o número foi pausado; verifique no Meta Business e retome.`,
  };
}

/** Every code the table names, for tests and docs. */
export const KNOWN_GRAPH_CODES: readonly number[] = Object.keys(GRAPH_POLICIES).map(Number);
