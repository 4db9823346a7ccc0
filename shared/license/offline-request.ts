// Offline activation request code: what the buyer sends to the seller when the
// PC cannot reach the license server. base64url(JSON {v,key,machineId}) + "." +
// CRC-32 (hex) so a truncated or mangled paste is caught before the seller
// signs anything. Not a secret channel: it carries the key the buyer already has.
// Pure (no Node APIs): TextEncoder/btoa exist in browsers and Node 20.
import { validateKeyFormat } from './key-format';

const PREFIX = 'RCDREQ1';

export interface OfflineRequest {
  key: string;
  machineId: string;
}

export type OfflineRequestResult = ({ ok: true } & OfflineRequest) | { ok: false; reason: 'format' | 'checksum' | 'key' | 'machine' };

/** Shape of a machine id accepted by the server (machineId() yields 32 hex chars). */
export const MACHINE_ID_PATTERN = /^[A-Za-z0-9_-]{8,128}$/;

let crcTable: Uint32Array | null = null;
function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of bytes) crc = crcTable[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export function createOfflineRequestCode(request: OfflineRequest): string {
  const key = validateKeyFormat(request.key);
  if (!key.ok) throw new Error('createOfflineRequestCode: invalid key format');
  if (!MACHINE_ID_PATTERN.test(request.machineId)) throw new Error('createOfflineRequestCode: invalid machine id');
  const bytes = new TextEncoder().encode(JSON.stringify({ v: 1, key: key.normalized, machineId: request.machineId }));
  const body = toBase64Url(bytes);
  return `${PREFIX}.${body}.${crc32(new TextEncoder().encode(body)).toString(16).padStart(8, '0')}`;
}

export function parseOfflineRequestCode(code: string): OfflineRequestResult {
  // Mail clients wrap long lines: ignore any whitespace inside the code.
  const parts = String(code).replace(/\s+/g, '').split('.');
  if (parts.length !== 3 || parts[0] !== PREFIX || !/^[A-Za-z0-9_-]+$/.test(parts[1]) || !/^[0-9a-fA-F]{8}$/.test(parts[2])) {
    return { ok: false, reason: 'format' };
  }
  if (crc32(new TextEncoder().encode(parts[1])) !== parseInt(parts[2], 16)) return { ok: false, reason: 'checksum' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(fromBase64Url(parts[1])));
  } catch {
    return { ok: false, reason: 'format' };
  }
  const { key, machineId } = (parsed ?? {}) as { key?: unknown; machineId?: unknown };
  const keyCheck = validateKeyFormat(typeof key === 'string' ? key : '');
  if (!keyCheck.ok) return { ok: false, reason: 'key' };
  if (typeof machineId !== 'string' || !MACHINE_ID_PATTERN.test(machineId)) return { ok: false, reason: 'machine' };
  return { ok: true, key: keyCheck.normalized, machineId };
}
