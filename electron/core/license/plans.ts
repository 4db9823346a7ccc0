// Plans are pure and live in shared/license so the renderer can show them.
export * from '../../../shared/license/plans';
