/**
 * The plugin archives' build (`scripts/plugin/`), in the parts that need no Node.js binary: the
 * target table against Pulumi's names, the refusal of targets it cannot build, and the removal of
 * a Windows executable's signature. The build itself is run by tests/plugin/standalone.test.ts.
 */
import { withoutSignature } from "../../scripts/plugin/executable";
import {
  archiveName,
  executableName,
  hostTarget,
  pluginTargets,
  targetsNamed,
} from "../../scripts/plugin/targets";

describe("the target table", () => {
  it("names every target as Pulumi's plugin archives do, with one Node.js package each, pinned by sha512", () => {
    expect(pluginTargets.map((target) => target.name)).toEqual([
      "linux-amd64",
      "linux-arm64",
      "windows-amd64",
    ]);
    for (const target of pluginTargets) {
      expect(target.name).toBe(`${target.os}-${target.arch}`);
      expect(target.integrity).toMatch(/^sha512-[A-Za-z0-9+/]{86}==$/);
    }
    expect(new Set(pluginTargets.map((target) => target.nodePackage)).size).toBe(pluginTargets.length);
    expect(archiveName("0.2.0", pluginTargets[0])).toBe("pulumi-resource-sae-v0.2.0-linux-amd64.tar.gz");
    expect(pluginTargets.map(executableName)).toEqual([
      "pulumi-resource-sae",
      "pulumi-resource-sae",
      "pulumi-resource-sae.exe",
    ]);
  });

  it("knows the machine it runs on by Node.js's names", () => {
    expect(hostTarget("linux", "x64")?.name).toBe("linux-amd64");
    expect(hostTarget("win32", "x64")?.name).toBe("windows-amd64");
    expect(hostTarget("darwin", "arm64")).toBeUndefined();
  });

  it("refuses unknown targets, saying what exists and why darwin is not built", () => {
    expect(targetsNamed(["windows-amd64", "linux-amd64"]).map((target) => target.name)).toEqual([
      "linux-amd64",
      "windows-amd64",
    ]);
    expect(() => targetsNamed(["darwin-arm64", "linux-x64"])).toThrow(
      'unknown target "darwin-arm64", "linux-x64": the targets are linux-amd64, linux-arm64, windows-amd64. ' +
        "darwin is not built: its binary must be signed again on a Mac once injected; macOS users install the npm package.",
    );
  });
});

/**
 * The bytes of a PE32+ file as far as signature removal reads them: the DOS header's pointer to
 * the PE header, the optional header's magic, the security data directory, and `certificate` at the end.
 */
function peFile(body: number, certificate: Buffer): Buffer {
  const file = Buffer.alloc(body);
  const pe = 0x80;
  file.writeUInt32LE(pe, 0x3c);
  file.write("PE\0\0", pe, "latin1");
  file.writeUInt16LE(0x20b, pe + 24);
  const security = pe + 24 + 112 + 4 * 8;
  if (certificate.length > 0) {
    file.writeUInt32LE(body, security);
    file.writeUInt32LE(certificate.length, security + 4);
  }
  return Buffer.concat([file, certificate]);
}

describe("a Windows executable's signature", () => {
  it("is removed as signtool does: the certificate table cut off and its directory entry zeroed", () => {
    const signed = peFile(0x400, Buffer.from("certificate table"));
    const unsigned = withoutSignature(signed);
    expect(unsigned).toEqual(peFile(0x400, Buffer.alloc(0)));
  });

  it("is left alone when there is none, and a file that is not PE is refused", () => {
    const unsigned = peFile(0x400, Buffer.alloc(0));
    expect(withoutSignature(unsigned)).toBe(unsigned);
    expect(() => withoutSignature(Buffer.alloc(0x400))).toThrow("not a PE executable");
  });
});
