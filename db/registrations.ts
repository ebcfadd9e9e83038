/** Moved to db/accounts.ts; this re-export remains while the routes switch their imports. */
export * from './accounts';
