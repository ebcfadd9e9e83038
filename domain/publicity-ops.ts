/** Moved to domain/publicity/ops.ts; this re-export remains while the routes switch their imports. */
export * from './publicity/ops';
