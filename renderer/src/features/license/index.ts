// Licensing UI: first-run activation, Configurações → Licença, the plan badge.
export { FirstRunScreen, useFirstRun } from './FirstRunScreen';
export { LicenseSection } from './LicenseSection';
export { PlanBadge } from './PlanBadge';
export { useLicenseStore } from './license-store';
