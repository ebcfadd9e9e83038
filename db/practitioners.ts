/** Moved to db/publicity/practitioners.ts; this re-export remains while the routes switch their imports. */
export * from './publicity/practitioners';
