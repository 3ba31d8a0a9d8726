import { describe, expect, it } from 'vitest';
import { decodeSignature, encodeSignature, estimateSimilarity, lshKeys, signature } from '../../src/text/minhash.js';
import { dupKeys, fingerprint, fingerprintSimilarity, isLikelyDuplicate } from '../../src/text/duplicates.js';

// Hand-made cases (not from the data sets).
const original = {
  title: '桂香苑小区门口夜宵摊油烟噪音扰民',
  content: '桂香苑小区东门外每天晚上有十几家夜宵摊，烧烤油烟直接飘进居民家里，凌晨两点还在喧哗，居民无法休息，请城管部门尽快整治。',
};
const reworded = {
  title: '再次反映桂香苑小区东门夜宵摊扰民',
  content: '上个月反映过桂香苑小区东门外的夜宵摊问题，至今没有整治，烧烤油烟还是飘进居民家里，每天凌晨两点还在喧哗，请城管部门处理。',
};
const samePlaceOtherMatter = {
  title: '桂香苑小区电梯经常故障',
  content: '桂香苑小区3栋电梯一个月坏了四次，老人上下楼很困难，物业一直拖着不修，请住建部门督促物业更换电梯。',
};
const otherPlaceSameWords = {
  title: '银杏湾小区门口夜宵摊油烟噪音扰民',
  content: '银杏湾小区北门外每天晚上有七八家夜宵摊，烧烤油烟直接飘进居民家里，深夜还在喧哗，居民无法休息，请城管部门尽快整治。',
};

describe('minhash', () => {
  it('estimates 1 for identical texts, ignoring punctuation, width and case', () => {
    expect(estimateSimilarity(signature('夜宵摊扰民，ABC！'), signature('夜宵摊扰民 abc'))).toBe(1);
  });

  it('estimates Jaccard similarity closely', () => {
    const a = signature('一二三四五六七八九十');
    const b = signature('一二三四五六七八甲乙');
    // 3-shingles: 8 each, 6 shared → J = 6/10
    expect(Math.abs(estimateSimilarity(a, b) - 0.6)).toBeLessThan(0.15);
  });

  it('gives empty text no LSH keys and no similarity', () => {
    expect(lshKeys(signature(''))).toEqual([]);
    expect(estimateSimilarity(signature(''), signature(''))).toBe(0);
  });

  it('produces bigint-safe keys that differ per band', () => {
    const keys = lshKeys(signature(original.content));
    expect(keys).toHaveLength(16);
    expect(new Set(keys).size).toBe(16);
    for (const k of keys) expect(Number.isSafeInteger(Number(k)) && Number(k) >= 0).toBe(true);
  });

  it('round-trips signatures through base64', () => {
    const s = signature(original.content);
    expect(decodeSignature(encodeSignature(s))).toEqual(s);
  });
});

describe('duplicate decision', () => {
  const fo = fingerprint(original);
  const sim = (c: { title: string; content: string }): number => fingerprintSimilarity(fo, fingerprint(c));

  it('same matter reworded → duplicate', () => {
    expect(isLikelyDuplicate(sim(reworded)).duplicate).toBe(true);
  });

  it('a resubmission with a sentence added shares LSH keys and is a duplicate', () => {
    const resent = { title: original.title, content: `${original.content}已经反映过一次，还是没有人管。` };
    const keys = new Set(dupKeys(fo));
    expect(dupKeys(fingerprint(resent)).some((k) => keys.has(k))).toBe(true);
    expect(isLikelyDuplicate(sim(resent)).duplicate).toBe(true);
  });

  it('unrelated matters share no LSH key', () => {
    const keys = new Set(dupKeys(fo));
    expect(dupKeys(fingerprint({ title: '公交12路班次太少', content: '早高峰等车半小时，请公交公司增加班次。' })).some((k) => keys.has(k))).toBe(false);
  });

  it('different matter at the same place → not a duplicate, even with the place hint', () => {
    expect(isLikelyDuplicate(sim(samePlaceOtherMatter), { samePlace: true }).duplicate).toBe(false);
  });

  it('same words about another place → not a duplicate when places are known to differ', () => {
    expect(sim(otherPlaceSameWords)).toBeGreaterThan(0.25);
    expect(isLikelyDuplicate(sim(otherPlaceSameWords), { samePlace: false }).duplicate).toBe(false);
  });

  it('a shared petitioner or place lowers the threshold', () => {
    expect(isLikelyDuplicate(0.22).duplicate).toBe(false);
    expect(isLikelyDuplicate(0.22, { samePetitioner: true }).duplicate).toBe(true);
    expect(isLikelyDuplicate(0.22, { samePlace: true }).duplicate).toBe(true);
    expect(isLikelyDuplicate(0.7, { samePlace: false, samePetitioner: true }).duplicate).toBe(false);
  });
});
