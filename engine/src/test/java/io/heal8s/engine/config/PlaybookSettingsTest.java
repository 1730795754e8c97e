package io.heal8s.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaybookSettingsTest {

    @Test
    void absentKeysTakeTheDefaults() {
        PlaybookSettings settings = PlaybookSettings.fromMap(Map.of());

        assertThat(settings.dir()).isEqualTo(Path.of("/etc/heal8s/playbooks"));
        assertThat(settings.watch()).isTrue();
    }

    @Test
    void valuesAreReadAndTrimmed() {
        PlaybookSettings settings = PlaybookSettings.fromMap(Map.of(
                PlaybookSettings.DIR, " /srv/playbooks ", PlaybookSettings.WATCH, "FALSE"));

        assertThat(settings.dir()).isEqualTo(Path.of("/srv/playbooks"));
        assertThat(settings.watch()).isFalse();
    }

    @Test
    void aBadBooleanNamesTheKeyAndTheValue() {
        assertThatThrownBy(() -> PlaybookSettings.fromMap(Map.of(PlaybookSettings.WATCH, "sometimes")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("heal8s.playbooks.watch: 'sometimes' is not true or false")
                .extracting(e -> ((ConfigException) e).key()).isEqualTo("heal8s.playbooks.watch");
    }

    @Test
    void anEmptyDirectoryNamesTheKey() {
        assertThatThrownBy(() -> PlaybookSettings.fromMap(Map.of(PlaybookSettings.DIR, "  ")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("heal8s.playbooks.dir: must name a directory");
    }
}
