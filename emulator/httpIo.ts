// Reading requests and writing JSON responses.

import type { IncomingMessage, ServerResponse } from "node:http";

/** Largest request body accepted; SAE parameters are small. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Thrown by {@link readBody} when the body is larger than the limit. */
export class BodyTooLargeError extends Error {}

/** The whole request body. */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.pause();
        reject(new BodyTooLargeError(`request body larger than ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Lower-cased header names to every value received under that name. */
export function headerValues(req: IncomingMessage): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    if (values) {
      out[name.toLowerCase()] = values;
    }
  }
  return out;
}

/** Whether a Content-Type is application/x-www-form-urlencoded (parameters ignored). */
export function isFormContentType(contentType: string | undefined): boolean {
  return (contentType ?? "").split(";")[0].trim().toLowerCase() === "application/x-www-form-urlencoded";
}

/** Write a JSON response. */
export function sendJson(res: ServerResponse, status: number, requestId: string, payload: unknown): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, {
    "content-type": "application/json;charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "x-acs-request-id": requestId,
  });
  res.end(text);
}
