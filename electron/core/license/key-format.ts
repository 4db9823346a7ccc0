// The key format is pure and lives in shared/license so the renderer can check keys as they are typed.
export * from '../../../shared/license/key-format';
