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
  /** Time an ExecJob run stays running. Default 2000 ms. */
  jobRunDurationMs?: number;
  /** If set, state is persisted there as JSON and survives a restart. */
  dataDir?: string;
  /** Optional access log, called once per request with one line. */
  log?: (line: string) => void;
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
  /** The fault kind applied to this request, if any (two kinds comma-separated, e.g. "delay,failJobRun"). */
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
  | "failJobRun";

/** One injected fault. Rules are consumed in the order they were added. */
export interface FaultRule {
  /** Operation name ("UpdateJob") or "*" for any. */
  action: string;
  kind: FaultKind;
  /** How many matching requests it applies to; default 1; Infinity allowed. */
  times?: number;
  /** Let this many matching requests through first; default 0. */
  skip?: number;
  /** "delay": answer normally after this long. With "drop": wait this long before dropping. */
  delayMs?: number;
  /**
   * "drop": process the request (state changes happen), then destroy the socket without an answer
   * (a lost response). Default false: destroy before processing.
   */
  dropAfterProcessing?: boolean;
  /** "error": HTTP status to answer. "failChangeOrder": final Status (3 default; 6 or 10 allowed). */
  status?: number;
  /** "error": error code to answer. */
  code?: string;
  /** "error": error message to answer. */
  message?: string;
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
  /** Fault injection. */
  readonly faults: {
    add(rule: FaultRule): void;
    clear(): void;
    /** Rules not used up yet, with their remaining times/skip. */
    pending(): FaultRule[];
  };
  /** Close the server and every open socket; resolves when closed. */
  stop(): Promise<void>;
}
