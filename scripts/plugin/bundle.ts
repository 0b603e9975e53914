/**
 * The plugin bundled into one CommonJS script (esbuild), as a single executable application runs
 * it: everything it loads is inside, for the injected script's `require` loads Node.js's built-in
 * modules only. The entry is what `bin/pulumi-resource-sae` runs.
 *
 * One module needs help: `provider/plugin/grpcRuntime.ts` loads `@grpc/grpc-js` and
 * `google-protobuf` at run time through `createRequire`, from where `@pulumi/pulumi` is installed,
 * so that they are the copies Pulumi's generated stubs use. A bundler cannot follow that, so the
 * bundle takes the same decision at build time: that module's `pulumiRequire(…)` calls become
 * plain `require(…)` calls resolved from the same place. The module stays the one source.
 */
import { readFileSync } from "node:fs";
import { isBuiltin } from "node:module";
import { dirname, join } from "node:path";
import * as esbuild from "esbuild";

/** What the bundle holds, for the build's report. */
export interface BundleSummary {
  /** The bundle's size, in bytes. */
  readonly bytes: number;
  /** Bytes of input by package (`@grpc/grpc-js`; this repository's sources as `(this package)`), largest first. */
  readonly packages: readonly (readonly [string, number])[];
}

/** The module whose run-time `createRequire` the bundle replaces (see the module header). */
const grpcRuntimeModule = /[\\/]provider[\\/]plugin[\\/]grpcRuntime\.ts$/;

/**
 * The esbuild plugin doing that replacement. It fails the build when the module no longer has
 * the shape it rewrites, rather than bundle a `createRequire` that cannot work in the executable.
 */
const pulumiRequireAtBuildTime: esbuild.Plugin = {
  name: "pulumi-require-at-build-time",
  setup(build) {
    build.onLoad({ filter: grpcRuntimeModule }, (args) => {
      const source = readFileSync(args.path, "utf8");
      const declaration = /^const pulumiRequire = createRequire\(require\.resolve\("([^"]+)"\)\);$/m;
      const anchor = declaration.exec(source)?.[1];
      const rewritten = source.replace(declaration, "").replace(/\bpulumiRequire\(/g, "require(");
      // What is left of the code, comments and imports aside, must load nothing the old way.
      const code = rewritten.replace(/\/\*[\s\S]*?\*\/|\/\/.*$|^import .*$/gm, "");
      if (anchor === undefined || /\b(createRequire|pulumiRequire)\b/.test(code)) {
        throw new Error(
          `${args.path} no longer declares pulumiRequire as createRequire(require.resolve("…")) and ` +
            "loads through pulumiRequire(…) only: update scripts/plugin/bundle.ts with it",
        );
      }
      const from = require.resolve(anchor, { paths: [dirname(args.path)] });
      return { contents: rewritten, loader: "ts", resolveDir: dirname(from) };
    });
  },
};

/** The package an input file of the bundle belongs to. */
function packageOf(input: string): string {
  const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  return match ? match[1] : "(this package)";
}

/**
 * Bundles the plugin of the repository at `root` into `outFile`. Throws on any esbuild warning (in
 * a single executable application, an unresolved or dynamic `require` fails at run time) and when
 * the bundle still loads anything but a built-in module.
 */
export async function bundlePlugin(root: string, outFile: string): Promise<BundleSummary> {
  const result = await esbuild.build({
    stdin: {
      // What bin/pulumi-resource-sae does: the engine's address is the first argument.
      contents: 'import { main } from "./provider/plugin/main";\nvoid main(process.argv.slice(2));\n',
      resolveDir: root,
      sourcefile: "pulumi-resource-sae.ts",
      loader: "ts",
    },
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node24",
    outfile: outFile,
    tsconfig: join(root, "tsconfig.json"),
    plugins: [pulumiRequireAtBuildTime],
    metafile: true,
    logLevel: "silent",
  });
  if (result.warnings.length > 0) {
    const text = await esbuild.formatMessages(result.warnings, { kind: "warning" });
    throw new Error(`esbuild warned while bundling the plugin:\n${text.join("\n")}`);
  }
  const [output] = Object.values(result.metafile.outputs);
  const loaded = output.imports.filter((entry) => entry.external && !isBuiltin(entry.path));
  if (loaded.length > 0) {
    throw new Error(
      `the bundle loads ${loaded.map((entry) => entry.path).join(", ")} at run time, which a single ` +
        "executable application cannot: only Node.js's built-in modules",
    );
  }
  const packages = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    packages.set(packageOf(input), (packages.get(packageOf(input)) ?? 0) + bytesInOutput);
  }
  return { bytes: output.bytes, packages: [...packages].sort((a, b) => b[1] - a[1]) };
}
