import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { FILE_REQUIRED } from '../../core/input-rules.js';
import { parseInput } from '../../core/validate.js';
import { boardQuery, hazardBoard, hazardMap, mapQuery } from '../../hazards/board.js';
import { FOUND_NOT_FUTURE, hazardInput, reportHazard } from '../../hazards/create.js';
import { HAZARD_HANDLERS } from '../../hazards/handlers.js';
import { performHazardAction } from '../../hazards/perform.js';
import { addHazardPhoto, openHazardPhoto, photoTarget, type PhotoTarget } from '../../hazards/photos.js';
import { hazardReporter, hazardView, listHazards, listQuery } from '../../hazards/read.js';
import { HAZARD_GRADE_LABELS, HAZARD_SOURCE_LABELS, HAZARD_TYPE_LABELS, PHOTO_STAGES } from '../../hazards/tables.js';
import { HAZARD_WORKFLOW } from '../../hazards/workflow.js';
import { defineActionRoutes } from '../register-routes.js';
import { defineRoute } from '../route.js';

const BASE = '/api/hazards';
const idParams = z.object({ id: z.string() });
const stageInput = z.object({ stage: z.enum(PHOTO_STAGES).describe('found: the hazard as found; rectified: the site after rectification') });

defineRoute({
  method: 'GET',
  url: BASE,
  summary: '风险隐患 in the actor’s scope (the register’s unit or the responsible unit), newest first; no reporter in the list',
  tags: ['hazards'],
  auth: 'staff',
  query: listQuery,
  async handler({ req, actor, lang }) {
    return listHazards(req.server.ctx.deps, actor, req.query, lang);
  },
});

defineRoute({
  method: 'POST',
  url: BASE,
  summary: '登记隐患 (roles intake, dispatcher, handler, unit_head; kept by your unit): source, type, grade, place, map point, finder; a citizen reporter’s contact kept apart',
  tags: ['hazards'],
  rules: [FOUND_NOT_FUTURE],
  auth: 'staff',
  rawBody: 'application/json',
  docBody: hazardInput,
  async handler({ req, reply, actor, lang, meta }) {
    const r = await reportHazard(req.server.ctx.deps, { actor, lang, meta, input: req.body });
    reply.status(201);
    return r;
  },
});

defineRoute({
  method: 'GET',
  url: `${BASE}/board`,
  summary: '挂图作战: open hazards by area (the responsible unit’s district or street) × grade',
  tags: ['hazards'],
  auth: 'staff',
  query: boardQuery,
  async handler({ req, actor, lang }) {
    return hazardBoard(req.server.ctx.deps, actor, req.query, lang);
  },
});

defineRoute({
  method: 'GET',
  url: `${BASE}/map`,
  summary: 'Open hazards with a map point as GeoJSON (FeatureCollection of Points [lng, lat]; properties id, grade, type, status, overdue; no personal data)',
  tags: ['hazards'],
  auth: 'staff',
  query: mapQuery,
  async handler({ req, reply, actor, lang }) {
    const fc = await hazardMap(req.server.ctx.deps, actor, req.query, lang);
    reply.type('application/geo+json; charset=utf-8');
    return fc;
  },
});

defineRoute({
  method: 'GET',
  url: `${BASE}/:id`,
  summary: 'One hazard: facts, the petition, masked reporter, photos, allowedActions, clocks, timeline',
  tags: ['hazards'],
  auth: 'staff',
  params: idParams,
  async handler({ req, actor, params }) {
    return hazardView(req.server.ctx.deps, actor, params.id);
  },
});

defineRoute({
  method: 'GET',
  url: `${BASE}/:id/reporter`,
  summary: 'The citizen who reported a hazard: masked, or unmasked with reveal=true for roles that need it (audited)',
  tags: ['hazards'],
  auth: 'staff',
  params: idParams,
  query: z.object({ reveal: z.enum(['true', 'false']).default('false') }),
  async handler({ req, actor, params, query, meta }) {
    return hazardReporter(req.server.ctx.deps, actor, meta, params.id, query.reveal === 'true');
  },
});

defineRoute({
  method: 'POST',
  url: `${BASE}/:id/photos`,
  summary:
    'Photos of a hazard (multipart: field "stage" = found | rectified before the files, or ?stage=; jpeg, png, webp). found: while not yet rectified, by the office or the unit; rectified: by the responsible unit while rectifying',
  tags: ['hazards'],
  rules: [FILE_REQUIRED],
  auth: 'staff',
  params: idParams,
  rawBody: 'multipart/form-data',
  async handler({ req, actor, params, lang, meta }) {
    const deps = req.server.ctx.deps;
    if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', { type: String(req.headers['content-type'] ?? '') });
    const fields: Record<string, string> = { ...(req.query as Record<string, string>) };
    let target: PhotoTarget | undefined;
    const items = [];
    for await (const part of req.parts()) {
      if (part.type === 'field') {
        fields[part.fieldname] = String(part.value);
        continue;
      }
      try {
        target ??= await photoTarget(deps, actor, params.id, parseInput(stageInput, { stage: fields.stage }, lang).stage);
      } catch (err) {
        part.file.resume();
        throw err;
      }
      items.push(await addHazardPhoto(deps, meta, target, { stream: part.file, mimetype: part.mimetype, filename: part.filename }));
    }
    if (items.length === 0) throw FILE_REQUIRED.error();
    return { items };
  },
});

defineRoute({
  method: 'GET',
  url: `${BASE}/:id/photos/:photoId`,
  summary: 'Download a photo of a hazard, through the same access checks as the hazard (audited)',
  tags: ['hazards'],
  auth: 'staff',
  params: z.object({ id: z.string(), photoId: z.string() }),
  async handler({ req, reply, actor, params, meta }) {
    const { photo, stream } = await openHazardPhoto(req.server.ctx.deps, actor, meta, params.id, params.photoId);
    reply
      .header('content-type', photo.mimeType)
      .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(photo.filename)}`)
      .header('content-length', String(photo.size));
    return reply.send(stream);
  },
});

defineActionRoutes({
  base: BASE,
  tag: 'hazards',
  workflow: HAZARD_WORKFLOW,
  handlers: HAZARD_HANDLERS,
  perform: performHazardAction,
  view: (deps, actor, id) => hazardView(deps, actor, id),
  valueLabels: { ...HAZARD_SOURCE_LABELS, ...HAZARD_TYPE_LABELS, ...HAZARD_GRADE_LABELS, found: { zh: '隐患现场', en: 'As found' }, rectified: { zh: '整改后', en: 'Rectified' } },
});
