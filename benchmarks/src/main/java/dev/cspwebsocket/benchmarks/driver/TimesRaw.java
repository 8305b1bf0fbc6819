package dev.cspwebsocket.benchmarks.driver;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The tables' ×raw columns: a server's figure over the raw handler's in the same run, on
 * the same server, which is what compares from one run or machine to another when the
 * absolute figures move with the load.
 *
 * @author csp-websocket-spring-boot
 */
final class TimesRaw {

	private TimesRaw() {
	}

	/**
	 * The ratio to two decimals, or a dash when there is no raw figure to divide by (a
	 * scenario run alone, a figure that did not come).
	 * @param value the server's figure
	 * @param raw the raw handler's, if measured
	 * @return the column's text
	 */
	static String of(double value, @Nullable Double raw) {
		if (raw == null || raw <= 0 || value < 0) {
			return "–";
		}
		return String.format(Locale.ROOT, "%.2f", value / raw);
	}

}
