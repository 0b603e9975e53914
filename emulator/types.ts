// Public types of the emulator. Other code (the provider's tests, the CLI, demos) depends on these
// exact names, so they live apart from the implementation.

/** How to start an emulator. Every field is optional. */
export interface EmulatorOptions {
  /** Interface to bind. Default "127.0.0.1": the emulator is meant for one machine only. */
  host?: string;
  /** TCP port. Default 0: an ephemeral port, read it back from {@link Emulator.port}. */
  port?: number;
  /** Region the emulator pretends to serve. Default "cn-hangzhou". */
  regionId?: string;
  /** The one AccessKey ID the emulator accepts. Default "emulator-key". */
  accessKeyId?: string;
  /** Secret for {@link EmulatorOptions.accessKeyId}. Default "emulator-secret". */
  accessKeySecret?: string;
  /** If set, every request must carry `x-acs-security-token` equal to it (STS credentials). */
  securityToken?: string;
  /** Time from creating a change order to its final state. Default 1500 ms. */
  changeOrderDurationMs?: number;
  /**
   * Time a job run stays running (ExecJob and {@link Emulator.startScheduledRun}) unless a fault or
   * option gives that run its own duration. Default 2000 ms.
   */
  jobRunDurationMs?: number;
  /** If set, state is persisted there as JSON and survives a restart. */
  dataDir?: string;
  /**
   * UpdateJob parameters (e.g. "CustomHostAlias") whose clear is ignored: an UpdateJob that sends
   * "" for one of them (or "{}" for TomcatConfig) keeps the stored value and still succeeds, as SAE
   * has been seen to do. Default none. Change it later with {@link Emulator.ignoreClears}.
   */
  ignoreClears?: readonly string[];
  /**
   * A request rate limit, as SAE's API gateway applies one (user flow control). Default none.
   * Change it later with {@link Emulator.setRateLimit}.
   */
  rateLimit?: RateLimit;
  /**
   * Eventual consistency of ListJobs: it leaves out templates created less than this long ago, in
   * ms. DescribeJob finds them at once, and CreateJob still answers `InvalidAppName.AlreadyExists`
   * for their names. Default 0. Change it later with {@link Emulator.setListLag}.
   */
  listLagMs?: number;
  /** Optional access log, called once per request with one line. */
  log?: (line: string) => void;
  /**
   * The clock every duration the emulator plays out runs on, in epoch milliseconds: change orders,
   * job runs (and an ExecJob `Time`), the listing lag and the rate limit's refill. Default
   * `Date.now`. A test passes a clock it moves itself, so a duration has passed exactly when the
   * test says so, however fast the machine is. The signature's timestamp check and the recorded
   * request times keep the real clock: they are about the client's clock, not SAE's work.
   */
  clock?: () => number;
}

/**
 * A token bucket over every signed request whose signature verifies: it holds `burst` tokens, starts
 * full and refills at `requestsPerSecond`; each request takes one. A request that finds it empty is
 * answered HTTP 400 `Throttling.User` ("Request was denied due to user flow control."), changes no
 * state, uses up no fault, and is recorded with `fault: "rateLimit"`. It is counted before the
 * header and parameter checks; unsigned or badly signed requests take no token.
 */
export interface RateLimit {
  /** Refill rate, tokens per second; a positive number (0.01 = one request per 100 s). */
  requestsPerSecond: number;
  /**
   * Capacity: how many requests may come at once after a quiet spell. Default `requestsPerSecond`
   * (at least 1); at least 1.
   */
  burst?: number;
}

/** One request as the emulator received and answered it. */
export interface RecordedRequest {
  /** Arrival order, from 1; keeps counting across {@link Emulator.clearRequests}. */
  seq: number;
  /** ISO 8601 arrival time. */
  time: string;
  /** Operation name from the route, else the x-acs-action header, else "". */
  action: string;
  method: string;
  /** URL path without the query. */
  path: string;
  /** Decoded URL query. */
  query: Record<string, string>;
  /** Decoded form body; `{}` when there is none. */
  body: Record<string, string>;
  /** Query and body merged (body wins on a clash). */
  params: Record<string, string>;
  /** Lower-cased request headers; authorization and x-acs-security-token values are redacted. */
  headers: Record<string, string>;
  /** HTTP status answered; 0 while still in flight or when the connection was dropped. */
  status: number;
  /** Error code answered, only on errors. */
  code?: string;
  requestId: string;
  /**
   * The fault kinds applied to this request, if any, comma-separated (e.g. "delay,failJobRun");
   * "rateLimit" when {@link EmulatorOptions.rateLimit} refused it.
   */
  fault?: string;
}

