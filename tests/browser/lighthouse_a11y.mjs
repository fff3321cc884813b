// Lighthouse's accessibility audit (mobile, its default form factor) for each
// URL given, in one Node process against a Chromium the test started
// (--port). Prints one JSON object: url -> {score, failures: [{id, title, items}]}.
// Nothing is fetched from the network: the pages come from 127.0.0.1 and
// Lighthouse itself runs from node_modules.
import lighthouse from "lighthouse";

const [port, ...urls] = process.argv.slice(2);
const flags = {
  port: Number(port),
  output: "json",
  logLevel: "error",
  onlyCategories: ["accessibility"],
  throttlingMethod: "provided",
  disableFullPageScreenshot: true,
};
const results = {};
for (const url of urls) {
  const run = await lighthouse(url, flags);
  const lhr = run.lhr;
  const failures = Object.values(lhr.audits)
    .filter((a) => a.score !== null && a.score < 1 && ["binary", "numeric"].includes(a.scoreDisplayMode))
    .map((a) => ({
      id: a.id,
      title: a.title,
      items: (a.details?.items ?? []).slice(0, 5).map((i) => i.node?.snippet ?? i.node?.selector ?? ""),
    }));
  results[url] = {
    score: lhr.categories.accessibility.score,
    formFactor: lhr.configSettings.formFactor,
    error: lhr.runtimeError?.message ?? null,
    failures,
  };
}
process.stdout.write(JSON.stringify(results));
