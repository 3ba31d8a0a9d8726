/** UI text of the file picker and other small pieces that keep the layout in the chosen language, [中文, English]; merged into MESSAGES. */
export const LAYOUT_MESSAGES = {
  // the file picker: the browser's own "Choose files / No file chosen" follows the browser's language, not ours
  filePick: ['选择文件', 'Choose files'],
  fileNone: ['未选择文件', 'No file chosen'],
  filePicked: ['已选择 {n} 个文件：{names}', '{n} file(s) chosen: {names}'],
} as const;
