import * as path from "path";
import { runThroughHost } from "../tests/langhost/hostRun";
async function main() {
  for (const preview of [false, true]) {
    const t = Date.now();
    const r = await runThroughHost({ dir: path.join(__dirname, ".."), stack: "dev", preview, typeCheck: false });
    console.log(preview, r.exitCode, r.durationMs, r.lastRequestMs, Date.now() - t, r.registrations.length);
  }
}
main();
