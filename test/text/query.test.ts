import { describe, expect, it } from 'vitest';
import { highlight, parseQuery } from '../../src/text/query.js';

describe('parseQuery', () => {
  it('ANDs plain words after tokenising them', () => {
    const q = parseQuery('停车费 噪音');
    expect(q.tsquery).toBe("'停车费' & '噪音'");
    expect(q.terms).toEqual(['停车费', '噪音']);
  });

  it('turns a quoted phrase into an adjacency query, ASCII or Chinese quotes', () => {
    for (const input of ['"夜间施工"', '“夜间施工”', '「夜间施工」']) {
      const q = parseQuery(input);
      expect(q.tsquery).toBe("('夜间' <-> '施工')");
      expect(q.phrases).toEqual(['夜间施工']);
    }
  });

  it('excludes -word and -"phrase"', () => {
    expect(parseQuery('噪音 -装修').tsquery).toBe("'噪音' & !'装修'");
    expect(parseQuery('噪音 -"夜间施工"').tsquery).toBe("'噪音' & !('夜间' <-> '施工')");
    expect(parseQuery('-装修').terms).toEqual([]);
  });

  it('extracts key:value filters, with Chinese aliases, quoted values and date checks', () => {
    const q = parseQuery('噪音 status:accepted 分类:城乡建设 unit:"A市 住建局" channel:phone from:2026-01-01 to:明天');
    expect(q.filters).toEqual({ status: 'accepted', category: '城乡建设', unit: 'A市 住建局', channel: 'phone', from: '2026-01-01' });
    expect(q.errors).toHaveLength(1);
    expect(q.tsquery).toBe("'噪音'");
  });

  it('treats unknown keys and URLs as text', () => {
    expect(parseQuery('foo:bar').filters).toEqual({});
    expect(parseQuery('foo:bar').tsquery).toBe("('foo' & 'bar')");
  });

  it('never produces tsquery syntax from hostile input', () => {
    const hostile = ["'); DROP TABLE cases; --", '!!! & | <-> ( ) :* \\ \'', '"unterminated', '-', '""', ':', 'status:', "a'b", '&&&噪音|||'];
    for (const input of hostile) {
      const q = parseQuery(input);
      // Every lexeme is quoted; outside quotes only operators we emit may appear.
      const outside = q.tsquery.replace(/'(?:[^']|'')*'/g, '');
      expect(outside).toMatch(/^[\s&!()<\->]*$/);
      expect(q.tsquery).not.toMatch(/&\s*&|^\s*&|&\s*$/);
    }
    expect(parseQuery('').tsquery).toBe('');
  });
});

describe('highlight', () => {
  it('marks terms and escapes the rest', () => {
    expect(highlight('<b>小区</b> 停车费 & 噪音', ['停车费', '噪音'])).toBe('&lt;b&gt;小区&lt;/b&gt; <mark>停车费</mark> &amp; <mark>噪音</mark>');
  });

  it('prefers the longest term, merges adjacent marks and escapes terms themselves', () => {
    expect(highlight('金毛湾小区', ['金毛', '金毛湾', '湾'])).toBe('<mark>金毛湾</mark>小区');
    expect(highlight('金毛湾', ['金毛', '湾'])).toBe('<mark>金毛湾</mark>');
    expect(highlight('a<b', ['<'])).toBe('a<mark>&lt;</mark>b');
    expect(highlight('(1+1)', ['1+1'])).toBe('(<mark>1+1</mark>)');
  });

  it('is case-insensitive for Latin and leaves text without terms escaped only', () => {
    expect(highlight('APP 闪退', ['app'])).toBe('<mark>APP</mark> 闪退');
    expect(highlight('"x"', [])).toBe('&quot;x&quot;');
  });
});
