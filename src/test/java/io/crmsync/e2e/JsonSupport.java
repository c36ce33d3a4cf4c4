package io.crmsync.e2e;

import jakarta.json.JsonException;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;

/**
 * The JSON-P provider for the tests. The test class path has jakarta.json-api 2.1 (via jakartaee-api),
 * whose {@code Json.*} look for Eclipse Parsson, and org.glassfish:jakarta.json 2.0.1, whose provider is
 * declared only in module-info (invisible to ServiceLoader on the class path). So: the standard lookup if
 * it works, else the GlassFish implementation by name.
 */
final class JsonSupport {

    static final JsonProvider PROVIDER = provider();

    private JsonSupport() {
    }

    static JsonObjectBuilder object() {
        return PROVIDER.createObjectBuilder();
    }

    /** A builder starting with the members of {@code o}. */
    static JsonObjectBuilder object(jakarta.json.JsonObject o) {
        return PROVIDER.createObjectBuilder(o);
    }

    static JsonValue parse(String text) {
        try (var reader = PROVIDER.createReader(new StringReader(text))) {
            return reader.readValue();
        }
    }

    private static JsonProvider provider() {
        try {
            return JsonProvider.provider();
        } catch (JsonException e) {
            try {
                return (JsonProvider) Class.forName("org.glassfish.json.JsonProviderImpl")
                        .getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e2) {
                e.addSuppressed(e2);
                throw e;
            }
        }
    }
}
