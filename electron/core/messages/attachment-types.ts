import { ApiError } from '../../../shared/api/errors';
import {
  TRANSPORT_MAX_ATTACHMENT_BYTES,
  WHATSAPP_ATTACHMENT_LIMITS,
  attachmentLimit,
  formatMegabytes,
  type AttachmentKind,
} from '../../../shared/api/methods/attachments';

/**
 * What a file really is. The extension says what the user meant, the first bytes say what the
 * file is; both must agree, so a renamed .exe never goes out as "foto.jpg".
 */
interface Format {
  kind: AttachmentKind;
  /** pt-BR name used in messages, e.g. "imagem JPG". */
  label: string;
  exts: readonly string[];
  mime: (ext: string) => string;
  test: (b: Buffer) => boolean;
}

const ascii = (b: Buffer, at: number, text: string) => b.length >= at + text.length && b.toString('latin1', at, at + text.length) === text;
const bytes = (b: Buffer, at: number, seq: number[]) => b.length >= at + seq.length && seq.every((v, i) => b[at + i] === v);
const ftypBrand = (b: Buffer): string | null => (ascii(b, 4, 'ftyp') ? b.toString('latin1', 8, 12) : null);

const OOXML_MIME: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};
const OLE_MIME: Record<string, string> = {
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
};

