package io.crmsync.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmsync.core.Clock;
import io.crmsync.core.Stamp;
import io.crmsync.db.VersionCodec.Version;
import io.crmsync.db.VersionCodec;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VersionCodecTest {

    @Test
    void packedVersionsReadBackAsTheyWere() {
        Map<String, Version> versions = new HashMap<>();
        versions.put("name", new Version("abcDEF-_123", 1_700_000_000_000_123L, "0b7c7a52-3c9e-4f0e-9a43-1b2c3d4e5f60", null));
        versions.put("qty", new Version("h", 0, "p", 42L));
        versions.put("odd\tcolumn\nname\\x", new Version("h\\2", -1, "o\to", 1L));
        versions.put("decided", new Version("d", 9, "p", null, true, Clock.of(Map.of("q", 8L, "r*", 7L)), null));
        versions.put("knowing", new Version("k", 7, "p", 3L, false, Clock.of(Map.of("q", 6L)),
                Clock.of(Map.of("q", 6L, "s", 12L))));
        versions.put("flagOnly", new Version("f", 5, "p", null, true, null, null));

        String packed = VersionCodec.pack(versions);

        assertThat(packed.lines()).hasSize(6);
        assertThat(VersionCodec.unpack(packed)).isEqualTo(versions);
        assertThat(VersionCodec.unpack(VersionCodec.pack(Map.of()))).isEmpty();
    }

    @Test
    void aDamagedRowIsAnErrorNotAnEmptyVersion() {
        assertThatThrownBy(() -> VersionCodec.unpack("name\th\t12\n"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not 5");
    }

    @Test
    void aLineWrittenBeforeConflictPoliciesReadsAsAnEditWithoutBase() {
        assertThat(VersionCodec.unpack("name\th\t12\tp\t\n"))
                .containsEntry("name", new Version("h", 12, "p", null, false, null, null));
    }

    @Test
    void aVersionKeepsItsClockAndWhatIsKnownBeyondIt() {
        Version v = new Version("k", 7, "p", 3L, false, Clock.of(Map.of("q", 6L)), Clock.of(Map.of("s", 12L)));
        assertThat(v.clock()).isEqualTo(Clock.of(Map.of("p", 7L, "q", 6L)));
        assertThat(v.known()).isEqualTo(Clock.of(Map.of("p", 7L, "q", 6L, "s", 12L)));
        assertThat(new Version("h", 1, "p", null).clock()).isEqualTo(Clock.of(Stamp.of(1, "p")));
        assertThat(new Version("h", 1, "p", null, false, Clock.of(Stamp.of(1, "p")), null))
                .isEqualTo(new Version("h", 1, "p", null));
    }
}
