/** Moved to workers/publicity/application.ts; this re-export remains while the routes switch their imports. */
export { PROVISIONAL_NUMBER_PREFIX, hasNumber } from './publicity/application';
