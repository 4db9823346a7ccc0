/**
 * A stand-in for an OpenAI-compatible server (OpenAI, Ollama, LM Studio), for tests and
 * end-to-end runs without network or a real model. Implements `GET /v1/models` and
 * `POST /v1/chat/completions` (JSON and SSE streaming) and records every request.
 *
 * Standalone: `npx tsx electron/core/ai/testing/fake-openai-server.ts --port 0` prints its
 * base URL (…/v1) on the first line and serves until SIGINT/SIGTERM.
 *
 * Models named in `plainTextModels` behave like a small local model that ignores the JSON
 * format: they answer a bulleted plain-text list with a lead-in and a closing remark, and write
 * at most `plainTextMaxItems` messages whatever was asked.
 *
 * Reply-assistant requests (their system prompt starts with "ASSISTENTE DE RESPOSTAS") get a
 * short JSON answer built from the business description (`assistantAnswer`), and these model
 * names behave like the awkward models people really run:
 * - `lento`: answers after `slowMs` (default 5 s), for timeouts;
 * - `recusa`: refuses ("Desculpe, não posso ajudar com isso.");
 * - `lixo`: garbage (broken JSON and noise);
 * - `inventa-preco`: a confident answer with a price the description does not have.
 * (They answer when asked by name; /v1/models does not list them.)
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (undefined when empty or not JSON). Loosely typed: tests poke into it. */
   
  body: any;
  rawBody: string;
}

export type FakeReply =
  /** A chat answer; streamed when the request asked for `stream: true`. */
  | { type: 'completion'; content: string; chunkSize?: number; finishReason?: string }
  /** An OpenAI-style error body with this status. */
  | { type: 'error'; status: number; message?: string; code?: string; errorType?: string; headers?: Record<string, string> }
  /** Anything at all, for malformed-response tests. */
  | { type: 'raw'; status?: number; contentType?: string; body: string }
  /** Never answers (until the server closes). */
  | { type: 'hang' }
  /** Streams `content`, then goes silent without finishing. */
  | { type: 'stall'; content: string }
  /** Drops the connection without a response. */
  | { type: 'drop' };

/** Decides a reply per request; return undefined for the default behaviour. */
export type FakeScript = (req: RecordedRequest, index: number) => FakeReply | undefined | Promise<FakeReply | undefined>;

export interface FakeOpenAiServerOptions {
  /** 0 (default) lets the OS pick a free port. */
  port?: number;
  host?: string;
  /** Models listed by /v1/models and accepted by chat; default gpt-4o-mini and llama3.1:latest. */
  models?: string[];
  /** When set, requests must carry `Authorization: Bearer <apiKey>` or get 401. */
  apiKey?: string;
  /** Models (also listed by /v1/models) that answer in plain text instead of JSON. */
  plainTextModels?: string[];
  /** The most messages a plain-text model writes in one answer (default: as many as asked). */
  plainTextMaxItems?: number;
  /** How long the `lento` model takes to start answering (ms). */
  slowMs?: number;
  script?: FakeScript;
}

/** Model names with a fixed, awkward behaviour (see the header). */
export const AWKWARD_MODELS = ['lento', 'recusa', 'lixo', 'inventa-preco'] as const;

export const ASSISTANT_PROMPT_MARKER = 'ASSISTENTE DE RESPOSTAS';

/**
 * The stand-in's reply-assistant answer: hands over when asked for a person, answers a price
 * question with the first price of the description, an hours question with the line that
 * mentions hours, and otherwise thanks and quotes the description's first sentence.
 */
