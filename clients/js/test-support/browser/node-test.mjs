// What the client's tests use of node:test, for running them in a browser (chromium.mjs maps node:test here):
// test(name[, { skip }], fn), with t.after. Tests run one at a time, in the order their modules declared them.

const declared = [];

export function test(name, options, fn) {
	if (typeof options === 'function') [options, fn] = [{}, options];
	declared.push({ name, skip: options.skip, fn });
}

/** Runs every test declared so far; one result per test: its name, and its error or why it was skipped. */
export async function run() {
	const results = [];
	for (const { name, skip, fn } of declared) {
		if (skip) {
			results.push({ name, skipped: String(skip) });
			continue;
		}
		const afters = [];
		let failure;
		try {
			await fn({ name, after: (hook) => afters.push(hook) });
		}
		catch (error) {
			failure = error;
		}
		for (const hook of afters.reverse()) {
			try {
				await hook();
			}
			catch (error) {
				failure ??= error;
			}
		}
		results.push(failure === undefined ? { name } : { name, error: String(failure.stack ?? failure) });
	}
	return results;
}
