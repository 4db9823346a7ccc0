import type { CallMessage, EventMessage, ReplyMessage } from '../../../shared/api/wire';

/**
 * The protocol between the Electron main process and the core's utility process.
 * Main sends `init` once, then calls, then `shutdown`; the core answers `ready` or `fatal`,
 * then replies and pushed events. Everything travels by structured clone.
 */
export interface InitMessage {
  type: 'init';
  dataDir: string;
  /** The 32-byte SecretBox data key, base64 (unwrapped by main with safeStorage). */
  secretKey: string;
  /** pt-BR warning when the key is only weakly protected (e.g. Linux without a keyring). */
  secretWarning: string | null;
}

export interface ShutdownMessage {
  type: 'shutdown';
}

export interface ReadyMessage {
  type: 'ready';
}

/** The core could not start; `message` is pt-BR and meant for a dialog. */
export interface FatalMessage {
  type: 'fatal';
  code: string;
  message: string;
}

export type MainToCore = InitMessage | CallMessage | ShutdownMessage;
export type CoreToMain = ReadyMessage | FatalMessage | ReplyMessage | EventMessage;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function isInitMessage(value: unknown): value is InitMessage {
  return (
    isRecord(value) &&
    value.type === 'init' &&
    typeof value.dataDir === 'string' &&
    value.dataDir.length > 0 &&
    typeof value.secretKey === 'string' &&
    (value.secretWarning === null || typeof value.secretWarning === 'string')
  );
}

export function isCallMessage(value: unknown): value is CallMessage {
  return isRecord(value) && value.type === 'call' && Number.isInteger(value.id) && typeof value.method === 'string';
}

/** Validates what the utility process sends back before main trusts its shape. */
export function isCoreToMain(value: unknown): value is CoreToMain {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'ready':
      return true;
    case 'fatal':
      return typeof value.code === 'string' && typeof value.message === 'string';
    case 'reply':
      return Number.isInteger(value.id) && isRecord(value.reply) && typeof value.reply.ok === 'boolean';
    case 'event':
      return typeof value.name === 'string';
    default:
      return false;
  }
}
