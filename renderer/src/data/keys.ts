import type { MethodInput, MethodName } from '../../../shared/api/contract';

/**
 * A cached API answer is keyed by the contract's method name and its input, e.g.
 * `['campaigns.runState', { id: 3 }]`. The name is typed from the contract, so a misspelled
 * method does not compile. A key is also a prefix: `['results.campaign']` covers every campaign,
 * and `['campaigns.deliveries', { id: 3 }]` every page and filter of campaign 3 (TanStack matches
 * object inputs partially).
 */
export type ApiQueryKey<M extends MethodName = MethodName> = readonly [M] | readonly [M, Partial<Exclude<MethodInput<M>, undefined>>];

/** The key of one method call; without an input, the prefix of all its calls. */
export function apiKey<M extends MethodName>(method: M, input?: Partial<Exclude<MethodInput<M>, undefined>>): ApiQueryKey<M> {
  return input === undefined ? [method] : [method, input];
}
