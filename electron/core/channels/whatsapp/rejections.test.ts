/**
 * Every rejection shape the Baileys 7 socket produces (read from its source, rc14), and what each
 * means for us. Built with Baileys' own helpers and its Boom wherever Baileys exports the code
 * that builds them; the rest with the exact messages and codes its source uses (file noted).
 */
import { Boom } from '@hapi/boom';
import { assertNodeErrorFree, DisconnectReason, getCodeFromWSError, getErrorCodeFromStreamError, promiseTimeout } from '@whiskeysockets/baileys';
import { describe, expect, it } from 'vitest';
import { ChannelSendError } from '../errors';
import { classifyRejection, isSocketClosed } from './rejections';

async function rejectionOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

function iqError(code: string, text: string): unknown {
  try {
    assertNodeErrorFree({ tag: 'iq', attrs: { type: 'error' }, content: [{ tag: 'error', attrs: { code, text } }] });
  } catch (err) {
    return err;
  }
  throw new Error('no error thrown');
}

/** Socket/socket.js `end()` callers: the error `lastDisconnect` carries, which waitForConnectionUpdate rejects with. */
function streamErrored(child: string, attrs: Record<string, string> = {}): Boom {
  const node = { tag: 'stream:error', attrs, content: [{ tag: child, attrs: {} }] };
  const { reason, statusCode } = getErrorCodeFromStreamError(node);
  return new Boom(`Stream Errored (${reason})`, { statusCode, data: node });
}

describe('classifyRejection: the socket closed (nothing left, retried later, worded as a connection problem)', () => {
  const closed: Array<[string, () => unknown]> = [
    // waitForMessage: `ws.on('close', onErr)` → reject(err) with the close event's first argument.
    ['bare WebSocket close code 1002 (protocol error)', () => 1002],
    ['bare WebSocket close code 1005 (no status)', () => 1005],
    ['bare WebSocket close code 1006 (abnormal)', () => 1006],
    ['bare WebSocket close code 1000 (normal)', () => 1000],
    // sendRawMessage / waitForSocketOpen / awaitNextMessage / waitForMessage default.
    ['Boom "Connection Closed" 428', () => new Boom('Connection Closed', { statusCode: DisconnectReason.connectionClosed })],
    // ws.on('close') and CB:xmlstreamend → end(…)
    ['Boom "Connection Terminated" 428', () => new Boom('Connection Terminated', { statusCode: DisconnectReason.connectionClosed })],
    ['Boom "Connection Terminated by Server" 428', () => new Boom('Connection Terminated by Server', { statusCode: DisconnectReason.connectionClosed })],
    // keep-alive
    ['Boom "Connection was lost" 408', () => new Boom('Connection was lost', { statusCode: DisconnectReason.connectionLost })],
    // stream:error, through getErrorCodeFromStreamError
    ['stream:error conflict (440)', () => streamErrored('conflict')],
    ['stream:error xml-not-well-formed (500)', () => streamErrored('xml-not-well-formed')],
    ['stream:error code=515', () => streamErrored('unknown', { code: '515' })],
    ['stream:error code=503', () => streamErrored('unknown', { code: '503' })],
    // <failure reason=…>
    ['Boom "Connection Failure" 429', () => new Boom('Connection Failure', { statusCode: 429, data: { reason: '429' } })],
    ['Boom "Connection Failure" 403', () => new Boom('Connection Failure', { statusCode: 403, data: { reason: '403' } })],
    ['Boom "QR refs attempts ended" 408', () => new Boom('QR refs attempts ended', { statusCode: DisconnectReason.timedOut })],
    // mapWebSocketError(…) with getCodeFromWSError
    [
      'Boom "WebSocket Error (…)" from a reset socket (408)',
      () => {
        const e = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
        return new Boom(`WebSocket Error (${e.message})`, { statusCode: getCodeFromWSError(e), data: e });
      },
    ],
    [
      'Boom "WebSocket Error (…)" from an HTTP answer (429)',
      () => {
        const e = new Error('Unexpected server response: 429');
        return new Boom(`WebSocket Error (${e.message})`, { statusCode: getCodeFromWSError(e), data: e });
      },
    ],
    // ws's send() on a closing socket (node_modules/ws/lib/websocket.js sendAfterClose)
    ['ws "WebSocket is not open: readyState 2 (CLOSING)"', () => new Error('WebSocket is not open: readyState 2 (CLOSING)')],
    ['ws "WebSocket is not open: readyState 3 (CLOSED)"', () => new Error('WebSocket is not open: readyState 3 (CLOSED)')],
    // ws protocol errors reach waitForMessage through `ws.on('error', onErr)`; the socket then closes.
    ['ws protocol error WS_ERR_INVALID_CLOSE_CODE', () => Object.assign(new RangeError('Invalid WebSocket frame: invalid status code 1004'), { code: 'WS_ERR_INVALID_CLOSE_CODE' })],
    // assertMeId (Utils/auth-utils.js) before login
    ['Boom "Cannot proceed: socket is not authenticated yet" 401', () => new Boom('Cannot proceed: socket is not authenticated yet (creds.me.id is missing)', { statusCode: 401 })],
    // sendPeerDataOperationMessage
    ['Boom "Not authenticated"', () => new Boom('Not authenticated')],
  ];

  it.each(closed)('%s → NOT_CONNECTED, transient, for a lookup and for a send', (_name, make) => {
    const err = make();
    expect(isSocketClosed(err)).toBe(true);
    for (const phase of ['query', 'send'] as const) {
      const out = classifyRejection(err, phase);
      expect(out).toBeInstanceOf(ChannelSendError);
      expect(out.code).toBe('NOT_CONNECTED');
      expect(out.transient).toBe(true);
      expect(out.message).toMatch(/conexão/);
      expect(out.message).not.toMatch(/desconhecido|Erro ao enviar/);
    }
  });

  it('the close code is kept as detail, never a phone or a text', () => {
    expect(classifyRejection(1002, 'query').detail).toBe('ws_1002');
    expect(classifyRejection(streamErrored('conflict'), 'send').detail).toBe('440');
  });

  it('a session that ended on the phone (stream:error 401, "Intentional Logout", 411) is LOGGED_OUT', () => {
    expect(classifyRejection(streamErrored('conflict', { code: '401' }), 'send').code).toBe('LOGGED_OUT');
    expect(classifyRejection(new Boom('Intentional Logout', { statusCode: DisconnectReason.loggedOut }), 'query').code).toBe('LOGGED_OUT');
    expect(classifyRejection(new Boom('Multi-device beta not joined', { statusCode: DisconnectReason.multideviceMismatch }), 'send').code).toBe('LOGGED_OUT');
  });
});

