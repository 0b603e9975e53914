/** The error a lookup throws when what it looks for cannot be told: none exists, or more than one. */
import { SaeError } from "../api/errors";

/** Why a lookup found no single answer. */
export type LookupFailure =
  /** Nothing matches. */
  | "not-found"
  /** More than one matches, and the arguments cannot tell which is meant. */
  | "not-unique";

/**
 * A lookup found nothing, or more than one match. Its message names what was looked for (names
 * and IDs, never other values) and what to change.
 */
export class SaeLookupError extends SaeError {
  override readonly name = "SaeLookupError";

  constructor(
    /** Why the lookup failed, for a program that handles "not found" itself. */
    readonly reason: LookupFailure,
    message: string,
  ) {
    super(message);
  }
}
