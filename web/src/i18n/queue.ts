/** UI text of the case lists (待我处理 and all cases), [中文, English]; merged into MESSAGES. */
export const QUEUE_MESSAGES = {
  queueHolds: ['按您的角色，这里列出等待您所在单位办理的事项：{what}', 'By your role, the cases waiting for your unit to: {what}'],
  queueHoldsNone: ['您的角色没有等待办理的信访事项；请在“辖区全部事项”或相应台账中查看', 'No case waits for your role; see all cases or the registers'],
} as const;
