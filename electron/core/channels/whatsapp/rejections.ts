/**
 * What a rejection from the Baileys 7 socket means for us: which {@link ChannelErrorCode}, and
 * above all whether the message could have left. The shapes, from Baileys' own source:
 *
 * - a bare WebSocket close code (a number such as 1005 or 1006): a query waiting for its answer
 *   hears the socket close (`waitForMessage` rejects with the `close` event's first argument);
 * - `Boom('Connection Closed', 428)`: writing to a socket that is not open, or waiting on one;
 * - the close errors of `lastDisconnect` ("Connection Terminated", "Connection was lost",
 *   "Stream Errored (…)", "Connection Failure", "Intentional Logout", "WebSocket Error (…)"…),
 *   each a Boom with a close status (428, 408, 440, 401, 515, 503, 429, 403…);
 * - `Error('WebSocket is not open: readyState 2 (CLOSING)')` from `ws.send` on a closing socket,
 *   and `ws` protocol errors (`code: 'WS_ERR_…'`), after which the socket closes;
 * - `Boom('Cannot proceed: socket is not authenticated yet…', 401)` before login;
 * - `Boom('Timed Out', 408)` from `promiseTimeout`: a write whose callback never came;
 * - `Boom(text, { data: code })` from `assertNodeErrorFree`: WhatsApp answered a query with an
 *   `<error code=…>` (status 500 by default; the real code is in `data`, e.g. 429 rate-overlimit);
 * - plain errors with an errno (`ECONNRESET`, `EPIPE`…) and file errors (`ENOENT`) from media.
 *
 * A send is rejected only before Baileys wrote the message to the socket (after the write it
 * resolves), so every "socket closed" shape means the message did not leave: NOT_CONNECTED,
 * retried later, nothing counted. The one send failure that may come after the bytes left is a
 * write that timed out: that one is uncertain (never retried automatically).
 */
import { ChannelSendError, type ChannelErrorCode } from '../errors';

/** Where the rejection came from: a lookup (nothing to send) or a message on its way out. */
export type RejectionPhase = 'query' | 'send';

/** Messages of the errors Baileys ends a socket with (`lastDisconnect.error`) or rejects with once it is closed. */
const CLOSED_MESSAGE =
  /^(Connection Closed|Connection Terminated|Connection was lost|Stream Errored|Connection Failure|Intentional Logout|QR refs attempts ended|Multi-device beta not joined|WebSocket Error|WebSocket is not open|Cannot proceed: socket is not authenticated|Not authenticated)/i;

const NETWORK_ERRNOS = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'ECONNABORTED']);
const FILE_ERRNOS = new Set(['ENOENT', 'EACCES', 'EISDIR', 'EPERM']);

/** Wording for a connection that dropped in the middle of the work (default NOT_CONNECTED text says "not connected"). */
export const DROPPED_MESSAGE: Record<RejectionPhase, string> = {
  query: 'A conexão com o WhatsApp caiu durante a verificação do número. Nada foi enviado; o Recado tenta de novo quando o número reconectar.',
  send: 'A conexão com o WhatsApp caiu antes de a mensagem sair. Ela não foi enviada e sai quando o número reconectar.',
};

/** Wording while the number waits to reconnect by itself (nothing for the user to press). */
export const RECONNECTING_MESSAGE = 'O número está reconectando ao WhatsApp. Nada foi enviado; o envio continua quando a conexão voltar.';

const WRITE_TIMEOUT_MESSAGE =
  'O WhatsApp não confirmou a saída da mensagem a tempo; ela pode ter saído. Para evitar mensagem em dobro, ela não será reenviada automaticamente.';

interface Shape {
  message?: unknown;
  code?: unknown;
  data?: unknown;
  isBoom?: unknown;
  output?: { statusCode?: unknown };
}

function statusOf(e: Shape | undefined): number | undefined {
  const s = e?.output?.statusCode;
  return typeof s === 'number' ? s : undefined;
}

/** True for a WebSocket close code (RFC 6455: 1000–4999) handed over as the rejection itself. */
function isWsCloseCode(err: unknown): err is number {
  return typeof err === 'number' && Number.isInteger(err) && err >= 1000 && err <= 4999;
}

