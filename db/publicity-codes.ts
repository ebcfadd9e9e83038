/** Moved to db/publicity/codes.ts; this re-export remains while the routes switch their imports. */
export * from './publicity/codes';