export function assistantAnswer(body: unknown): string {
  const list = (body as { messages?: unknown } | undefined)?.messages;
  const messages: Array<{ role?: unknown; content?: unknown }> = Array.isArray(list) ? list : [];
  const system = String(messages[0]?.content ?? '');
  const description = /<<<\n([\s\S]*?)\n>>>/.exec(system)?.[1] ?? '';
  const lastUser = [...messages].reverse().find((m) => m.role === 'user');
  const asked = String(lastUser?.content ?? '').toLowerCase();
  if (/pessoa|atendente|humano/.test(asked)) return JSON.stringify({ resposta: '', encaminhar: true, motivo: 'pessoa' });
  const lines = description.split(/\n|(?<=\.)\s+/).map((l) => l.trim()).filter(Boolean);
  if (/quanto|preço|preco|valor|custa/.test(asked)) {
    const price = /R\$\s*\d+(?:[.,]\d+)*/.exec(description)?.[0];
    if (!price) return JSON.stringify({ resposta: '', encaminhar: true, motivo: 'incerto' });
    return JSON.stringify({ resposta: `Custa ${price}. Quer que eu separe para você?`, encaminhar: false, motivo: null });
  }
  if (/hor[aá]rio|abre|fecha|funciona/.test(asked)) {
    const hours = lines.find((l) => /h\b|hor[aá]rio|\d{1,2}h/i.test(l));
    if (hours) return JSON.stringify({ resposta: `Nosso horário: ${hours}`, encaminhar: false, motivo: null });
  }
  return JSON.stringify({ resposta: `Olá! Obrigado pela mensagem. ${lines[0] ?? ''}`.trim(), encaminhar: false, motivo: null });
}

function awkwardReply(model: string, slowMs: number): FakeReply | Promise<FakeReply> | undefined {
  switch (model) {
    case 'recusa':
      return { type: 'completion', content: 'Desculpe, não posso ajudar com isso.' };
    case 'lixo':
      return { type: 'completion', content: '{"resposta": "Ol\u0000á ##@@ }}} <|endoftext|> \x1b[31m' };
    case 'inventa-preco':
      return { type: 'completion', content: JSON.stringify({ resposta: 'Claro! Sai por R$ 19,90 só hoje.', encaminhar: false, motivo: null }) };
    case 'lento':
      return new Promise((resolve) => setTimeout(() => resolve({ type: 'completion', content: JSON.stringify({ resposta: 'Desculpe a demora!', encaminhar: false, motivo: null }) }), slowMs).unref());
    default:
      return undefined;
  }
}

