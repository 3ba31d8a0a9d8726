/**
 * Export of a filtered case list (docs/import-export.md "Export"): the filters and scope of GET /api/cases
 * (src/cases/list-cases.ts filteredCases), read in keyset pages (received_at, id) so a million rows stream in bounded
 * memory, with the column names the import recognises (src/interop/import-mapping.ts), so an export imports back.
 * Personal data only on request: masked for any staff, in full only for a role that may reveal it (audited), and
 * always through the single access path (src/cases/petitioner-access.ts readPartiesOfCases).
 */
import { sql } from 'kysely';
import { z } from 'zod';
import { parseInput } from '../core/validate.js';
import { writeAudit } from '../audit/audit.js';
import type { StaffActor } from '../org/actor.js';
import type { Deps, UseCaseArgs } from '../workflow/deps.js';
import { filteredCases, listInput } from '../cases/list-cases.js';
import { assertMayReveal, readPartiesOfCases, type PartyView } from '../cases/petitioner-access.js';
import { STATUS_LABELS, type Status } from '../cases/states.js';

export const exportInput = listInput.omit({ page: true, pageSize: true, sort: true, order: true }).extend({
  /** none (default): no personal columns; masked: 张**, 138****1234; full: needs a role that may reveal, audited */
  personal: z.enum(['none', 'masked', 'full']).default('none'),
  /** stop after this many rows (default: all) */
  limit: z.coerce.number().int().min(1).max(10_000_000).optional(),
});

/** Matter columns; each header is one the import maps by itself (import-mapping.ts KNOWN). */
export const MATTER_HEADERS = ['工单编号', '标题', '内容', '工单类型', '问题分类', '承办单位', '受理时间', '办结时间', '状态', '办理结果', '是否满意', '地址', '来源', '登记单位', '办理期限'] as const;
export const PERSONAL_HEADERS = ['信访人', '联系电话', '身份证号', '联系地址', '电子邮箱'] as const;

// the import's kindOf() reads these words back: 检举 → accusation, 建议 → suggestion, 投诉 → appeal
const KIND_WORDS: Record<string, string> = { accusation: '检举控告', suggestion: '意见建议', appeal: '投诉求决' };
const RATING_WORDS: Record<string, string> = { satisfied: '满意', basically_satisfied: '基本满意', dissatisfied: '不满意' };

/** 'YYYY-MM-DD HH:mm:ss' Beijing time (UTC+8, no daylight saving): what Excel shows and the import reads at +08:00. */
export function beijing(d: Date | string | null): string | null {
  if (!d) return null;
  return new Date(new Date(d).getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

const PAGE = 2000;

export type Cell = string | number | null;

export interface PreparedExport {
  headers: string[];
  /** pages of rows, read from the database one keyset page at a time as the consumer pulls */
  pages: () => AsyncGenerator<Cell[][]>;
}

/** Validates and audits before the first byte is sent (an error after that could only cut the file short). */
export async function prepareExport(deps: Deps, args: UseCaseArgs & { actor: StaffActor; query: unknown; format: 'csv' | 'xlsx' }): Promise<PreparedExport> {
  const f = parseInput(exportInput, args.query ?? {}, args.lang);
  if (f.personal === 'full') assertMayReveal(args.actor);
  const { personal, limit, ...filters } = f;
  await writeAudit(deps.db, args.actor, args.meta, {
    action: 'case.export',
    entityType: 'case',
    data: { format: args.format, personal, filters: args.query as Record<string, unknown>, ...(personal === 'full' ? { petitionerRead: true } : {}) },
  });
  const headers = [...MATTER_HEADERS, ...(personal === 'none' ? [] : PERSONAL_HEADERS)];
  const withParties = personal !== 'none';
  async function* pages(): AsyncGenerator<Cell[][]> {
    const { q, nextDue } = filteredCases(deps, args.actor, { ...filters, page: 1, pageSize: 1, order: 'desc' });
    let after: { at: Date; id: string } | null = null;
    let left = limit ?? Infinity;
    while (left > 0) {
      let p = q
        .leftJoin('categories as cat', 'cat.id', 'cases.category_id')
        .leftJoin('units as lead', 'lead.id', 'cases.lead_unit_id')
        .innerJoin('units as intake', 'intake.id', 'cases.intake_unit_id')
        .select([
          'cases.id', 'cases.reg_no', 'cases.title', 'cases.content', 'cases.kind', 'cases.status', 'cases.received_at', 'cases.closed_at', 'cases.evaluation',
          'cases.location', 'cases.channel', 'cases.accused_unit_id', 'cases.accused_user_ids', 'cat.name as category', 'lead.name as lead_unit', 'intake.name as intake_unit',
        ])
        .select(sql<string | null>`coalesce(cases.outcome->>'text', cases.outcome->>'result', cases.outcome->>'reason', cases.outcome->>'note')`.as('result'))
        .select(nextDue.as('next_due_at'))
        .orderBy('cases.received_at', 'desc')
        .orderBy('cases.id', 'desc')
        .limit(Math.min(PAGE, left));
      // keyset, not OFFSET: each page starts where the last ended, on the (received_at, id) index of 0020
      if (after) p = p.where(sql<boolean>`(cases.received_at, cases.id) < (${after.at}::timestamptz, ${after.id}::uuid)`);
      const rows = await p.execute();
      if (rows.length === 0) return;
      const parties = withParties ? await readPartiesOfCases(deps, args.actor, rows, { reveal: personal === 'full' }) : null;
      yield rows.map((r) => {
        const cells: Cell[] = [
          r.reg_no, r.title, r.content, KIND_WORDS[r.kind] ?? r.kind, r.category, r.lead_unit, beijing(r.received_at), beijing(r.closed_at),
          STATUS_LABELS[r.status as Status]?.zh ?? r.status, r.result, r.evaluation ? (RATING_WORDS[r.evaluation] ?? r.evaluation) : null,
          r.location, r.channel, r.intake_unit, beijing(r.next_due_at),
        ];
        if (parties) cells.push(...personCells(parties.get(r.id) ?? []));
        return cells;
      });
      const last = rows[rows.length - 1]!;
      after = { at: last.received_at, id: last.id };
      left -= rows.length;
      if (rows.length < PAGE) return;
    }
  }
  return { headers, pages };
}

/** Several petitioners (a collective petition) in one cell each, separated by '；'. */
function personCells(ps: PartyView[]): Cell[] {
  const join = (k: 'name' | 'phone' | 'idNumber' | 'address' | 'email') => ps.map((p) => p[k]).filter(Boolean).join('；') || null;
  return [join('name'), join('phone'), join('idNumber'), join('address'), join('email')];
}
