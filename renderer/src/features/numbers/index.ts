export { NumberList } from './NumberList';
export { useNumbers } from './use-numbers';
