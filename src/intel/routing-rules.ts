import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import type { StaffActor } from '../org/actor.js';

export interface RuleMatchInput {
  title: string;
  content: string;
  location?: string;
  categoryId?: string;
}

export interface RuleMatch {
  ruleId: string;
  name: string;
  unitId: string;
  unitName: string;
  priority: number;
  reason: string;
}

const norm = (s: string) => s.toLowerCase();

/**
 * Active routing rules (派单规则) whose units are in the actor's scope and whose every given condition matches:
 * the category equals the matter's, any keyword occurs in title + content, the place occurs in the location.
 * Smaller priority first, then the older rule.
 */
export async function matchRoutingRules(db: Kysely<DB>, actor: StaffActor, input: RuleMatchInput, lang: 'zh' | 'en'): Promise<RuleMatch[]> {
  const rows = await db
    .selectFrom('routing_rules as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .leftJoin('categories as c', 'c.id', 'r.category_id')
    .select(['r.id', 'r.name', 'r.category_id', 'r.keywords', 'r.place', 'r.unit_id', 'r.priority', 'u.name as unit_name', 'u.name_en as unit_name_en', 'c.name as cat_name', 'c.name_en as cat_name_en'])
    .where('r.active', '=', true)
    .where('u.path', 'like', `${actor.scopePath}%`)
    .orderBy('r.priority')
    .orderBy('r.id')
    .execute();
  const text = norm(`${input.title} ${input.content}`);
  const location = norm(input.location ?? '');
  const zh = lang === 'zh';
  const out: RuleMatch[] = [];
  for (const r of rows) {
    const reasons: string[] = [];
    if (r.category_id !== null) {
      if (r.category_id !== input.categoryId) continue;
      reasons.push(`${zh ? '分类' : 'category'} ${(!zh && r.cat_name_en) || r.cat_name || r.category_id}`);
    }
    if (r.keywords.length) {
      const hits = r.keywords.filter((k) => k && text.includes(norm(k)));
      if (!hits.length) continue;
      reasons.push(`${zh ? '关键词' : 'keywords'} ${hits.join(zh ? '、' : ', ')}`);
    }
    if (r.place) {
      if (!location || !location.includes(norm(r.place))) continue;
      reasons.push(`${zh ? '地点' : 'place'} ${r.place}`);
    }
    if (!reasons.length) continue; // a rule without conditions never matches
    out.push({
      ruleId: r.id,
      name: r.name,
      unitId: r.unit_id,
      unitName: (!zh && r.unit_name_en) || r.unit_name,
      priority: r.priority,
      reason: reasons.join(zh ? '；' : '; '),
    });
  }
  return out;
}
