package dev.cspwebsocket.servlet;

import java.util.Collections;

import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link UpgradedRequestFilter}.
 *
 * @author csp-websocket-spring-boot
 */
@Tag("servlet")
class UpgradedRequestFilterTests {

	private final UpgradedRequestFilter filter = new UpgradedRequestFilter();

	@Test
	void anUpgradedRequestKeepsOnlyTheContainersAttributesOnceTheFiltersAreDone() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/csp/user/Test.Echo.cls");
		this.filter.doFilter(request, new MockHttpServletResponse(), filtersThat(true));
		assertThat(Collections.list(request.getAttributeNames()))
			.containsExactlyInAnyOrder("org.eclipse.jetty.websocket.upgrade", "org.apache.tomcat.websocket.upgrade");
	}

	@Test
	void aRequestThatWasNotUpgradedKeepsEveryAttribute() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/csp/user/Test.Echo.cls");
		this.filter.doFilter(request, new MockHttpServletResponse(), filtersThat(false));
		assertThat(Collections.list(request.getAttributeNames())).containsExactlyInAnyOrder(
				"org.eclipse.jetty.websocket.upgrade", "org.apache.tomcat.websocket.upgrade",
				"io.micrometer.observation.Observation", "org.springframework.security.web.csrf.CsrfToken");
	}

	/**
	 * The rest of the chain: an observation's and security's attributes, and the
	 * container's.
	 */
	private static FilterChain filtersThat(boolean upgrade) {
		return (request, response) -> {
			request.setAttribute("io.micrometer.observation.Observation", new Object());
			request.setAttribute("org.springframework.security.web.csrf.CsrfToken", new Object());
			request.setAttribute("org.eclipse.jetty.websocket.upgrade", new Object());
			request.setAttribute("org.apache.tomcat.websocket.upgrade", new Object());
			if (upgrade) {
				request.setAttribute(UpgradedRequestFilter.UPGRADED_ATTRIBUTE, Boolean.TRUE);
			}
		};
	}

}
