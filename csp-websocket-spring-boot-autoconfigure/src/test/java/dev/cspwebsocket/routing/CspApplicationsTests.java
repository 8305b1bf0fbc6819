package dev.cspwebsocket.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.cspwebsocket.CspClass;
import dev.cspwebsocket.CspWebSocket;
import dev.cspwebsocket.CspWebSocketConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.aop.framework.ProxyFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link CspApplications} and {@link ServerClass}.
 *
 * @author csp-websocket-spring-boot
 */
class CspApplicationsTests {

	private final ServerClass echo = ServerClass.of("echo", EchoServer.class);

	private final ServerClass console = ServerClass.of("console", ConsoleServer.class);

	private final ServerClass other = ServerClass.of("other", OtherServer.class);

	private final ServerClass plain = ServerClass.of("plain", PlainServer.class);

	private final List<ServerClass> all = List.of(this.echo, this.console, this.other, this.plain);

	@Test
	void defaultApplicationUserExposesEveryServerWhenNoApplicationIsConfigured() {
		CspApplications applications = CspApplications.of(this.all, Map.of());
		assertThat(applications.names()).containsExactly(CspApplications.DEFAULT_APPLICATION);
		assertThat(CspApplications.DEFAULT_APPLICATION).isEqualTo("user");
		assertThat(applications.serverClasses("user")).containsOnly(Map.entry("MyApp.Echo", this.echo),
				Map.entry("MyApp.Admin.Console", this.console), Map.entry("Other.Thing", this.other),
				Map.entry(PlainServer.class.getName(), this.plain));
	}

	@Test
	void configuredApplicationsExposeExactNamesAndPrefixPatterns() {
		Map<String, List<String>> exposure = new LinkedHashMap<>();
		exposure.put("app", List.of("MyApp.*"));
		exposure.put("admin", List.of("MyApp.Admin.*", "Other.Thing"));
		exposure.put("plain", List.of(PlainServer.class.getName()));
		CspApplications applications = CspApplications.of(this.all, exposure);
		assertThat(applications.names()).containsExactlyInAnyOrder("app", "admin", "plain");
		assertThat(applications.serverClasses("app")).containsOnlyKeys("MyApp.Echo", "MyApp.Admin.Console");
		assertThat(applications.serverClasses("admin")).containsOnlyKeys("MyApp.Admin.Console", "Other.Thing");
		assertThat(applications.serverClasses("plain")).containsOnlyKeys(PlainServer.class.getName());
		assertThat(applications.serverClasses("user")).isEmpty();
		assertThat(applications.find("app", "MyApp.Echo")).isSameAs(this.echo);
		assertThat(applications.find("app", "Other.Thing")).isNull();
		assertThat(applications.find("user", "MyApp.Echo")).isNull();
	}

	@Test
	void configuredApplicationWithNoServersListedExposesEveryServer() {
		Map<String, List<String>> exposure = new LinkedHashMap<>();
		exposure.put("everything", List.of());
		exposure.put("some", List.of("Other.Thing"));
		CspApplications applications = CspApplications.of(this.all, exposure);
		assertThat(applications.serverClasses("everything")).containsOnlyKeys("MyApp.Echo", "MyApp.Admin.Console",
				"Other.Thing", PlainServer.class.getName());
		assertThat(applications.serverClasses("some")).containsOnlyKeys("Other.Thing");
	}

	@Test
	void exposedNameThatNoServerHasFailsNamingIt() {
		assertThatExceptionOfType(CspWebSocketConfigurationException.class)
			.isThrownBy(() -> CspApplications.of(this.all, Map.of("admin", List.of("MyApp.Echo", "No.Such"))))
			.withMessageContaining("'No.Such'")
			.withMessageContaining("'admin'");
	}

	@Test
	void twoServerClassesWithTheSameCspClassNameFailNamingBothBeans() {
		ServerClass duplicate = ServerClass.of("otherEcho", DuplicateEchoServer.class);
		List<ServerClass> serverClasses = new ArrayList<>(this.all);
		serverClasses.add(duplicate);
		assertThatExceptionOfType(CspWebSocketConfigurationException.class)
			.isThrownBy(() -> CspApplications.of(serverClasses, Map.of()))
			.withMessageContaining("'echo'")
			.withMessageContaining("'otherEcho'")
			.withMessageContaining("'MyApp.Echo'");
	}

	@Test
	void findReturnsTheServerClassOfAnExposedName() {
		CspApplications applications = CspApplications.of(this.all, Map.of());
		assertThat(applications.find("user", "MyApp.Echo")).isSameAs(this.echo);
		assertThat(applications.find("user", PlainServer.class.getName())).isSameAs(this.plain);
	}

	@Test
	void findReturnsNullForAnUnknownApplicationOrClass() {
		CspApplications applications = CspApplications.of(this.all, Map.of());
		assertThat(applications.find("nosuchapp", "MyApp.Echo")).isNull();
		assertThat(applications.find("user", "MyApp.NoSuch")).isNull();
		assertThat(applications.find("user", "MyApp")).isNull();
		assertThat(applications.find("user", "EchoServer")).isNull();
		assertThat(applications.serverClasses("nosuchapp")).isEmpty();
	}

	@Test
	void serverClassOfUsesTheCspClassValueAndSubprotocols() {
		ServerClass serverClass = ServerClass.of("echo", EchoServer.class);
		assertThat(serverClass.name()).isEqualTo("MyApp.Echo");
		assertThat(serverClass.beanName()).isEqualTo("echo");
		assertThat(serverClass.type()).isEqualTo(EchoServer.class);
		assertThat(serverClass.subprotocols()).containsExactly("chat.v2", "chat.v1");
	}

