import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chartProcessEnv, warmChartProcess } from "../src/render/chart-process.ts";
import { CHART_SLIDE, CSV, firstSvg, GOOD_SPEC } from "./chart-helpers.ts";
import { copyPackage } from "./cli-helpers.ts";
import { brief, makeProject, ROOT, read } from "./helpers.ts";

const BIN_PATH = join(ROOT, "bin/briefdeck.cjs");

describe("the charts' engine runs in a process of its own, started only by a brief with a chart", () => {
  const build = (bin: string, project: string, env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [bin, "build", "--no-pdf"], {
      cwd: project,
      env: { ...process.env, ...env },
      encoding: "utf8",
    });
  const charted = () =>
    makeProject({ "briefs/b.yaml": brief(CHART_SLIDE(GOOD_SPEC)), "briefs/pledges.csv": CSV });

  it("the command line never requires lib/chart.cjs itself, and the chart is drawn", () => {
    const project = charted();
    const run = build(join(ROOT, "bin/briefdeck.cjs"), project, { NODE_DEBUG: "module" });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).not.toContain("chart.cjs");
    expect(firstSvg(read(join(project, "dist/b.html")))).toContain("Poland");
    // vega is in its own bundle, not in the command line's.
    expect(readFileSync(join(ROOT, "lib/briefdeck.cjs"), "utf8")).not.toContain(
      "Make sure the specification includes",
    );
  });

  it("without the charts' process, a brief without a chart builds, and one with a chart is one line, exit 3", () => {
    const pkg = copyPackage();
    rmSync(join(pkg, "lib/chart.cjs"));
    const bin = join(pkg, "bin/briefdeck.cjs");
    const plain = build(
      bin,
      makeProject({ "briefs/b.yaml": brief("  - layout: text\n    title: Plain\n    body: No chart.\n") }),
    );
    expect(plain.status, plain.stderr).toBe(0);
    const run = build(bin, charted());
    expect(run.status, run.stderr).toBe(3);
    expect(run.stderr).toMatch(
      /^briefdeck: the charts' process \(\S+chart\.cjs\) cannot start \([^\n]*Cannot find module[^\n]*\); [^\n]+\n$/,
    );
  });

  it("with too few file descriptors to start it, a brief with a chart is one line naming EMFILE, exit 3", () => {
    const limited = (limit: number, project: string) =>
      spawnSync(
        "sh",
        ["-c", `ulimit -n ${limit} && exec "$0" "$@"`, process.execPath, BIN_PATH, "build", "--no-pdf"],
        {
          cwd: project,
          encoding: "utf8",
        },
      );
    const plain = makeProject({
      "briefs/b.yaml": brief("  - layout: text\n    title: Plain\n    body: No chart.\n"),
    });
    // The fewest descriptors a brief without a chart builds with; a chart's process needs a few more.
    let limit = 12;
    while (limited(limit, plain).status !== 0 && limit < 64) limit++;
    const refused: string[] = [];
    for (; limit < 64; limit++) {
      const run = limited(limit, charted());
      if (run.status === 0) break;
      expect(run.status, run.stderr).toBe(3);
      expect(run.stderr).toMatch(
        /^briefdeck: the charts' process \(\S+\) cannot start \(spawn \S+ EMFILE\); too many open files[^\n]*\n$/,
      );
      refused.push(run.stderr);
    }
    expect(refused.length).toBeGreaterThan(0);
  });

  it("the engine runs with a code cache it writes after its first charts; a corrupt one is rejected", async () => {
    const pkg = copyPackage();
    const bin = join(pkg, "bin/briefdeck.cjs");
    const env = { XDG_CACHE_HOME: join(pkg, "user-cache") };
    const first = charted();
    expect(build(bin, first, env).status).toBe(0);
    const engineBuild = /^\/\/ chart-engine build ([0-9a-f]+)/.exec(
      read(join(pkg, "lib/chart-engine.cjs")),
    )?.[1];
    const name = `chart-engine.${engineBuild}.${process.version}.cache`;
    // The engine writes its cache after answering the last chart: briefdeck may have exited by then.
    const settled = async (ready: () => boolean) => {
      for (let i = 0; i < 200 && !ready(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    };
    await settled(() => readdirSync(join(pkg, "lib")).includes(name));
    expect(readdirSync(join(pkg, "lib"))).toContain(name);
    writeFileSync(join(pkg, "lib", name), "not a code cache");
    const second = charted();
    const run = build(bin, second, env);
    expect(run.status, run.stderr).toBe(0);
    expect(firstSvg(read(join(second, "dist/b.html")))).toBe(firstSvg(read(join(first, "dist/b.html"))));
    await settled(() => readFileSync(join(pkg, "lib", name), "utf8") !== "not a code cache");
    expect(readFileSync(join(pkg, "lib", name), "utf8")).not.toBe("not a code cache");
  });
});

describe("the charts' process's environment", () => {
  // Without NODE_EXTRA_CA_CERTS, which the charts' process has no use for (chart-process.ts says why).
  it("is the given one less NODE_EXTRA_CA_CERTS, by any capitals", () => {
    const env = {
      PATH: "/bin",
      NODE_EXTRA_CA_CERTS: "/a.pem",
      node_extra_ca_certs: "/b.pem",
      NODE_OPTIONS: "",
    };
    expect(chartProcessEnv(env)).toEqual({ PATH: "/bin", NODE_OPTIONS: "" });
  });

  it.skipIf(!existsSync("/proc/self/environ"))("is this process's, less NODE_EXTRA_CA_CERTS", async () => {
    const saved = process.env.NODE_EXTRA_CA_CERTS;
    process.env.NODE_EXTRA_CA_CERTS = "/etc/ssl/certs/ca-certificates.crt";
    process.env.BRIEFDECK_TEST_MARK = "kept";
    let pid: number | undefined;
    try {
      warmChartProcess();
      pid = readdirSync("/proc")
        .filter((name) => /^\d+$/.test(name))
        .map(Number)
        .find((candidate) => {
          try {
            const stat = readFileSync(`/proc/${candidate}/stat`, "utf8");
            const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
            return (
              parent === process.pid &&
              readFileSync(`/proc/${candidate}/cmdline`, "utf8").includes("chart.cjs")
            );
          } catch {
            return false; // gone meanwhile
          }
        });
      expect(pid, "the charts' process among this process's children").toBeDefined();
      const environ = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
      expect(environ).toContain("BRIEFDECK_TEST_MARK=kept");
      expect(environ.filter((entry) => entry.startsWith("NODE_EXTRA_CA_CERTS="))).toEqual([]);
    } finally {
      if (pid !== undefined) process.kill(pid, "SIGKILL");
      delete process.env.BRIEFDECK_TEST_MARK;
      if (saved === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
      else process.env.NODE_EXTRA_CA_CERTS = saved;
    }
  });
});
