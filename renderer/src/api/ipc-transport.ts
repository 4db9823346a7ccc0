import type { Transport } from '../../../shared/api/client';
import { ErrorCodes } from '../../../shared/api/errors';
import type { RecadoBridge } from '../../../shared/api/bridge';
import { isMethodName } from '../../../shared/api/contract';

/** Desktop: the preload's one-function-per-channel bridge. */
export function createIpcTransport(bridge: RecadoBridge): Transport {
  return {
    async call(method, input) {
      if (!isMethodName(method)) {
        return { ok: false, error: { code: ErrorCodes.unknownMethod, message: 'Operação desconhecida.' } };
      }
      return bridge.invoke[method](input);
    },
    subscribe: (listener) => bridge.onEvent(listener),
    onStatus: () => () => {},
    status: () => 'connected',
  };
}
