package dovetail.embedded.test;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Hands each test class its {@link TestEndpoints}; registered by {@link WithEngines}. */
public final class EnginesExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EnginesExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        context.getStore(NAMESPACE).put(testClass, TestEngines.endpointsFor(testClass));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TestEndpoints.class;
    }

    @Override
    public TestEndpoints resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> testClass = extensionContext.getRequiredTestClass();
        TestEndpoints endpoints = extensionContext.getStore(NAMESPACE).get(testClass, TestEndpoints.class);
        return endpoints != null ? endpoints : TestEngines.endpointsFor(testClass);
    }
}
