/** Moved to domain/licensing/rules.ts; this re-export remains while the routes switch their imports. */
export * from './licensing/rules';
