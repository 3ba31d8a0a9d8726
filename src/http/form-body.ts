import type { FastifyInstance } from 'fastify';

/**
 * application/x-www-form-urlencoded, which GeoReport v2 clients POST. Only under /open311/: every other route keeps
 * answering 415 to a form body, as before. Each field becomes the list of its values (attribute[x][] repeats).
 */
export function addOpen311FormParser(app: FastifyInstance) {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 256 * 1024 }, (req, body, done) => {
    if (!req.url.startsWith('/open311/')) {
      const err = Object.assign(new Error('Unsupported Media Type'), { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' });
      done(err, undefined);
      return;
    }
    const out = Object.create(null) as Record<string, string[]>; // no prototype: a field named __proto__ is just a field
    for (const [k, v] of new URLSearchParams(String(body))) (out[k] ??= []).push(v);
    done(null, out);
  });
}
