/**
 * Credit check (信用能源接口) for acceptance with missing materials (容缺受理): a provider
 * interface with two implementations. `table` (the default) reads the enterprise_credit table
 * (no row = no adverse record = good); `http` asks an external credit service:
 * GET <CREDIT_ENDPOINT>?uscc=<code> → { "good": boolean, "rating"?: string }.
 * The offer itself (domain rule: good credit and no missed missing-materials deadline in the
 * last 2 years) is decided by missingMaterialsOffer(), whichever provider answers.
 */
import type { Db } from './db';

export interface CreditResult {
  good: boolean;
  rating: string;
  source: string;
}

export interface CreditProvider {
  readonly name: string;
  check(unit: { id: string; uscc: string }): Promise<CreditResult>;
}

export function tableCreditProvider(db: Db): CreditProvider {
  return {
    name: 'table',
    async check(unit) {
      const row = await db('enterprise_credit').where({ unit_id: unit.id }).first();
      if (!row) return { good: true, rating: 'no-record', source: 'table' };
      return { good: row.rating === 'good', rating: row.rating, source: row.source };
    },
  };
}

export function httpCreditProvider(opts: { endpoint: string; timeoutMs?: number }): CreditProvider {
  return {
    name: 'http',
    async check(unit) {
      const url = new URL(opts.endpoint);
      url.searchParams.set('uscc', unit.uscc);
      const res = await fetch(url, { signal: AbortSignal.timeout(opts.timeoutMs ?? 5000), headers: { accept: 'application/json' } });
      if (!res.ok) throw new Error(`credit service answered ${res.status}`);
      const body = (await res.json()) as { good?: unknown; rating?: unknown };
      if (typeof body.good !== 'boolean') throw new Error('credit service answer has no boolean "good"');
      return { good: body.good, rating: typeof body.rating === 'string' ? body.rating : body.good ? 'good' : 'poor', source: 'http' };
    },
  };
}

/** The provider named by the configuration (CREDIT_PROVIDER, CREDIT_ENDPOINT; checked in core/config.ts). */
export function createCreditProvider(db: Db, config: { provider: 'table' | 'http'; endpoint: string } = { provider: 'table', endpoint: '' }): CreditProvider {
  return config.provider === 'http' ? httpCreditProvider({ endpoint: config.endpoint }) : tableCreditProvider(db);
}

/** Years a missed missing-materials deadline blocks the option. */
export const VIOLATION_BLOCK_YEARS = 2;

export interface MissingMaterialsOffer {
  offered: boolean;
  credit: CreditResult;
  /** the most recent missed deadline within the block period, if any */
  violationAt: string | null;
  reason: string | null;
}

/** Whether acceptance with missing materials is offered to the unit now. */
export async function missingMaterialsOffer(db: Db, provider: CreditProvider, unit: { id: string; uscc: string }, now: Date): Promise<MissingMaterialsOffer> {
  // an unreachable credit service never grants the option, and never breaks the page asking
  const credit = await provider.check(unit).catch((): CreditResult => ({ good: false, rating: 'unavailable', source: provider.name }));
  const since = new Date(now.getTime());
  since.setUTCFullYear(since.getUTCFullYear() - VIOLATION_BLOCK_YEARS);
  const violation = await db('missing_materials_violations').where({ unit_id: unit.id }).where('recorded_at', '>', since).orderBy('recorded_at', 'desc').first();
  const reason = credit.rating === 'unavailable'
    ? '信用查询暂不可用，请稍后再试 / The credit check is unavailable; try again later'
    : !credit.good
    ? '企业信用情况不符合容缺受理条件 / The credit record does not allow acceptance with missing materials'
    : violation
      ? `两年内有未按时提交容缺材料的记录（${new Date(violation.recorded_at).toISOString().slice(0, 10)}） / A missing-materials deadline was missed within two years`
      : null;
  return { offered: !reason, credit, violationAt: violation ? new Date(violation.recorded_at).toISOString() : null, reason };
}
