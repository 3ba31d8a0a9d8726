import { createRequire } from 'node:module';
import { Jieba } from '@node-rs/jieba';
import { STOP_WORDS } from './stopwords.js';

// @node-rs/jieba ships its dictionary from a CommonJS file without an "exports" map; require()
// avoids depending on how the ESM loader happens to interpret it.
const require = createRequire(import.meta.url);

// Loading the 5 MB default dictionary takes ~200 ms, so it is done once, on first use, and
// never at import time (importing the module must stay cheap for the CLI and tests).
let jieba: Jieba | undefined;
// Words added before the first tokenisation are remembered and loaded with the dictionary.
const pendingUserWords: string[] = [];

function instance(): Jieba {
  if (!jieba) {
    const { dict } = require('@node-rs/jieba/dict.js') as { dict: Uint8Array };
    jieba = Jieba.withDict(dict);
    if (pendingUserWords.length > 0) loadWords(jieba, pendingUserWords.splice(0));
  }
  return jieba;
}

// A word loaded without a frequency gets a tiny one and jieba still splits it (measured:
// "五矿万境" stayed 五矿/万境). A high frequency makes office words (小区, roads, villages) win
// over the generic segmentation, which is what an office that registers them wants.
const USER_WORD_FREQ = 200_000;

function loadWords(j: Jieba, words: string[]): void {
  const lines = words
    .map((w) => w.trim().replace(/\s+/g, ''))
    .filter((w) => w.length > 0)
    .map((w) => `${w} ${USER_WORD_FREQ} n`);
  if (lines.length > 0) j.loadDict(Buffer.from(lines.join('\n') + '\n', 'utf8'));
}

/**
 * Extends the dictionary for the whole process (place names, 小区 names, unit names).
 * jieba's loadDict merges into the loaded dictionary, so offices can call this at start-up
 * and again when an administrator adds names. Documents indexed before the call keep their
 * old segmentation until re-indexed.
 */
export function addUserWords(words: readonly string[]): void {
  if (jieba) loadWords(jieba, [...words]);
  else pendingUserWords.push(...words);
}

export type TokenizeMode = 'search' | 'exact';

// Anything that is not a letter or a digit separates tokens. This also guarantees the tokens
// survive PostgreSQL's default text-search parser unchanged (no '-', '.', '@' compounds).
const SEPARATOR = /[^\p{L}\p{N}]+/u;

/**
 * Segments Chinese (and mixed Latin) text into normalised tokens.
 * - 'search' (default) also emits the shorter words inside long ones (中华人民共和国 → 中华, 华人, …),
 *   so a search for a part of a compound finds the document.
 * - 'exact' is jieba's precise mode: one segmentation, used for features and clustering.
 * Latin is lowercased, full-width forms folded (NFKC), stop-words and punctuation dropped.
 */
export function tokenize(text: string, mode: TokenizeMode = 'search'): string[] {
  if (!text) return [];
  const normalised = text.normalize('NFKC').toLowerCase();
  const j = instance();
  const raw = mode === 'search' ? j.cutForSearch(normalised, true) : j.cut(normalised, true);
  const out: string[] = [];
  for (const piece of raw) {
    for (const part of piece.split(SEPARATOR)) {
      if (part.length > 0 && !STOP_WORDS.has(part)) out.push(part);
    }
  }
  return out;
}

/** Space-joined tokens: the text the database feeds to `to_tsvector('simple', …)`. */
export function searchDocument(text: string): string {
  return tokenize(text, 'search').join(' ');
}
