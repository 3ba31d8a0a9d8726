#!/usr/bin/env node
import { loadConfig } from './core/config.js';
import { openRuntime, startServer } from './bootstrap.js';
import { sweepClocks } from './clocks/sweep.js';

const USAGE = `minsheng <command>

  serve       migrate, seed the demo data on an empty database, start the server (default)
  migrate     apply pending database migrations and exit
  seed-demo   add the demo city, users and ~200 cases to an empty database
  sweep       run the deadline sweep once (warnings, overdue marks)
  metrics rebuild   recompute every metric fact and rollup from the base tables
  metrics verify    prove that the stored facts and rollups equal a fresh computation (exit 1 if not); --unit CODE: one subtree;
                    --sample N also compares N random (unit subtree, month) pairs with the reference queries
  metrics fold      fold the settled metric deltas into the rollups now (the server's job does it every minute)
  audit verify      recompute the audit hash chain; names every altered, deleted, inserted or reordered record
                    (exit 1 if any); --from SEQ starts there, --anchor SEQ:HASH checks a head written down earlier
  audit seal        seal the audit records written since the last seal (the server's job does it every minute)
  retention run     anonymise closed matters older than MINSHENG_RETENTION_YEARS (--dry-run: only count them)
  help        this text

Environment: PORT (3000), HOST (127.0.0.1), MINSHENG_DATA_DIR (./data), DATABASE_URL (unset = embedded PGlite)`;

async function main(cmd = 'serve') {
  const config = loadConfig();
  switch (cmd) {
    case 'serve': {
      const rt = await openRuntime(config, { rebuildRollupsOnSettingsChange: true });
      const { isEmpty, seedDemo } = await import('./seed/demo.js');
      let demoUsers: Array<{ username: string; password: string; roles: string[]; unit: string }> = [];
      if (await isEmpty(rt)) {
        console.log('Empty database: seeding the demo city …');
        demoUsers = (await seedDemo(rt, { log: (s) => console.log(`  ${s}`) })).users;
      }
      if (rt.rollupsBuilt?.facts) console.log(`metric rollups built (${rt.rollupsBuilt.facts} facts, ${rt.rollupsBuilt.rollups} rollup rows)`);
      const server = await startServer(rt, { logger: process.env.LOG_LEVEL !== 'silent' });
      const stop = async () => {
        await server.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      if (demoUsers.length) {
        // one user per role is enough to start; README lists them all
        const shown = new Set<string>();
        console.log(`\nDemo users (${demoUsers.length} in all, listed in README.md); one per role:`);
        for (const u of demoUsers) {
          const role = u.roles.join(',');
          if (shown.has(role)) continue;
          shown.add(role);
          console.log(`  ${u.username.padEnd(16)} password ${u.password.padEnd(16)} ${role.padEnd(20)} ${u.unit}`);
        }
      }
      console.log(`\nMinsheng is running on ${rt.database.backend === 'pglite' ? 'the embedded database' : 'PostgreSQL'}: ${server.url}\n`);
      return;
    }
    case 'migrate': {
      const rt = await openRuntime(config);
      console.log('migrations applied; database is up to date');
      await rt.database.close();
      return;
    }
    case 'seed-demo': {
      const rt = await openRuntime(config);
      const { isEmpty, seedDemo } = await import('./seed/demo.js');
      if (!(await isEmpty(rt))) {
        console.error('The database already has units; seed-demo only fills an empty database.');
        await rt.database.close();
        process.exit(2);
      }
      const r = await seedDemo(rt, { log: (s) => console.log(s) });
      console.log(`seeded ${r.cases} cases and ${r.users.length} users`);
      await rt.database.close();
      return;
    }
    case 'sweep': {
      const rt = await openRuntime(config);
      console.log(await sweepClocks(rt.deps));
      await rt.database.close();
      return;
    }
    case 'metrics': {
      const rt = await openRuntime(config);
      try {
        const { runMetricsCommand } = await import('./analytics/rollup-cli.js');
        process.exitCode = await runMetricsCommand(rt.deps, process.argv.slice(3), (s) => console.log(s));
      } finally {
        await rt.database.close();
      }
      return;
    }
    case 'audit': {
      const rt = await openRuntime(config);
      try {
        const { runAuditCommand } = await import('./audit/audit-cli.js');
        process.exitCode = await runAuditCommand(rt.deps.db, process.argv.slice(3), (s) => console.log(s));
      } finally {
        await rt.database.close();
      }
      return;
    }
    case 'retention': {
      const rt = await openRuntime(config);
      try {
        const { runRetentionCommand } = await import('./retention/retention-cli.js');
        process.exitCode = await runRetentionCommand(rt.deps, process.argv.slice(3), (s) => console.log(s));
      } finally {
        await rt.database.close();
      }
      return;
    }
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return;
    default:
      console.error(`unknown command "${cmd}"\n\n${USAGE}`);
      process.exit(2);
  }
}

main(process.argv[2]).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
