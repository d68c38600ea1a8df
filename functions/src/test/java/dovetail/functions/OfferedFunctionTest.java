package dovetail.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dovetail.functions.access.Role;
import dovetail.functions.reply.Reply;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class OfferedFunctionTest {

    @Test
    void everyFunctionBeanIsOfferedAndEveryOfferedFunctionIsABeanTakingItsRequest() {
        Map<String, Type> beans = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dovetail.functions").stream()
                .filter(type -> type.isAnnotatedWith(Configuration.class)).map(JavaClass::reflect)
                .flatMap(type -> Arrays.stream(type.getDeclaredMethods()))
                .filter(method -> method.isAnnotationPresent(Bean.class) && answersReplies(method))
                .collect(Collectors.toMap(Method::getName, OfferedFunctionTest::requestType));
        Map<String, Type> offered = Arrays.stream(OfferedFunction.values())
                .collect(Collectors.toMap(OfferedFunction::functionName, function -> (Type) function.requestType()));
        assertThat(beans).isEqualTo(offered);
    }

    @Test
    void aTaskControlRequestNeedsTheRoleOfItsAction() {
        assertThat(roleFor("{\"action\": \"get\", \"id\": \"t\"}")).isEqualTo(Role.READ);
        assertThat(roleFor("{\"action\": \"pause\", \"id\": \"t\"}")).isEqualTo(Role.OPERATOR);
        assertThat(roleFor("{\"action\": \"fullSync\", \"id\": \"t\"}")).isEqualTo(Role.ADMIN);
        assertThat(roleFor("{\"action\": \"delete\", \"id\": \"t\"}")).isEqualTo(Role.ADMIN);
    }

    @Test
    void aTaskControlRequestThatNamesNoActionNeedsOnlyReading() {
        assertThat(roleFor("{\"action\": \"explode\"}")).isEqualTo(Role.READ);
        assertThat(roleFor("{\"action\": 7}")).isEqualTo(Role.READ);
        assertThat(roleFor("not json")).isEqualTo(Role.READ);
        assertThat(OfferedFunction.SYNC_TASK_CONTROL.roleFor(null)).isEqualTo(Role.READ);
    }

    private static Role roleFor(String body) {
        return OfferedFunction.SYNC_TASK_CONTROL.roleFor(body.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean answersReplies(Method method) {
        return method.getGenericReturnType() instanceof ParameterizedType function
               && function.getRawType() == Function.class && function.getActualTypeArguments()[1] == Reply.class;
    }

    private static Type requestType(Method method) {
        return ((ParameterizedType) method.getGenericReturnType()).getActualTypeArguments()[0];
    }
}
