/**
 * Programs that live in their own Pulumi project (their own package.json, node_modules and
 * `@pulumi/pulumi`), run out of process as Pulumi's Node.js language host runs them: a child
 * `node` process in the project directory loads the project's SDK and the compiled program, and
 * reports the registrations that SDK made (and, to resolve outputs, asks this process for each
 * registration's answer). The capture is the one {@link runProgram} uses.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

import { withSecretInputs, type RegistrationResolver } from "./program";
import type { Registration, RunProgramOptions } from "./programCapture";
import type {
  ProjectProgramAnswer,
  ProjectProgramMessage,
  ProjectProgramRegistration,
  ProjectProgramReply,
  ProjectProgramRequest,
} from "./projectProgramChild";
import { findRepoRoot } from "./providerHost";

/** A program in its own project directory, for {@link Engine.up} and {@link Engine.preview}. */
export interface ProjectProgram {
  readonly kind: "project";
  /** The project directory; its node_modules holds the program's `@pulumi/pulumi` and packages. */
  readonly dir: string;
  /** The compiled program to load, relative to `dir`. "." (the default) loads the directory as Node does. */
  readonly entry: string;
  /** Extra environment variables for the program's process, layered over this process's. */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * How long one run may take. Default 60 s. Time spent answering registrations (running their
   * steps, with `resolveOutputs`) does not count.
   */
  readonly timeoutMs?: number;
}

/** Options for {@link projectProgram}. */
export interface ProjectProgramOptions {
  /** The compiled program, relative to the project directory, e.g. "bin/index.js". Default ".". */
  entry?: string;
  /** Extra environment variables for the program's process. */
  env?: NodeJS.ProcessEnv;
  /** How long one run may take, not counting steps it waits for. Default 60 s. */
  timeoutMs?: number;
}

/** The program of the project in `dir` (already compiled to JavaScript). */
export function projectProgram(dir: string, options: ProjectProgramOptions = {}): ProjectProgram {
  return {
    kind: "project",
    dir: resolve(dir),
    entry: options.entry ?? ".",
    env: options.env,
    timeoutMs: options.timeoutMs,
  };
}

/** True for a {@link ProjectProgram} (as opposed to an in-process program function). */
export function isProjectProgram(program: unknown): program is ProjectProgram {
  return typeof program === "object" && program !== null && (program as ProjectProgram).kind === "project";
}

/**
 * The child's entry point. It must be JavaScript, and `npm test` builds the repository before Jest
 * runs, so the build of this folder in dist/ is used even when this module runs from source.
 */
function childScript(): string {
  const script = join(findRepoRoot(__dirname), "dist", "harness", "projectProgramChild.js");
  if (!existsSync(script)) {
    throw new Error(`${script} is missing: build the repository first (npm run build)`);
  }
  return script;
}

/**
 * Counts down a run's time budget, paused while the parent works on the child's behalf (a step may
 * legitimately take long, and has its own timeouts).
 */
class RunTimer {
  private remaining: number;
  private startedAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private pauses = 0;

  constructor(
    budgetMs: number,
    private readonly onTimeout: () => void,
  ) {
    this.remaining = budgetMs;
    this.arm();
  }

  /** Stops the clock until a matching {@link resume}; pauses nest. */
  pause(): void {
    if (this.pauses++ === 0 && this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.remaining -= Date.now() - this.startedAt;
    }
  }

  /** Restarts the clock once every pause has been resumed. */
  resume(): void {
    if (--this.pauses === 0 && this.remaining > 0) {
      this.arm();
    }
  }

  /** Stops the clock for good. */
  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.remaining = 0;
  }

  private arm(): void {
    this.startedAt = Date.now();
    this.timer = setTimeout(() => {
      this.clear();
      this.onTimeout();
    }, this.remaining);
  }
}

/**
 * Runs `program` in a child process under its own SDK's mocks and returns its registrations,
 * exactly as {@link runProgram} would for an in-process program, `resolve` included: the child
 * sends each registration over its IPC channel and holds it until this process sends back what
 * `resolve` answered. Rejects with the program's error, or with what the process printed when it
 * ended without answering.
 */
export function runProjectProgram(
  program: ProjectProgram,
  opts: RunProgramOptions = {},
  resolve?: RegistrationResolver,
): Promise<Registration[]> {
  const script = childScript();
  const timeoutMs = program.timeoutMs ?? 60_000;
  return new Promise<Registration[]>((resolvePromise, reject) => {
    const child = spawn(process.execPath, [script], {
      cwd: program.dir,
      // Provider code is loaded by the program (the package's module); keep it off the metadata address.
      env: { ...process.env, ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true", ...program.env },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    const output: string[] = [];
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => output.push(chunk));
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => output.push(chunk));
    let reply: ProjectProgramReply | undefined;
    const timer = new RunTimer(timeoutMs, () => {
      child.kill("SIGKILL");
      reject(
        new Error(`the program in ${program.dir} did not finish within ${timeoutMs} ms:\n${output.join("")}`),
      );
    });
    const answer = (message: ProjectProgramRegistration): void => {
      timer.pause();
      const answered = resolve
        ? resolve(withSecretInputs(message.registration))
        : Promise.reject(new Error("no resolver for the program's registrations"));
      void answered
        .then(
          (result): ProjectProgramAnswer => ({ kind: "answer", seq: message.seq, ok: true, answer: result }),
          (error: unknown): ProjectProgramAnswer => ({
            kind: "answer",
            seq: message.seq,
            ok: false,
            error: error instanceof Error ? error.message : String(error),
          }),
        )
        .then((response) => {
          timer.resume();
          // The child may be gone (killed on timeout, or crashed) by the time a step finishes.
          if (child.connected) {
            child.send(response, () => undefined);
          }
        });
    };
    child.on("message", (message: ProjectProgramMessage) => {
      if (message.kind === "register") {
        answer(message);
      } else {
        reply = message;
      }
    });
    child.once("error", (error) => {
      timer.clear();
      reject(error);
    });
    child.once("close", (code, signal) => {
      timer.clear();
      if (!reply) {
        reject(
          new Error(
            `the program process in ${program.dir} ended (${signal ?? code}) without an answer:\n${output.join("")}`,
          ),
        );
      } else if (!reply.ok) {
        reject(new Error(reply.error));
      } else {
        resolvePromise(reply.registrations.map(withSecretInputs));
      }
    });
    const request: ProjectProgramRequest = {
      kind: "run",
      dir: program.dir,
      entry: program.entry,
      options: opts,
      resolveOutputs: resolve !== undefined,
    };
    child.send(request);
  });
}
