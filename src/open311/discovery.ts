/** Service discovery (/open311/discovery.{json,xml}): where our GeoReport v2 endpoint is and what it speaks. */
import type { Rec } from './format.js';

/** when this endpoint's behaviour last changed (the spec's changeset); bump it with any change a client must see */
export const CHANGESET = '2026-12-03T00:00:00+08:00';

export interface Open311Settings {
  /** MINSHENG_OPEN311_JURISDICTION: when set, a jurisdiction_id that is given must be this one */
  jurisdiction: string | undefined;
  contact: string;
}

export function open311Settings(env: NodeJS.ProcessEnv = process.env): Open311Settings {
  return {
    jurisdiction: env.MINSHENG_OPEN311_JURISDICTION?.trim() || undefined,
    contact: env.MINSHENG_OPEN311_CONTACT?.trim() || 'The petition office (信访局) that runs this server',
  };
}

export function discovery(baseUrl: string, s: Open311Settings): Rec {
  return {
    changeset: CHANGESET,
    contact: s.contact,
    key_service: 'API keys for POST are issued by an administrator of this server (POST /api/open311/keys)',
    endpoints: [
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: `${baseUrl}/open311/v2`,
        changeset: CHANGESET,
        type: 'production',
        formats: ['text/xml', 'application/json'],
      },
    ],
  };
}