/** Kinds of injected faults. See {@link FaultRule}. */
export type FaultKind =
  | "throttle"
  | "serverError"
  | "serviceUnavailable"
  | "error"
  | "drop"
  | "delay"
  | "failChangeOrder"
  | "changeOrderDuration"
  | "failJobRun"
  | "jobRunDuration";

/**
 * One injected fault. Rules are consumed in the order they were added.
 *
 * Request faults ("throttle", "serverError", "serviceUnavailable", "error", "drop", "delay") replace
 * or postpone the answer; the error and drop kinds can let the request be processed first
 * (`afterProcessing`, `dropAfterProcessing`). Outcome faults shape what a request creates, and are
 * used up only when it is created: "failChangeOrder" (the change order fails),
 * "changeOrderDuration" (the change order takes `durationMs`; it still succeeds unless a
 * "failChangeOrder" rule applies too), "failJobRun" (the ExecJob run fails, optionally after
 * `runDurationMs` and with `message`), "jobRunDuration" (the ExecJob run lasts `runDurationMs`; it
 * still succeeds unless a "failJobRun" rule applies too).
 */
export interface FaultRule {
  /** Operation name ("UpdateJob") or "*" for any. */
  action: string;
  kind: FaultKind;
  /** How many matching requests it applies to; default 1; Infinity allowed. */
  times?: number;
  /** Let this many matching requests through first; default 0. */
  skip?: number;
  /**
   * Only requests carrying every one of these parameters with exactly this value (in the query or
   * the form body), such as `{ AppId: "…" }` or `{ AppName: "nightly" }`: a fault for one template.
   * Other requests pass by without using the rule up, and are not counted by `skip`. Default: every
   * request for `action`.
   */
  match?: Record<string, string>;
  /**
   * "delay": answer after this long (processed after the wait, or at once with `afterProcessing`).
   * With "drop": wait this long before dropping.
   */
  delayMs?: number;
  /**
   * "drop": process the request (state changes happen), then destroy the socket without an answer
   * (a lost response). Default false: destroy before processing.
   */
  dropAfterProcessing?: boolean;
  /**
   * "serverError", "serviceUnavailable" and "error": process the request first (its state
   * changes happen: CreateJob creates the template and its change order, and outcome faults are
   * taken), then answer the error instead of the real answer, as a gateway that answers 500/503
   * although the backend acted. Default false: the error is answered without processing.
   * "delay": process the request at once and send its real answer only after `delayMs`, as SAE
   * acting on a call whose answer comes after the client stopped waiting. Default false: the
   * request waits `delayMs`, then is processed and answered.
   */
  afterProcessing?: boolean;
  /** "error": HTTP status to answer. "failChangeOrder": final Status (3 default; 6 or 10 allowed). */
  status?: number;
  /** "error": error code to answer. */
  code?: string;
  /**
   * "error": error message to answer. "failJobRun": the failed run's `Message` (default SAE's
   * "BackoffLimitExceeded: Job has reached the specified backoff limit").
   */
  message?: string;
  /**
   * "failJobRun" (optional) and "jobRunDuration" (required): how long the run stays running, in ms,
   * instead of {@link EmulatorOptions.jobRunDurationMs}. 0: it has ended by the first poll.
   * Infinity: it runs until {@link Emulator.finishRun} or the template's Timeout. When both kinds
   * apply to one run, the "failJobRun" rule's duration wins if it has one.
   */
  runDurationMs?: number;
  /**
   * "changeOrderDuration" (required): how long the next change order the matching action opens
   * (CreateJob or UpdateJob) takes to reach its final state, in ms, instead of
   * {@link EmulatorOptions.changeOrderDurationMs}; a non-negative number, 0 = finished at once,
   * Infinity = in progress until {@link Emulator.finishChangeOrder} ends it. While it runs,
   * UpdateJob and DeleteJob on that template answer `Application.ChangerOrderRunning`.
   */
  durationMs?: number;
}

/** A job run's State as DescribeJobStatus answers it: "0" not run yet, "1" succeeded, "2" failed, "3" running. */
export type JobRunState = "0" | "1" | "2" | "3";

