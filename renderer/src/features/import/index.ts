export { ImportWizard } from './ImportWizard';
