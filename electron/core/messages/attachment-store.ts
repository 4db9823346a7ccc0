import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/open';
import { ApiError } from '../../../shared/api/errors';
import { WHATSAPP_ATTACHMENT_LIMITS, type AttachmentInfo } from '../../../shared/api/methods/attachments';
import type { AttachmentRef } from '../../../shared/campaigns/schema';
import { cleanFileName, detectAttachmentType } from './attachment-types';

export const ATTACHMENTS_DIR = 'attachments';
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

interface AttachmentRow {
  sha256: string;
  kind: AttachmentRef['kind'];
  mime_type: string;
  size: number;
  file_name: string;
}

export interface AddAttachmentInput {
  fileName: string;
  mimeType: string;
  data: Buffer;
  voiceNote?: boolean;
}

/** Decodes the renderer's base64 payload, refusing anything that is not clean base64. */
export function decodeBase64(dataBase64: string): Buffer {
  const clean = dataBase64.replace(/^data:[^,]*,/, '');
  if (clean.length % 4 !== 0 || !BASE64.test(clean)) {
    throw new ApiError('attachments.bad_data', 'O arquivo chegou incompleto ou corrompido. Tente anexar de novo.');
  }
  return Buffer.from(clean, 'base64');
}

/**
 * Attachments live in <dataDir>/attachments/<sha256>: the same file attached twice is stored
 * once, and a campaign refers to it by hash, so renaming or moving the original changes nothing.
 */
export class AttachmentStore {
  readonly dir: string;

  constructor(
    private readonly db: Db,
    dataDir: string,
  ) {
    this.dir = path.join(dataDir, ATTACHMENTS_DIR);
  }

  filePath(sha256: string): string {
    if (!/^[a-f0-9]{64}$/.test(sha256)) throw new ApiError('attachments.not_found', 'Anexo não encontrado.');
    return path.join(this.dir, sha256);
  }

  add(input: AddAttachmentInput): AttachmentRef {
    const fileName = cleanFileName(input.fileName);
    const { kind, mimeType } = detectAttachmentType(fileName, input.mimeType, input.data);
    const sha256 = crypto.createHash('sha256').update(input.data).digest('hex');
    const target = this.filePath(sha256);
    if (!fs.existsSync(target)) this.writeAtomically(target, input.data);
    this.db
      .prepare('INSERT OR IGNORE INTO attachments (sha256, kind, mime_type, size, file_name, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(sha256, kind, mimeType, input.data.length, fileName, Date.now());
    const ref: AttachmentRef = { sha256, kind, fileName, mimeType, size: input.data.length };
    if (kind === 'audio' && input.voiceNote) ref.voiceNote = true;
    return ref;
  }

  /** Temp file + fsync + rename: a crash never leaves a half-written file under a valid hash. */
  private writeAtomically(target: string, data: Buffer): void {
    fs.mkdirSync(this.dir, { recursive: true });
    const tmp = path.join(this.dir, `.tmp-${process.pid}-${crypto.randomBytes(6).toString('hex')}`);
    try {
      const fd = fs.openSync(tmp, 'wx');
      try {
        fs.writeSync(fd, data);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tmp, target);
    } catch (err) {
      fs.rmSync(tmp, { force: true });
      throw new ApiError('attachments.write_failed', 'Não foi possível salvar o anexo na pasta de dados. Verifique se há espaço em disco e tente de novo.', {
        cause: (err as Error).message,
      });
    }
  }

  get(sha256: string): AttachmentInfo {
    const file = this.filePath(sha256);
    const row = this.db.prepare<[string], AttachmentRow>('SELECT * FROM attachments WHERE sha256 = ?').get(sha256);
    const exists = fs.existsSync(file);
    if (!row) throw new ApiError('attachments.not_found', 'Este anexo não existe mais. Anexe o arquivo de novo.');
    let dataUrl: string | null = null;
    if (exists && row.kind === 'image' && row.size <= WHATSAPP_ATTACHMENT_LIMITS.image) {
      dataUrl = `data:${row.mime_type};base64,${fs.readFileSync(file).toString('base64')}`;
    }
    return { sha256, kind: row.kind, mimeType: row.mime_type, size: row.size, fileName: row.file_name, dataUrl, exists };
  }

  /** The stored bytes, for the sender. */
  read(sha256: string): Buffer {
    try {
      return fs.readFileSync(this.filePath(sha256));
    } catch {
      throw new ApiError('attachments.missing_file', 'O arquivo anexado não está mais na pasta de dados do Recado. Anexe-o de novo na campanha.');
    }
  }
}
