import { normalizeKey } from './normalize';
import type { RenderContext } from './types';

/** Variables every contact has, whatever the list's columns. */
export const BUILTIN_VARIABLES = ['nome', 'primeiro_nome', 'telefone', 'saudacao', 'dia_semana', 'data'] as const;
export type BuiltinVariable = (typeof BUILTIN_VARIABLES)[number];

/** pt-BR labels for the editor's "insert variable" menu. */
export const BUILTIN_VARIABLE_LABELS: Record<BuiltinVariable, string> = {
  nome: 'Nome completo',
  primeiro_nome: 'Primeiro nome',
  telefone: 'Telefone',
  saudacao: 'Bom dia / Boa tarde / Boa noite',
  dia_semana: 'Dia da semana',
  data: 'Data de hoje (dd/mm/aaaa)',
};

const BUILTIN_SET = new Set<string>(BUILTIN_VARIABLES);
export function isBuiltinVariable(key: string): key is BuiltinVariable {
  return BUILTIN_SET.has(key);
}

const HONORIFICS = new Set(['sr', 'sra', 'srta', 'dr', 'dra']);

function titleCase(word: string): string {
  return word
    .toLocaleLowerCase('pt-BR')
    .replace(/(^|[-'’])(\p{L})/gu, (_m, sep: string, letter: string) => sep + letter.toLocaleUpperCase('pt-BR'));
}

/**
 * First name in title case: "MARIA DA SILVA" → "Maria", "  joão-pedro souza" → "João-Pedro".
 * Skips honorifics ("Dr. Carlos" → "Carlos") and stray symbols around the name.
 */
export function firstName(fullName: string | null | undefined): string {
  if (!fullName) return '';
  const words = String(fullName).trim().split(/\s+/);
  for (const w of words) {
    const core = w.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
    if (!core) continue;
    if (HONORIFICS.has(normalizeKey(core)) && words.length > 1) continue;
    return titleCase(core);
  }
  return '';
}

export interface TimeValues {
  saudacao: string;
  dia_semana: string;
  data: string;
}

function partsIn(now: Date, timeZone: string): Intl.DateTimeFormatPart[] {
  return new Intl.DateTimeFormat('pt-BR', {
    timeZone,
    weekday: 'long',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
}

/** Time-dependent built-ins in `timeZone` (falls back to São Paulo, then UTC, if invalid). */
export function timeValues(now: Date, timeZone: string): TimeValues {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) return { saudacao: '', dia_semana: '', data: '' };
  let parts: Intl.DateTimeFormatPart[] | null = null;
  for (const tz of [timeZone, 'America/Sao_Paulo', 'UTC']) {
    try {
      parts = partsIn(now, tz);
      break;
    } catch {
      // invalid zone name: try the next one
    }
  }
  if (!parts) return { saudacao: '', dia_semana: '', data: '' };
  const get = (type: Intl.DateTimeFormatPartTypes) => parts!.find((p) => p.type === type)?.value ?? '';
  const hour = Number(get('hour')) % 24;
  const saudacao = hour >= 5 && hour < 12 ? 'Bom dia' : hour >= 12 && hour < 18 ? 'Boa tarde' : 'Boa noite';
  return { saudacao, dia_semana: get('weekday'), data: `${get('day')}/${get('month')}/${get('year')}` };
}

/** Resolves variable keys for one contact; built lazily once per render. */
export class VariableResolver {
  private time: TimeValues | null = null;
  private fields: Map<string, string> | null = null;
  private known: Set<string> | null = null;

  constructor(private readonly ctx: RenderContext) {}

  private fieldMap(): Map<string, string> {
    if (!this.fields) {
      this.fields = new Map();
      const f = this.ctx.contact?.fields;
      if (f && typeof f === 'object') {
        for (const [k, v] of Object.entries(f)) {
          const key = normalizeKey(k);
          // First non-empty wins when two columns fold to the same key.
          if (!this.fields.get(key)) this.fields.set(key, v == null ? '' : String(v));
        }
      }
    }
    return this.fields;
  }

  /** Trimmed value, '' when empty, `undefined` when this variable does not exist at all. */
  value(key: string): string | undefined {
    const c = this.ctx.contact ?? {};
    let v: string | undefined;
    switch (key) {
      case 'nome':
        v = c.name ?? '';
        break;
      case 'primeiro_nome':
        v = c.firstName || firstName(c.name);
        break;
      case 'telefone':
        v = c.phone ?? '';
        break;
      case 'saudacao':
      case 'dia_semana':
      case 'data':
        this.time ??= timeValues(this.ctx.now, this.ctx.timeZone);
        v = this.time[key];
        break;
    }
    v = v == null ? undefined : String(v).trim();
    if (v) return v;
    const field = this.fieldMap().get(key);
    if (field !== undefined) return field.trim();
    if (v !== undefined) return v;
    this.known ??= new Set((this.ctx.knownVariables ?? []).map(normalizeKey));
    return this.known.has(key) ? '' : undefined;
  }
}
