/** Moved to domain/publicity/rules.ts; this re-export remains while the routes switch their imports. */
export * from './publicity/rules';
