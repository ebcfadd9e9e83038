/** Moved to db/publicity/seed-practitioners.ts; this re-export remains while the browser tests switch their imports. */
export * from './publicity/seed-practitioners';
