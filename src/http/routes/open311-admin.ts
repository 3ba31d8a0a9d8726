/** Administration of Open311 (docs/open311.md): API keys for clients, service attributes. Admin only. */
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { writeAudit } from '../../audit/audit.js';
import { requireRole } from '../../org/actor.js';
import { createApiKey, KEY_UNIT, listApiKeys, revokeApiKey } from '../../open311/keys.js';
import { attributesInput, setAttributes } from '../../open311/services.js';
import { createRemote, listRemotes, remoteFor, REMOTE_UNIT, remoteInput, SERVICE_MAP } from '../../open311/remotes.js';
import { syncRemote } from '../../open311/client.js';
import { defineRoute } from '../route.js';

const refId = z.union([z.string().regex(/^\d{1,18}$/), z.number().int().positive()]).transform(String);

defineRoute({
  method: 'POST',
  url: '/api/open311/keys',
  summary: 'Create an Open311 API key for a client; the key is answered once (only its hash is kept)',
  tags: ['open311'],
  rules: [KEY_UNIT],
  auth: 'staff',
  body: z.object({ name: z.string().trim().min(1).max(100), unitId: refId }),
  async handler({ req, reply, actor, body, meta }) {
    const r = await createApiKey(req.server.ctx.deps, actor, meta, body);
    reply.code(201);
    return r;
  },
});

defineRoute({
  method: 'GET',
  url: '/api/open311/keys',
  summary: 'Open311 API keys of the administrator’s subtree (never the keys themselves)',
  tags: ['open311'],
  auth: 'staff',
  async handler({ req, actor }) {
    return listApiKeys(req.server.ctx.deps, actor);
  },
});

defineRoute({
  method: 'POST',
  url: '/api/open311/keys/:id/revoke',
  summary: 'Revoke an Open311 API key: its POSTs answer 403 from now on',
  tags: ['open311'],
  auth: 'staff',
  params: z.object({ id: z.string().max(20) }),
  async handler({ req, actor, params, meta }) {
    return revokeApiKey(req.server.ctx.deps, actor, meta, params.id);
  },
});

defineRoute({
  method: 'PUT',
  url: '/api/open311/services/:categoryId/attributes',
  summary: 'Replace the Open311 attributes (extra questions) of a category',
  tags: ['open311'],
  auth: 'staff',
  params: z.object({ categoryId: z.string().regex(/^\d{1,18}$/) }),
  docBody: attributesInput,
  rawBody: 'application/json',
  async handler({ req, actor, params, meta, lang }) {
    requireRole(actor, 'admin');
    const db = req.server.ctx.deps.db;
    const cat = await db.selectFrom('categories').select('id').where('id', '=', params.categoryId).executeTakeFirst();
    if (!cat) throw new AppError('NOT_FOUND');
    const n = await setAttributes(db, cat.id, req.body ?? {}, lang);
    await writeAudit(db, actor, meta, { action: 'open311.attributes.set', entityType: 'category', entityId: cat.id, data: { attributes: n } });
    return { categoryId: cat.id, attributes: n };
  },
});

defineRoute({
  method: 'POST',
  url: '/api/open311/remotes',
  summary: 'Add a remote GeoReport v2 server to pull requests from (with its api_key and a service → category map)',
  tags: ['open311'],
  rules: [REMOTE_UNIT, SERVICE_MAP],
  auth: 'staff',
  rawBody: 'application/json',
  docBody: remoteInput,
  async handler({ req, reply, actor, meta, lang }) {
    const r = await createRemote(req.server.ctx.deps, actor, meta, req.body ?? {}, lang);
    reply.code(201);
    return r;
  },
});

defineRoute({
  method: 'GET',
  url: '/api/open311/remotes',
  summary: 'The remote GeoReport v2 servers (never their api_key), with the last run’s error',
  tags: ['open311'],
  auth: 'staff',
  async handler({ req, actor }) {
    return listRemotes(req.server.ctx.deps, actor);
  },
});

defineRoute({
  method: 'POST',
  url: '/api/open311/remotes/:id/sync',
  summary: 'Pull from and push to one remote now (the job does it every 10 minutes)',
  tags: ['open311'],
  auth: 'staff',
  params: z.object({ id: z.string().max(20) }),
  async handler({ req, actor, params, meta }) {
    const deps = req.server.ctx.deps;
    const id = await remoteFor(deps, actor, params.id);
    const r = await syncRemote(deps, id);
    await writeAudit(deps.db, actor, meta, { action: 'open311.remote.sync', entityType: 'open311_remote', entityId: id, data: { ...r } });
    return r;
  },
});
