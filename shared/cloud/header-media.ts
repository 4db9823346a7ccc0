/**
 * What the Cloud API takes as a template's header media (Meta's "supported media types"): stricter
 * than WhatsApp Web attachments (no WebP images, no CSV documents). Shared by the wizard's file
 * picker, the core's start check and the Graph stand-in.
 */

export type HeaderMediaKind = 'image' | 'video' | 'document';

const MB = 1024 * 1024;

export type HeaderMediaRules = Record<HeaderMediaKind, { mimeTypes: readonly string[]; extensions: readonly string[]; maxBytes: number }>;

export const CLOUD_HEADER_MEDIA: HeaderMediaRules = {
  image: { mimeTypes: ['image/jpeg', 'image/png'], extensions: ['jpg', 'jpeg', 'png'], maxBytes: 5 * MB },
  video: { mimeTypes: ['video/mp4', 'video/3gpp'], extensions: ['mp4', '3gp'], maxBytes: 16 * MB },
  document: {
    mimeTypes: [
      'application/pdf',
      'text/plain',
      'application/msword',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.ms-excel',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/vnd.ms-powerpoint',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ],
    extensions: ['pdf', 'txt', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx'],
    maxBytes: 100 * MB,
  },
};

/**
 * The sample a new template's media header is reviewed with goes up through Graph's resumable
 * upload, whose guide names only these types: narrower than what a campaign may send.
 */
export const TEMPLATE_SAMPLE_MEDIA: HeaderMediaRules = {
  image: CLOUD_HEADER_MEDIA.image,
  video: { mimeTypes: ['video/mp4'], extensions: ['mp4'], maxBytes: CLOUD_HEADER_MEDIA.video.maxBytes },
  document: { mimeTypes: ['application/pdf'], extensions: ['pdf'], maxBytes: CLOUD_HEADER_MEDIA.document.maxBytes },
};

/** The kind Graph files an uploaded MIME type under, or null when the Cloud API refuses it. */
export function cloudMediaKindOf(mimeType: string): HeaderMediaKind | null {
  const m = mimeType.toLowerCase().split(';')[0].trim();
  for (const kind of Object.keys(CLOUD_HEADER_MEDIA) as HeaderMediaKind[]) if (CLOUD_HEADER_MEDIA[kind].mimeTypes.includes(m)) return kind;
  return null;
}

export type HeaderMediaProblem = 'kind' | 'type' | 'size';

/** Why a file cannot be the header of a template whose header is `kind`, or null when it can. */
export function headerMediaProblem(kind: HeaderMediaKind, file: { kind: string; mimeType: string; size: number }, rules: HeaderMediaRules = CLOUD_HEADER_MEDIA): HeaderMediaProblem | null {
  if (file.kind !== kind) return 'kind';
  if (!rules[kind].mimeTypes.includes(file.mimeType.toLowerCase().split(';')[0].trim())) return 'type';
  if (file.size > rules[kind].maxBytes) return 'size';
  return null;
}

/** The pt-BR sentence for a problem (the core's start check and error messages). */
export function headerMediaProblemText(kind: HeaderMediaKind, problem: HeaderMediaProblem, templateName: string, rules: HeaderMediaRules = CLOUD_HEADER_MEDIA): string {
  const what = kind === 'image' ? 'uma imagem' : kind === 'video' ? 'um vídeo' : 'um documento';
  const types = rules[kind].extensions.map((e) => e.toUpperCase()).join(', ');
  if (problem === 'kind') return `O cabeçalho do modelo "${templateName}" pede ${what}: escolha um arquivo desse tipo.`;
  if (problem === 'type') return `A API oficial aceita no cabeçalho só estes formatos: ${types}. Escolha outro arquivo para o modelo "${templateName}".`;
  return `O arquivo do cabeçalho do modelo "${templateName}" passa do limite de ${rules[kind].maxBytes / MB} MB da API oficial. Escolha um arquivo menor.`;
}
