/**
 * A path the user picked in the desktop app's native save dialog (the main process adds it as
 * `target`; the window itself can never choose one). Browser mode downloads files instead.
 */
import path from 'node:path';
import { ApiError } from '../../../shared/api/errors';
import type { CoreContext } from '../context';

export function chosenSaveTarget(mode: CoreContext['mode'], target: string, ext: string, code = 'files.target_not_allowed'): string {
  if (mode === 'browser') {
    throw new ApiError(code, 'No modo navegador o arquivo é baixado pelo navegador; não é possível escolher uma pasta do computador por aqui.', undefined, { variant: 'browser' });
  }
  if (!path.isAbsolute(target)) throw new ApiError(code, 'Escolha uma pasta válida para salvar o arquivo.', undefined, { variant: 'path' });
  return target.toLowerCase().endsWith(ext) ? target : `${target}${ext}`;
}
