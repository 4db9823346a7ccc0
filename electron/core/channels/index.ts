/** Sending channels: the common interface, error codes, and the Simulator. */
export type {
  Channel,
  ChannelKind,
  ChannelState,
  ChannelStatus,
  ChannelEvents,
  Attachment,
  OutgoingMessage,
  SendResult,
  CheckResult,
  ReceiptEvent,
  InboundEvent,
  SignalEvent,
  Unsubscribe,
} from './types';
export { ChannelSendError, CHANNEL_ERRORS, isChannelErrorCode, isChannelSendError, type ChannelErrorCode } from './errors';
export { TypedEmitter } from './emitter';
export { jidFromDigits, digitsFromJid, e164FromJid } from './jid';
export * from './simulator';
