import { appendOptOut, type OptOutOptions } from './opt-out';
import { renderTemplate } from './render';
import type { RenderContext, TemplateAst } from './types';

/**
 * The text one contact receives: the template rendered for them with the seed, then the opt-out
 * footer. The one builder behind the editor's preview, the test send and the send loop, so the
 * preview shows what is sent. `optOut: null` adds no footer (a group message: nobody leaves a
 * group by replying SAIR in it).
 */
export function renderMessageText(template: string | TemplateAst, ctx: RenderContext, seed: number | string, optOut: OptOutOptions | null): string {
  const { text } = renderTemplate(template, ctx, seed);
  return optOut ? appendOptOut(text, optOut) : text;
}
