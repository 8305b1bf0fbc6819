// What the client's tests use of node:assert/strict, for running them in a browser (chromium.mjs maps it here),
// with its strict meanings: equal is Object.is, deepEqual compares prototypes and own enumerable properties.

class AssertionError extends Error {
	name = 'AssertionError';
}

function fail(message, detail) {
	throw new AssertionError(message ?? detail);
}

function show(value) {
	if (typeof value === 'string') return JSON.stringify(value);
	try {
		return JSON.stringify(value) ?? String(value);
	}
	catch {
		return String(value);
	}
}

function isDeepEqual(actual, expected) {
	if (Object.is(actual, expected)) return true;
	if (typeof actual !== 'object' || typeof expected !== 'object' || actual === null || expected === null) return false;
	if (Object.getPrototypeOf(actual) !== Object.getPrototypeOf(expected)) return false;
	if (actual instanceof ArrayBuffer) return isDeepEqual([...new Uint8Array(actual)], [...new Uint8Array(expected)]);
	if (ArrayBuffer.isView(actual)) return isDeepEqual([...actual], [...expected]);
	const keys = Object.keys(actual);
	if (keys.length !== Object.keys(expected).length) return false;
	return keys.every((key) => Object.hasOwn(expected, key) && isDeepEqual(actual[key], expected[key]));
}

export function equal(actual, expected, message) {
	if (!Object.is(actual, expected)) fail(message, `Expected ${show(expected)}, got ${show(actual)}`);
}

export function deepEqual(actual, expected, message) {
	if (!isDeepEqual(actual, expected)) fail(message, `Expected ${show(expected)}, got ${show(actual)}`);
}

export function ok(value, message) {
	if (!value) fail(message, `Expected a truthy value, got ${show(value)}`);
}

export function match(string, pattern, message) {
	if (typeof string !== 'string' || !pattern.test(string)) fail(message, `Expected ${show(string)} to match ${pattern}`);
}

// expected: a RegExp for String(error), a function that validates it (returns true), or an object of its fields.
export function throws(fn, expected, message) {
	let error;
	try {
		fn();
	}
	catch (thrown) {
		error = thrown;
	}
	if (error === undefined) fail(message, 'Expected the function to throw');
	if (expected === undefined) return;
	if (expected instanceof RegExp) {
		match(String(error), expected, message);
	}
	else if (typeof expected === 'function') {
		if (expected(error) !== true) fail(message, `The validation function did not accept ${String(error)}`);
	}
	else {
		for (const [key, value] of Object.entries(expected)) deepEqual(error[key], value, message ?? `${key} of ${String(error)}`);
	}
}

export default { equal, deepEqual, ok, match, throws };
