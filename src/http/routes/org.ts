import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { inputRule, SOMETHING_TO_CHANGE, withRules } from '../../core/input-rules.js';
import { errorMessage } from '../../core/i18n.js';
import { PASSWORD_POLICY, assertPasswordPolicy, hashPassword, revokeSessions } from '../../org/auth.js';
import { requireRole } from '../../org/actor.js';
import { ROLES, UNIT_TYPES } from '../../org/roles.js';
import { createUnit, getUnitInScope, listUnitsInScope } from '../../org/units.js';
import { changeUnit, openWorkOf, unitToChange } from '../../units/changes.js';
import { CHANNEL_ADDRESS, contactPatch, staffContactFields } from '../../notifications/staff.js';
import { writeAudit } from '../../audit/audit.js';
import { defineRoute } from '../route.js';

const NOT_YOURSELF = inputRule({ field: 'active', message: 'you cannot deactivate yourself', doc: 'an administrator cannot deactivate their own account' });

defineRoute({
  method: 'GET',
  url: '/api/units',
  summary: 'Units in the actor’s scope, as a flat list ordered by tree path',
  tags: ['org'],
  auth: 'staff',
  async handler({ req, actor, lang }) {
    const units = await listUnitsInScope(req.server.ctx.deps.db, actor);
    return { items: units.map((u) => ({ id: u.id, parentId: u.parent_id, code: u.code, name: lang === 'en' && u.name_en ? u.name_en : u.name, type: u.type, depth: u.depth, path: u.path, active: u.active })) };
  },
});

defineRoute({
  method: 'POST',
  url: '/api/units',
  summary: 'Create a unit under a parent in the administrator’s scope',
  tags: ['org'],
  auth: 'staff',
  body: z.object({
    code: z.string().trim().regex(/^[A-Za-z0-9_-]{2,40}$/, 'letters, digits, - and _ (2–40)'),
    name: z.string().trim().min(1).max(100),
    nameEn: z.string().trim().max(100).optional(),
    type: z.enum(UNIT_TYPES),
    parentId: z.string().regex(/^\d+$/),
  }),
  async handler({ req, actor, body, meta }) {
    requireRole(actor, 'admin');
    const parent = await getUnitInScope(req.server.ctx.deps.db, actor, body.parentId);
    if (!parent) throw new AppError('INVALID_TARGET_UNIT', { reason: 'parent not in your scope' });
    const unit = await createUnit(req.server.ctx.deps.db, body);
    await writeAudit(req.server.ctx.deps.db, actor, meta, { action: 'unit.create', entityType: 'unit', entityId: unit.id });
    return unit;
  },
});

defineRoute({
  method: 'PUT',
  url: '/api/units/:id',
  summary: 'Rename, re-code, retype or move a unit (its whole subtree follows), or deactivate / reactivate it (administrators)',
  description:
    'A move (parentId) rewrites the path of the unit and everything below it in one transaction: scopes, subtree metrics and dashboards follow at once. ' +
    'Deactivating (active: false) is refused with UNIT_HAS_OPEN_WORK (409) while the unit still has open cases (re-route them with the reroute case action), ' +
    'open register records (return visits, supervision, disputes, hazards, coordination items it convenes or has an open part of), active sub-units or active staff; details.openWork lists them, as does GET /api/units/:id/open-work. ' +
    'A deactivated unit receives no new routing (INVALID_TARGET_UNIT) and nothing can be moved under it (UNIT_INACTIVE). Your own scope’s root cannot be moved or deactivated.',
  tags: ['org'],
  auth: 'staff',
  params: z.object({ id: z.string().regex(/^\d+$/) }),
  body: withRules(
    z.object({
        code: z.string().trim().regex(/^[A-Za-z0-9_-]{2,40}$/, 'letters, digits, - and _ (2–40)').optional(),
        name: z.string().trim().min(1).max(100).optional(),
        nameEn: z.string().trim().max(100).nullable().optional(),
        type: z.enum(UNIT_TYPES).optional(),
        parentId: z.string().regex(/^\d+$/).optional(),
        active: z.boolean().optional(),
    }),
    SOMETHING_TO_CHANGE,
  ),
  async handler({ req, actor, params, body, meta }) {
    requireRole(actor, 'admin');
    const db = req.server.ctx.deps.db;
    const unit = await unitToChange(db, actor, params.id);
    const { unit: row, moved } = await changeUnit(db, actor, unit, body);
    await writeAudit(db, actor, meta, {
      action: 'unit.update',
      entityType: 'unit',
      entityId: row.id,
      data: { ...body, ...(body.parentId !== undefined ? { previousParentId: unit.parent_id, moved } : {}) },
    });
    return { id: row.id, parentId: row.parent_id, code: row.code, name: row.name, nameEn: row.name_en, type: row.type, depth: row.depth, path: row.path, active: row.active, moved };
  },
});

