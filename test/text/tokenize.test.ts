import { describe, expect, it } from 'vitest';
import { addUserWords, searchDocument, tokenize } from '../../src/text/tokenize.js';

describe('tokenize', () => {
  it('segments Chinese, lowercases Latin, folds full-width forms and drops punctuation and stop-words', () => {
    const tokens = tokenize('我们小区的ＡＢＣ物业乱收停车费！', 'exact');
    expect(tokens).toContain('小区');
    expect(tokens).toContain('abc');
    expect(tokens).toContain('停车费');
    expect(tokens).not.toContain('的');
    expect(tokens).not.toContain('我们');
    expect(tokens.some((t) => /[！!，。]/.test(t))).toBe(false);
  });

  it('search mode also emits the shorter words inside long ones', () => {
    const tokens = tokenize('中华人民共和国', 'search');
    expect(tokens).toContain('中华人民共和国');
    expect(tokens).toContain('中华');
  });

  it('splits tokens on symbols so PostgreSQL parses them unchanged', () => {
    expect(tokenize('COVID-19 和 a@b.cn', 'exact')).toEqual(['covid', '19', 'a', 'b', 'cn']);
  });

  it('returns nothing for empty or punctuation-only text', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize('，。！？…… ')).toEqual([]);
  });

  it('keeps user dictionary words whole once added', () => {
    const text = '紫藤雅筑苑小区的电梯坏了';
    expect(tokenize(text, 'exact')).not.toContain('紫藤雅筑苑');
    addUserWords(['紫藤雅筑苑', ' ', '']);
    expect(tokenize(text, 'exact')).toContain('紫藤雅筑苑');
    expect(tokenize(text, 'search')).toContain('紫藤雅筑苑');
  });

  it('searchDocument joins the search tokens with single spaces', () => {
    const doc = searchDocument('环境噪音扰民，夜间施工');
    expect(doc).toBe(tokenize('环境噪音扰民，夜间施工', 'search').join(' '));
    expect(doc).not.toMatch(/\s{2,}|^\s|\s$/);
  });
});
