import { readFileSync } from "node:fs";
import { join } from "node:path";
import { version } from "../../provider/version";

it("reports the package.json version in the User-Agent", () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as {
    version: string;
  };
  expect(version).toBe(pkg.version);
});
