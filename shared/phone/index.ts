export { normalizePhone, normalizePhoneLite, PHONE_FAIL_MESSAGES } from './normalize';
export type { PhoneResult, PhoneOk, PhoneFail, PhoneFailReason, PhoneKind, PhoneLite, NormalizeOptions, CountryCode } from './normalize';
export { formatPhone } from './format';
export { waCandidatesFor, isValidDdd } from './brazil';