defineRoute({
  method: 'GET',
  url: '/api/units/:id/open-work',
  summary: 'What keeps a unit from being deactivated: its open cases (registration number and status), open register records, active sub-units and staff (administrators)',
  tags: ['org'],
  auth: 'staff',
  params: z.object({ id: z.string().regex(/^\d+$/) }),
  async handler({ req, actor, params }) {
    requireRole(actor, 'admin');
    const db = req.server.ctx.deps.db;
    const unit = await unitToChange(db, actor, params.id);
    return openWorkOf(db, unit.id);
  },
});

defineRoute({
  method: 'GET',
  url: '/api/users',
  summary: 'Users of units in the actor’s scope (administrators)',
  tags: ['org'],
  auth: 'staff',
  async handler({ req, actor }) {
    requireRole(actor, 'admin');
    const rows = await req.server.ctx.deps.db
      .selectFrom('users')
      .innerJoin('units', 'units.id', 'users.unit_id')
      .select(['users.id', 'users.username', 'users.display_name', 'users.roles', 'users.active', 'users.email', 'users.phone', 'users.notify_channel', 'units.id as unit_id', 'units.name as unit_name'])
      .where('units.path', 'like', `${actor.scopePath}%`)
      .orderBy('units.path')
      .orderBy('users.username')
      .execute();
    return {
      items: rows.map((u) => ({ id: u.id, username: u.username, displayName: u.display_name, roles: u.roles, active: u.active, email: u.email, phone: u.phone, notifyChannel: u.notify_channel, unitId: u.unit_id, unitName: u.unit_name })),
    };
  },
});

defineRoute({
  method: 'POST',
  url: '/api/users',
  summary: 'Create a user in a unit of the administrator’s scope',
  tags: ['org'],
  rules: [PASSWORD_POLICY, CHANNEL_ADDRESS],
  auth: 'staff',
  body: z.object({
    username: z.string().trim().regex(/^[a-z0-9_.-]{3,40}$/, 'lower-case letters, digits, . _ - (3–40)'),
    displayName: z.string().trim().min(1).max(100),
    password: z.string().min(10, 'at least 10 characters').max(200),
    unitId: z.string().regex(/^\d+$/),
    roles: z.array(z.enum(ROLES)).min(1),
    ...staffContactFields,
  }),
  async handler({ req, actor, body, meta, lang }) {
    requireRole(actor, 'admin');
    assertPasswordPolicy(body.password, body.username, lang);
    const db = req.server.ctx.deps.db;
    if (!(await getUnitInScope(db, actor, body.unitId))) throw new AppError('INVALID_TARGET_UNIT', { reason: 'unit not in your scope' });
    const taken = await db.selectFrom('users').select('id').where('username', '=', body.username).executeTakeFirst();
    if (taken) throw new AppError('ALREADY_EXISTS', { field: 'username' }, { issues: [{ field: 'username', message: errorMessage('ALREADY_EXISTS', lang, { field: 'username' }) }] });
    const user = await db
      .insertInto('users')
      .values({
        username: body.username,
        display_name: body.displayName,
        password_hash: await hashPassword(body.password),
        unit_id: body.unitId,
        roles: body.roles,
        ...contactPatch(body, { email: null, phone: null, notify_channel: null }),
      })
      .returning(['id', 'username'])
      .executeTakeFirstOrThrow();
    await writeAudit(db, actor, meta, { action: 'user.create', entityType: 'user', entityId: user.id, data: { roles: body.roles } });
    return user;
  },
});

