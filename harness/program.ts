/**
 * Runs a Pulumi program in-process under `pulumi.runtime.setMocks` and captures every custom
 * resource registration (inputs as the SDK serialized them, plus the resource options the engine
 * would see), which is the raw material the {@link Engine} stand-in plans from.
 */
import * as config from "@pulumi/pulumi/runtime/config";
import * as mocks from "@pulumi/pulumi/runtime/mocks";
import * as resource from "@pulumi/pulumi/runtime/resource";
import * as settings from "@pulumi/pulumi/runtime/settings";

import {
  captureRegistrations,
  type CapturedRegistration,
  type Registration,
  type RegistrationAnswer,
  type RunProgramOptions,
} from "./programCapture";
import { containsSecret } from "./propertyValues";

export type {
  Registration,
  RegistrationAnswer,
  RegistrationOptions,
  RunProgramOptions,
} from "./programCapture";

/**
 * Runs the step for one registration, as the engine does before it answers RegisterResource, and
 * answers with the resource's real ID and outputs; rejects when the step failed.
 */
export type RegistrationResolver = (registration: Registration) => Promise<RegistrationAnswer>;

/** This repository's own copy of the SDK, the one in-process programs construct resources with. */
const repositorySdk = { config, mocks, resource, settings };

/** Adds the top-level input keys whose value is, or contains, a secret. */
export function withSecretInputs(captured: CapturedRegistration): Registration {
  const secretInputs = Object.keys(captured.inputs).filter((key) => containsSecret(captured.inputs[key]));
  return { ...captured, secretInputs };
}

/**
 * Runs `program` under Pulumi's mocks and returns every custom resource it registered, in
 * construction order. Without `resolve`, the mocks answer each registration with `{ id: importId ??
 * name + "-id", state: inputs }`: inputs read back inside the program are known (even in preview
 * mode), outputs that are not inputs are undefined. With `resolve`, each custom resource
 * registration waits for `resolve` and gets its answer, as under the real engine; a rejection fails
 * that registration, stops the program and rejects the run. Calls are serialized, so it is safe to
 * run several programs (v1, then v2) from one test file.
 */
export async function runProgram(
  program: () => void | Promise<void>,
  opts: RunProgramOptions = {},
  resolve?: RegistrationResolver,
): Promise<Registration[]> {
  const captured = await captureRegistrations(
    repositorySdk,
    program,
    opts,
    resolve && ((registration) => resolve(withSecretInputs(registration))),
  );
  return captured.map(withSecretInputs);
}
