// What both browser suites share: the test runner, axe-core, Chromium.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
// Injected through the DevTools protocol, which the page's CSP does not
// govern: pages are tested under their real CSP.
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export const PHONE = { width: 360, height: 640 };
export const DESKTOP = { width: 1280, height: 800 };

const counts = { passed: 0, failed: 0 };

/// Runs one named check; a thrown error fails it.
export async function test(name, fn) {
  try {
    await fn();
    counts.passed++;
    console.log(`ok   ${name}`);
  } catch (e) {
    counts.failed++;
    console.log(`FAIL ${name}\n     ${String(e.message || e).split("\n").join("\n     ")}`);
  }
}

export function assert(cond, message) {
  if (!cond) throw new Error(message);
}

/// Prints "LABEL: N passed, M failed" and exits 1 when anything failed.
export function finish(label) {
  console.log(`${label}: ${counts.passed} passed, ${counts.failed} failed`);
  process.exit(counts.failed ? 1 : 0);
}

/// axe-core's WCAG 2.1 A and AA violations on the page (or `include`).
export async function axe(page, include) {
  await page.evaluate(AXE);
  return page.evaluate(async (include) => {
    const result = await window.axe.run(include || document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
  }, include);
}
