// What `recado info|import|export|backup|restore` load on demand (see load() in cli.ts). A
// separate bundle, so the start-up of `recado --version` or `serve` pays for none of it.
export { createCore } from '../core/core';
export { cliBackup, cliRestore } from '../core/backup/cli-commands';
export { cliExportContacts, cliImport } from './cli-leads';
export { cliExportCampaign } from '../core/results/cli-export';
