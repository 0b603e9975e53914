// The emulator's state: job templates, change orders and job runs. Everything time-dependent is
// stored as absolute timestamps and evaluated when read, so nothing needs a timer and an
// in-flight change order or run carries on correctly across a restart.

import * as fs from "node:fs";
import * as path from "node:path";

/** One tag on a template. Keys are case-sensitive and unique per template. */
export interface Tag {
  key: string;
  /** "" allowed, as the console allows an empty value. */
  value: string;
}

/** A job template (an SAE "application" with Workload=job). */
export interface JobTemplate {
  appId: string;
  /** Epoch ms. */
  createdAt: number;
  /** Normalized parameter values; a parameter not set is absent. */
  params: Record<string, string>;
  /** Set by SuspendJob. */
  suspended: boolean;
  /**
   * Tags in the order their keys were first set (a new value keeps the place); user tags and the
   * `acs:` / `aliyun` ones SAE sets itself. Absent: none (also in state files written before tags).
   * Stored with the template, so they go when it is deleted.
   */
  tags?: Tag[];
}

/** A change order opened by CreateJob or UpdateJob. */
export interface ChangeOrder {
  changeOrderId: string;
  appId: string;
  appName: string;
  action: "CreateJob" | "UpdateJob";
  /** Epoch ms. */
  createdAt: number;
  /**
   * From creation to the final state; Infinity (null in the state file): until
   * Emulator.finishChangeOrder ends it, which sets the time it took.
   */
  durationMs: number;
  /** Status it ends in: 2 succeeded, or 3 / 6 / 10 when failed by a fault. */
  finalStatus: 2 | 3 | 6 | 10;
}

/** One run of a job template, created by ExecJob or by the schedule (Emulator.startScheduledRun). */
export interface JobRun {
  jobId: string;
  appId: string;
  /** What started it; absent in state files written before scheduled runs existed: ExecJob. */
  trigger?: "ExecJob" | "schedule";
  eventId?: string;
  /** Epoch ms of the ExecJob call (or of startScheduledRun). */
  createdAt: number;
  /** Epoch ms the run starts (later than createdAt when ExecJob gave a future Time). */
  startAt: number;
  /** How long it runs once started; Infinity (null in the state file): until ended early. */
  durationMs: number;
  /** State it ends in: "1" succeeded or "2" failed. */
  outcome: "1" | "2";
  /** The template's Timeout (seconds) when the run was created: still running then, it fails. */
  timeoutSeconds?: number;
  /** Instances the run uses. */
  replicas: number;
  /** Set when the run was ended early (replaced by a newer run, or Emulator.finishRun). */
  endedAt?: number;
  /** Message of a failed end (a failJobRun message, "Replaced by ..."); default BackoffLimitExceeded. */
  endMessage?: string;
  /** ExecJob's per-run parameters (Command, Envs, Replicas, Time, ...), as sent. */
  overrides: Record<string, string>;
}

interface Snapshot {
  format: "sae-job-emulator-state";
  version: 1;
  templates: JobTemplate[];
  changeOrders: ChangeOrder[];
  runs: JobRun[];
}

const STATE_FILE = "sae-emulator-state.json";

/** In-memory state, optionally persisted to a JSON file after every change. */
export class Store {
  readonly templates = new Map<string, JobTemplate>();
  readonly changeOrders = new Map<string, ChangeOrder>();
  readonly runs = new Map<string, JobRun>();

  private constructor(private readonly file: string | undefined) {}

  /** An empty store, or the state saved in `dataDir` (created if missing). */
  static open(dataDir: string | undefined): Store {
    if (dataDir === undefined) {
      return new Store(undefined);
    }
    fs.mkdirSync(dataDir, { recursive: true });
    const store = new Store(path.join(dataDir, STATE_FILE));
    store.load();
    return store;
  }

  private load(): void {
    let text: string;
    try {
      text = fs.readFileSync(this.file!, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") {
        return;
      }
      throw e;
    }
    const snapshot = JSON.parse(text) as Snapshot;
    if (snapshot.format !== "sae-job-emulator-state" || snapshot.version !== 1) {
      throw new Error(`${this.file} is not an SAE job emulator state file (version 1)`);
    }
    for (const t of snapshot.templates) {
      this.templates.set(t.appId, t);
    }
    for (const c of snapshot.changeOrders) {
      // JSON has no Infinity: a change order waiting for finishChangeOrder was written with null.
      this.changeOrders.set(c.changeOrderId, { ...c, durationMs: c.durationMs ?? Infinity });
    }
    for (const r of snapshot.runs) {
      // JSON has no Infinity: a run waiting for finishRun was written with durationMs null.
      this.runs.set(r.jobId, { ...r, durationMs: r.durationMs ?? Infinity });
    }
  }

  /** Persist the whole state: write a temporary file, then rename it over the old one (atomic). */
  commit(): void {
    if (this.file === undefined) {
      return;
    }
    const snapshot: Snapshot = {
      format: "sae-job-emulator-state",
      version: 1,
      templates: [...this.templates.values()],
      changeOrders: [...this.changeOrders.values()],
      runs: [...this.runs.values()],
    };
    const temp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(snapshot, null, 1));
    fs.renameSync(temp, this.file);
  }

  /** Forget every template (with its tags), change order and run, and persist that. */
  clear(): void {
    this.templates.clear();
    this.changeOrders.clear();
    this.runs.clear();
    this.commit();
  }

  // Maps keep insertion order, which is creation order (also after a reload), so no sorting by
  // timestamps is needed (two things created in the same millisecond stay in order).

  /** Templates in creation order. */
  templateList(): JobTemplate[] {
    return [...this.templates.values()];
  }

  /** A template's runs, newest first. */
  runsOf(appId: string): JobRun[] {
    return [...this.runs.values()].filter((r) => r.appId === appId).reverse();
  }

  /** A template's newest change order. */
  latestChangeOrder(appId: string): ChangeOrder | undefined {
    let latest: ChangeOrder | undefined;
    for (const c of this.changeOrders.values()) {
      if (c.appId === appId) {
        latest = c;
      }
    }
    return latest;
  }
}
