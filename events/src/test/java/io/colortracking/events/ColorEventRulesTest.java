package io.colortracking.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The two entries to an event's rules: with the key's grammar, and for a key admitted already. */
class ColorEventRulesTest {

    private static final Set<String> PALETTE = Set.of("blue", "green", "red", "yellow");

    private static ColorEvent event(String apiKey, String color, String page) {
        Instant now = Instant.parse("2026-11-30T20:00:00Z");
        return new ColorEvent(UUID.randomUUID(), apiKey, Action.CLICK, color, now, now, page, null, null, null);
    }

    @Test
    void aKeyAdmittedAlreadyIsNotCheckedAgainAndEverythingElseIs() {
        // given
        ColorEvent wellFormed = event("ct_live_ok", "red", null);
        ColorEvent badKey = event("not a key!", "red", null);
        ColorEvent badColor = event("ct_live_ok", "purple", null);
        ColorEvent badPage = event("ct_live_ok", "red", "a\u0001b");
        ColorEvent incomplete = event(null, "red", null);

        // when / then
        assertThat(ColorEventRules.problemWith(wellFormed, PALETTE)).isNull();
        assertThat(ColorEventRules.problemWithAdmittedKey(wellFormed, PALETTE)).isNull();
        assertThat(ColorEventRules.problemWith(badKey, PALETTE)).startsWith("api_key is not");
        assertThat(ColorEventRules.problemWithAdmittedKey(badKey, PALETTE)).isNull();
        for (ColorEvent bad : new ColorEvent[] {badColor, badPage, incomplete}) {
            assertThat(ColorEventRules.problemWithAdmittedKey(bad, PALETTE))
                    .isNotNull()
                    .isEqualTo(ColorEventRules.problemWith(bad, PALETTE));
        }
    }

    @Test
    void aPageIsJudgedByItsControlCharactersFirstThenItsUnpairedSurrogates() {
        // given: pages fine and not, a control character after an unpaired surrogate among them
        String control = "'page' must not contain control characters";
        String unpaired = "'page' holds an unpaired UTF-16 surrogate (\\ud800-\\udfff escape)";
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("https://shop.example/colors?q=1#top", null);
        expected.put("https://shop.example/caf\u00e9/\ud83c\udfa8", null); // a pair: one emoji
        expected.put("", null);
        expected.put("a\u0001b", control);
        expected.put("a\u007fb", control);
        expected.put("tab\there", control);
        expected.put("\ud800x", unpaired);
        expected.put("x\udc00", unpaired);
        expected.put("end\ud83c", unpaired);
        expected.put("\ud800 then \u0002", control);
        expected.put("x".repeat(ColorEventRules.MAX_PAGE_LENGTH), null);
        expected.put(
                "x".repeat(ColorEventRules.MAX_PAGE_LENGTH + 1),
                "'page' must be a string of at most " + ColorEventRules.MAX_PAGE_LENGTH + " characters");

        // when / then
        expected.forEach((page, problem) ->
                assertThat(ColorEventRules.pageProblem(page)).as(page).isEqualTo(problem));
    }
}
