/**
 * Entry point of the child process behind {@link runProjectProgram}, run as compiled JavaScript
 * (`dist/harness/projectProgramChild.js`) with the project directory as its working
 * directory. It loads the project's own `@pulumi/pulumi`, runs the project's compiled program
 * under that SDK's mocks and answers with the registrations over the IPC channel.
 *
 * Protocol: the parent sends one {@link ProjectProgramRequest}. When it asks for `resolveOutputs`,
 * the child sends a {@link ProjectProgramRegistration} for each custom resource registration and
 * holds that registration until the parent sends the {@link ProjectProgramAnswer} with the same
 * `seq` (the parent runs the resource's step in between). In the end the child sends one
 * {@link ProjectProgramReply} and exits.
 */
import { createRequire } from "node:module";
import { join, resolve } from "node:path";

import {
  captureRegistrations,
  type CapturedRegistration,
  type PulumiSdk,
  type RegistrationAnswer,
  type ResolveCaptured,
  type RunProgramOptions,
} from "./programCapture";

/** What the parent asks the child to run. */
export interface ProjectProgramRequest {
  kind: "run";
  /** The project directory (holds node_modules with `@pulumi/pulumi`). */
  dir: string;
  /** What to load, relative to `dir`; "." loads the directory as Node does (package.json `main`, else index.js). */
  entry: string;
  options: RunProgramOptions;
  /** Ask the parent for each registration's answer instead of answering with the inputs. */
  resolveOutputs: boolean;
}

/** Child to parent: a registration that waits for the parent's {@link ProjectProgramAnswer}. */
export interface ProjectProgramRegistration {
  kind: "register";
  /** Numbers the registrations of one run, so answers can come back in any order. */
  seq: number;
  registration: CapturedRegistration;
}

/** Parent to child: the answer to the {@link ProjectProgramRegistration} with the same `seq`. */
export type ProjectProgramAnswer = { kind: "answer"; seq: number } & (
  { ok: true; answer: RegistrationAnswer } | { ok: false; error: string }
);

/** The child's last message. */
export type ProjectProgramReply = { kind: "done" } & (
  { ok: true; registrations: CapturedRegistration[] } | { ok: false; error: string }
);

/** Every message the child sends. */
export type ProjectProgramMessage = ProjectProgramRegistration | ProjectProgramReply;

/** The project's copy of the SDK, resolved from the project directory as its program resolves it. */
function projectSdk(load: NodeJS.Require, dir: string): PulumiSdk {
  try {
    load.resolve("@pulumi/pulumi");
  } catch (error) {
    throw new Error(`no @pulumi/pulumi is installed for the project in ${dir}: run npm install there`, {
      cause: error,
    });
  }
  return {
    config: load("@pulumi/pulumi/runtime/config") as PulumiSdk["config"],
    mocks: load("@pulumi/pulumi/runtime/mocks") as PulumiSdk["mocks"],
    resource: load("@pulumi/pulumi/runtime/resource") as PulumiSdk["resource"],
    settings: load("@pulumi/pulumi/runtime/settings") as PulumiSdk["settings"],
  };
}

/** Registrations sent to the parent and not answered yet, by `seq`. */
const waiting = new Map<
  number,
  { resolve: (answer: RegistrationAnswer) => void; reject: (error: Error) => void }
>();
let nextSeq = 0;

/** Sends a registration to the parent and waits for its answer. */
const askParent: ResolveCaptured = (registration) =>
  new Promise<RegistrationAnswer>((resolvePromise, reject) => {
    const seq = nextSeq++;
    waiting.set(seq, { resolve: resolvePromise, reject });
    const message: ProjectProgramRegistration = { kind: "register", seq, registration };
    process.send!(message);
  });

function onAnswer(message: ProjectProgramAnswer): void {
  const pending = waiting.get(message.seq);
  if (!pending) {
    return;
  }
  waiting.delete(message.seq);
  if (message.ok) {
    pending.resolve(message.answer);
  } else {
    pending.reject(new Error(message.error));
  }
}

async function run(request: ProjectProgramRequest): Promise<ProjectProgramReply> {
  try {
    const load = createRequire(join(request.dir, "package.json"));
    const sdk = projectSdk(load, request.dir);
    const registrations = await captureRegistrations(
      sdk,
      async () => {
        // Loading the module runs the program, as Pulumi's Node.js language host does; a module that
        // exports a function is a program too, and the host calls it.
        const loaded: unknown = load(resolve(request.dir, request.entry));
        if (typeof loaded === "function") {
          await (loaded as () => unknown)();
        }
      },
      request.options,
      request.resolveOutputs ? askParent : undefined,
    );
    return { kind: "done", ok: true, registrations };
  } catch (error) {
    return { kind: "done", ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

if (!process.send) {
  console.error("projectProgramChild: start it through runProjectProgram (it needs an IPC channel)");
  process.exit(2);
}

// Without the parent nobody would answer or read the result.
process.once("disconnect", () => process.exit(1));

process.on("message", (message: ProjectProgramRequest | ProjectProgramAnswer) => {
  if (message.kind === "answer") {
    onAnswer(message);
    return;
  }
  void run(message).then((reply) => {
    // Exit once the answer is out: a program may leave timers or handles behind.
    process.send!(reply, () => process.exit(0));
  });
});
