import { z } from 'zod';
import type { Deps, UseCaseArgs } from '../workflow/deps.js';
import type { Handler } from '../workflow/engine.js';
import type { AnyWorkflow } from '../workflow/table.js';
import type { StaffActor } from '../org/actor.js';
import type { Lang } from '../core/i18n.js';
import { defineRoute } from './route.js';

const idParams = z.object({ id: z.string() });

export interface RegisterInfo {
  base: string;
  workflow: AnyWorkflow;
  /** labels of the enumerated values in the register's inputs and records (e.g. routine → 日常督办) */
  valueLabels?: Readonly<Record<string, { zh: string; en: string }>>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  handlers: Readonly<Record<string, Handler<any, any, any>>>;
}
const registers: RegisterInfo[] = [];

/** Every register with action routes, for GET /api/workflows (the web app's labels and action forms). */
export const allRegisters = (): readonly RegisterInfo[] => registers;

function inputSchema(s: z.ZodType | undefined) {
  if (!s) return { type: 'object' };
  try {
    return z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });
  } catch {
    return { type: 'object' };
  }
}

/** A table as the web app reads it: statuses, transitions with labels, roles, basis and the input's JSON Schema. */
export function describeWorkflow(w: AnyWorkflow, handlers: RegisterInfo['handlers'], base: string, valueLabels: RegisterInfo['valueLabels'] = {}) {
  return {
    entity: w.entity,
    base,
    valueLabels,
    title: w.title,
    statuses: w.statuses,
    transitions: w.transitions.map(({ guard, ...t }) => ({
      ...t,
      guarded: guard !== undefined,
      input: t.from.length > 0 ? inputSchema(handlers[t.action]?.input) : null,
    })),
  };
}

defineRoute({
  method: 'GET',
  url: '/api/workflows',
  summary: 'Every register’s transition table (return visits, supervision, mediation, hazards): labels, roles, basis, input schemas',
  tags: ['registers'],
  auth: 'public',
  handler: async () => ({ items: registers.map((r) => describeWorkflow(r.workflow, r.handlers, r.base, r.valueLabels)) }),
});

/**
 * One POST route per transition of a register's table, documented from the table (label, from → to, basis) and the
 * handler's input schema; each answers the record's view with its new allowedActions, as the case actions do.
 */
export function defineActionRoutes(spec: {
  base: string;
  tag: string;
  workflow: AnyWorkflow;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  handlers: Readonly<Record<string, Handler<any, any, any>>>;
  perform: (deps: Deps, args: UseCaseArgs & { id: string; action: string; input: unknown }) => Promise<unknown>;
  view: (deps: Deps, actor: StaffActor, id: string, lang: Lang) => Promise<unknown>;
  valueLabels?: RegisterInfo['valueLabels'];
}) {
  registers.push({ base: spec.base, workflow: spec.workflow, handlers: spec.handlers, valueLabels: spec.valueLabels });
  for (const t of spec.workflow.transitions) {
    if (t.from.length === 0) continue;
    defineRoute({
      method: 'POST',
      url: `${spec.base}/:id/actions/${t.action}`,
      summary: `${t.label.zh} / ${t.label.en}: ${t.from.join('|')} → ${t.to}${t.basis ? ` (${t.basis})` : ''}; roles: ${t.roles.join(', ')}`,
      tags: [spec.tag],
      auth: 'staff',
      params: idParams,
      rawBody: 'application/json',
      docBody: spec.handlers[t.action]?.input,
      rules: spec.handlers[t.action]?.rules,
      async handler({ req, actor, params, lang, meta }) {
        const deps = req.server.ctx.deps;
        await spec.perform(deps, { actor, meta, lang, id: params.id, action: t.action, input: req.body ?? {} });
        return spec.view(deps, actor, params.id, lang);
      },
      replay: ({ req, actor, params, lang }) => spec.view(req.server.ctx.deps, actor, params.id, lang),
    });
  }
}
