import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../../shared/api/errors';
import { UPLOAD_CHUNK_BYTES, UPLOAD_MAX_BYTES, type UploadPurpose } from '../../../shared/api/methods/uploads';

/**
 * Files sent by the UI in chunks over the API (the renderer has no file paths in browser mode,
 * so IPC and WebSocket share one path). Each upload lives in `<dir>/<id>/<file name>`: the
 * name is kept because the importer reads the extension and reports the file name.
 */

export interface UploadLimits {
  maxBytes: number;
  chunkBytes: number;
  /** Uploads idle longer than this are dropped. */
  idleMs: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxBytes: UPLOAD_MAX_BYTES,
  chunkBytes: UPLOAD_CHUNK_BYTES,
  // An abandoned wizard (tab closed after the preview) should not leave a spreadsheet of
  // personal data lying around for long; a running import holds its file.
  idleMs: 2 * 60 * 60_000,
};

/** How often a running app looks for abandoned uploads. */
export const SWEEP_EVERY_MS = 10 * 60_000;

interface Entry {
  id: string;
  fileName: string;
  file: string;
  size: number;
  received: number;
  done: boolean;
  touchedAt: number;
  /** Imports reading the file right now: never swept. */
  holds: number;
}

const MB = 1024 * 1024;

function mb(bytes: number): string {
  return `${Math.ceil(bytes / MB).toLocaleString('pt-BR')} MB`;
}

/** A file name safe on every OS, keeping the extension the importer looks at. */
export function safeFileName(name: string): string {
  const base = path.basename(String(name).replace(/\\/g, '/'));
  // eslint-disable-next-line no-control-regex
  let clean = base.replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_').replace(/^\.+/, '').trim();
  if (clean.length > 120) {
    const ext = path.extname(clean).slice(0, 10);
    clean = clean.slice(0, 120 - ext.length) + ext;
  }
  return clean || 'arquivo';
}

function notFound(): ApiError {
  return new ApiError('uploads.not_found', 'O arquivo enviado não está mais disponível. Escolha o arquivo de novo.');
}

export class UploadStore {
  private readonly entries = new Map<string, Entry>();

  constructor(
    readonly dir: string,
    private readonly limits: UploadLimits = DEFAULT_UPLOAD_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Removes every upload, including leftovers from a previous run. */
  clear(): void {
    this.entries.clear();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /**
   * A spreadsheet (`import`) is capped at `maxBytes`. A backup (`restore`) is as large as the data
   * it holds, so it has no cap, but needs room for itself and for what it extracts (twice over).
   */
  begin(fileName: string, size: number, purpose: UploadPurpose = 'import'): { uploadId: string; chunkBytes: number } {
    this.sweep();
    if (purpose === 'import' && size > this.limits.maxBytes) {
      throw new ApiError(
        'uploads.too_large',
        `O arquivo tem ${mb(size)} e o limite é ${mb(this.limits.maxBytes)}. Divida a planilha em partes ou salve só as colunas necessárias como CSV.`,
        { size, maxBytes: this.limits.maxBytes },
        { size: mb(size), max: mb(this.limits.maxBytes) },
      );
    }
    fs.mkdirSync(this.dir, { recursive: true });
    this.assertSpace(size, purpose === 'restore' ? size * 3 : size);
    const id = crypto.randomBytes(16).toString('hex');
    const name = safeFileName(fileName);
    const folder = path.join(this.dir, id);
    fs.mkdirSync(folder);
    const file = path.join(folder, name);
    fs.writeFileSync(file, '');
    this.entries.set(id, { id, fileName: name, file, size, received: 0, done: false, touchedAt: this.now(), holds: 0 });
    return { uploadId: id, chunkBytes: this.limits.chunkBytes };
  }

  chunk(uploadId: string, offset: number, data: Buffer): { received: number } {
    const e = this.entries.get(uploadId);
    if (!e || e.done) throw notFound();
    if (data.length > this.limits.chunkBytes) {
      throw new ApiError('uploads.chunk_too_large', 'Parte do arquivo maior que o permitido. Atualize o Recado e tente de novo.');
    }
    if (offset !== e.received) {
      throw new ApiError('uploads.out_of_order', 'O envio do arquivo se perdeu no meio do caminho. Escolha o arquivo e tente de novo.', {
        expected: e.received,
        offset,
      });
    }
    if (e.received + data.length > e.size) {
      throw new ApiError('uploads.too_much', 'O arquivo ficou maior do que o informado no início do envio. Tente de novo.');
    }
    fs.appendFileSync(e.file, data);
    e.received += data.length;
    e.touchedAt = this.now();
    return { received: e.received };
  }

  finish(uploadId: string): { fileId: string; fileName: string; size: number } {
    const e = this.entries.get(uploadId);
    if (!e || e.done) throw notFound();
    if (e.received !== e.size) {
      throw new ApiError('uploads.incomplete', `O envio do arquivo não terminou (${mb(e.received)} de ${mb(e.size)}). Tente de novo.`, undefined, {
        received: mb(e.received),
        size: mb(e.size),
      });
    }
    e.done = true;
    e.touchedAt = this.now();
    return { fileId: e.id, fileName: e.fileName, size: e.size };
  }

  /** Path of a finished upload. */
  pathOf(fileId: string): { file: string; fileName: string } {
    const e = this.entries.get(fileId);
    if (!e || !e.done || !fs.existsSync(e.file)) throw notFound();
    e.touchedAt = this.now();
    return { file: e.file, fileName: e.fileName };
  }

  /** Keeps a finished upload from being swept while it is read; call the result to let go. */
  hold(fileId: string): () => void {
    const e = this.entries.get(fileId);
    if (!e) return () => {};
    e.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      e.holds--;
      e.touchedAt = this.now();
    };
  }

  /** Sweeps abandoned uploads every `everyMs` until the returned function is called. */
  startSweeping(everyMs = SWEEP_EVERY_MS): () => void {
    const timer = setInterval(() => {
      try {
        this.sweep();
      } catch {
        // A file held open elsewhere (Windows): the next round tries again.
      }
    }, everyMs);
    timer.unref?.();
    return () => clearInterval(timer);
  }

  remove(uploadId: string): void {
    this.entries.delete(uploadId);
    if (/^[a-f0-9]{32}$/.test(uploadId)) fs.rmSync(path.join(this.dir, uploadId), { recursive: true, force: true });
  }

  /** Drops uploads nobody touched for a while (an abandoned wizard). */
  sweep(): void {
    const limit = this.now() - this.limits.idleMs;
    for (const e of [...this.entries.values()]) if (e.holds === 0 && e.touchedAt < limit) this.remove(e.id);
  }

  private assertSpace(size: number, needed: number): void {
    let free: number;
    try {
      const s = fs.statfsSync(this.dir);
      free = s.bavail * s.bsize;
    } catch {
      return; // unknown: the write itself will fail clearly
    }
    if (free < needed + 64 * MB) {
      throw new ApiError('uploads.no_space', `Falta espaço em disco para receber o arquivo (${mb(size)}). Libere espaço e tente de novo.`, { free, size }, { size: mb(size) });
    }
  }
}
