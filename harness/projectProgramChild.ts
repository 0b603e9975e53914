/**
 * Entry point of the child process behind {@link runProjectProgram}, run as compiled JavaScript
 * (`dist/harness/projectProgramChild.js`) with the project directory as its working
 * directory. It loads the project's own `@pulumi/pulumi`, runs the project's compiled program
 * under that SDK's mocks and answers with the registrations over the IPC channel.
 *
 * Protocol: the parent sends one {@link ProjectProgramRequest}; the child answers with one
 * {@link ProjectProgramReply} and exits.
 */
import { createRequire } from "node:module";
import { join, resolve } from "node:path";

import {
  captureRegistrations,
  type CapturedRegistration,
  type PulumiSdk,
  type RunProgramOptions,
} from "./programCapture";

/** What the parent asks the child to run. */
export interface ProjectProgramRequest {
  /** The project directory (holds node_modules with `@pulumi/pulumi`). */
  dir: string;
  /** What to load, relative to `dir`; "." loads the directory as Node does (package.json `main`, else index.js). */
  entry: string;
  options: RunProgramOptions;
}

/** The child's one answer. */
export type ProjectProgramReply =
  { ok: true; registrations: CapturedRegistration[] } | { ok: false; error: string };

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
    pulumi: load("@pulumi/pulumi") as PulumiSdk["pulumi"],
    mocks: load("@pulumi/pulumi/runtime/mocks") as PulumiSdk["mocks"],
    resource: load("@pulumi/pulumi/runtime/resource") as PulumiSdk["resource"],
    settings: load("@pulumi/pulumi/runtime/settings") as PulumiSdk["settings"],
  };
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
    );
    return { ok: true, registrations };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

if (!process.send) {
  console.error("projectProgramChild: start it through runProjectProgram (it needs an IPC channel)");
  process.exit(2);
}

process.once("message", (request: ProjectProgramRequest) => {
  void run(request).then((reply) => {
    // Exit once the answer is out: a program may leave timers or handles behind.
    process.send!(reply, () => process.exit(0));
  });
});
