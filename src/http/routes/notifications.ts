// Notifications (docs/notifications.md): the record of a case's notices to the citizen — channel, status, attempts,
// provider's message id and when each was delivered.
import { z } from 'zod';
import { listCaseNotifications } from '../../notifications/list.js';
import { defineRoute } from '../route.js';

defineRoute({
  method: 'GET',
  url: '/api/cases/:id/notifications',
  summary:
    'A case’s notices to the citizen (登记/受理/不予受理告知 第二十三条, 延期告知 第三十四条, 处理意见 第三十二条 …): kind, statute, channel, status, attempts, last error, provider message id, delivered at. ' +
    'The address is masked; ?reveal=true unmasks it for roles that may see personal data (audited). Never visible to the accused unit of an accusation (404)',
  tags: ['notifications'],
  auth: 'staff',
  params: z.object({ id: z.string() }),
  async handler({ req, actor, lang, meta, params }) {
    return listCaseNotifications(req.server.ctx.deps, { actor, lang, meta, caseId: params.id, query: req.query });
  },
});
