/** Small shared helpers for pages: messages, confirmations, the error text of anything thrown. */
import { ElMessage, ElMessageBox } from 'element-plus';
import { ApiError } from './api/client';
import { t } from './i18n';

export function toast(message: string, type: 'success' | 'error' | 'info' = 'success'): void {
  ElMessage({ message, type, grouping: true });
}

export function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof TypeError) return t('errors.NETWORK');
  return err instanceof Error ? err.message : String(err);
}

export async function confirmed(message: string): Promise<boolean> {
  return ElMessageBox.confirm(message, { confirmButtonText: t('ok'), cancelButtonText: t('opsCancelBtn'), type: 'warning' }).then(
    () => true,
    () => false,
  );
}

/** A server's field errors kept for el-form-item :error, cleared before each try. */
export function fieldErrorsOf(err: unknown): Record<string, string> {
  return err instanceof ApiError ? { ...err.fields } : {};
}
