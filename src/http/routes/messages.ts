// The in-app message centre (docs/notifications.md "Message centre", 0031_staff_inbox.sql): the bell in the workbench
// header. Only the signed-in member's own messages; each names what awaits them, the matter's registration number, when,
// and links to the case — never the content of the matter or anyone's personal data.
import { countMyUnread, listMyMessages, markAllMessagesRead, markMessageRead, messageIdParams, messagesQuery } from '../../notifications/inbox.js';
import { defineRoute } from '../route.js';

defineRoute({
  method: 'GET',
  url: '/api/me/messages',
  summary:
    'The signed-in member’s messages, newest first (?unread=true for the unread only; ?page, ?pageSize): what awaits them in words (kindLabel: 新交办、退单待审核、处理意见待审批、时限预警 …), the statute, the matter’s registration number and case id, the event’s time, read or not; and the unread count. ' +
    'Only messages of cases the member may read now (the case list’s rule): none of an accusation’s accused (第三十条)',
  tags: ['notifications'],
  auth: 'staff',
  query: messagesQuery,
  async handler({ req, actor, lang, meta }) {
    return listMyMessages(req.server.ctx.deps, { actor, lang, meta, query: req.query });
  },
});

defineRoute({
  method: 'GET',
  url: '/api/me/messages/count',
  summary: 'The number of the signed-in member’s unread messages (the bell polls it)',
  tags: ['notifications'],
  auth: 'staff',
  async handler({ req, actor }) {
    return countMyUnread(req.server.ctx.deps, actor);
  },
});

defineRoute({
  method: 'POST',
  url: '/api/me/messages/:id/read',
  summary: 'Marks one of one’s own messages read; answers the message and the unread count. Another member’s message answers 404, as an unknown id',
  tags: ['notifications'],
  auth: 'staff',
  params: messageIdParams,
  async handler({ req, actor, lang, meta, params }) {
    return markMessageRead(req.server.ctx.deps, { actor, lang, meta, id: params.id });
  },
});

defineRoute({
  method: 'POST',
  url: '/api/me/messages/read-all',
  summary: 'Marks all of one’s own unread messages read; answers how many and the unread count (0)',
  tags: ['notifications'],
  auth: 'staff',
  async handler({ req, actor }) {
    return markAllMessagesRead(req.server.ctx.deps, actor);
  },
});
