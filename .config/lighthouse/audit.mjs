// Runs Lighthouse (mobile, default throttling) against each URL with Debian's Chromium and prints one JSON line per
// page: {url, performance, accessibility, bytes, failing, runs}. Used by ./tsunagari bench (LighthouseScenario).
// Each page is audited LIGHTHOUSE_RUNS times (default 3) and the run with the median Performance is reported, as
// Lighthouse's own guidance on score variability advises; every run's score is printed beside it.
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const urls = process.argv.slice(2);
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
});
try {
  const runs = Math.max(1, Number(process.env.LIGHTHOUSE_RUNS || 3));
  for (const url of urls) {
    const audits = [];
    for (let i = 0; i < runs; i++) {
      const result = await lighthouse(url, {
        port: chrome.port, output: 'json', logLevel: 'error',
        onlyCategories: ['performance', 'accessibility'],
      });
      audits.push(result.lhr);
    }
    const score = lhr => Math.round((lhr.categories.performance.score ?? 0) * 100);
    const sorted = [...audits].sort((a, b) => score(a) - score(b));
    const lhr = sorted[Math.floor((sorted.length - 1) / 2)];
    const failing = [...new Set(audits.flatMap(run => Object.values(run.audits)
      .filter(a => a.scoreDisplayMode === 'binary' && a.score === 0 && run.categories.accessibility.auditRefs.some(r => r.id === a.id))
      .map(a => a.id)))];
    console.log(JSON.stringify({
      url,
      performance: score(lhr),
      accessibility: Math.min(...audits.map(run => Math.round((run.categories.accessibility.score ?? 0) * 100))),
      bytes: lhr.audits['total-byte-weight']?.numericValue ?? null,
      failing,
      runs: audits.map(score),
      runtimeError: audits.find(run => run.runtimeError)?.runtimeError?.message ?? null,
    }));
  }
} finally {
  await chrome.kill();
}
