import { z } from 'zod';
import { createInput, createSubscription, KNOWN_EVENT_TYPES, deleteSubscription, disableSubscription, knownEventTypes, listSubscriptions, pauseSubscription } from '../../webhooks/subscriptions.js';
import { deliveryAttempts, listDeliveries } from '../../webhooks/log.js';
import { requireRole } from '../../org/actor.js';
import { defineRoute } from '../route.js';

const idParams = z.object({ id: z.string() });

defineRoute({
  method: 'GET',
  url: '/api/webhooks/event-types',
  summary: 'Event types a webhook subscription can name: case events, register events as <entity>.<type>, or * (docs/webhooks.md)',
  tags: ['webhooks'],
  auth: 'staff',
  async handler({ actor }) {
    requireRole(actor, 'admin');
    return { items: knownEventTypes() };
  },
});

defineRoute({
  method: 'POST',
  url: '/api/webhooks',
  summary:
    'Subscribe a URL to event types of the matters in your scope (admin). Answers the signing secret ONCE (whsec_…); payloads are HMAC-SHA256 signed (Standard Webhooks headers) and carry no personal data',
  tags: ['webhooks'],
  rules: [KNOWN_EVENT_TYPES],
  auth: 'staff',
  docBody: createInput,
  rawBody: 'application/json',
  async handler({ req, reply, actor, lang, meta, body }) {
    reply.code(201);
    return createSubscription(req.server.ctx.deps, { actor, lang, meta, body });
  },
});

defineRoute({
  method: 'GET',
  url: '/api/webhooks',
  summary: 'Webhook subscriptions made in your scope (admin); secrets are never shown again',
  tags: ['webhooks'],
  auth: 'staff',
  async handler({ req, actor, lang, meta }) {
    return listSubscriptions(req.server.ctx.deps, { actor, lang, meta });
  },
});

defineRoute({
  method: 'POST',
  url: '/api/webhooks/:id/disable',
  summary: 'Disable a subscription (admin): no new deliveries, waiting ones are cancelled',
  tags: ['webhooks'],
  auth: 'staff',
  params: idParams,
  async handler({ req, actor, lang, meta, params }) {
    return disableSubscription(req.server.ctx.deps, { actor, lang, meta, id: params.id });
  },
});

for (const [action, paused] of [['pause', true], ['resume', false]] as const)
  defineRoute({
    method: 'POST',
    url: `/api/webhooks/:id/${action}`,
    summary: paused ? 'Pause a subscription (admin): events keep going into its outbox, nothing is sent until resumed' : 'Resume a paused subscription (admin): what waited is sent, oldest first',
    tags: ['webhooks'],
    auth: 'staff',
    params: idParams,
    async handler({ req, actor, lang, meta, params }) {
      return pauseSubscription(req.server.ctx.deps, { actor, lang, meta, id: params.id, paused });
    },
  });

defineRoute({
  method: 'DELETE',
  url: '/api/webhooks/:id',
  summary: 'Delete a subscription with its outbox and delivery log (admin)',
  tags: ['webhooks'],
  auth: 'staff',
  params: idParams,
  async handler({ req, actor, lang, meta, params }) {
    return deleteSubscription(req.server.ctx.deps, { actor, lang, meta, id: params.id });
  },
});

defineRoute({
  method: 'GET',
  url: '/api/webhooks/:id/deliveries',
  summary: 'Delivery log of a subscription, newest first (admin): status, attempts, last status code and error, next retry; ?status=&limit=&before=<delivery id>',
  tags: ['webhooks'],
  auth: 'staff',
  params: idParams,
  async handler({ req, actor, lang, meta, params }) {
    return listDeliveries(req.server.ctx.deps, { actor, lang, meta, id: params.id, query: req.query });
  },
});

defineRoute({
  method: 'GET',
  url: '/api/webhooks/:id/deliveries/:deliveryId/attempts',
  summary: 'Every attempt of one delivery (admin): time, status code, error, duration',
  tags: ['webhooks'],
  auth: 'staff',
  params: z.object({ id: z.string(), deliveryId: z.string() }),
  async handler({ req, actor, lang, meta, params }) {
    return deliveryAttempts(req.server.ctx.deps, { actor, lang, meta, id: params.id, deliveryId: params.deliveryId });
  },
});