defineRoute({
  method: 'PUT',
  url: '/api/users/:id',
  summary: 'Change a user’s name, unit, roles or password, or deactivate them (sessions and tokens end at once)',
  tags: ['org'],
  rules: [PASSWORD_POLICY, NOT_YOURSELF, CHANNEL_ADDRESS],
  auth: 'staff',
  params: z.object({ id: z.string().uuid() }),
  body: withRules(
    z.object({
        displayName: z.string().trim().min(1).max(100).optional(),
        unitId: z.string().regex(/^\d+$/).optional(),
        roles: z.array(z.enum(ROLES)).min(1).optional(),
        active: z.boolean().optional(),
        password: z.string().min(10, 'at least 10 characters').max(200).optional(),
        ...staffContactFields,
    }),
    SOMETHING_TO_CHANGE,
  ),
  async handler({ req, actor, params, body, meta, lang }) {
    requireRole(actor, 'admin');
    const db = req.server.ctx.deps.db;
    const user = await db
      .selectFrom('users')
      .innerJoin('units', 'units.id', 'users.unit_id')
      .select(['users.id', 'users.username', 'users.email', 'users.phone', 'users.notify_channel', 'units.path'])
      .where('users.id', '=', params.id)
      .executeTakeFirst();
    if (!user || !user.path.startsWith(actor.scopePath)) throw new AppError('NOT_FOUND');
    if (body.password !== undefined) assertPasswordPolicy(body.password, user.username, lang);
    if (body.active === false && user.id === actor.userId) throw NOT_YOURSELF.error();
    if (body.unitId && !(await getUnitInScope(db, actor, body.unitId))) throw new AppError('INVALID_TARGET_UNIT', { reason: 'unit not in your scope' });
    const contact = contactPatch(body, user);
    await db.transaction().execute(async (tx) => {
      await tx
        .updateTable('users')
        .set({
          ...(body.displayName !== undefined ? { display_name: body.displayName } : {}),
          ...(body.unitId !== undefined ? { unit_id: body.unitId } : {}),
          ...(body.roles !== undefined ? { roles: body.roles } : {}),
          ...(body.active !== undefined ? { active: body.active } : {}),
          ...(body.password !== undefined ? { password_hash: await hashPassword(body.password), password_changed_at: new Date() } : {}),
          ...contact,
        })
        .where('id', '=', params.id)
        .execute();
      // a deactivated user, or one whose password was reset, is signed out everywhere
      if (body.active === false || body.password !== undefined) await revokeSessions(tx, params.id, { tokens: true });
    });
    // neither the password nor the contact addresses go into the audit record: only that they changed
    const { password: _secret, email: _email, phone: _phone, ...logged } = body;
    await writeAudit(db, actor, meta, { action: 'user.update', entityType: 'user', entityId: params.id, data: { ...logged, passwordReset: body.password !== undefined, contactChanged: body.email !== undefined || body.phone !== undefined } });
    return { id: params.id, ok: true };
  },
});

defineRoute({
  method: 'GET',
  url: '/api/categories',
  summary: 'Categories of matters, each with its kind (suggestion / accusation / appeal); all=true (staff) includes inactive ones',
  tags: ['org'],
  auth: 'public',
  query: z.object({ all: z.enum(['true', 'false']).optional() }),
  async handler({ req, lang, query, actor }) {
    let q = req.server.ctx.deps.db.selectFrom('categories').selectAll();
    if (!(query.all === 'true' && actor?.kind === 'staff')) q = q.where('active', '=', true);
    const rows = await q.orderBy('code').execute();
    return {
      items: rows.map((c) => ({
        id: c.id,
        code: c.code,
        name: lang === 'en' && c.name_en ? c.name_en : c.name,
        nameZh: c.name,
        nameEn: c.name_en,
        kind: c.kind,
        parentId: c.parent_id,
        active: c.active,
      })),
    };
  },
});
