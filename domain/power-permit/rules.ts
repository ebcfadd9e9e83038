/** Power-facility permit rules: statutory limits, permit validity, the missing-materials deadline. */
import type { ProcessId } from '../registry';
import { POWER_PERMIT_PROCESS as PROCESS } from './ids';

/**
 * Statutory limits in working days (seed 004): normal and free-trade-zone fast track. Reissue in
 * the zone is the same day (0). The manual gives no normal limit for reissue, cancel and personnel
 * changes; 10 working days is assumed.
 */
export const STATUTORY_DAYS: Partial<Record<ProcessId, { normal: number; fastTrack: number }>> = {
  [PROCESS.powerPermitNew]: { normal: 20, fastTrack: 15 },
  [PROCESS.powerPermitRegistrationChange]: { normal: 15, fastTrack: 10 },
  [PROCESS.powerPermitItemChange]: { normal: 20, fastTrack: 15 },
  [PROCESS.powerPermitRenewal]: { normal: 20, fastTrack: 10 },
  [PROCESS.powerPermitReissue]: { normal: 10, fastTrack: 0 },
  [PROCESS.powerPermitCancel]: { normal: 10, fastTrack: 10 },
  [PROCESS.personnelChange]: { normal: 10, fastTrack: 10 },
};

/** Years a permit is valid for (承装（修、试）电力设施许可证: 6 years). */
export const PERMIT_VALID_YEARS = 6;
/** Working days the missing materials are due in, under acceptance with missing materials. */
export const MISSING_MATERIALS_WORKING_DAYS = 5;
/**
 * The processes the manual offers acceptance with missing materials (容缺受理) for: the new permit
 * and the item change. Each calls power-permit-missing-materials for the deadline, the delivery and
 * the violation; the credit check and the two-year rule are core/credit.ts missingMaterialsOffer().
 */
export const MISSING_MATERIALS_PROCESSES: readonly ProcessId[] = [PROCESS.powerPermitNew, PROCESS.powerPermitItemChange];

/** Working days before the statutory limit the reviewers are reminded (at the start when the limit is shorter). */
export const REMINDER_LEAD_WORKING_DAYS = 2;
export const reminderWorkingDays = (statutoryDays: number): number => Math.max(statutoryDays - REMINDER_LEAD_WORKING_DAYS, 0);
/**
 * The services the manual offers the free-trade-zone fast track (自贸区) for: the new permit, the
 * registration change, the item change, the renewal and the reissue. A unit in the zone with a
 * clean credit record chooses it and confirms the commitments (告知承诺); the limit is shorter and
 * the director signs off instead of the licensing committee.
 */
export const FAST_TRACK_PROCESSES: readonly ProcessId[] = [PROCESS.powerPermitNew, PROCESS.powerPermitRegistrationChange, PROCESS.powerPermitItemChange, PROCESS.powerPermitRenewal, PROCESS.powerPermitReissue];
