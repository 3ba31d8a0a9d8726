import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { AppError } from '../core/errors.js';
import { FILE_REQUIRED } from '../core/input-rules.js';

/** Types an office receives: scanned letters, photos, call recordings, documents. */
export const ALLOWED_TYPES: Record<string, string> = {
  'image/jpeg': 'photo',
  'image/png': 'photo',
  'image/webp': 'photo',
  'application/pdf': 'document',
  'audio/mpeg': 'recording',
  'audio/wav': 'recording',
  'audio/x-wav': 'recording',
  'audio/mp4': 'recording',
  'audio/amr': 'recording',
  'text/plain': 'document',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'document',
};

/**
 * Does the file's content begin as its declared type's does (its "magic bytes")? The declared type is what the
 * browser or client says and what a download is served as; a file whose bytes are of another kind (an HTML page or
 * a program named photo.jpg) is refused, so what is stored is what it claims to be. Plain text: no NUL byte in the
 * first 64 KiB (text in any encoding has none; binaries nearly always do).
 */
const SIGNATURES: Record<string, (b: Buffer) => boolean> = {
  'image/jpeg': (b) => b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) => b.length >= 4 && b[0] === 0x89 && ascii(b, 1, 'PNG'),
  'image/webp': (b) => ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP'),
  'application/pdf': (b) => ascii(b, 0, '%PDF-'),
  // an ID3 tag, or an MPEG audio frame sync (11 bits set)
  'audio/mpeg': (b) => ascii(b, 0, 'ID3') || (b.length >= 2 && b[0] === 0xff && (b[1]! & 0xe0) === 0xe0),
  'audio/wav': (b) => ascii(b, 0, 'RIFF') && ascii(b, 8, 'WAVE'),
  'audio/x-wav': (b) => ascii(b, 0, 'RIFF') && ascii(b, 8, 'WAVE'),
  'audio/mp4': (b) => ascii(b, 4, 'ftyp'),
  'audio/amr': (b) => ascii(b, 0, '#!AMR'),
  'text/plain': (b) => !b.includes(0),
  // a .docx is a ZIP archive
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': (b) => b.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])),
};
const ascii = (b: Buffer, at: number, text: string) => b.length >= at + text.length && b.toString('latin1', at, at + text.length) === text;
const HEAD_BYTES = 64 * 1024;

/** True when `head` (the first bytes of a file) is of the declared type; false for a type not on the list. */
export function contentMatches(mimeType: string, head: Buffer): boolean {
  const check = SIGNATURES[mimeType];
  return check !== undefined && head.length > 0 && check(head);
}

function readHead(file: string): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    return buf.subarray(0, fs.readSync(fd, buf, 0, HEAD_BYTES, 0));
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Content-addressed file store outside the database: <dir>/<sha[0..2]>/<sha>. The same file uploaded twice is
 * kept once; a file is written to a temp name first and renamed, so a cut upload never leaves a half file.
 */
export class AttachmentStore {
  constructor(readonly dir: string) {}

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new AppError('ATTACHMENT_NOT_FOUND');
    return path.join(this.dir, sha256.slice(0, 2), sha256);
  }

  /**
   * Stores a stream. With `mimeType`, the type must be on ALLOWED_TYPES and the content must match it
   * (415 UNSUPPORTED_MEDIA_TYPE otherwise); an empty file is refused (400). A stream cut by the size limit: 413.
   */
  async put(stream: Readable & { truncated?: boolean }, expect: { mimeType?: string } = {}): Promise<{ sha256: string; size: number }> {
    if (expect.mimeType !== undefined && !ALLOWED_TYPES[expect.mimeType]) {
      stream.resume();
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', { type: expect.mimeType.slice(0, 100) }, { allowed: Object.keys(ALLOWED_TYPES) });
    }
    fs.mkdirSync(path.join(this.dir, 'tmp'), { recursive: true });
    const tmp = path.join(this.dir, 'tmp', randomUUID());
    const hash = createHash('sha256');
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      size += chunk.length;
    });
    try {
      await pipeline(stream, fs.createWriteStream(tmp));
      if (stream.truncated) throw new AppError('PAYLOAD_TOO_LARGE', { limit: 0 });
      if (size === 0) throw FILE_REQUIRED.error('empty file / 文件为空');
      if (expect.mimeType !== undefined && !contentMatches(expect.mimeType, readHead(tmp)))
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', { type: `${expect.mimeType}（内容与类型不符 / content does not match）` }, { reason: 'content_mismatch', declared: expect.mimeType });
      const sha256 = hash.digest('hex');
      const final = this.pathOf(sha256);
      fs.mkdirSync(path.dirname(final), { recursive: true });
      if (fs.existsSync(final)) fs.rmSync(tmp);
      else fs.renameSync(tmp, final);
      return { sha256, size };
    } catch (err) {
      fs.rmSync(tmp, { force: true });
      throw err;
    }
  }

  open(sha256: string): fs.ReadStream {
    const p = this.pathOf(sha256);
    if (!fs.existsSync(p)) throw new AppError('ATTACHMENT_NOT_FOUND');
    return fs.createReadStream(p);
  }
}
