// Notifications (docs/notifications.md): the record of a case's notices to the citizen and to staff — channel, status,
// attempts, provider's message id and when each was delivered; a member's own notice settings and notices.
import { z } from 'zod';
import { listCaseNotifications } from '../../notifications/list.js';
import { CHANNEL_ADDRESS, listMyNotifications, myNotifySettings, setMyNotifySettings, staffContactFields } from '../../notifications/staff.js';
import { defineRoute } from '../route.js';

defineRoute({
  method: 'GET',
  url: '/api/cases/:id/notifications',
  summary:
    'A case’s notices to the citizen (audience citizen: 登记/受理/不予受理告知 第二十三条, 延期告知 第三十四条, 处理意见 第三十二条 …): kind, statute, channel, status, attempts, last error, provider message id, delivered at. ' +
    'and to staff (audience staff: new dispatch, return to decide, reply or extension to approve, review, deadline warning, overdue). The address is masked; ?reveal=true unmasks it for roles that may see personal data (audited). Never visible to the accused unit of an accusation (404)',
  tags: ['notifications'],
  auth: 'staff',
  params: z.object({ id: z.string() }),
  async handler({ req, actor, lang, meta, params }) {
    return listCaseNotifications(req.server.ctx.deps, { actor, lang, meta, caseId: params.id, query: req.query });
  },
});

defineRoute({
  method: 'GET',
  url: '/api/me/notify',
  summary: 'The signed-in member’s own contact and channel for work notices (new dispatches, returns to decide, replies and extensions to approve, reviews, deadline warnings, overdue marks)',
  tags: ['notifications'],
  auth: 'staff',
  async handler({ req, actor }) {
    return myNotifySettings(req.server.ctx.deps, actor);
  },
});

defineRoute({
  method: 'PUT',
  url: '/api/me/notify',
  summary: 'Set one’s own work e-mail, mobile and notice channel (email, sms, none; null: e-mail if given). A chosen channel needs its address (400 naming the field). Audited without the addresses',
  tags: ['notifications'],
  rules: [CHANNEL_ADDRESS],
  auth: 'staff',
  rawBody: 'application/json',
  docBody: z.object(staffContactFields),
  async handler({ req, actor, lang, meta }) {
    return setMyNotifySettings(req.server.ctx.deps, { actor, lang, meta, input: req.body });
  },
});

defineRoute({
  method: 'GET',
  url: '/api/me/notifications',
  summary: 'The work notices sent to the signed-in member, newest first (?limit, default 50): the matter’s registration number and case id, kind, statute, channel, delivery status',
  tags: ['notifications'],
  auth: 'staff',
  async handler({ req, actor, lang, meta }) {
    return listMyNotifications(req.server.ctx.deps, { actor, lang, meta, query: req.query });
  },
});
