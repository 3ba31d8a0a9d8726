/**
 * Composition root for cross-register reactions that are not a user's action: what follows an overdue clock.
 * Imported once by bootstrap.ts, so the server, the CLI, the jobs and the tests all run the same hooks.
 * Each register adds its own line here (e.g. `import './supervision/hooks.js';`).
 */
import './supervision/hooks.js';
import './visits/hooks.js';
import './hazards/hooks.js';
import './analytics/hooks.js';