describe('classifyRejection: other rejections', () => {
  it('a write whose callback never came (promiseTimeout "Timed Out" 408): a lookup retries, a send may have left', async () => {
    const timedOut = await rejectionOf(promiseTimeout(1, () => {}));
    expect(classifyRejection(timedOut, 'query')).toMatchObject({ code: 'TIMEOUT', transient: true });
    const send = classifyRejection(timedOut, 'send');
    expect(send).toMatchObject({ code: 'UNKNOWN', transient: false });
    expect(send.message).toMatch(/pode ter saído/);
  });

  it('WhatsApp answering a query with <error code=…> (assertNodeErrorFree: the code is in `data`, status 500)', () => {
    expect(classifyRejection(iqError('429', 'rate-overlimit'), 'query')).toMatchObject({ code: 'RATE_LIMITED', transient: true, detail: '429' });
    expect(classifyRejection(iqError('463', 'reachout-timelocked'), 'send')).toMatchObject({ code: 'RESTRICTED', transient: false });
    expect(classifyRejection(iqError('500', 'internal-server-error'), 'query')).toMatchObject({ code: 'SERVER_ERROR', transient: true });
    expect(classifyRejection(iqError('503', 'service-unavailable'), 'send')).toMatchObject({ code: 'SERVER_ERROR', transient: true });
    expect(classifyRejection(iqError('404', 'item-not-found'), 'send')).toMatchObject({ code: 'INVALID_JID', transient: false });
    expect(classifyRejection(iqError('406', 'not-acceptable'), 'send')).toMatchObject({ code: 'SEND_FAILED', transient: true });
  });

  it('errno failures: the network is NETWORK, a missing file is MEDIA_INVALID', () => {
    expect(classifyRejection(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }), 'send').code).toBe('NETWORK');
    expect(classifyRejection(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'send').code).toBe('NETWORK');
    expect(classifyRejection(Object.assign(new Error('no such file'), { code: 'ENOENT' }), 'send').code).toBe('MEDIA_INVALID');
  });

  it('a media upload timeout (fetch) happened before the message: TIMEOUT, retried', () => {
    const e = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(classifyRejection(e, 'send')).toMatchObject({ code: 'TIMEOUT', transient: true });
  });

  it('"All encryptions failed" (500) is a server-side style failure, retried', () => {
    expect(classifyRejection(new Boom('All encryptions failed', { statusCode: 500 }), 'send')).toMatchObject({ code: 'SERVER_ERROR', transient: true });
  });

  it('anything else stays UNKNOWN (never resent automatically); a ChannelSendError passes through', () => {
    expect(classifyRejection(new Error('something odd'), 'send')).toMatchObject({ code: 'UNKNOWN', transient: false });
    expect(classifyRejection(undefined, 'send').code).toBe('UNKNOWN');
    const own = new ChannelSendError('ABORTED');
    expect(classifyRejection(own, 'send')).toBe(own);
  });

  it('a number that is not a WebSocket close code is not "closed"', () => {
    expect(isSocketClosed(42)).toBe(false);
    expect(isSocketClosed(new Error('boom'))).toBe(false);
  });
});
