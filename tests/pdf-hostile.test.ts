import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withBrowser } from "../src/browser/session.ts";
import { prepareDocumentPage } from "../src/pdf/load-page.ts";
import { browserAvailable, findChromium } from "./browser.ts";
import { makeProject, ROOT, runCli } from "./helpers.ts";
import { pdfText } from "./pdf-helpers.ts";

// Custom templates are trusted to render, but the PDF renderer may load nothing outside the deck: not the
// network (a canary server records any request) and not local files (a secret file holds a sentinel).

describe.runIf(browserAvailable())("PDF export of hostile custom templates", () => {
  const requests: string[] = [];
  let server: Server;
  let port: number;
  const sentinel = `briefdeck-sentinel-${randomBytes(8).toString("hex")}`;
  const secret = `/tmp/briefdeck-secret-${randomBytes(6).toString("hex")}.txt`;
  let dir: string;
  let good: { slides: Buffer; handout: Buffer };
  let hostile: { code: number; stderr: string };

  beforeAll(async () => {
    server = createServer((request, response) => {
      requests.push(`${request.method} ${request.url}`);
      response.writeHead(200, { "content-type": "text/plain" });
      response.end(sentinel);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
    writeFileSync(secret, `${sentinel}\n`);
    const canary = `http://127.0.0.1:${port}`;

    dir = makeProject();
    // The brief is valid: raw HTML in Markdown is sanitised, so its own remote references go nowhere.
    writeFileSync(
      join(dir, "briefs/h.yaml"),
      [
        "title: Hostile templates",
        "date: 2026-11-25",
        'version: "1.0"',
        "marking: TEST MARKING",
        "slides:",
        "  - layout: title",
        "  - layout: text",
        "    title: A text slide",
        "    body: |",
        "      Plain words before the template's additions.",
        "",
        `      <img src="${canary}/brief.png"> <iframe src="file:///etc/hostname"></iframe>`,
        "    notes: Notes on the text slide.",
        "",
      ].join("\n"),
    );
    mkdirSync(join(dir, "tpl/layouts"), { recursive: true });
    const theme = readFileSync(join(ROOT, "templates/theme.css"), "utf8");
    writeFileSync(
      join(dir, "tpl/theme.css"),
      `@import url(${canary}/import.css);\n${theme}\nbody { background-image: url(${canary}/css.png) }\n`,
    );
    const text = readFileSync(join(ROOT, "templates/layouts/text.hbs"), "utf8");
    writeFileSync(
      join(dir, "tpl/layouts/text.hbs"),
      `${text}\n<iframe src="file://${secret}"></iframe>\n<img src="${canary}/img.png">\n`,
    );

    const first = await runCli(["build"], dir);
    expect(first.code, first.stderr).toBe(0);
    good = {
      slides: readFileSync(join(dir, "dist/h.pdf")),
      handout: readFileSync(join(dir, "dist/h.handout.pdf")),
    };
    hostile = await runCli(["build", "--templates", "tpl", "--force"], dir);
  });

  afterAll(async () => {
    rmSync(secret, { force: true });
    await new Promise((resolve) => server?.close(resolve));
  });

  it("refuses to print: exit 1, every blocked load reported, the last good PDFs kept", () => {
    expect(hostile.code, hostile.stderr).toBe(1);
    expect(hostile.stderr).toMatch(/briefs\/h\.yaml:\d+:\d+ error render-failed/);
    // A CSS background is fetched only when layout asks for it, which under load may come after printing
    // was already refused; the image element and the secret file are requested as the page loads.
    expect(hostile.stderr).toContain(`127.0.0.1:${port}/img.png`);
    expect(hostile.stderr).toContain(`file://${secret}`);
    expect(hostile.stderr).toContain("previous outputs left as they were");
    expect(Buffer.compare(readFileSync(join(dir, "dist/h.pdf")), good.slides)).toBe(0);
    expect(Buffer.compare(readFileSync(join(dir, "dist/h.handout.pdf")), good.handout)).toBe(0);
  });

  it("has no trace of the secret file in either PDF", () => {
    for (const file of ["dist/h.pdf", "dist/h.handout.pdf"]) {
      const text = pdfText(join(dir, file));
      expect(text).toContain("A text slide");
      expect(text).not.toContain(sentinel);
    }
  });

  it("with --no-pdf writes the trusted template's tags, but the brief's raw HTML only as text", async () => {
    const { code, stderr } = await runCli(["build", "--templates", "tpl", "--force", "--no-pdf"], dir);
    expect(code, stderr).toBe(0);
    const html = readFileSync(join(dir, "dist/h.html"), "utf8");
    expect(html).toContain(`file://${secret}`);
    expect(html).toContain(`127.0.0.1:${port}/img.png`);
    expect(html).toContain(`<iframe src="file://${secret}"></iframe>`);
    expect(html).toContain(`<img src="http://127.0.0.1:${port}/img.png">`);
    expect(html).not.toMatch(/<img[^>]*brief\.png/);
    expect(html).not.toMatch(/<iframe[^>]*\/etc\/hostname/);
    expect(html).not.toContain(sentinel);
  });

  it("prints none of the secret even when the hostile deck is printed anyway", async () => {
    const html = readFileSync(join(dir, "dist/h.html"), "utf8");
    const out = join(dir, "forced.pdf");
    const options = { executable: findChromium(), wsEndpoint: undefined, env: {}, protocolTimeout: 30_000 };
    const seen = requests.length;
    const problems = await withBrowser(options, async (browser) => {
      const page = await browser.newPage();
      try {
        await page.setViewport({ width: 1280, height: 720 });
        // As export-pdf.ts does: a document page, then reveal.js's "pdf-ready" once its print layout is done.
        const documentPage = await prepareDocumentPage(page);
        const found = await documentPage.load(html, "h.html", "?view=print");
        await page.evaluate(
          () => (window as unknown as { __briefdeckPdfReady: Promise<void> }).__briefdeckPdfReady,
        );
        // The template's iframe is really in the printed page: only the renderer's rules keep it empty.
        const frames = await page.evaluate(
          (src) => [...document.querySelectorAll("iframe")].filter((f) => f.src === src).length,
          `file://${secret}`,
        );
        expect(frames).toBeGreaterThan(0);
        writeFileSync(out, await page.pdf({ width: "1280px", height: "720px", printBackground: true }));
        return found;
      } finally {
        await page.close();
      }
    });
    expect([...problems.blocked, ...problems.errors].join("\n")).toContain(`file://${secret}`);
    expect(existsSync(out)).toBe(true);
    const text = execFileSync("pdftotext", [out, "-"], { encoding: "utf8" });
    expect(text).toContain("A text slide");
    expect(text).not.toContain(sentinel);
    expect(requests.slice(seen)).toEqual([]);
  });

  it("never reached the network: the canary saw no request while the hostile deck was built", async () => {
    // Self-contained: its own build, and only the requests made during it, whatever ran before.
    const seen = requests.length;
    const again = await runCli(["build", "--templates", "tpl", "--force"], dir);
    expect(again.code, again.stderr).toBe(1);
    expect(again.stderr).toContain(`127.0.0.1:${port}/img.png`);
    expect(requests.slice(seen)).toEqual([]);
  });
});