/** A job run as the emulator holds it, for tests to inspect ({@link Emulator.listRuns}). */
export interface JobRunInfo {
  jobId: string;
  /** The job template (AppId) it is a run of. */
  appId: string;
  /** What started it: ExecJob, or the template's schedule ({@link Emulator.startScheduledRun}). */
  trigger: "ExecJob" | "schedule";
  /** ExecJob's EventId, if it had one. */
  eventId?: string;
  /**
   * ExecJob's parameters for this run other than AppId and EventId, exactly as sent (Command,
   * CommandArgs, Envs, JarStartArgs, JarStartOptions, WarStartOptions, Replicas, Time); `{}` when
   * none were sent and for scheduled runs.
   */
  overrides: Record<string, string>;
  /** Instances the run uses (ExecJob's Replicas, else the template's). */
  replicas: number;
  /** State now. */
  state: JobRunState;
  /** State it ends in (or ended in): "1" succeeded or "2" failed. */
  outcome: "1" | "2";
  /** Message it ends with (or ended with); "" for a success. */
  message: string;
  /** Epoch ms it was created (the ExecJob call, or startScheduledRun). */
  createdAt: number;
  /** Epoch ms it starts running (later than createdAt for an ExecJob with a future Time). */
  startAt: number;
  /** Epoch ms it ends (or ended); Infinity while it waits for {@link Emulator.finishRun}. */
  endsAt: number;
}

/** Options for {@link Emulator.startScheduledRun}. */
export interface ScheduledRunOptions {
  /** How long it stays running, in ms; default {@link EmulatorOptions.jobRunDurationMs}; Infinity allowed. */
  durationMs?: number;
  /** End failed instead of succeeded. */
  fail?: boolean;
  /** With `fail`: the run's Message; default SAE's BackoffLimitExceeded text. */
  message?: string;
  /** Instances; default the template's Replicas. */
  replicas?: number;
}

/** Options for {@link Emulator.finishRun}. */
export interface FinishRunOptions {
  /** End failed instead of succeeded. */
  fail?: boolean;
  /** With `fail`: the run's Message; default SAE's BackoffLimitExceeded text. */
  message?: string;
}

/** A change order as the emulator holds it, for tests to inspect ({@link Emulator.listChangeOrders}). */
export interface ChangeOrderInfo {
  changeOrderId: string;
  /** The job template (AppId) it changes. */
  appId: string;
  /** What opened it. */
  action: "CreateJob" | "UpdateJob";
  /** DescribeChangeOrder's Status now: 0 preparing, 1 in progress, then 2 succeeded or 3 / 6 / 10. */
  status: number;
  /** The Status it ends in (or ended in). */
  finalStatus: 2 | 3 | 6 | 10;
  /** Epoch ms it was opened. */
  createdAt: number;
  /** Epoch ms it ends (or ended); Infinity while it waits for {@link Emulator.finishChangeOrder}. */
  endsAt: number;
}

/** Options for {@link Emulator.finishChangeOrder}. */
export interface FinishChangeOrderOptions {
  /** End failed, with this Status (3 failed, 6 terminated, 10 failed by a system error). */
  failStatus?: 3 | 6 | 10;
}

/** Options for {@link Emulator.purgeRunHistory}. */
export interface PurgeRunOptions {
  /** Purge only these runs (still limited to `appId` when one is given). */
  jobIds?: readonly string[];
  /**
   * Purge runs that are still pending or running too. Default false: like SAE trimming its history,
   * only finished runs go.
   */
  includeActive?: boolean;
}

