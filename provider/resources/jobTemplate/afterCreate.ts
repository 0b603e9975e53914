/**
 * Calls on a template SAE has just confirmed creating (CreateJob answered and its change order
 * succeeded, or the template was found by name). SAE's reads are eventually consistent: for a
 * moment DescribeJob may still answer 404 (InvalidAppId.NotFound), and UpdateJob or SuspendJob
 * "no such application", for the new template. Such an answer within the create grace
 * (`Timing.createGraceMs`, on the client's schedule) is retried; after that, or any other error,
 * is thrown as it is.
 */
import { SaeApiError, SaeError } from "../../api/errors";
import { productTiming, secondsText, type Timing } from "../../api/timing";
import { defaultSleep } from "../polling";

/** The clock the grace waits by; tests pass a fake one. */
export interface ReadBackClock {
  /** Milliseconds, as Date.now. */
  readonly now: () => number;
  /** Resolves after `ms` milliseconds. */
  readonly sleep: (ms: number) => Promise<void>;
}

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
  /**
   * How long the grace lasts and the waits within it: the client's `timing`.
   * @default productTiming
   */
  readonly timing?: Pick<Timing, "createGraceMs" | "createGraceDelaysMs">;
}

/** Runs `call`, retrying a not-found answer within the grace after a create. */
export async function withCreateGrace<T>(call: () => Promise<T>, options: GraceOptions): Promise<T> {
  const clock = options.clock ?? { now: Date.now, sleep: defaultSleep };
  const { createGraceMs: graceMs, createGraceDelaysMs: delays } = options.timing ?? productTiming;
  const started = clock.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof SaeApiError && error.isNotFound)) {
        throw error;
      }
      const delay = delays[Math.min(attempt, delays.length - 1)];
      const elapsed = clock.now() - started;
      if (elapsed + delay > graceMs) {
        throw new SaeError(
          `${options.action} still does not find it ${secondsText(elapsed)} after SAE confirmed the ` +
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
