package dev.cspwebsocket.session;

import java.util.concurrent.ConcurrentHashMap;

import dev.cspwebsocket.test.TestClient;
import dev.cspwebsocket.testapp.CspServerTest;
import dev.cspwebsocket.testapp.TestApplication;
import dev.cspwebsocket.testapp.TestSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.MapSession;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.config.annotation.web.http.EnableSpringHttpSession;
import org.springframework.session.events.SessionDeletedEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sockets tied to Spring Session's sessions. Its in-memory repository reports no ends, as
 * many stores do: the periodic session check finds them.
 *
 * @author csp-websocket-spring-boot
 */
// Spring Session's servlet filter and HttpSession.
@Tag("servlet")
@CspServerTest(classes = { TestApplication.class, SpringSessionIntegrationTests.SpringSessionConfiguration.class },
		properties = HttpSessionTiesIntegrationTests.SESSION_PROPERTIES)
class SpringSessionIntegrationTests extends HttpSessionTiesIntegrationTests {

	@Autowired
	MapSessionRepository repository;

	@Autowired
	ApplicationEventPublisher events;

	@Test
	void aSessionDestroyedEventClosesTheSessionsSocketsAtOnce() {
		TestSession session = TestSession.start(this.server.port());
		TestClient client = connect(session, tag("event"));
		MapSession stored = this.repository.findById(session.id());
		this.events.publishEvent(new SessionDeletedEvent(this.repository, stored));
		assertThat(client.awaitClose()).isEqualTo(new TestClient.Close(1008, "HTTP session ended"));
		assertThat(this.repository.findById(session.id())).as("closed by the event, not by a check").isNotNull();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableSpringHttpSession
	static class SpringSessionConfiguration {

		@Bean
		MapSessionRepository sessionRepository() {
			return new MapSessionRepository(new ConcurrentHashMap<>());
		}

	}

}
