/**
 * Request bodies. Bodies are read as text and parsed here (never by the framework), so that a body
 * that is not JSON gets each endpoint's own error shape, and so that GET requests with a body (seed
 * 001's redeem) are read too. A body over 1 MiB is refused before it is parsed.
 */
import type { FastifyRequest } from 'fastify';

/** The largest request body the server reads. */
export const bodyLimitBytes = 1 << 20;

/** A body read and parsed, or why it could not be. */
export type BodyResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly status: 400 | 413; readonly message: string };

const readStream = async (req: FastifyRequest): Promise<string | undefined> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req.raw) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += b.length;
    if (size > bodyLimitBytes) return undefined;
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
};

/**
 * The JSON body of a request: `undefined` when there is none. POST bodies arrive as text from the
 * server's content parser; a GET body is read from the request stream.
 */
export const readJsonBody = async (req: FastifyRequest): Promise<BodyResult> => {
  let text: string | undefined;
  if (typeof req.body === 'string') text = req.body;
  else if (req.method === 'GET' && req.body === undefined && !req.raw.readableEnded) {
    text = await readStream(req);
    if (text === undefined) return { ok: false, status: 413, message: `the request body is larger than ${bodyLimitBytes} bytes` };
  }
  if (text === undefined || text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, status: 400, message: `the request body is not JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
};
