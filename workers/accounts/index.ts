/** The jobs of unit accounts: registration, qualification, appeal and information change. */
import { qualificationJobs } from './qualification';
import { registrationDecideJobs } from './registration-decide';
import { registrationValidateJobs } from './registration-validate';
import { unitChangesJobs } from './unit-changes';

export const accountsJobs = [...registrationValidateJobs, ...registrationDecideJobs, ...qualificationJobs, ...unitChangesJobs];
