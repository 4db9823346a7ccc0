import { z } from 'zod';

export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
}

/** Declares one request: its input is validated by the core, its output types the client. */
export function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O): MethodSpec<I, O> {
  return { input, output };
}

/** Input of a request that takes no arguments. */
export const none = z.undefined().or(z.object({}).strict()).optional();
