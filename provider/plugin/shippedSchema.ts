/**
 * The package schema the plugin answers GetSchema with: `schema.json` at the package's root, or,
 * when the plugin runs as a Node.js single executable application (`npm run plugin:archives`),
 * the copy among the executable's assets, for no package folder is around it then.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as sea from "node:sea";

/** The schema's key among a single executable application's assets. */
export const schemaAssetKey = "schema.json";

let schemaText: string | undefined;

/** The package schema's text, read once. */
export function packageSchemaText(): string {
  if (schemaText === undefined) {
    if (sea.isSea()) {
      schemaText = sea.getAsset(schemaAssetKey, "utf8");
    } else {
      let dir = __dirname;
      while (!fs.existsSync(path.join(dir, "package.json"))) {
        dir = path.dirname(dir);
      }
      schemaText = fs.readFileSync(path.join(dir, "schema.json"), "utf8");
    }
  }
  return schemaText;
}
