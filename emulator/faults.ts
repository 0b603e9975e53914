// Fault injection rules. Request faults (throttle, errors, drop, delay) are taken when a request
// has passed signature verification; outcome faults (failChangeOrder, changeOrderDuration,
// failJobRun, jobRunDuration) are taken only when a change order or job run is actually created,
// so a rejected request (or an ExecJob answered from its EventId) does not use them up.

import type { FaultKind, FaultRule } from "./types";

/** Faults that replace or postpone the answer to a request. */
export type RequestFaultKind = Exclude<FaultKind, OutcomeFaultKind>;
/** Faults that change how something created by a request ends. */
export type OutcomeFaultKind = "failChangeOrder" | "changeOrderDuration" | "failJobRun" | "jobRunDuration";

const REQUEST_KINDS: readonly FaultKind[] = [
  "throttle",
  "serverError",
  "serviceUnavailable",
  "error",
  "drop",
  "delay",
];
const OUTCOME_KINDS: readonly FaultKind[] = [
  "failChangeOrder",
  "changeOrderDuration",
  "failJobRun",
  "jobRunDuration",
];
const RUN_KINDS: readonly FaultKind[] = ["failJobRun", "jobRunDuration"];
/**
 * Faults that may answer after the request has been processed (`afterProcessing`): the error kinds,
 * and "delay" (the work is done at once, the answer comes late).
 */
const AFTER_PROCESSING_KINDS: readonly FaultKind[] = ["serverError", "serviceUnavailable", "error", "delay"];

function isCount(n: number, allowInfinity: boolean): boolean {
  return (Number.isInteger(n) && n >= 0) || (allowInfinity && n === Infinity);
}

/** Throws a TypeError explaining what is wrong with a rule. */
function checkRule(rule: FaultRule): void {
  if (![...REQUEST_KINDS, ...OUTCOME_KINDS].includes(rule.kind)) {
    throw new TypeError(`unknown fault kind "${String(rule.kind)}"`);
  }
  if (typeof rule.action !== "string" || rule.action === "") {
    throw new TypeError('fault action must be an operation name or "*"');
  }
  if (rule.times !== undefined && (!isCount(rule.times, true) || rule.times === 0)) {
    throw new TypeError("fault times must be a positive integer or Infinity");
  }
  if (rule.skip !== undefined && !isCount(rule.skip, false)) {
    throw new TypeError("fault skip must be a non-negative integer");
  }
  if (rule.delayMs !== undefined && !(Number.isFinite(rule.delayMs) && rule.delayMs >= 0)) {
    throw new TypeError("fault delayMs must be a non-negative number");
  }
  if (rule.kind === "delay" && rule.delayMs === undefined) {
    throw new TypeError('a "delay" fault needs delayMs');
  }
  if (rule.afterProcessing !== undefined) {
    if (!AFTER_PROCESSING_KINDS.includes(rule.kind)) {
      throw new TypeError(
        'afterProcessing applies only to "serverError", "serviceUnavailable", "error" and "delay" faults (for "drop", use dropAfterProcessing)',
      );
    }
    if (typeof rule.afterProcessing !== "boolean") {
      throw new TypeError("fault afterProcessing must be true or false");
    }
  }
  if (rule.match !== undefined) {
    const entries = typeof rule.match === "object" && rule.match !== null ? Object.entries(rule.match) : [];
    if (entries.length === 0 || entries.some(([, value]) => typeof value !== "string")) {
      throw new TypeError("fault match must be an object of one or more parameter names to string values");
    }
  }
  if (rule.runDurationMs !== undefined) {
    if (!RUN_KINDS.includes(rule.kind)) {
      throw new TypeError('runDurationMs applies only to "failJobRun" and "jobRunDuration" faults');
    }
    if (!(rule.runDurationMs >= 0)) {
      throw new TypeError("fault runDurationMs must be a non-negative number or Infinity");
    }
  }
  if (rule.kind === "jobRunDuration" && rule.runDurationMs === undefined) {
    throw new TypeError('a "jobRunDuration" fault needs runDurationMs');
  }
  if (rule.durationMs !== undefined) {
    if (rule.kind !== "changeOrderDuration") {
      throw new TypeError('durationMs applies only to "changeOrderDuration" faults');
    }
    // Infinity: until Emulator.finishChangeOrder ends it.
    if (!(rule.durationMs >= 0)) {
      throw new TypeError("fault durationMs must be a non-negative number or Infinity");
    }
  }
  if (rule.kind === "changeOrderDuration" && rule.durationMs === undefined) {
    throw new TypeError('a "changeOrderDuration" fault needs durationMs');
  }
  if (rule.kind === "failChangeOrder" && rule.status !== undefined && ![3, 6, 10].includes(rule.status)) {
    throw new TypeError("failChangeOrder status must be 3, 6 or 10");
  }
  if (rule.kind === "error" && rule.status !== undefined && !(rule.status >= 400 && rule.status <= 599)) {
    throw new TypeError('an "error" fault status must be 400..599');
  }
}

/** The ordered list of pending fault rules. */
export class FaultBook {
  private rules: FaultRule[] = [];

  /** Add a rule after the existing ones. Throws TypeError on a malformed rule. */
  add(rule: FaultRule): void {
    checkRule(rule);
    this.rules.push({
      ...rule,
      ...(rule.match && { match: { ...rule.match } }),
      times: rule.times ?? 1,
      skip: rule.skip ?? 0,
    });
  }

  clear(): void {
    this.rules = [];
  }

  /** Copies of the rules not used up yet. */
  pending(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /**
   * Take the request fault that applies to a verified request for `action` carrying `params`
   * (query and body merged), if any.
   */
  takeRequestFault(action: string, params: Readonly<Record<string, string>>): FaultRule | undefined {
    return this.take(action, params, REQUEST_KINDS);
  }

  /** Take an outcome fault of `kind` when `action` (with `params`) has just created what it affects. */
  takeOutcomeFault(
    kind: OutcomeFaultKind,
    action: string,
    params: Readonly<Record<string, string>>,
  ): FaultRule | undefined {
    return this.take(action, params, [kind]);
  }

  private take(
    action: string,
    params: Readonly<Record<string, string>>,
    kinds: readonly FaultKind[],
  ): FaultRule | undefined {
    for (let i = 0; i < this.rules.length; i++) {
      const rule = this.rules[i];
      if (!kinds.includes(rule.kind) || (rule.action !== "*" && rule.action !== action)) {
        continue;
      }
      // A rule for one template (or one change order) lets every other request by, skip included.
      if (rule.match && Object.entries(rule.match).some(([name, value]) => params[name] !== value)) {
        continue;
      }
      if (rule.skip! > 0) {
        rule.skip = rule.skip! - 1; // this request goes through untouched by this rule
        continue;
      }
      rule.times = rule.times! - 1;
      if (rule.times <= 0) {
        this.rules.splice(i, 1);
      }
      return { ...rule };
    }
    return undefined;
  }
}
