/**
 * Jest's global setup: a current build for the tests that run it (see `./freshBuild`), and the
 * run's shared folder (see `./runFolder`).
 */
import { freshBuild } from "./freshBuild";
import { makeRunFolder } from "./runFolder";

export default function globalSetup(): void {
  freshBuild();
  makeRunFolder();
}
