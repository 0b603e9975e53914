/**
 * Writes `schema.json`, the package schema of the `sae` provider plugin, from the parameter tables
 * (`provider/schema/package/`) with the TSDoc of the TypeScript names they stand for
 * (`./tsdoc`), so the schema cannot drift from the code: `npm run schema` writes it, and a test
 * fails when the committed copy differs from what this builds.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { findRepoRoot } from "../harness/providerHost";
import { buildPackageSchema, type PackageManifest } from "../provider/schema/package/packageSchema";
import { readTsDocs, type TsDocs } from "./tsdoc";

/** Where the schema is written, from the repository root; the tarball ships it. */
export const schemaFile = "schema.json";

/**
 * The package schema as `schema.json` holds it: JSON, two-space indents, a final newline (Prettier
 * leaves the file to this, see .prettierignore). `docs` reads the TSDoc; reading it compiles the
 * package, so a caller that asks more of it passes its own.
 */
export function renderPackageSchema(
  repoRoot: string = findRepoRoot(),
  docs: TsDocs = readTsDocs(repoRoot),
): string {
  const manifest = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as PackageManifest;
  const schema = buildPackageSchema({ manifest, describe: (path) => docs.describe(path) });
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (require.main === module) {
  const root = findRepoRoot();
  writeFileSync(join(root, schemaFile), renderPackageSchema(root));
  console.log(`wrote ${schemaFile}`);
}