/** A running emulator. */
export interface Emulator {
  /** Base URL, e.g. "http://127.0.0.1:9000". */
  readonly url: string;
  /** Endpoint for the Alibaba Cloud client config, e.g. "127.0.0.1:9000". */
  readonly endpoint: string;
  readonly port: number;
  readonly regionId: string;
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  /** Every request received, in order, including rejected ones (a snapshot copy). */
  readonly requests: readonly RecordedRequest[];
  /** The recorded requests for one operation. */
  requestsFor(action: string): RecordedRequest[];
  /** Forget the recorded requests. */
  clearRequests(): void;
  /**
   * The first request for `action` (`"*"`: any) that `match` accepts, once it has been answered
   * or dropped: one already recorded, else the next to come. A test awaits it to act at a known
   * point of what a client is doing ("once the first poll has seen the run running, end it"),
   * instead of sleeping and hoping. Requests answered before {@link Emulator.clearRequests} forgot
   * them do not count. Rejects when the emulator stops first.
   */
  whenAnswered(action: string, match?: (request: RecordedRequest) => boolean): Promise<RecordedRequest>;
  /** Fault injection. */
  readonly faults: {
    add(rule: FaultRule): void;
    clear(): void;
    /** Rules not used up yet, with their remaining times/skip. */
    pending(): FaultRule[];
  };
  /** Job runs in creation order (oldest first), of one template or of all; purged runs are gone. */
  listRuns(appId?: string): JobRunInfo[];
  /** One run, or undefined if there is none (never created, deleted or purged). */
  getRun(jobId: string): JobRunInfo | undefined;
  /**
   * Start a run as the template's schedule would (not through ExecJob): it counts for ExecJob's
   * ConcurrencyPolicy (Forbid answers JobForbidPolicy until it ends) and shows in
   * DescribeJobStatus / DescribeJobHistory. It follows the template's policy itself: throws an
   * Error when the template does not exist, is suspended, or has ConcurrencyPolicy Forbid with a run
   * still active (the schedule would skip that run); under Replace it ends the active runs.
   */
  startScheduledRun(appId: string, options?: ScheduledRunOptions): JobRunInfo;
  /**
   * End a pending or running run now (typically one started with an Infinity duration). Throws an
   * Error when there is no such run or it has already ended.
   */
  finishRun(jobId: string, options?: FinishRunOptions): JobRunInfo;
  /** Change orders in the order they were opened, of one template or of all. */
  listChangeOrders(appId?: string): ChangeOrderInfo[];
  /**
   * End a change order that is still going, now: succeeded, or failed with `failStatus`
   * (typically one opened with an Infinity `changeOrderDuration`, so a test decides when the
   * change it stands for is over). Throws an Error when there is no such change order or it has
   * already finished.
   */
  finishChangeOrder(changeOrderId: string, options?: FinishChangeOrderOptions): ChangeOrderInfo;
  /**
   * Remove runs as SAE does when it purges old history: DescribeJobStatus and DeleteHistoryJob then
   * answer 404 for them, DescribeJobHistory leaves them out, and their EventIds are forgotten (an
   * ExecJob with one of them starts a new job). Without `appId`, every template's runs. Returns the
   * purged job IDs.
   */
  purgeRunHistory(appId?: string, options?: PurgeRunOptions): string[];
  /**
   * Replace the set of UpdateJob parameters whose clear is ignored (see
   * {@link EmulatorOptions.ignoreClears}); `[]` makes every clear work again.
   */
  ignoreClears(names: readonly string[]): void;
  /**
   * Replace the rate limit (see {@link EmulatorOptions.rateLimit}) with a new, full bucket;
   * undefined removes it. Throws RangeError on a limit it cannot use.
   */
  setRateLimit(limit: RateLimit | undefined): void;
  /**
   * Replace the ListJobs lag (see {@link EmulatorOptions.listLagMs}); it is measured from each
   * template's creation, so it applies to templates created before the call too. Throws RangeError
   * when `ms` is not a non-negative number.
   */
  setListLag(ms: number): void;
  /**
   * Set tags on a template directly, as SAE does on its own (`acs:…` tags) or a console user would:
   * merged into its tags (a key already there takes the new value). Every tag rule of TagResources
   * applies (key 1 to 128 characters, value 0 to 128, no `http://` / `https://` in a key, at most 20
   * user tags) except the one refusing keys that start with `aliyun` or `acs:`, so tests can add
   * those; they do not count towards the 20. Throws an Error when the template does not exist, a
   * TypeError when `tags` is not an object of strings, a RangeError when a rule refuses it (then
   * nothing changes).
   */
  setTags(appId: string, tags: Record<string, string>): void;
  /** A template's tags, user and system ones, as key to value (a copy). Throws an Error when it does not exist. */
  tagsOf(appId: string): Record<string, string>;
  /**
   * Back to as it started, on the same address: no templates (nor their tags), change orders or
   * runs (persisted so with `dataDir`); no faults and no recorded requests (numbered from 1
   * again); the listing lag, rate limit (a full bucket) and ignored clears it was started with.
   * A `whenAnswered` still waiting rejects; a request still in flight is answered as it would
   * have been, but not recorded (reset when nothing is). What clients keep (open connections, a
   * signature nonce already used) stays. For test suites that keep one emulator, and the clients
   * pointed at it, from test to test.
   */
  reset(): void;
  /** Close the server and every open socket; resolves when closed. */
  stop(): Promise<void>;
}
