// `npm pack` and `npm publish` hooks: ship a package.json without this repository's scripts, and a
// README without links to files the tarball leaves out.
//
// `prepare` builds the package when it is installed from git (npm runs only `prepare` for git
// dependencies). A tarball is already built, and npm lists a `prepare` it finds there among
// the install scripts a consumer must review; the other scripts build and test this repository
// and serve no consumer. So the packed manifest has no scripts.
//
// The README links to the examples, the CI workflow and other files that only the repository
// holds; on a registry page or in node_modules those links lead nowhere. The package names no
// repository to point them at, so the packed README gives such a link's text and path as plain
// text instead; links to files the tarball ships (emulator/README.md) and to the web stay links.
//
//   node scripts/packageManifest.mjs strip     (prepack: keep each original beside it, write the packed one)
//   node scripts/packageManifest.mjs restore   (postpack: put the originals back)
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { posix } from "node:path";

const manifest = "package.json";
const readme = "README.md";
/** Each file rewritten for the tarball, and where its original waits for postpack. */
const kept = { [manifest]: ".package.json.unpacked", [readme]: ".README.md.unpacked" };

/** What npm always packs, whatever `files` says (those the README could link to). */
const ALWAYS_SHIPPED = ["package.json", "README.md", "LICENSE"];

/** Whether a path relative to the package root is in the tarball, by `files` and npm's own rule. */
function shippedBy(files) {
  if (files === undefined) {
    // No `files`: npm packs the whole folder.
    return () => true;
  }
  for (const entry of files) {
    // Plain paths only: a glob would need npm's matcher, and a wrong guess breaks links silently.
    if (/[*?[\]{}!]/.test(entry)) {
      throw new Error(`packageManifest: "files" entry ${entry} is a pattern; list plain paths`);
    }
  }
  const roots = [...ALWAYS_SHIPPED, ...files].map((entry) => posix.normalize(entry).replace(/\/$/, ""));
  return (path) => roots.some((root) => path === root || path.startsWith(`${root}/`));
}

/** The repository path a README link points at, or undefined for a URL or an anchor. */
function linkedPath(target) {
  if (target.startsWith("#") || /^[a-z][a-z0-9+.-]*:/i.test(target)) {
    return undefined;
  }
  const path = target.replace(/[#?].*$/, "").replace(/^\/+/, "");
  return posix.normalize(path).replace(/\/$/, "");
}

/**
 * The README with every link to a file the tarball leaves out written as its text: the path in
 * code when the text is already the path (or its folder), else the text and then the path. Fenced
 * code is left alone, so a program's `a[0](b)` is never taken for a link.
 */
function unlinkUnshipped(text, isShipped) {
  const unlink = (whole, label, target) => {
    const path = linkedPath(target);
    if (path === undefined || isShipped(path)) {
      return whole;
    }
    const shown = label.replace(/`/g, "");
    const folder = posix.basename(path) === "README.md" ? `${posix.dirname(path)}/` : path;
    if (shown === path || shown === folder.replace(/\/$/, "") || path.startsWith(`${shown}/`)) {
      return `\`${shown}\``;
    }
    return `${label} (\`${folder}\` in the source repository)`;
  };
  let fenced = false;
  return text
    .split("\n")
    .map((line) => {
      if (/^\s*(```|~~~)/.test(line)) {
        fenced = !fenced;
        return line;
      }
      if (fenced) {
        return line;
      }
      // Reference definitions (`[label]: path`) cannot become text in place: refuse rather than break them.
      const definition = /^\s{0,3}\[[^\]]+\]:\s*(\S+)/.exec(line);
      if (definition && linkedPath(definition[1]) !== undefined && !isShipped(linkedPath(definition[1]))) {
        throw new Error(`packageManifest: ${readme} defines a link to ${definition[1]}; write it inline`);
      }
      return line.replace(/!?\[([^\]]*)\]\(([^)\s]+)\)/g, unlink);
    })
    .join("\n");
}

function strip() {
  for (const [file, original] of Object.entries(kept)) {
    if (existsSync(original)) {
      // A pack that died before postpack: the original is the one kept aside.
      renameSync(original, file);
    }
  }
  const manifestText = readFileSync(manifest, "utf8");
  const packed = JSON.parse(manifestText);
  // Nothing in scripts serves a consumer; they build and test this repository.
  delete packed.scripts;
  const readmeText = readFileSync(readme, "utf8");
  const packedReadme = unlinkUnshipped(readmeText, shippedBy(packed.files));
  writeFileSync(kept[manifest], manifestText);
  writeFileSync(kept[readme], readmeText);
  writeFileSync(manifest, `${JSON.stringify(packed, null, 2)}\n`);
  writeFileSync(readme, packedReadme);
}

function restore() {
  for (const [file, original] of Object.entries(kept)) {
    if (existsSync(original)) {
      renameSync(original, file);
    }
  }
}

const command = process.argv[2];
if (command === "strip") {
  strip();
} else if (command === "restore") {
  restore();
} else {
  console.error("usage: node scripts/packageManifest.mjs strip|restore");
  process.exit(2);
}
