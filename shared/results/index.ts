export { computeRates, rangeRates, reachedOf, funnelOf, progressOf, bestVariation, variationLetter, MIN_SENDS_TO_COMPARE } from './rates';
export type { Funnel, Rates, StateCounts, Progress, VariationCounts } from './rates';
export { DELIVERY_STATE_LABELS, DELIVERY_STATE_LABELS_EN, SIMULATED_LABEL, SIMULATED_LABEL_EN } from './labels';
export { deliveryReason, DELIVERY_REASON_CODES_EN } from './delivery-reasons';
