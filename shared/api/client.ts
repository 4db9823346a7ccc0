import { ApiError, ErrorCodes, isApiErrorShape } from './errors';
import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput, Methods } from './contract';
import type { Reply } from './wire';

/** What a transport must provide; the UI never sees which one it got. */
export interface Transport {
  call(method: string, input: unknown): Promise<Reply>;
  subscribe(listener: (name: string, payload: unknown) => void): () => void;
  /** Connection state for the status bar. IPC is always 'connected'. */
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  status(): ConnectionStatus;
}

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';

type Namespace<K> = K extends `${infer N}.${string}` ? N : never;
type Member<K, N extends string> = K extends `${N}.${infer M}` ? M : never;
type Args<K extends MethodName> = undefined extends MethodInput<K> ? [input?: MethodInput<K>] : [input: MethodInput<K>];

/** `api.settings.update({...})` style access, typed from the contract. */
export type Api = {
  [N in Namespace<MethodName>]: {
    [M in Member<MethodName, N>]: `${N}.${M}` extends infer K extends MethodName
      ? (...args: Args<K>) => Promise<MethodOutput<K>>
      : never;
  };
} & {
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
  call<K extends MethodName>(method: K, ...args: Args<K>): Promise<MethodOutput<K>>;
  transport: Transport;
};

export function createApi(transport: Transport): Api {
  const call = async (method: string, input: unknown): Promise<unknown> => {
    const reply = await transport.call(method, input);
    if (reply.ok) return reply.result;
    throw isApiErrorShape(reply.error)
      ? ApiError.from(reply.error)
      : new ApiError(ErrorCodes.internal, 'Erro inesperado no Recado.');
  };

  const on = (name: string, listener: (payload: unknown) => void) =>
    transport.subscribe((eventName, payload) => {
      if (eventName === name) listener(payload);
    });

  const namespaces = new Map<string, unknown>();
  return new Proxy({} as Api, {
    get(_target, prop) {
      if (prop === 'on') return on;
      if (prop === 'call') return call;
      if (prop === 'transport') return transport;
      if (typeof prop !== 'string' || prop === 'then') return undefined;
      let ns = namespaces.get(prop);
      if (!ns) {
        ns = new Proxy(
          {},
          {
            get(_t, member) {
              if (typeof member !== 'string' || member === 'then') return undefined;
              return (input?: unknown) => call(`${prop}.${member}`, input);
            },
          },
        );
        namespaces.set(prop, ns);
      }
      return ns;
    },
  });
}

export type { Methods };