export interface FakeOpenAiServer {
  /** Base URL including `/v1`, ready for the SDK's `baseURL`. */
  url: string;
  port: number;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export const DEFAULT_FAKE_MODELS = ['gpt-4o-mini', 'llama3.1:latest'];

/** pt-BR sample copy for the default answers. */
export const SAMPLE_MESSAGES = [
  'Oi {primeiro_nome}, tudo bem? Chegaram novidades aqui na loja e lembrei de você.\nQuer que eu te mande umas fotos?',
  '{saudacao}, {primeiro_nome}! Separei algumas peças novas que combinam com você.\nPosso te mostrar?',
  'Olá {primeiro_nome}! A coleção nova já está disponível.\nSe quiser, te envio o catálogo por aqui mesmo.',
  'E aí, {primeiro_nome}? Renovamos as prateleiras esta semana.\nMe responde aqui que eu te conto o que chegou.',
  '{primeiro_nome}, tudo certo? Temos novidades que acho que você vai gostar.\nQuer dar uma olhada?',
  'Oi! Aqui é da loja. {primeiro_nome}, chegou muita coisa bonita por aqui.\nTe mando as fotos?',
  'Olá, {primeiro_nome}. Passando para avisar que temos peças novas.\nQuer receber algumas sugestões?',
  '{saudacao}! {primeiro_nome}, lembramos de você ao receber a coleção nova.\nPosso te enviar umas opções?',
  'Oi {primeiro_nome}! Novidade fresquinha na loja.\nResponde aqui se quiser ver.',
  'Tudo bem, {primeiro_nome}? Preparamos uma seleção especial para você.\nQuer conferir?',
];

function modelKnown(models: string[], wanted: unknown): boolean {
  if (typeof wanted !== 'string') return false;
  return models.some((id) => id === wanted || id.startsWith(`${wanted}:`) || id.endsWith(`/${wanted}`));
}

export interface AnswerStyle {
  /** Answer as plain text (a bulleted list with chatter) instead of the JSON the prompt asks for. */
  plainText?: boolean;
  /** Write at most this many messages, whatever was asked. */
  maxItems?: number;
}

/** A bulleted list the way chatty models write one; continuation lines are indented. */
function plainList(messages: string[]): string {
  const bullets = messages.map((m) => `- ${m.replace(/\n/g, '\n  ')}`).join('\n');
  return `Claro! Seguem as mensagens:\n\n${bullets}\n\nEspero que ajude! Se quiser, posso ajustar o tom.`;
}

/** The start of the template-drafting prompt (TEMPLATE_PROMPT_MARKER in channels/cloud/template-ai.ts). */
export const TEMPLATE_PROMPT_MARKER = 'MODELO DA API OFICIAL DO WHATSAPP';

/** A template draft for the category asked, with an example per variable. */
export function templateAnswer(user: string): string {
  const category = /Categoria: (MARKETING|UTILITY|AUTHENTICATION)/.exec(user)?.[1] ?? 'MARKETING';
  const header = user.includes('Inclua um cabeçalho');
  if (category === 'AUTHENTICATION') return JSON.stringify({ cabecalho: '', texto: 'Seu código de acesso é {{1}}. Não compartilhe este código com ninguém.', rodape: '', exemplos: { '1': '482913' } });
  if (category === 'UTILITY')
    return JSON.stringify({ cabecalho: header ? 'Seu pedido está pronto' : '', texto: 'Olá {{1}}, seu pedido {{2}} está pronto para retirada na loja. Qualquer dúvida, é só responder esta mensagem.', rodape: 'Mensagem automática', exemplos: { '1': 'Maria', '2': '4521' } });
  return JSON.stringify({ cabecalho: header ? 'Novidade para você' : '', texto: 'Oi {{1}}, chegou fornada nova de pão de queijo hoje. Passe na loja e prove!', rodape: 'Responda SAIR para não receber mais', exemplos: { '1': 'Maria' } });
}

/** What the stand-in answers when no script overrides it, judged from the prompt. */
export function defaultContent(body: unknown, style: AnswerStyle = {}): string {
  const list = (body as { messages?: unknown } | undefined)?.messages;
  const messages: Array<{ content?: unknown }> = Array.isArray(list) ? list : [];
  const user = String(messages[messages.length - 1]?.content ?? '');
  // A Cloud API template draft (channels/cloud/template-ai.ts): a text that follows Meta's rules.
  if (String(messages[0]?.content ?? '').startsWith(TEMPLATE_PROMPT_MARKER)) return templateAnswer(user);
  if (user.includes('"modelo"')) {
    const original = /<<<\n([\s\S]*?)\n>>>/.exec(user)?.[1] ?? 'Tudo bem?';
    const template = `{Oi|Olá|E aí}! ${original}`;
    return style.plainText ? `Aqui está o modelo com variações:\n\n${template}` : JSON.stringify({ modelo: template });
  }
  if (user.includes('"mensagem"')) {
    const text = 'Oi {primeiro_nome}! Faz tempo que não conversamos.\nPosso te contar uma novidade?';
    return style.plainText ? `Claro! Aqui vai uma nova mensagem:\n\n${text}` : JSON.stringify({ mensagem: text });
  }
  const asked = Math.max(1, Math.min(SAMPLE_MESSAGES.length, Number(/(\d+) mensage/.exec(user)?.[1] ?? 3)));
  const n = Math.min(asked, style.maxItems ?? asked);
  return style.plainText ? plainList(SAMPLE_MESSAGES.slice(0, n)) : JSON.stringify({ mensagens: SAMPLE_MESSAGES.slice(0, n) });
}

function sendJson(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(payload));
}

function sendError(res: ServerResponse, reply: Extract<FakeReply, { type: 'error' }>): void {
  sendJson(
    res,
    reply.status,
    {
      error: {
        message: reply.message ?? `Fake error ${reply.status}`,
        type: reply.errorType ?? 'invalid_request_error',
        code: reply.code ?? null,
        param: null,
      },
    },
    reply.headers,
  );
}

function chunk(model: string, delta: Record<string, unknown>, finishReason: string | null): string {
  const payload = {
    id: 'chatcmpl-fake',
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  };
  return `data: ${JSON.stringify(payload)}\n\n`;
}

function splitContent(content: string, size: number): string[] {
  const parts: string[] = [];
  const chars = Array.from(content);
  for (let i = 0; i < chars.length; i += size) parts.push(chars.slice(i, i + size).join(''));
  return parts;
}