const FORMATS: readonly Format[] = [
  { kind: 'image', label: 'imagem JPG', exts: ['jpg', 'jpeg'], mime: () => 'image/jpeg', test: (b) => bytes(b, 0, [0xff, 0xd8, 0xff]) },
  { kind: 'image', label: 'imagem PNG', exts: ['png'], mime: () => 'image/png', test: (b) => bytes(b, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { kind: 'image', label: 'imagem WebP', exts: ['webp'], mime: () => 'image/webp', test: (b) => ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP') },
  {
    kind: 'video',
    label: 'vídeo MP4',
    exts: ['mp4'],
    mime: () => 'video/mp4',
    test: (b) => {
      const brand = ftypBrand(b);
      return brand !== null && brand !== 'qt  ' && !brand.startsWith('3g');
    },
  },
  { kind: 'video', label: 'vídeo 3GP', exts: ['3gp'], mime: () => 'video/3gpp', test: (b) => ftypBrand(b)?.startsWith('3g') ?? false },
  { kind: 'audio', label: 'áudio OGG', exts: ['ogg', 'opus'], mime: () => 'audio/ogg', test: (b) => ascii(b, 0, 'OggS') },
  {
    kind: 'audio',
    label: 'áudio MP3',
    exts: ['mp3'],
    mime: () => 'audio/mpeg',
    test: (b) => ascii(b, 0, 'ID3') || (b.length > 1 && b[0] === 0xff && (b[1] & 0xe0) === 0xe0),
  },
  { kind: 'audio', label: 'áudio M4A', exts: ['m4a'], mime: () => 'audio/mp4', test: (b) => ftypBrand(b) !== null },
  { kind: 'audio', label: 'áudio AAC', exts: ['aac'], mime: () => 'audio/aac', test: (b) => b.length > 1 && b[0] === 0xff && (b[1] & 0xf6) === 0xf0 },
  { kind: 'audio', label: 'áudio AMR', exts: ['amr'], mime: () => 'audio/amr', test: (b) => ascii(b, 0, '#!AMR') },
  { kind: 'document', label: 'PDF', exts: ['pdf'], mime: () => 'application/pdf', test: (b) => ascii(b, 0, '%PDF-') },
  {
    kind: 'document',
    label: 'documento do Office',
    exts: ['docx', 'xlsx', 'pptx'],
    mime: (ext) => OOXML_MIME[ext],
    test: (b) => bytes(b, 0, [0x50, 0x4b, 0x03, 0x04]),
  },
  {
    kind: 'document',
    label: 'documento do Office',
    exts: ['doc', 'xls', 'ppt'],
    mime: (ext) => OLE_MIME[ext],
    test: (b) => bytes(b, 0, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
  },
  {
    kind: 'document',
    label: 'arquivo de texto',
    exts: ['txt', 'csv'],
    mime: (ext) => (ext === 'csv' ? 'text/csv' : 'text/plain'),
    // Text has no signature; a NUL byte near the start means it is really binary.
    test: (b) => !b.subarray(0, 8192).includes(0),
  },
];

const SUPPORTED =
  'Use imagem (JPG, PNG ou WebP), vídeo (MP4 ou 3GP), áudio (OGG, MP3, M4A, AAC ou AMR) ou documento (PDF, Word, Excel, PowerPoint, TXT ou CSV).';

const KIND_LABEL: Record<AttachmentKind, string> = { image: 'Imagens', video: 'Vídeos', audio: 'Áudios', document: 'Documentos' };

export function extensionOf(fileName: string): string {
  return /\.([a-z0-9]+)$/i.exec(fileName.trim())?.[1]?.toLowerCase() ?? '';
}

/** Keeps only the base name and drops control characters (names come from the user's disk). */
export function cleanFileName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (clean || 'arquivo').slice(-255);
}

/** The kind a MIME type claims, where it makes a claim at all. */
function claimedKind(mimeType: string): AttachmentKind | null {
  const m = mimeType.trim().toLowerCase();
  if (!m || m === 'application/octet-stream') return null;
  const major = m.split('/')[0];
  if (major === 'image' || major === 'video' || major === 'audio') return major;
  return 'document';
}

export interface DetectedType {
  kind: AttachmentKind;
  /** Normalized from the detected format (the browser's guess is not trusted). */
  mimeType: string;
}

/**
 * Checks a file's extension, declared MIME type and first bytes against what WhatsApp takes,
 * and its size against the kind's limit. Throws an ApiError with a pt-BR explanation.
 */
export function detectAttachmentType(fileName: string, mimeType: string, data: Buffer): DetectedType {
  const ext = extensionOf(fileName);
  const candidates = FORMATS.filter((f) => f.exts.includes(ext));
  if (candidates.length === 0) {
    throw new ApiError('attachments.unsupported_type', `O WhatsApp não aceita arquivos ".${ext || '?'}" como anexo. ${SUPPORTED}`, { ext }, { ext: ext || '?' });
  }
  const expected = candidates[0];
  const kind = expected.kind;

  if (data.length === 0) {
    throw new ApiError('attachments.empty', `O arquivo "${fileName}" está vazio. Escolha outro arquivo.`, undefined, { file: fileName });
  }
  const limit = attachmentLimit(kind);
  if (data.length > limit) {
    const waLimit = WHATSAPP_ATTACHMENT_LIMITS[kind];
    const message =
      waLimit > TRANSPORT_MAX_ATTACHMENT_BYTES
        ? `O arquivo tem ${formatMegabytes(data.length)}. O WhatsApp aceita documentos de até ${formatMegabytes(waLimit)}, mas o Recado anexa arquivos de até ${formatMegabytes(TRANSPORT_MAX_ATTACHMENT_BYTES)}. Compacte o arquivo (por exemplo, salve o PDF em tamanho reduzido) ou coloque um link para ele na mensagem.`
        : `O arquivo tem ${formatMegabytes(data.length)}. ${KIND_LABEL[kind]} podem ter até ${formatMegabytes(waLimit)} no WhatsApp. Reduza o arquivo ou escolha outro.`;
    throw new ApiError('attachments.too_large', message, { size: data.length, limit }, {
      variant: waLimit > TRANSPORT_MAX_ATTACHMENT_BYTES ? 'transport' : 'whatsapp',
      kind,
      size: formatMegabytes(data.length),
      max: formatMegabytes(waLimit),
      transportMax: formatMegabytes(TRANSPORT_MAX_ATTACHMENT_BYTES),
    });
  }

  const format = candidates.find((f) => f.test(data));
  if (!format) {
    throw new ApiError(
      'attachments.type_mismatch',
      `O conteúdo de "${fileName}" não é de um(a) ${expected.label}, apesar da extensão ".${ext}". Salve o arquivo de novo no formato certo ou escolha outro.`,
      { ext },
      { variant: 'content', file: fileName, ext, kind },
    );
  }
  const claimed = claimedKind(mimeType);
  // Browsers mix up audio and video (an .ogg may come as video/ogg); images and documents they do not.
  const media = (k: AttachmentKind) => k === 'audio' || k === 'video';
  if (claimed && claimed !== kind && !(media(claimed) && media(kind))) {
    throw new ApiError(
      'attachments.type_mismatch',
      `O arquivo "${fileName}" diz ser do tipo ${mimeType}, mas a extensão ".${ext}" é de outro tipo. Salve o arquivo de novo no formato certo ou escolha outro.`,
      { ext, mimeType },
      { variant: 'mime', file: fileName, ext, mimeType },
    );
  }
  return { kind, mimeType: format.mime(ext) };
}
