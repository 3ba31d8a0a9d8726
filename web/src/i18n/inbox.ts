/** UI text of the message centre (the bell in the workbench header, docs/notifications.md), [中文, English]; merged into MESSAGES. */
export const INBOX_MESSAGES = {
  inboxTitle: ['消息', 'Messages'],
  inboxBell: ['消息：{n} 条未读', 'Messages: {n} unread'],
  inboxEmpty: ['暂无消息', 'No messages'],
  inboxReadAll: ['全部标为已读', 'Mark all read'],
  inboxUnreadOnly: ['只看未读', 'Unread only'],
  inboxMore: ['更多', 'More'],
  inboxHelp: ['本单位有待您办理的事项时，这里会有提醒：新交办、退单待审核、处理意见和延期待审批、复查复核、时限预警和超期。', 'When something awaits you in your unit — a new dispatch, a return to decide, a reply or extension to approve, a review, a deadline warning or an overdue mark — it shows here.'],
  inboxUnread: ['未读', 'Unread'],
  inboxFailed: ['消息加载失败', 'Messages could not be loaded'],
} as const;
