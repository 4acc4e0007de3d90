package io.i2v.function.http;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.i2v.core.testing.EmbeddedAwsResource;
import io.i2v.core.testing.Fixtures;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The function URL serves the web studio at {@code /}, the same files as local mode, beside the API. */
@QuarkusTest
@QuarkusTestResource(EmbeddedAwsResource.class)
class StudioPageTest {
    @BeforeEach
    void functionAnswers() {
        LambdaReady.await();
    }

    @Test
    void functionUrlServesTheStudioPageAndItsScriptsAtTheRoot() {
        JsonPath page = get("/");
        assertEquals(200, page.getInt("statusCode"));
        assertTrue(header(page, "content-type").startsWith("text/html"), header(page, "content-type"));
        String html = body(page);
        assertTrue(html.contains("<title>i2v studio</title>") && html.contains("src=\"studio.js\""), html);

        JsonPath script = get("/studio.js");
        assertEquals(200, script.getInt("statusCode"));
        assertTrue(body(script).contains("v1/jobs"), "the page talks to the API next to it");

        // the page's other ES modules, as the entry script imports them, with a JavaScript type (modules need one)
        Matcher imports = Pattern.compile("from '\\./([\\w-]+\\.js)'").matcher(body(script));
        int modules = 0;
        while (imports.find()) {
            JsonPath module = get("/" + imports.group(1));
            assertEquals(200, module.getInt("statusCode"), imports.group(1));
            String type = header(module, "content-type");
            assertTrue(type.contains("javascript"), imports.group(1) + ": " + type);
            modules++;
        }
        assertTrue(modules > 0, "studio.js imports the page's modules");
    }

    private static JsonPath get(String path) {
        String reply = given().contentType(ContentType.JSON)
                .body(Fixtures.event("function-url-get-page.json", Map.of("path", path)))
                .post("http://localhost:8081/_lambda_")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        return JsonPath.from(reply);
    }

    private static String header(JsonPath reply, String name) {
        Map<String, String> headers = reply.getMap("headers");
        return headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse("");
    }

    private static String body(JsonPath reply) {
        String body = reply.getString("body");
        return reply.getBoolean("isBase64Encoded")
                ? new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8)
                : body;
    }
}
