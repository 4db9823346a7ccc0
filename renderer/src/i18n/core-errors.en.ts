/**
 * English for every error code the core answers with (`core-errors.test.ts` checks none is
 * missing). `{name}` placeholders are the error's `params`; plural/select as in format.ts.
 */
export const coreErrorsEn: Record<string, string> = {
};
