// What `recado info|backup|restore|export campaign` load on demand (see load() in cli.ts). A
// separate bundle, so the start-up of `recado --version`, `serve` or `import` pays for none of
// it (import and export contacts are cli-leads.ts, a bundle of their own).
export { createCore } from '../core/core';
export { cliBackup, cliRestore } from '../core/backup/cli-commands';
export { cliExportCampaign } from '../core/results/cli-export';
