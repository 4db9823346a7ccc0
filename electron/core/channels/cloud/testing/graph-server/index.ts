export { GraphStandIn, type StandInAccount, type StandInTemplate, type SentMessage, type ScriptedError, type StatusPlan, type GraphStandInOptions } from './server';
export { TEST_ACCOUNT, testTemplates, manyTemplates } from './fixtures';