	@Test
	void serverClassOfUsesTheFullyQualifiedJavaClassNameWithoutTheAnnotation() {
		ServerClass serverClass = ServerClass.of("plain", PlainServer.class);
		assertThat(serverClass.name()).isEqualTo("dev.cspwebsocket.routing.CspApplicationsTests$PlainServer");
		assertThat(serverClass.subprotocols()).isEmpty();
	}

	@Test
	void serverClassOfUsesTheFullyQualifiedJavaClassNameWhenTheAnnotationHasNoValue() {
		ServerClass serverClass = ServerClass.of("unnamed", UnnamedServer.class);
		assertThat(serverClass.name()).isEqualTo(UnnamedServer.class.getName());
		assertThat(serverClass.subprotocols()).containsExactly("v1");
	}

	@Test
	void serverClassOfRefusesAnInvalidCspClassName() {
		assertThatExceptionOfType(CspWebSocketConfigurationException.class)
			.isThrownBy(() -> ServerClass.of("dotDot", DotDotServer.class))
			.withMessageContaining("'../x'")
			.withMessageContaining("'dotDot'");
		assertThatExceptionOfType(CspWebSocketConfigurationException.class)
			.isThrownBy(() -> ServerClass.of("space", SpaceServer.class))
			.withMessageContaining("'a b'")
			.withMessageContaining("'space'");
	}

	@ParameterizedTest
	@ValueSource(strings = { "Demo.Clock.cls", "Demo.Clock.CLS" })
	void serverClassRefusesANameEndingInClsSayingWhatToWrite(String name) {
		assertThatExceptionOfType(CspWebSocketConfigurationException.class)
			.isThrownBy(() -> new ServerClass(name, "clock", PlainServer.class, List.of()))
			.satisfies((ex) -> assertThat(ex.description()).contains("'" + name + "'").contains("'clock'"))
			.satisfies((ex) -> assertThat(ex.action())
				.isEqualTo("Write @CspClass(\"Demo.Clock\"): the URL adds '.cls' to the class name, as IRIS does"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "../x", "a b", "a/b", "x.", ".x", "a..b", "1abc", "My-App.Server", "x.cls/y",
			"Ünïcode.Klasse", "MyАpp.Server" })
	void serverClassRefusesNamesThatAreNotDottedClassNames(String name) {
		assertThatExceptionOfType(CspWebSocketConfigurationException.class)
			.isThrownBy(() -> new ServerClass(name, "bean", PlainServer.class, List.of()))
			.withMessageContaining("'" + name + "'");
	}

	@ParameterizedTest
	@ValueSource(strings = { "Echo", "MyApp.Echo", "my_app.v2.Echo", "Outer$Inner" })
	void serverClassAcceptsDottedClassNames(String name) {
		assertThat(new ServerClass(name, "bean", PlainServer.class, List.of()).name()).isEqualTo(name);
	}

	@Test
	void serverClassKeepsItsOwnCopyOfTheSubprotocols() {
		List<String> subprotocols = new ArrayList<>(List.of("v1"));
		ServerClass serverClass = new ServerClass("Echo", "bean", PlainServer.class, subprotocols);
		subprotocols.add("v2");
		assertThat(serverClass.subprotocols()).containsExactly("v1");
	}

	@Test
	void selectSubprotocolPicksTheFirstOfferedThatTheServerSpeaks() {
		assertThat(this.echo.selectSubprotocol(List.of("chat.v1", "chat.v2"))).isEqualTo("chat.v1");
		assertThat(this.echo.selectSubprotocol(List.of("chat.v2", "chat.v1"))).isEqualTo("chat.v2");
		assertThat(this.echo.selectSubprotocol(List.of("mqtt", "chat.v1"))).isEqualTo("chat.v1");
	}

	@Test
	void selectSubprotocolReturnsNullWhenTheServerSpeaksNoneOffered() {
		assertThat(this.echo.selectSubprotocol(List.of("mqtt", "CHAT.V1"))).isNull();
		assertThat(this.echo.selectSubprotocol(List.of())).isNull();
		assertThat(this.plain.selectSubprotocol(List.of("chat.v1"))).isNull();
	}

	@CspClass(value = "MyApp.Echo", subprotocols = { "chat.v2", "chat.v1" })
	static class EchoServer extends CspWebSocket {

		@Override
		protected void server() {
		}

	}

	@CspClass("MyApp.Admin.Console")
	static class ConsoleServer extends CspWebSocket {

		@Override
		protected void server() {
		}

	}

	@CspClass("Other.Thing")
	static class OtherServer extends CspWebSocket {

		@Override
		protected void server() {
		}

	}

	@Test
	void aProxiedServerIsNamedAfterTheClassItsAuthorWrote() {
		ProxyFactory proxyFactory = new ProxyFactory(new PlainServer());
		proxyFactory.setProxyTargetClass(true);
		Class<?> proxyClass = proxyFactory.getProxy().getClass();
		assertThat(proxyClass).isNotEqualTo(PlainServer.class);
		assertThat(ServerClass.of("plain", proxyClass).name()).isEqualTo(PlainServer.class.getName());
	}

	static class PlainServer extends CspWebSocket {

		@Override
		protected void server() {
		}

	}

	@CspClass(subprotocols = "v1")
	static class UnnamedServer extends CspWebSocket {

		@Override
		protected void server() {
		}

	}

	@CspClass("MyApp.Echo")
	static class DuplicateEchoServer extends CspWebSocket {

		@Override
		protected void server() {
		}

	}

	@CspClass("../x")
	static class DotDotServer extends CspWebSocket {

		@Override
		protected void server() {
		}

	}

	@CspClass("a b")
	static class SpaceServer extends CspWebSocket {

		@Override
		protected void server() {
		}

	}

}
