export type Lang = 'zh' | 'en';
const KEY = 'minsheng.lang';

export function getLang(): Lang {
  try {
    const v = localStorage.getItem(KEY);
    if (v === 'zh' || v === 'en') return v;
  } catch {
    /* storage may be blocked */
  }
  return 'zh';
}

export function storeLang(lang: Lang) {
  try {
    localStorage.setItem(KEY, lang);
  } catch {
    /* ignore */
  }
}
