import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GraphClient } from './graph-client';
import { graphPolicy, isGraphRequestError, type GraphRequestError } from './graph-errors';
import { GraphStandIn, TEST_ACCOUNT, manyTemplates, testTemplates } from './testing/graph-server';
import { GRAPH_API_VERSION, GRAPH_BASE_URL, GRAPH_TEST_URL_ENV, graphBaseUrl } from './graph-config';

let standIn: GraphStandIn;
let client: GraphClient;

beforeEach(async () => {
  standIn = new GraphStandIn({ accounts: [TEST_ACCOUNT], templates: { [TEST_ACCOUNT.wabaId]: [...testTemplates(), ...manyTemplates(120)] } });
  await standIn.start();
  client = new GraphClient({ baseUrl: standIn.url, version: GRAPH_API_VERSION, token: TEST_ACCOUNT.token });
});

afterEach(async () => {
  await standIn.stop();
});

async function failure(p: Promise<unknown>): Promise<GraphRequestError> {
  try {
    await p;
  } catch (err) {
    if (isGraphRequestError(err)) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

describe('GraphClient against the Graph stand-in', () => {
  it('reads the phone number fields "Testar conexão" shows', async () => {
    const info = await client.getPhoneNumber(TEST_ACCOUNT.phoneNumberId);
    expect(info).toMatchObject({ verifiedName: 'Padaria Pão Quente', nameStatus: 'APPROVED', qualityRating: 'GREEN', messagingLimit: 'TIER_2K', throughputLevel: 'STANDARD' });
    expect(standIn.requests[0].path).toBe(`/${GRAPH_API_VERSION}/${TEST_ACCOUNT.phoneNumberId}`);
  });

  it('sends a template and gets the wamid and the WhatsApp id back', async () => {
    standIn.waIdFor = () => '551187654321';
    const res = await client.sendMessage(TEST_ACCOUNT.phoneNumberId, {
      to: '5511987654321',
      type: 'template',
      template: { name: 'cardapio_foto', language: { code: 'pt_BR' }, components: [{ type: 'header', parameters: [{ type: 'image', image: { id: '1' } }] }, { type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }] },
    });
    expect(res.wamid).toMatch(/^wamid\./);
    expect(res.waId).toBe('551187654321');
    expect(standIn.sent[0].body).toMatchObject({ messaging_product: 'whatsapp', recipient_type: 'individual', to: '5511987654321' });
  });

  it('parses Graph error bodies: expired token, unknown id, template errors', async () => {
    standIn.expiredTokens.add(TEST_ACCOUNT.token);
    const expired = await failure(client.getPhoneNumber(TEST_ACCOUNT.phoneNumberId));
    expect(expired).toMatchObject({ kind: 'graph', httpStatus: 401, code: 190, subcode: 463, type: 'OAuthException' });
    expect(graphPolicy(expired.code, expired.subcode).policy).toBe('pause_all');
    standIn.expiredTokens.clear();

    const wrongId = await failure(client.getPhoneNumber('999'));
    expect(wrongId).toMatchObject({ code: 100, subcode: 33 });
    expect(graphPolicy(wrongId.code, wrongId.subcode).policy).toBe('pause_number');

    const missing = await failure(client.sendMessage(TEST_ACCOUNT.phoneNumberId, { to: '5511987654321', type: 'template', template: { name: 'nao_existe', language: { code: 'pt_BR' } } }));
    expect(missing).toMatchObject({ code: 132001 });
    expect(missing.details).toContain('nao_existe');
    const params = await failure(client.sendMessage(TEST_ACCOUNT.phoneNumberId, { to: '5511987654321', type: 'template', template: { name: 'promo_padaria', language: { code: 'pt_BR' }, components: [] } }));
    expect(params).toMatchObject({ code: 132000 });
    expect(graphPolicy(params.code, params.subcode).policy).toBe('stop_campaign');
  });

  it('a token that is not the account\'s gets 190', async () => {
    const other = new GraphClient({ baseUrl: standIn.url, version: GRAPH_API_VERSION, token: 'EAAwrong' });
    expect(await failure(other.getPhoneNumber(TEST_ACCOUNT.phoneNumberId))).toMatchObject({ code: 190 });
  });

  it('uploads media as multipart and gets an id', async () => {
    const id = await client.uploadMedia(TEST_ACCOUNT.phoneNumberId, { data: Buffer.from('fake-jpeg'), mimeType: 'image/jpeg', fileName: 'cardapio.jpg' });
    expect(id).toMatch(/^\d+$/);
    expect(standIn.uploads[0]).toMatchObject({ mimeType: 'image/jpeg', size: 9, fileName: 'cardapio.jpg' });
  });

  it('lists templates page by page with cursors until the last page', async () => {
    const all: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page = await client.listTemplates(TEST_ACCOUNT.wabaId, { after, limit: 50 });
      all.push(...page.data.map((t) => t.name));
      after = page.after;
      pages++;
    } while (after);
    expect(pages).toBe(3);
    expect(all).toHaveLength(124);
    expect(new Set(all).size).toBe(124);
  });

  it('creates a template (PENDING) and reads its status after review', async () => {
    const created = await client.createTemplate(TEST_ACCOUNT.wabaId, { name: 'boas_vindas', language: 'pt_BR', category: 'UTILITY', components: [{ type: 'BODY', text: 'Olá {{1}}', example: { body_text: [['Ana']] } }] });
    expect(created.status).toBe('PENDING');
    standIn.reviewTemplate(TEST_ACCOUNT.wabaId, created.id, 'REJECTED', 'INCORRECT_CATEGORY');
    expect(await client.getTemplate(created.id)).toMatchObject({ status: 'REJECTED', rejected_reason: 'INCORRECT_CATEGORY' });
  });

  it('tells "never reached Graph" from "sent, no answer"', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const down = new GraphClient({ baseUrl: `http://127.0.0.1:${port}`, version: GRAPH_API_VERSION, token: 't' });
    expect(await failure(down.sendMessage('1', { to: '1', type: 'text', text: { body: 'x' } }))).toMatchObject({ kind: 'network' });

    standIn.stallSends = 1;
    const slow = new GraphClient({ baseUrl: standIn.url, version: GRAPH_API_VERSION, token: TEST_ACCOUNT.token, timeoutMs: 300 });
    expect(await failure(slow.sendMessage(TEST_ACCOUNT.phoneNumberId, { to: '5511987654321', type: 'text', text: { body: 'oi' } }))).toMatchObject({ kind: 'uncertain' });
    expect(standIn.sent).toHaveLength(1);
  });
});

describe('graph base URL', () => {
  const logger = { warn: () => {}, error: () => {} };
  it('is Meta\'s unless the test switch points at 127.0.0.1 under NODE_ENV=test', () => {
    expect(graphBaseUrl({}, logger)).toBe(GRAPH_BASE_URL);
    expect(graphBaseUrl({ [GRAPH_TEST_URL_ENV]: 'http://127.0.0.1:9/', NODE_ENV: 'test' }, logger)).toBe('http://127.0.0.1:9');
    expect(graphBaseUrl({ [GRAPH_TEST_URL_ENV]: 'http://127.0.0.1:9/', NODE_ENV: 'production' }, logger)).toBe(GRAPH_BASE_URL);
    expect(graphBaseUrl({ [GRAPH_TEST_URL_ENV]: 'http://evil.example/', NODE_ENV: 'test' }, logger)).toBe(GRAPH_BASE_URL);
  });
});
