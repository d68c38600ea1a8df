package dovetail.embedded.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostgresDatabasesTest {

    @Test
    void replacesTheDatabaseAndKeepsHostsAndParameters() {
        assertThat(PostgresDatabases.withDatabase("jdbc:postgresql://127.0.0.1:5432/postgres", "t_a_1234"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/t_a_1234");
        assertThat(PostgresDatabases.withDatabase("jdbc:postgresql://db1:5432,db2:5433/test?loggerLevel=OFF&ssl=false",
                "other"))
                .isEqualTo("jdbc:postgresql://db1:5432,db2:5433/other?loggerLevel=OFF&ssl=false");
    }

    @Test
    void addsADatabaseToAUrlWithoutOne() {
        assertThat(PostgresDatabases.withDatabase("jdbc:postgresql://localhost:5432", "x"))
                .isEqualTo("jdbc:postgresql://localhost:5432/x");
        assertThat(PostgresDatabases.withDatabase("jdbc:postgresql://localhost?ssl=true", "x"))
                .isEqualTo("jdbc:postgresql://localhost/x?ssl=true");
    }

    @Test
    void acceptsOnlyPlainLowercaseNames() {
        assertThatThrownBy(() -> PostgresDatabases.requireValidName("Robert\"; DROP"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PostgresDatabases.requireValidName("1abc"))
                .isInstanceOf(IllegalArgumentException.class);
        PostgresDatabases.requireValidName("t_thinggraphqlit_3f9a");
    }
}
