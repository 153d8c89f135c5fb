// Runs Lighthouse (mobile, default throttling) against each URL with Debian's Chromium and prints one JSON line per
// page: {url, performance, accessibility, bytes, failing}. Used by ./tsunagari bench (LighthouseScenario).
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const urls = process.argv.slice(2);
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
});
try {
  for (const url of urls) {
    const result = await lighthouse(url, {
      port: chrome.port, output: 'json', logLevel: 'error',
      onlyCategories: ['performance', 'accessibility'],
    });
    const lhr = result.lhr;
    const failing = Object.values(lhr.audits)
      .filter(a => a.scoreDisplayMode === 'binary' && a.score === 0 && lhr.categories.accessibility.auditRefs.some(r => r.id === a.id))
      .map(a => a.id);
    console.log(JSON.stringify({
      url,
      performance: Math.round((lhr.categories.performance.score ?? 0) * 100),
      accessibility: Math.round((lhr.categories.accessibility.score ?? 0) * 100),
      bytes: lhr.audits['total-byte-weight']?.numericValue ?? null,
      failing,
      runtimeError: lhr.runtimeError?.message ?? null,
    }));
  }
} finally {
  await chrome.kill();
}
