// Copies the YASGUI browser build from node_modules into server/static/vendor/ (git-ignored),
// so the query page loads its editor from our own server with no network at run time.
// Run by `npm install` (postinstall) or `npm run vendor`.
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const pkgDir = path.dirname(require.resolve("@zazuko/yasgui/package.json", { paths: [__dirname] }));
const dest = path.join(root, "server", "static", "vendor", "yasgui");
fs.mkdirSync(dest, { recursive: true });
for (const name of ["yasgui.min.js", "yasgui.min.css"]) {
  fs.copyFileSync(path.join(pkgDir, "build", name), path.join(dest, name));
}
for (const name of ["LICENSE", "LICENSE.md", "README.md"]) {
  const src = path.join(pkgDir, name);
  if (fs.existsSync(src)) fs.copyFileSync(src, path.join(dest, name));
}
const version = require(path.join(pkgDir, "package.json")).version;
fs.writeFileSync(path.join(dest, "VERSION"), `@zazuko/yasgui ${version}\n`);
console.log(`yasgui ${version} -> ${path.relative(root, dest)}`);