/**
 * True when the rejection means the socket closed (or was never open): the operation did not
 * reach WhatsApp, or its answer can no longer come. See the module comment for the shapes.
 */
export function isSocketClosed(err: unknown): boolean {
  if (isWsCloseCode(err)) return true;
  const e = err as Shape | undefined;
  if (!e || typeof e !== 'object') return false;
  if (typeof e.code === 'string' && e.code.startsWith('WS_ERR_')) return true;
  const message = typeof e.message === 'string' ? e.message : '';
  return CLOSED_MESSAGE.test(message);
}

/** An `<error code=N>` answer to a query (`assertNodeErrorFree`): the code is in `data`. */
function iqErrorCode(e: Shape | undefined): number | undefined {
  return e?.isBoom === true && typeof e.data === 'number' && Number.isInteger(e.data) ? e.data : undefined;
}

/** A `promiseTimeout` rejection: the Boom Baileys builds is 408 "Timed Out". */
function isTimedOut(e: Shape | undefined): boolean {
  return statusOf(e) === 408 && typeof e?.message === 'string' && /^timed out$/i.test(e.message);
}

/**
 * Classifies a rejection from the socket. `phase` matters for timeouts only: a query that timed
 * out can be asked again, a message whose write timed out may have left.
 */
export function classifyRejection(err: unknown, phase: RejectionPhase): ChannelSendError {
  if (err instanceof ChannelSendError) return err;
  const e = (err && typeof err === 'object' ? err : undefined) as Shape | undefined;
  const status = statusOf(e);
  const iq = iqErrorCode(e);
  const errno = typeof e?.code === 'string' ? e.code : undefined;
  const detail = isWsCloseCode(err) ? `ws_${err}` : iq !== undefined ? String(iq) : status !== undefined ? String(status) : errno;
  const make = (code: ChannelErrorCode, extra: { transient?: boolean; message?: string } = {}) =>
    new ChannelSendError(code, { ...(detail !== undefined ? { detail } : {}), ...extra, cause: err });

  if (errno && FILE_ERRNOS.has(errno)) return make('MEDIA_INVALID');
  if (errno && NETWORK_ERRNOS.has(errno)) return make('NETWORK');
  if (isSocketClosed(err)) {
    // The session itself is gone: the number must be linked again (the close policy wipes it).
    if ((status === 401 || status === 411) && /^(Stream Errored|Connection Failure|Intentional Logout|Multi-device)/i.test(String(e?.message))) return make('LOGGED_OUT');
    return make('NOT_CONNECTED', { message: DROPPED_MESSAGE[phase] });
  }
  if (isTimedOut(e)) return phase === 'send' ? make('UNKNOWN', { message: WRITE_TIMEOUT_MESSAGE }) : make('TIMEOUT');
  // WhatsApp refused a query (device list, pre-keys, lookup): nothing was sent.
  if (iq !== undefined) return byStatus(iq, make) ?? make('SEND_FAILED');
  const message = typeof e?.message === 'string' ? e.message : '';
  if (/rate.?overlimit/i.test(message)) return make('RATE_LIMITED');
  if (status !== undefined) {
    const known = byStatus(status, make);
    if (known) return known;
  }
  // Other timeouts (a media upload, a lookup) happen before the message is written.
  if (/timed? ?out/i.test(message)) return make('TIMEOUT');
  return make('UNKNOWN');
}

function byStatus(status: number, make: (code: ChannelErrorCode, extra?: { transient?: boolean }) => ChannelSendError): ChannelSendError | null {
  switch (status) {
    case 401:
      return make('LOGGED_OUT');
    case 403:
      return make('SEND_FAILED', { transient: false });
    case 408:
      return make('TIMEOUT');
    case 428:
      return make('NOT_CONNECTED');
    case 429:
      return make('RATE_LIMITED');
    case 463:
      return make('RESTRICTED');
    case 400:
    case 404:
      return make('INVALID_JID');
  }
  return status >= 500 ? make('SERVER_ERROR') : null;
}
