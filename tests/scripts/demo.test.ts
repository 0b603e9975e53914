/**
 * `npm run demo` as a user runs it (the built script, in its own process): it finishes, and shows
 * what it promises along the way.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { findRepoRoot } from "../../harness/providerHost";

const run = promisify(execFile);

let output: string;

beforeAll(async () => {
  const env = { ...process.env, ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true" };
  const { stdout, stderr } = await run(
    process.execPath,
    [join(findRepoRoot(), "dist", "scripts", "demo.js")],
    {
      env,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  output = stdout + stderr;
}, 180_000);

it("finishes, after a template's whole lifecycle and a run that fails and is run again", () => {
  expect(output).toMatch(/Demo finished: .*migration run, failed and re-run/);
  expect(output).not.toMatch(/Demo failed/);
});

it("shows the first run's config, the NAS mount it sets, and why delete's DescribeJob answers 404", () => {
  expect(output).toMatch(/pulumi config set nas '\{"id":/);
  expect(output).toContain("The nas value is what puts nasId, mountHost and mountDesc into the first up");
  expect(output).toMatch(
    /DescribeJob {2}→ 404 InvalidAppId.NotFound[^\n]*\n\s+\(404 is the answer the provider waits for/,
  );
});

it("sends the clearing UpdateJob, and runs the migration once per image and again after a failure", () => {
  const [, carried] = /On the wire, that UpdateJob carried exactly: ([^\n]+)/.exec(output) ?? [];
  expect(carried?.split(", ").sort()).toEqual(["AppId", "MountDesc", "MountHost", "NasId", "SlsConfigs"]);
  expect(output).toContain("migration 0042_add_index failed: database orders is read-only");
  const [, failedId, rerunId] = /EventIds: the failed run (\S+), the re-run (\S+)\./.exec(output) ?? [];
  expect(failedId).toMatch(/^pulumi-/);
  expect(rerunId).toMatch(/^pulumi-/);
  expect(rerunId).not.toBe(failedId);
  // The re-run replaces the failed run: a new job, so a new resource ID, reported on its EventId.
  expect(output).toMatch(
    /\+- pulumi-nodejs:dynamic\/sae:JobRun +db-migrate-run +replace +\[diff: ~eventId; replaces: eventId; create-before-delete; id: (manual-\S+) -> (?!\1)manual-\S+\]/,
  );
});

it("shows no internal property among the outputs", () => {
  // The run's outputs are printed (sorted by name), and only what the run has.
  expect(output).toMatch(/db-migrate-run \(manual-[^)]+\)\n\s+active +: 0\n\s+appId +: "/);
  expect(output).not.toContain("__identity");
});
