// Identifiers and time formats the emulator makes up.

import { createHash, randomBytes, randomUUID } from "node:crypto";

/** A request ID in the style SAE uses: an upper-case UUID. */
export function newRequestId(): string {
  return randomUUID().toUpperCase();
}

/** A trace ID: 30 hex digits, like the docs' examples. */
export function newTraceId(): string {
  return randomBytes(15).toString("hex");
}

/** A UUID-shaped ID derived from a seed, for things that must be stable without being stored. */
export function derivedUuid(seed: string): string {
  const h = createHash("sha256").update(seed).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** "YYYY-MM-DD HH:mm:ss" in UTC, the emulator's format for change order times. */
export function formatDateTime(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19).replace("T", " ");
}
