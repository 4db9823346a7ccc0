export { MirroringPage } from './MirroringPage';
