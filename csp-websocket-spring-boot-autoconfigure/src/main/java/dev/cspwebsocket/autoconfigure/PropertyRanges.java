package dev.cspwebsocket.autoconfigure;

import java.time.Duration;

import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

/**
 * The allowed ranges of the properties, checked as they are bound: a value out of range
 * stops start-up with Boot's report naming the property, its value and its range.
 *
 * @author csp-websocket-spring-boot
 */
final class PropertyRanges {

	private PropertyRanges() {
	}

	static DataSize atLeast(DataSize value, DataSize least) {
		Assert.isTrue(value.compareTo(least) >= 0, () -> "must be at least " + least + ", such as 64KB or 1MB");
		return value;
	}

	static Duration atLeastOneMillisecond(Duration value) {
		Assert.isTrue(value.toMillis() > 0, "must be at least 1ms, such as 500ms or 10s");
		return value;
	}

	static Duration notNegative(Duration value) {
		Assert.isTrue(!value.isNegative(), "must not be negative: 0 turns it off, or a duration such as 25s");
		return value;
	}

	static int atLeastOne(int value) {
		Assert.isTrue(value >= 1, "must be at least 1");
		return value;
	}

	static int limit(int value) {
		Assert.isTrue(value == -1 || value >= 1, "must be a positive number of sockets, or -1 for no limit");
		return value;
	}

}
