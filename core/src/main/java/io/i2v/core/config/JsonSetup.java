package io.i2v.core.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** One JSON setup for documents, messages and API bodies: ISO-8601 times, no nulls, unknown fields ignored,
 * nothing after the document. */
@Singleton
public class JsonSetup implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        apply(mapper);
    }

    /** For code outside CDI (tests, tools) that needs the same mapper. */
    public static ObjectMapper newMapper() {
        return apply(new ObjectMapper().registerModule(new JavaTimeModule()));
    }

    static ObjectMapper apply(ObjectMapper mapper) {
        return mapper.setSerializationInclusion(JsonInclude.Include.NON_NULL)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // '{"prompt":"a"} {"prompt":"b"}' is not one document; refuse rather than read the first
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }
}
