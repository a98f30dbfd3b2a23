import { execFileSync } from "node:child_process";
import { symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { brief, makeProject, runCli } from "./helpers.ts";
import { small } from "./output-helpers.ts";

describe("input that is not a regular file, or is huge", () => {
  const hostile = async (setup: (dir: string) => void) => {
    const dir = makeProject({ "briefs/good.yaml": small("Good") });
    setup(dir);
    const started = Date.now();
    const result = await runCli(["build", "--no-pdf"], dir);
    return { ...result, dir, ms: Date.now() - started };
  };

  it("a FIFO is refused without waiting for a writer", async () => {
    const { code, stderr } = await hostile((dir) => {
      execFileSync("mkfifo", [join(dir, "briefs/fifo.yaml")]);
    });
    expect(code).toBe(1);
    expect(stderr).toContain("briefs/fifo.yaml:1:1 error file-unreadable  this is a named pipe (FIFO)");
    expect(stderr).toContain("1 built, 0 unchanged, 1 failed");
  });

  it("a link to a device is refused before a byte is read", async () => {
    const { code, stderr } = await hostile((dir) => symlinkSync("/dev/zero", join(dir, "briefs/zero.yaml")));
    expect(code).toBe(1);
    expect(stderr).toContain("briefs/zero.yaml:1:1 error file-unreadable  this is a device");
  });

  it("a 600 MB file is refused by its size", async () => {
    const { code, stderr } = await hostile((dir) => {
      execFileSync("truncate", ["-s", "600M", join(dir, "briefs/huge.yaml")]);
    });
    expect(code).toBe(1);
    expect(stderr).toContain("briefs/huge.yaml:1:1 error file-too-large  the brief is 629145600 bytes");
  });

  it("an image that is a FIFO or huge is refused at its position", async () => {
    const body = (src: string) =>
      brief(`  - layout: text\n    title: Picture\n    body: "![a picture](${src})"\n`);
    const dir = makeProject({ "briefs/fifo.yaml": body("pipe.png"), "briefs/huge.yaml": body("huge.png") });
    execFileSync("mkfifo", [join(dir, "briefs/pipe.png")]);
    execFileSync("truncate", ["-s", "600M", join(dir, "briefs/huge.png")]);
    const { code, stderr } = await runCli(["build", "--no-pdf"], dir);
    expect(code).toBe(1);
    expect(stderr).toMatch(/briefs\/fifo\.yaml:\d+:\d+ error image-not-found .*named pipe/);
    expect(stderr).toMatch(/briefs\/huge\.yaml:\d+:\d+ error image-unsupported .*larger than 10 MB/);
  });
});
