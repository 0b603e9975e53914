/**
 * Calls on a template SAE has just confirmed creating (CreateJob answered and its change order
 * succeeded, or the template was found by name). SAE's reads are eventually consistent: for a
 * moment DescribeJob may still answer 404 (InvalidAppId.NotFound), and UpdateJob or SuspendJob
 * "no such application", for the new template. Such an answer within {@link createGraceMs} is
 * retried; after that, or any other error, is thrown as it is.
 */
import { SaeApiError, SaeError } from "../../api/errors";
import { defaultSleep } from "../polling";

/** The clock the grace waits by; tests pass a fake one. */
export interface ReadBackClock {
  /** Milliseconds, as Date.now. */
  readonly now: () => number;
  /** Resolves after `ms` milliseconds. */
  readonly sleep: (ms: number) => Promise<void>;
}

/** How long a template SAE confirmed may still be unknown to its other operations, in milliseconds. */
export const createGraceMs = 10_000;

/** The waits between attempts during the grace; the last one repeats. */
const graceDelaysMs = [250, 500, 1000, 2000];

/** How one call in the grace is described and timed. */
export interface GraceOptions {
  /** The operation, for the messages: "DescribeJob". */
  readonly action: string;
  /** The new template's ID. */
  readonly appId: string;
  /** Where the one "not found yet; retrying" line goes. */
  readonly log?: (line: string) => void;
  /** @default Date.now and setTimeout */
  readonly clock?: ReadBackClock;
  /** @default {@link createGraceMs} */
  readonly graceMs?: number;
}

/** Runs `call`, retrying a not-found answer within the grace after a create. */
export async function withCreateGrace<T>(call: () => Promise<T>, options: GraceOptions): Promise<T> {
  const clock = options.clock ?? { now: Date.now, sleep: defaultSleep };
  const graceMs = options.graceMs ?? createGraceMs;
  const started = clock.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof SaeApiError && error.isNotFound)) {
        throw error;
      }
      const delay = graceDelaysMs[Math.min(attempt, graceDelaysMs.length - 1)];
      const elapsed = clock.now() - started;
      if (elapsed + delay > graceMs) {
        throw new SaeError(
          `${options.action} still does not find it ${Math.round(elapsed / 1000)}s after SAE confirmed the ` +
            `create (${attempt + 1} attempts): ${error.message}`,
        );
      }
      if (attempt === 0) {
        // Once: the retries themselves are routine.
        options.log?.(
          `${options.action} does not find AppId ${options.appId} yet (SAE's reads lag just after a create); retrying`,
        );
      }
      await clock.sleep(delay);
    }
  }
}
