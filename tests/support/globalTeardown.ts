/** Jest's global teardown: removes the run's shared folder (see `./runFolder`). */
import { removeRunFolder } from "./runFolder";

export default function globalTeardown(): void {
  removeRunFolder();
}