export async function startFakeOpenAiServer(options: FakeOpenAiServerOptions = {}): Promise<FakeOpenAiServer> {
  const plainTextModels = options.plainTextModels ?? [];
  const base = options.models ?? DEFAULT_FAKE_MODELS;
  // The awkward models answer when asked by name but are not listed, so model lists stay as configured.
  const models = [...base, ...plainTextModels.filter((m) => !base.includes(m))];
  const requests: RecordedRequest[] = [];

  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (raw += d));
    req.on('end', () => {
      void (async () => {
        let body: RecordedRequest['body'];
        try {
          body = raw ? JSON.parse(raw) : undefined;
        } catch {
          body = undefined;
        }
        const path = (req.url ?? '/').split('?')[0];
        const recorded: RecordedRequest = { method: req.method ?? 'GET', path, headers: req.headers, body, rawBody: raw };
        const index = requests.push(recorded) - 1;
        const scripted = await options.script?.(recorded, index);
        const isChat = recorded.method === 'POST' && path === '/v1/chat/completions';
        const model = typeof body?.model === 'string' ? body.model : 'fake';

        let reply: FakeReply | undefined = scripted;
        if (!reply && options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
          reply = { type: 'error', status: 401, message: 'Incorrect API key provided.', code: 'invalid_api_key' };
        }
        if (!reply && recorded.method === 'GET' && path === '/v1/models') {
          sendJson(res, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'fake' })) });
          return;
        }
        const awkward = isChat && typeof body?.model === 'string' && (AWKWARD_MODELS as readonly string[]).includes(body.model);
        if (!reply && isChat && !awkward && !modelKnown(models, body?.model)) {
          reply = {
            type: 'error',
            status: 404,
            message: `The model \`${String(body?.model)}\` does not exist or you do not have access to it.`,
            code: 'model_not_found',
          };
        }
        const isAssistant = isChat && String(body?.messages?.[0]?.content ?? '').startsWith(ASSISTANT_PROMPT_MARKER);
        if (!reply && awkward) {
          reply = await awkwardReply(body.model, options.slowMs ?? 5000);
        }
        if (!reply && isAssistant) reply = { type: 'completion', content: assistantAnswer(body) };
        if (!reply && isChat) {
          const plainText = modelKnown(plainTextModels, body?.model);
          reply = { type: 'completion', content: defaultContent(body, plainText ? { plainText, maxItems: options.plainTextMaxItems } : {}) };
        }
        if (!reply) reply = { type: 'error', status: 404, message: `Unknown route ${recorded.method} ${path}` };

        switch (reply.type) {
          case 'error':
            sendError(res, reply);
            return;
          case 'raw':
            res.writeHead(reply.status ?? 200, { 'content-type': reply.contentType ?? 'application/json' });
            res.end(reply.body);
            return;
          case 'hang':
            return;
          case 'drop':
            req.socket.destroy();
            return;
          case 'stall':
            res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
            res.write(chunk(model, { role: 'assistant', content: reply.content }, null));
            return;
          case 'completion': {
            const finish = reply.finishReason ?? 'stop';
            if (body?.stream) {
              res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
              res.write(chunk(model, { role: 'assistant', content: '' }, null));
              for (const part of splitContent(reply.content, reply.chunkSize ?? 16)) res.write(chunk(model, { content: part }, null));
              res.write(chunk(model, {}, finish));
              res.end('data: [DONE]\n\n');
            } else {
              sendJson(res, 200, {
                id: 'chatcmpl-fake',
                object: 'chat.completion',
                created: Math.floor(Date.now() / 1000),
                model,
                choices: [{ index: 0, message: { role: 'assistant', content: reply.content }, finish_reason: finish }],
                usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
              });
            }
            return;
          }
        }
      })().catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${host}:${port}/v1`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const server = await startFakeOpenAiServer({
    port: Number(argValue(args, '--port') ?? 0),
    host: argValue(args, '--host'),
    models: argValue(args, '--models')?.split(','),
    apiKey: argValue(args, '--api-key'),
    plainTextModels: argValue(args, '--plain-text-models')?.split(','),
    plainTextMaxItems: argValue(args, '--plain-text-max-items') ? Number(argValue(args, '--plain-text-max-items')) : undefined,
    slowMs: argValue(args, '--slow-ms') ? Number(argValue(args, '--slow-ms')) : undefined,
  });
  process.stdout.write(`${server.url}\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
