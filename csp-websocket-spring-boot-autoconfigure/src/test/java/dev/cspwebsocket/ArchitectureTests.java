package dev.cspwebsocket;

import java.util.Set;
import java.util.TreeSet;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import dev.cspwebsocket.testapp.ClusterNode;
import dev.cspwebsocket.testapp.ServerIntegrationTests;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package rules, read from the compiled classes: the application's API imports
 * nothing else of the project, no package depends on another in a cycle, the engine knows
 * no container or web stack, the adapters reach the engine only through the seam, the
 * observations' conventions know only the API and Micrometer, every package is
 * {@code @NullMarked}, and every test that starts a server runs on every server.
 *
 * @author csp-websocket-spring-boot
 */
class ArchitectureTests {

	private static final String API = "dev.cspwebsocket";

	/**
	 * The starter's classes: not those of the test module, which are on the classpath
	 * too.
	 */
	private static final JavaClasses MAIN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
		.withImportOption((location) -> !location.contains("csp-websocket-spring-boot-test"))
		.importPackages(API);

	private static final JavaClasses TESTS = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
		.importPackages(API);

	/** Containers and web stacks: the engine and the seams work on any of them. */
	private static final String[] CONTAINERS = { "jakarta.servlet..", "jakarta.websocket..", "org.apache.catalina..",
			"org.apache.tomcat..", "org.eclipse.jetty..", "reactor.netty..", "io.netty..",
			"org.springframework.web.servlet..", "org.springframework.web.reactive..",
			"org.springframework.web.server..", "org.springframework.http.server.." };

	@Test
	void theApplicationsApiImportsNothingElseOfTheProject() {
		noClasses().that()
			.resideInAPackage(API)
			.should()
			.dependOnClassesThat(resideInAPackage(API + "..").and(DescribedPredicate.not(resideInAPackage(API))))
			.check(MAIN);
	}

	@Test
	void theApplicationsApiHasOnlyPublicTypes() {
		classes().that()
			.resideInAPackage(API)
			.and()
			.areTopLevelClasses()
			.and()
			.doNotHaveSimpleName("package-info")
			.should()
			.bePublic()
			.check(MAIN);
	}

	@Test
	void noPackageDependsOnAnotherInACycle() {
		slices().assignedFrom(new SliceAssignment() {

			@Override
			public SliceIdentifier getIdentifierOf(JavaClass type) {
				String name = type.getPackageName();
				if (name.equals(API)) {
					return SliceIdentifier.of("api");
				}
				return name.startsWith(API + ".") ? SliceIdentifier.of(name.substring(API.length() + 1))
						: SliceIdentifier.ignore();
			}

			@Override
			public String getDescription() {
				return "the packages of " + API;
			}

		}).should().beFreeOfCycles().check(MAIN);
	}

	@Test
	void theEngineTheSeamRoutingAndTheClusterKnowNoContainerAndNoWebStack() {
		noClasses().that()
			.resideInAnyPackage(API, API + ".engine..", API + ".transport..", API + ".routing..", API + ".cluster..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(CONTAINERS)
			.check(MAIN);
	}

	@Test
	void theObservationsConventionsKnowOnlyTheApiAndMicrometer() {
		classes().that()
			.resideInAPackage(API + ".observation")
			.should()
			.onlyDependOnClassesThat()
			.resideInAnyPackage(API, API + ".observation", "java..", "io.micrometer..", "org.jspecify..")
			.check(MAIN);
	}

	@Test
	void theContainerAdaptersReachTheEngineOnlyThroughTheSeam() {
		noClasses().that()
			.resideInAnyPackage(API + ".servlet..", API + ".reactive..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(API + ".engine..", API + ".cluster..", API + ".autoconfigure..", API + ".actuate..")
			.check(MAIN);
	}

	@Test
	void theEngineShowsOnlyItsWiringAndActuatorDoesNotUseIt() {
		classes().that()
			.resideInAPackage(API + ".engine")
			.and()
			.areTopLevelClasses()
			.and()
			.arePublic()
			.should()
			.haveSimpleName("CspWebSocketsEngine")
			.check(MAIN);
		noClasses().that()
			.resideInAnyPackage(API + ".actuate..", API + ".cluster..", API + ".transport..", API + ".routing..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage(API + ".engine..")
			.check(MAIN);
	}

	@Test
	void onlyTheAutoConfigurationKnowsTheClusterOnRedis() {
		noClasses().that()
			.resideOutsideOfPackages(API + ".cluster.redis..", API + ".autoconfigure..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage(API + ".cluster.redis..")
			.check(MAIN);
	}

	@Test
	void onlyTheEngineBindsServerObjectsToSockets() {
		noClasses().that()
			.resideOutsideOfPackages(API, API + ".engine..")
			.should()
			.dependOnClassesThat()
			.belongToAnyOf(ServerBinding.class, BoundSocket.class)
			.check(MAIN);
	}

	@Test
	void everyPackageIsNullMarked() {
		Set<String> packages = new TreeSet<>();
		MAIN.forEach((type) -> packages.add(type.getPackageName()));
		assertThat(packages).isNotEmpty().allSatisfy((name) -> {
			String packageInfo = name + ".package-info";
			assertThat(MAIN.contain(packageInfo)).as("%s has a package-info", name).isTrue();
			assertThat(MAIN.get(packageInfo).isAnnotatedWith(NullMarked.class)).as("%s is @NullMarked", name).isTrue();
		});
	}

	@Test
	void everyTestThatStartsAServerIsAnIntegrationTestAndSoRunsOnEveryServer() {
		DescribedPredicate<JavaClass> startsAServer = DescribedPredicate.describe("start a server",
				(type) -> type.isMetaAnnotatedWith(SpringBootTest.class)
						|| type.isAssignableTo(ServerIntegrationTests.class)
						|| type.getDirectDependenciesFromSelf()
							.stream()
							.anyMatch((dependency) -> dependency.getTargetClass().isEquivalentTo(ClusterNode.class)));
		classes().that()
			.haveSimpleNameEndingWith("Tests")
			.and()
			.doNotHaveModifier(JavaModifier.ABSTRACT)
			.and()
			.doNotBelongToAnyOf(ArchitectureTests.class)
			.and(startsAServer)
			.should()
			.haveSimpleNameEndingWith("IntegrationTests")
			.check(TESTS);
	}

}
