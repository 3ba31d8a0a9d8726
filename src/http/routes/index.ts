// Importing a routes file registers its routes (defineRoute); app.ts mounts them all.
import '../register-routes.js'; // GET /api/workflows
import './system.js';
import './auth.js';
import './org.js';
import './cases.js';
import './attachments.js';
import './public.js';
import './admin.js';
import './intel.js';
import './admin-data.js';
import './supervision.js';
import './visits.js';
import './disputes.js';
import './hazards.js';
import './coordination.js';
import './campaigns.js';
import './metrics.js';
import './dashboard.js';
import './reports.js';
import './imports.js';
import './webhooks.js';
import './exports.js';
import './open311.js';
import './documents.js';
import './notifications.js';
import './reception.js';
import './replyboard.js';
