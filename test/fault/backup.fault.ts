/**
 * Backup and restore (issue 9; the commands of docs/operations.md "Backup and restore"): cases are registered
 * through the real server, a backup is taken, restored into a fresh database (PostgreSQL: pg_dump -Fc while the
 * server runs, pg_restore into a new database) or a fresh data directory (PGlite: the data directory archived with
 * tar while the server is stopped), a server is started on the restored copy, and it must list every case: the same
 * count and the same checksum of ids as the original.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checksumOf, RegistrationLoad } from './load.js';
import { Client, createDatabase, ownPostgresDatabase, prepareDatabase, startServerProc, stopAllServers } from './proc.js';

afterAll(stopAllServers);

/** every case the signed-in user's list shows, page by page (GET /api/cases) */
async function listedIds(client: Client): Promise<string[]> {
  const ids: string[] = [];
  for (let page = 1; ; page++) {
    const r = await client.call('GET', `/api/cases?pageSize=200&page=${page}&sort=reg_no&order=asc`);
    expect(r.status).toBe(200);
    ids.push(...r.body.items.map((c: { id: string }) => c.id));
    if (r.body.items.length < 200) return ids;
  }
}

async function registerSome(base: string, tag: string) {
  const client = await Client.login(base, 'intake');
  const load = new RegistrationLoad(client, tag, 4);
  load.start();
  await load.waitFor(60);
  await load.stop();
  await load.retryUnacknowledged();
  return { client, load };
}

describe('backup and restore', () => {
  it('PostgreSQL: pg_dump -Fc of a running server, pg_restore into a new database, every case found', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minsheng-fault-backup-pg-'));
    const source = await ownPostgresDatabase('minsheng_fault_backup');
    let restored: Awaited<ReturnType<typeof createDatabase>> | undefined;
    try {
      await prepareDatabase({ dataDir, databaseUrl: source.url });
      const server = await startServerProc({ dataDir, databaseUrl: source.url });
      const { client, load } = await registerSome(server.url, 'backup-pg');
      const before = await listedIds(client);
      const dump = path.join(dataDir, 'minsheng.dump');
      // the server keeps running: pg_dump reads one consistent snapshot
      execFileSync('pg_dump', ['-Fc', '-d', source.url, '-f', dump], { stdio: 'pipe' });
      await server.stop();

      restored = await createDatabase(source.url, `${new URL(source.url).pathname.slice(1)}_restored`);
      execFileSync('pg_restore', ['--exit-on-error', '-d', restored.url, dump], { stdio: 'pipe' });
      const again = await startServerProc({ dataDir, databaseUrl: restored.url });
      const after = await listedIds(await Client.login(again.url, 'intake'));
      await again.stop();
      console.log(
        `[fault] backup/restore PostgreSQL: ${load.acked.size} registered, dump ${(fs.statSync(dump).size / 1024).toFixed(0)} KiB; ` +
          `listed ${before.length} before (sha256 ${checksumOf(before).slice(0, 16)}), ${after.length} after restore (sha256 ${checksumOf(after).slice(0, 16)})`,
      );
      expect(before.length).toBe(load.acked.size);
      expect(after.length).toBe(before.length);
      expect(checksumOf(after)).toBe(checksumOf(before));
      expect(new Set(after)).toEqual(new Set([...load.acked.values()].map((a) => a.id)));
    } finally {
      await stopAllServers();
      await restored?.drop();
      await source.release();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('PGlite: the data directory archived while stopped, unpacked into a new directory, every case found', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'minsheng-fault-backup-lite-'));
    const dataDir = path.join(work, 'data');
    const restoredDir = path.join(work, 'restored');
    try {
      await prepareDatabase({ dataDir });
      const server = await startServerProc({ dataDir });
      const { client, load } = await registerSome(server.url, 'backup-lite');
      const before = await listedIds(client);
      // PGlite is one process's database: stop the server, then archive the whole data directory
      await server.stop();
      const archive = path.join(work, 'minsheng-data.tar.gz');
      execFileSync('tar', ['-C', dataDir, '-czf', archive, '.'], { stdio: 'pipe' });
      fs.mkdirSync(restoredDir);
      execFileSync('tar', ['-C', restoredDir, '-xzf', archive], { stdio: 'pipe' });
      const again = await startServerProc({ dataDir: restoredDir });
      const after = await listedIds(await Client.login(again.url, 'intake'));
      await again.stop();
      console.log(
        `[fault] backup/restore PGlite: ${load.acked.size} registered, archive ${(fs.statSync(archive).size / 1024 / 1024).toFixed(1)} MiB; ` +
          `listed ${before.length} before (sha256 ${checksumOf(before).slice(0, 16)}), ${after.length} after restore (sha256 ${checksumOf(after).slice(0, 16)})`,
      );
      expect(before.length).toBe(load.acked.size);
      expect(after.length).toBe(before.length);
      expect(checksumOf(after)).toBe(checksumOf(before));
    } finally {
      await stopAllServers();
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});
