package dev.cspwebsocket.engine;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import org.jspecify.annotations.Nullable;

/**
 * Whether a thread is virtual: {@code Thread.isVirtual()} exists from Java 21, and this
 * code is compiled for 17. Stateless; thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class VirtualThreads {

	private static final @Nullable MethodHandle IS_VIRTUAL = isVirtualMethod();

	private VirtualThreads() {
	}

	/** Whether the calling thread is a virtual thread. */
	static boolean isCurrent() {
		MethodHandle isVirtual = IS_VIRTUAL;
		if (isVirtual == null) {
			return false;
		}
		try {
			return (boolean) isVirtual.invokeExact(Thread.currentThread());
		}
		catch (Throwable ex) {
			return false;
		}
	}

	private static @Nullable MethodHandle isVirtualMethod() {
		try {
			return MethodHandles.publicLookup()
				.findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
		}
		catch (ReflectiveOperationException ex) {
			// Java 17: no virtual threads.
			return null;
		}
	}

}
