export { DataSection } from './DataSection';
