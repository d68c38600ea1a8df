package dovetail.embedded.test;

import java.util.List;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/** Points the Spring context of a {@link WithEngines} test class at that class's database and namespace. */
public final class EnginesContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
                                                     List<ContextConfigurationAttributes> configAttributes) {
        // finds it directly, as a meta-annotation, on a superclass or on an enclosing class of a @Nested class
        if (!TestContextAnnotationUtils.hasAnnotation(testClass, WithEngines.class)) {
            return null;
        }
        return new EnginesContextCustomizer(TestNamespace.owner(testClass));
    }
}
