// `npm pack` and `npm publish` hooks: ship a package.json without this repository's scripts.
//
// `prepare` builds the package when it is installed from a git URL (npm runs only `prepare` for
// git dependencies). A tarball is already built, and npm lists a `prepare` it finds there among
// the install scripts a consumer must review; the other scripts build and test this repository
// and serve no consumer. So the packed manifest has no scripts.
//
//   node scripts/packageManifest.mjs strip     (prepack: keep the original beside it, write the packed one)
//   node scripts/packageManifest.mjs restore   (postpack: put the original back)
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";

const manifest = "package.json";
const original = ".package.json.unpacked";

const command = process.argv[2];
if (command === "strip") {
  if (existsSync(original)) {
    // A pack that died before postpack: the original is the one kept aside.
    renameSync(original, manifest);
  }
  const text = readFileSync(manifest, "utf8");
  const packed = JSON.parse(text);
  // Nothing in scripts serves a consumer; they build and test this repository.
  delete packed.scripts;
  writeFileSync(original, text);
  writeFileSync(manifest, `${JSON.stringify(packed, null, 2)}\n`);
} else if (command === "restore") {
  if (existsSync(original)) {
    renameSync(original, manifest);
  }
} else {
  console.error("usage: node scripts/packageManifest.mjs strip|restore");
  process.exit(2);
}
