/** Moved to domain/accounts/registration.ts; this re-export remains while the routes switch their imports. */
export * from './accounts/registration';
