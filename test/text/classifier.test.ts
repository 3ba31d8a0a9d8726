import { describe, expect, it } from 'vitest';
import { featuresOf, featureHash, forEachFeatureHash, DEFAULT_FEATURES } from '../../src/text/features.js';
import { predict, predictLabel, trainClassifier } from '../../src/text/classifier.js';
import { deserializeModel, serializeModel } from '../../src/text/model-json.js';
import { tokenize } from '../../src/text/tokenize.js';

describe('featuresOf', () => {
  it('counts words, adjacent pairs and character n-grams across word boundaries', () => {
    const f = featuresOf(['停车', '收费', '停车']);
    expect(f.get('停车')).toBe(2);
    expect(f.get('停车 收费')).toBe(1);
    expect(f.get('收费 停车')).toBe(1);
    expect(f.get('#车')).toBe(2);
    expect(f.get('#车收')).toBe(1); // spans 停车|收费
    expect(f.has('#停车收费')).toBe(false); // longer than 3
  });

  it('respects options', () => {
    const f = featuresOf(['a1', 'b2'], { wordNgrams: 1, charMin: 0, charMax: 0 });
    expect([...f.keys()].sort()).toEqual(['a1', 'b2']);
  });

  it('hashes the same features the string form names', () => {
    const tokens = ['物业', '乱', '收费', 'abc'];
    const fromStrings = [...featuresOf(tokens).entries()].flatMap(([f, c]) => Array(c).fill(featureHash(f)) as number[]).sort();
    const fromHashes: number[] = [];
    forEachFeatureHash(tokens, DEFAULT_FEATURES, (h) => fromHashes.push(h));
    expect(fromHashes.sort()).toEqual(fromStrings);
  });
});

// Hand-written mini corpus, three matters.
const corpus: { text: string; label: string }[] = [
  ['小区物业乱收停车费', '城乡建设'], ['物业公司不作为，小区电梯经常坏', '城乡建设'], ['小区绿化带被占用建停车位', '城乡建设'],
  ['老旧小区改造进度太慢', '城乡建设'], ['物业费上涨没有公示', '城乡建设'],
  ['公司拖欠工资三个月', '劳动和社会保障'], ['社保断缴怎么补缴', '劳动和社会保障'], ['工厂不签劳动合同', '劳动和社会保障'],
  ['养老保险转移手续', '劳动和社会保障'], ['拖欠农民工工资', '劳动和社会保障'],
  ['学校违规补课收费', '教育文体'], ['幼儿园学位不足', '教育文体'], ['中学放学太晚', '教育文体'],
  ['小学划片入学不合理', '教育文体'], ['教师有偿补课', '教育文体'],
].map(([text, label]) => ({ text: text!, label: label! }));
const docs = corpus.map((d) => ({ tokens: tokenize(d.text, 'exact'), label: d.label }));

describe('classifier', () => {
  const model = trainClassifier(docs, { minDf: 1 });

  it('learns the training matters and suggests top-k with scores and driving words', () => {
    expect(predictLabel(model, tokenize('拖欠工资不发', 'exact'))).toBe('劳动和社会保障');
    const s = predict(model, tokenize('学校补课收费', 'exact'), 3);
    expect(s).toHaveLength(3);
    expect(s[0]!.label).toBe('教育文体');
    expect(s[0]!.score).toBeGreaterThan(s[1]!.score);
    expect(s.reduce((a, x) => a + x.score, 0)).toBeLessThanOrEqual(1.000001);
    expect(s[0]!.words.length).toBeGreaterThan(0);
    expect(s[0]!.words.some((w) => ['补课', '学校', '收费', '学校补课', '补课收费'].includes(w))).toBe(true);
  });

  it('is deterministic for a seed', () => {
    const again = trainClassifier(docs, { minDf: 1 });
    expect(serializeModel(again)).toBe(serializeModel(model));
  });

  it('survives a JSON round trip with identical predictions', () => {
    const json = serializeModel(model);
    expect(JSON.parse(json).format).toBe('minsheng.text-classifier');
    const back = deserializeModel(json);
    for (const text of ['物业电梯坏了', '补缴社保', '幼儿园入学', '完全无关的内容']) {
      const t = tokenize(text, 'exact');
      expect(predict(back, t, 3)).toEqual(predict(model, t, 3));
    }
  });

  it('rejects foreign or corrupt JSON', () => {
    expect(() => deserializeModel('{"format":"other"}')).toThrow(/not a Minsheng/);
    const j = JSON.parse(serializeModel(model));
    j.version = 99;
    expect(() => deserializeModel(JSON.stringify(j))).toThrow(/version/);
  });

  it('complement naive Bayes works through the same interface', () => {
    const cnb = trainClassifier(docs, { method: 'cnb', minDf: 1 });
    expect(predictLabel(cnb, tokenize('拖欠工资', 'exact'))).toBe('劳动和社会保障');
  });
});
