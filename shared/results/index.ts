export { computeRates, rangeRates, reachedOf, funnelOf, progressOf, bestVariation, variationLetter, MIN_SENDS_TO_COMPARE } from './rates';
export type { Funnel, Rates, StateCounts, Progress, VariationCounts } from './rates';
export { DELIVERY_STATE_LABELS, SIMULATED_LABEL } from './labels';
