#!/usr/bin/env node
// Launcher of the `kiln` command. It lives outside dist/ so that `npm ci` can link it into
// node_modules/.bin before the first build; the command itself is dist/bin.js.
import { existsSync } from "node:fs";

const entry = new URL("../dist/bin.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write("kiln: error: @kiln/cli is not built yet; run npm run build in the repository root first\n");
  process.exit(1);
}
await import(entry.href);
