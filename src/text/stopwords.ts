// A small hand-written stop list: function words, pronouns and petition boilerplate that appear
// in almost every message and so carry no signal for search, classification or clustering.
// Kept short on purpose: over-aggressive lists remove words like 没有/不 that matter in complaints.
const WORDS = `
的 了 和 与 及 或 是 在 有 也 都 就 而 又 被 把 对 于 向 从 到 为 以 之 其 这 那 个 些 此 该 各 每
我 你 他 她 它 我们 你们 他们 她们 它们 自己 大家 咱们 本人 我家 我们家
吗 呢 吧 啊 呀 哦 嗯 么 啦 哈 嘛 的话 等 等等 着 过 地 得 所 则 即 并 且 但 但是 而且 因为 所以 如果
这个 那个 这些 那些 这里 那里 这样 那样 这种 那种 什么 怎么 怎样 如何 为什么 哪里 哪些
一个 一些 一下 一直 一样 已经 还是 还有 还 就是 只是 可以 能够 能 会 要 应该 需要 可能 没 很 非常 十分 特别
尊敬 领导 您好 你好 谢谢 感谢 万分 此致 敬礼 请问 希望 恳请 麻烦 相关 有关 部门 问题 情况 反映
年 月 日 号 时 今年 去年 目前 现在 现已 至今 时候 期间
`;

export const STOP_WORDS: ReadonlySet<string> = new Set(WORDS.split(/\s+/).filter(Boolean));
