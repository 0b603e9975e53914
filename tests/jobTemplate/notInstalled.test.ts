/**
 * A program directory without the package: the provider in state loads `pulumi-sae-job/dynamic`
 * from the program's directory, so the user is told to install it there, not shown Node's
 * resolution error about a file that does not exist.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Engine, ProviderHost } from "../../harness";
import { imageJob, type SaeStack, startSaeStack, template } from "../support/saeStack";

let stack: SaeStack;
let programDir: string;
let host: ProviderHost;

beforeAll(async () => {
  stack = await startSaeStack();
  programDir = await mkdtemp(join(tmpdir(), "sae-job-no-package-"));
  host = await ProviderHost.start({ cwd: programDir });
});
afterAll(async () => {
  await host.stop();
  await stack.dispose();
  await rm(programDir, { recursive: true, force: true });
});

it("fails with the install command and the directory, before any SAE call", async () => {
  const engine = new Engine({ host, config: stack.config });
  const result = await engine.up(template(imageJob));
  const errors = result.errors.join("\n");
  expect(result.ok).toBe(false);
  expect(errors).toContain(`pulumi-sae-job is not installed for the Pulumi program in ${programDir}`);
  expect(errors).toContain("Run `npm install pulumi-sae-job` there");
  expect(errors).not.toContain("pulumi-program.js");
  expect(stack.emulator.requests).toHaveLength(0);
  expect(engine.state).toEqual([]);
});
