import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { AppError } from '../core/errors.js';

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
 * Content-addressed file store outside the database: <dir>/<sha[0..2]>/<sha>. The same file uploaded twice is
 * kept once; a file is written to a temp name first and renamed, so a cut upload never leaves a half file.
 */
export class AttachmentStore {
  constructor(readonly dir: string) {}

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new AppError('ATTACHMENT_NOT_FOUND');
    return path.join(this.dir, sha256.slice(0, 2), sha256);
  }

  async put(stream: Readable & { truncated?: boolean }): Promise<{ sha256: string; size: number }> {
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
