package dev.cspwebsocket.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration page, {@code docs/configuration.md}, lists every property of the
 * configuration metadata with the metadata's type and default, so that the page cannot
 * drift from the code: a property added, removed, retyped or given another default fails
 * here until the page says so.
 * <p>
 * The page is read from {@code ../docs/configuration.md}, relative to this module's
 * directory, where Maven runs its tests. Each property is a table row
 * {@code | `name` | `Type` | default | description |}: the type is the metadata's type by
 * simple names ({@code Map<String, Application>}); the default is the metadata's default
 * as the first code span of its cell, or, for a property without one, a cell that starts
 * with a parenthesis, such as {@code (none)} or {@code (generated)}.
 *
 * @author csp-websocket-spring-boot
 */
class ConfigurationDocsTests {

	private static final Path PAGE = Path.of("../docs/configuration.md");

	private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| `([^`]+)` \\| (.*?) \\| .* \\|$");

	private static final Pattern CODE_SPAN = Pattern.compile("`([^`]*)`");

	private static final Pattern QUALIFIER = Pattern.compile("[\\w.]+\\.|\\w+\\$");

	private static final String NO_DEFAULT = "(no default)";

	@Test
	void everyPropertyOfTheMetadataHasARowOnTheConfigurationPage() throws IOException {
		assertThat(pageRows().keySet()).as("the properties on %s", PAGE)
			.containsAll(metadataProperties().stream().map(ConfigurationDocsTests::name).toList());
	}

	@Test
	void everyRowOnTheConfigurationPageIsAPropertyOfTheMetadataListedOnce() throws IOException {
		List<String> rows = new ArrayList<>();
		for (String line : Files.readAllLines(PAGE, StandardCharsets.UTF_8)) {
			Matcher row = ROW.matcher(line);
			if (row.matches()) {
				rows.add(row.group(1));
			}
		}
		assertThat(rows).as("the properties on %s", PAGE).doesNotHaveDuplicates();
		assertThat(metadataProperties().stream().map(ConfigurationDocsTests::name).toList())
			.as("the metadata's properties")
			.containsAll(rows);
	}

	@Test
	void eachRowStatesTheDefaultOfTheMetadata() throws IOException {
		Map<String, String> expected = new LinkedHashMap<>();
		for (Map<String, Object> property : metadataProperties()) {
			Object value = property.get("defaultValue");
			expected.put(name(property), (value != null) ? String.valueOf(value) : NO_DEFAULT);
		}
		Map<String, String> stated = new LinkedHashMap<>();
		pageRows().forEach((name, row) -> stated.put(name, statedDefault(row.defaultCell())));
		assertThat(stated).as("the defaults on %s", PAGE).containsAllEntriesOf(expected);
	}

	@Test
	void eachRowStatesTheTypeOfTheMetadataBySimpleNames() throws IOException {
		Map<String, String> expected = new LinkedHashMap<>();
		for (Map<String, Object> property : metadataProperties()) {
			expected.put(name(property), simpleName((String) property.get("type")));
		}
		Map<String, String> stated = new LinkedHashMap<>();
		pageRows().forEach((name, row) -> stated.put(name, row.type().replace(" ", "")));
		assertThat(stated).as("the types on %s", PAGE).containsAllEntriesOf(expected);
	}

	@Test
	void theConfigurationPageIsReadFromTheRepositorysDocs() throws IOException {
		assertThat(PAGE).as("run from the module directory").isRegularFile();
		assertThat(pageRows()).hasSizeGreaterThan(25);
		assertThat(metadataProperties()).hasSizeGreaterThan(25);
	}

	/**
	 * The default a cell states: its first code span, or none for "(none)" and the like.
	 */
	private static String statedDefault(String cell) {
		if (cell.startsWith("(")) {
			return NO_DEFAULT;
		}
		Matcher code = CODE_SPAN.matcher(cell);
		return code.find() ? code.group(1) : "(no code span in '" + cell + "')";
	}

	/**
	 * {@code java.util.Map<java.lang.String,a.B$Application>} as
	 * {@code Map<String,Application>}.
	 */
	private static String simpleName(String type) {
		return QUALIFIER.matcher(type).replaceAll("").replace(" ", "");
	}

	private static String name(Map<String, Object> property) {
		return (String) property.get("name");
	}

	private static Map<String, Row> pageRows() throws IOException {
		Map<String, Row> rows = new LinkedHashMap<>();
		for (String line : Files.readAllLines(PAGE, StandardCharsets.UTF_8)) {
			Matcher row = ROW.matcher(line);
			if (row.matches()) {
				rows.put(row.group(1), new Row(row.group(2), row.group(3).strip()));
			}
		}
		return rows;
	}

	/**
	 * The properties of this module's metadata: of the classpath's metadata files, the
	 * one that declares the {@code csp.websocket} group (the others are Boot's).
	 */
	private static List<Map<String, Object>> metadataProperties() throws IOException {
		for (URL url : Collections.list(ConfigurationDocsTests.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json"))) {
			String json;
			try (InputStream in = url.openStream()) {
				json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			List<String> groups = JsonPath.read(json, "$.groups[*].name");
			if (groups.contains("csp.websocket")) {
				return JsonPath.read(json, "$.properties[*]");
			}
		}
		throw new AssertionError("No spring-configuration-metadata.json with the csp.websocket group on the classpath");
	}

	private record Row(String type, String defaultCell) {
	}

}
