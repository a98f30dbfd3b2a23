// Makes a git tag that npm can install from a git URL with --ignore-scripts and without esbuild:
// `node scripts/release-ref.mjs v0.1.0` packs the package (npm's prepack builds lib/), and commits exactly
// the packed files (bin/, lib/briefdeck.cjs, templates/, schema/, README, licence) as a child of HEAD,
// tagged with the given name. Its package.json has no build scripts, so installing it runs nothing.
// The working tree, the index and the branch are left as they were; push the tag to publish it.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const tag = process.argv[2];
if (tag === undefined || !/^[\w.-]+$/.test(tag)) {
  console.error("usage: node scripts/release-ref.mjs <tag>");
  process.exit(2);
}
const scratch = mkdtempSync(join(tmpdir(), "briefdeck-release-"));
const run = (command, args, options = {}) => execFileSync(command, args, { encoding: "utf8", ...options });
try {
  run("npm", ["pack", "--silent", "--pack-destination", scratch], { stdio: ["ignore", "ignore", "inherit"] });
  const tarball = readdirSync(scratch).find((name) => name.endsWith(".tgz")) ?? "";
  run("tar", ["xzf", join(scratch, tarball), "-C", scratch]);
  const tree = join(scratch, "package");
  const manifest = JSON.parse(readFileSync(join(tree, "package.json"), "utf8"));
  manifest.scripts = undefined;
  writeFileSync(join(tree, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const env = { ...process.env, GIT_INDEX_FILE: join(scratch, "index") };
  run("git", ["--work-tree", tree, "add", "--all", "--force", "."], { env });
  const treeId = run("git", ["write-tree"], { env }).trim();
  const message = `briefdeck ${manifest.version}: the packed package, installable from git`;
  const commit = run("git", ["commit-tree", treeId, "-p", "HEAD", "-m", message]).trim();
  run("git", ["tag", "--force", tag, commit]);
  console.log(`tagged ${tag} (${commit.slice(0, 12)}): npm install --ignore-scripts git+<url>#${tag}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
