/** 申请废弃: a power-permit draft or returned application, after the applicant confirms. */
import { post } from '../../api/client';
import { t } from '../../i18n';
import { confirmed, errorText, toast } from '../../ui';

/** The statuses an application can be discarded in (the server refuses the others with the reason). */
export const DISCARDABLE = ['draft', 'returned'];
export const isPowerPermitCase = (processId: string): boolean => /^(power-permit-|personnel-change$)/.test(processId);

/** Asks, then discards; true when it was discarded. */
export async function discardApplication(id: string, number: string): Promise<boolean> {
  if (!(await confirmed(t('ppDiscardConfirm', { number })))) return false;
  try {
    await post(`/api/power-permits/applications/${id}/discard`, {});
    toast(t('ppDiscarded', { number }));
    return true;
  } catch (err) {
    toast(errorText(err), 'error');
    return false;
  }
}
