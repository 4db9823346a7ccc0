export { computeRates, rangeRates, reachedOf, progressOf, bestVariation, variationLetter, MIN_SENDS_TO_COMPARE } from './rates';
export type { Rates, StateCounts, Progress, VariationCounts } from './rates';
export { DELIVERY_STATE_LABELS, SIMULATED_LABEL } from './labels';
