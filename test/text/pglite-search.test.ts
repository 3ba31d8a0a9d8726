import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { parseQuery } from '../../src/text/query.js';
import { searchDocument } from '../../src/text/tokenize.js';

// The same SQL the server runs, on PGlite: the tsquery must never make to_tsquery throw, and
// documents must be found by words, phrases and exclusions.
let db: PGlite;
beforeAll(async () => {
  db = new PGlite();
  await db.exec(`CREATE TABLE docs (id int PRIMARY KEY, search tsvector)`);
  const docs = ['丽发新城小区附近搅拌站夜间施工噪音扰民', '物业乱收停车费，小区业主不满', '学校周边交通安全设施建设'];
  for (const [i, text] of docs.entries()) {
    await db.query(`INSERT INTO docs VALUES ($1, to_tsvector('simple', $2))`, [i + 1, searchDocument(text)]);
  }
});
afterAll(async () => { await db.close(); });

async function ids(input: string): Promise<number[]> {
  const { tsquery } = parseQuery(input);
  const r = await db.query<{ id: number }>(`SELECT id FROM docs WHERE search @@ to_tsquery('simple', $1) ORDER BY id`, [tsquery]);
  return r.rows.map((x) => x.id);
}

describe('search on PGlite', () => {
  it('finds by words, phrases and exclusions', async () => {
    expect(await ids('搅拌站 噪音')).toEqual([1]);
    expect(await ids('小区')).toEqual([1, 2]);
    expect(await ids('小区 -停车费')).toEqual([1]);
    expect(await ids('"夜间施工"')).toEqual([1]);
    expect(await ids('"施工夜间"')).toEqual([]);
    expect(await ids('停车')).toEqual([2]); // a part of 停车费, thanks to search-mode tokens
  });

  it('accepts every hostile query without an error', async () => {
    for (const input of ["'); DROP TABLE docs; --", '!!! & | <-> ( ) :* \\', '"unterminated', '-', '""', "a'b", '&&&噪音|||', '-"小区"']) {
      const { tsquery } = parseQuery(input);
      if (tsquery === '') continue; // callers omit the condition
      await expect(db.query(`SELECT count(*) FROM docs WHERE search @@ to_tsquery('simple', $1)`, [tsquery])).resolves.toBeDefined();
    }
  });
});
