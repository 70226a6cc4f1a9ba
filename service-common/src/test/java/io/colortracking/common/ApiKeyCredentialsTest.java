package io.colortracking.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiKeyCredentialsTest {

    @ParameterizedTest
    @CsvSource(
            nullValues = "null",
            value = {
                "demo,   null,                    null, demo",
                "null,   Token token=testing,     null, testing",
                "null,   Token token=\"testing\", null, testing",
                "null,   Bearer shop-1,           null, shop-1",
                "null,   bearer shop-1,           null, shop-1",
                "null,   null,                    demo, demo",
                "header, Bearer other,            query, header",
                "null,   Bearer auth,             query, auth",
            })
    void readsTheKeyFromEachPlaceInOrder(String header, String authorization, String query, String expected) {
        // when / then
        assertThat(ApiKeyCredentials.extract(header, authorization, query)).contains(expected);
    }

    @Test
    void noKeyAnywhereIsEmpty() {
        // when / then
        assertThat(ApiKeyCredentials.extract(null, null, null)).isEmpty();
        assertThat(ApiKeyCredentials.extract("", "", "")).isEmpty();
    }

    @Test
    void malformedKeysAreRefusedWithTheReason() {
        // when / then
        assertThatThrownBy(() -> ApiKeyCredentials.extract(null, "Basic dXNlcjpwYXNz", null))
                .hasMessageContaining("'Token token=KEY' or 'Bearer KEY'");
        assertThatThrownBy(() -> ApiKeyCredentials.extract(null, "Bearer ", null))
                .hasMessageContaining("empty API key");
        assertThatThrownBy(() -> ApiKeyCredentials.extract("x".repeat(65), null, null))
                .hasMessageContaining("longer than 64");
        assertThatThrownBy(() -> ApiKeyCredentials.extract(null, null, "de mo"))
                .hasMessageContaining("api_key query parameter");
    }
}
