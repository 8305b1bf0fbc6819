// Runs the client's unit tests (test/*.test.mjs) in Chromium, as they run in Node: the same files, on the browser's
// own EventTarget, Event, CustomEvent, DOMException, URL and TextEncoder. browser/ stands in for node:test and
// node:assert/strict. Needs playwright-core (npm ci here) and Chromium: Debian's chromium, or CHROMIUM=<binary>.

import { readdirSync, readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const root = new URL('../', import.meta.url);
const files = readdirSync(new URL('test/', root)).filter((file) => file.endsWith('.test.mjs')).sort();
// A made-up origin that Playwright answers from this directory: nothing listens, nothing leaves the machine.
const origin = 'http://client.test';
const page = `<!doctype html>
<script type="importmap">
	{ "imports": { "node:test": "/test-support/browser/node-test.mjs", "node:assert/strict": "/test-support/browser/assert.mjs" } }
</script>
<script type="module">
	import { run } from 'node:test';
	for (const file of ${JSON.stringify(files)}) await import('/test/' + file);
	window.results = await run();
</script>`;

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
let exitCode = 1;
try {
	const tab = await browser.newPage();
	const pageErrors = [];
	tab.on('pageerror', (error) => pageErrors.push(error.message));
	await tab.route(`${origin}/**`, (route) => {
		const path = new URL(route.request().url()).pathname;
		if (path === '/') return route.fulfill({ contentType: 'text/html', body: page });
		try {
			return route.fulfill({ contentType: 'text/javascript', body: readFileSync(new URL('.' + path, root)) });
		}
		catch {
			return route.fulfill({ status: 404, contentType: 'text/plain', body: `No ${path} in clients/js` });
		}
	});
	await tab.goto(origin + '/');
	await tab.waitForFunction(() => window.results !== undefined || undefined, null, { timeout: 60_000 })
		.catch((error) => {
			throw new Error(`The tests did not finish in Chromium: ${pageErrors.join('; ') || error.message}`);
		});
	const results = await tab.evaluate(() => window.results);
	results.forEach(({ name, error, skipped }, index) => {
		const status = error ? 'not ok' : 'ok';
		console.log(`${status} ${index + 1} - ${name}${skipped ? ` # SKIP ${skipped}` : ''}`);
		if (error) console.log(error.replace(/^/gm, '  # '));
	});
	const failed = results.filter((result) => result.error).length;
	const skipped = results.filter((result) => result.skipped).length;
	console.log(`# ${results.length} tests in Chromium ${browser.version()}: ${results.length - failed - skipped} passed, `
		+ `${failed} failed, ${skipped} skipped (${files.length} files)`);
	exitCode = failed === 0 && pageErrors.length === 0 && results.length > 0 ? 0 : 1;
	for (const error of pageErrors) console.log(`# page error: ${error}`);
}
finally {
	await browser.close();
}
process.exit(exitCode);
