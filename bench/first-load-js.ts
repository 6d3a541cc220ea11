// First-load JavaScript of each main page of the production build, as Chromium downloads it, gzip-compressed.
import { gzipSync } from "node:zlib";
import { chromium } from "@playwright/test";
import { fmt } from "./stats";
import { startConsole, startEmulator } from "./processes";

const pages = ["/", "/stages", "/compositions", "/configurations", "/public-keys"];
const targetKb = 180;

export async function benchFirstLoadJs(): Promise<string[]> {
  const emulator = await startEmulator();
  const consoleServer = await startConsole(emulator.url);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
  });
  const lines = [`first-load JS per page (production build, gzip, target ≤ ${targetKb} KB)`];
  try {
    for (const path of pages) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const sizes = new Map<string, number>();
      page.on("response", async (response) => {
        const url = response.url();
        if (!url.includes("/_next/static/") || !url.endsWith(".js")) return;
        try {
          sizes.set(url, gzipSync(await response.body()).length);
        } catch {
          // a response without a body (e.g. a redirect) adds nothing
        }
      });
      await page.goto(`${consoleServer.url}${path}?region=us-east-1`, { waitUntil: "networkidle" });
      const total = [...sizes.values()].reduce((sum, size) => sum + size, 0) / 1024;
      lines.push(`  ${path.padEnd(16)} ${fmt(total)} KB in ${sizes.size} files  ${total <= targetKb ? "ok" : "OVER TARGET"}`);
      await context.close();
    }
  } finally {
    await browser.close();
    consoleServer.stop();
    emulator.stop();
  }
  return lines;
}
