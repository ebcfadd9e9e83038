/** Moved to domain/power-permit/completeness.ts; this re-export remains while the routes switch their imports. */
export * from './power-permit/completeness';
